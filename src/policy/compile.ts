// Policy → decision steps. Done once per policy at load time, so that the
// evaluator's hot path is closures over plain data.
import { compileCondition, type CompiledCondition } from '../evaluate/logic.js';
import type { Condition, Policy, Rule, RuleGroup } from './schema.js';
import type { Section } from './sections.js';
import { SITUATION_READING, type DecidedOutcome, type StepName } from '../vocabulary.js';

export interface CompiledRule extends CompiledCondition {
  id: string;
  section: Section;
  ref: string;
  text: string;
  /** The article that lists this item (its lead sentence is `groupText`). */
  groupRef: string;
  groupText: string;
  modality: '应当' | '可以' | null;
  needsJudgement: boolean;
  note: string | undefined;
  /** The condition as written in the policy file (before the situation prerequisite is added). */
  when: Condition;
}

/** The steps of the decision procedure: the vocabulary's (`decidedBy`), defined there once. */
export type StepId = StepName;

export interface Step extends CompiledCondition {
  id: StepId;
  outcome: DecidedOutcome;
}

export interface CompiledPolicy {
  policy: Policy;
  rules: CompiledRule[];
  rulesBySection: Record<Section, CompiledRule[]>;
  /** The catch-all items (兜底条款): only the deciding body can apply them. */
  catchAll: CompiledRule[];
  /** In decision order; the first that holds decides, else `not-eligible`. */
  steps: Step[];
  looks: Array<{ look: Policy['looks']['items'][number]; favourable: CompiledCondition; unfavourable: CompiledCondition }>;
}

/**
 * DOMAIN.md: "A situation is an error in active work: it needs `intent`
 * inadvertent." A reading every policy shares (vocabulary/readings.yaml),
 * added here, once, to every 容错情形 item rather than repeated in every
 * policy file; `policies show` and the report print it.
 */
const SITUATION_PREREQUISITE: Condition = SITUATION_READING.when;

function compileGroupRules(section: Section, groups: RuleGroup[], extra?: Condition): CompiledRule[] {
  return groups.flatMap((group) =>
    group.items.map((item: Rule) => ({
      ...compileCondition(extra ? { all: [item.when, extra] } : item.when),
      id: item.id,
      section,
      ref: item.ref,
      text: item.text,
      groupRef: group.ref,
      groupText: group.text,
      modality: group.modality ?? null,
      needsJudgement: item.needsJudgement ?? false,
      note: item.note,
      when: item.when,
    })),
  );
}

function anyOf(rules: CompiledRule[]): Condition {
  return { any: rules.map((r) => r.when) };
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const distinctionRules: CompiledRule[] = policy.distinctions.map((d) => ({
    ...compileCondition(d.when),
    id: `distinction-${d.distinction}`,
    section: 'distinction' as const,
    ref: d.ref,
    text: d.text,
    groupRef: d.ref,
    groupText: d.text,
    modality: null,
    needsJudgement: false,
    note: d.note,
    when: d.when,
  }));
  const rulesBySection: Record<Section, CompiledRule[]> = {
    distinction: distinctionRules,
    exclusion: compileGroupRules('exclusion', policy.exclusions),
    diligence: compileGroupRules('diligence', policy.diligence),
    situation: compileGroupRules('situation', policy.situations, SITUATION_PREREQUISITE),
    condition: policy.conditions ? compileGroupRules('condition', [policy.conditions]) : [],
    mitigation: compileGroupRules('mitigation', policy.mitigation),
  };
  const situationWhen: Condition = {
    any: rulesBySection.situation.map((r) => ({ all: [r.when, SITUATION_PREREQUISITE] })),
  };
  const redLines: Condition = { any: [...distinctionRules, ...rulesBySection.exclusion].map((r) => r.when) };

  const steps: Step[] = [];
  const addStep = (id: StepId, outcome: DecidedOutcome, when: Condition) =>
    steps.push({ id, outcome, ...compileCondition(when) });
  // Absent inScope is assumed true before evaluation (see evaluate.ts), so this reads only a known false.
  addStep('scope', 'not-applicable', { fact: 'inScope', is: false });
  addStep('red-lines', 'excluded', redLines);
  if (rulesBySection.diligence.length > 0) addStep('diligence', 'diligent', anyOf(rulesBySection.diligence));
  const conditionsWhen: Condition[] = rulesBySection.condition.map((r) => r.when);
  const toleranceWhen: Condition = conditionsWhen.length > 0 ? { all: [situationWhen, ...conditionsWhen] } : situationWhen;
  if (policy.stillAccountable) {
    const clause = policy.stillAccountable;
    // A tolerated case the text takes out of 容错免责. Reported with the mitigation rules; as a step it comes before tolerance.
    const when: Condition = { all: [toleranceWhen, clause.when] };
    const rule: CompiledRule = {
      ...compileCondition(when),
      id: clause.id,
      section: 'mitigation',
      ref: clause.ref,
      text: clause.text,
      groupRef: clause.ref,
      groupText: clause.text,
      modality: clause.modality,
      needsJudgement: false,
      note: clause.note,
      when,
    };
    rulesBySection.mitigation.unshift(rule);
    addStep('still-accountable', 'mitigated', when);
  }
  addStep('tolerance', 'exempt', toleranceWhen);
  if (policy.situationAlone) addStep('situation-alone', 'mitigated', situationWhen);
  const mitigationItems = rulesBySection.mitigation.filter((r) => r.id !== policy.stillAccountable?.id);
  if (mitigationItems.length > 0) addStep('mitigation', 'mitigated', anyOf(mitigationItems));

  const rules = Object.values(rulesBySection).flat();
  return {
    policy,
    rules,
    rulesBySection,
    catchAll: rules.filter((r) => r.needsJudgement),
    steps,
    looks: policy.looks.items.map((look) => ({
      look,
      favourable: compileCondition(look.favourable),
      unfavourable: compileCondition(look.unfavourable),
    })),
  };
}

/** Outcomes a policy can reach at all, from its structure. */
export function reachableOutcomes(compiled: CompiledPolicy): DecidedOutcome[] {
  const outcomes = new Set<DecidedOutcome>(compiled.steps.map((s) => s.outcome));
  outcomes.add('not-eligible');
  return [...outcomes];
}

