// The decision procedure of DOMAIN.md, in three values. Pure and
// deterministic: facts in, a result object out. Rendering is elsewhere.
import {
  FALSE,
  TRUE,
  UNKNOWN,
  emptyState,
  factAtom,
  getValue,
  isAtomKnown,
  readTag,
  setValue,
  slotOf,
  triToVerdict,
  type Atom,
  type FactState,
  type ScalarValue,
  type Tri,
} from './logic.js';
import type { CompiledPolicy, CompiledRule, Step, StepId } from '../policy/compile.js';
import { factsOfAtoms, policyAtomsRead, policyTagsRead } from '../policy/conditions.js';
import type { DistinctionId, LookId } from '../policy/schema.js';
import type { Section } from '../policy/sections.js';
import type { Assessment, BodyOptionView, Citation, DistinctionFinding, FactReading, FormConversion, LookFinding, MissingFact, RuleVerdict } from './result.js';
import { DEFAULTS, DERIVATIONS, OUTCOME_ORDER, factValues, isTagListName, type DecidedOutcome, type Outcome, type TagListName } from '../vocabulary.js';

export type { Assessment, Citation, RuleVerdict } from './result.js';

/** Facts as a validated case holds them: absent or null means unknown. */
export type CaseFacts = Record<string, ScalarValue | readonly string[] | null | undefined>;

interface EvaluateOptions {
  /** Skip the per-rule, 七看 and catch-all details (the batch hot path). */
  brief?: boolean;
}

/** How many procedure walks one exploration of unknowns may take before it stops refining. */
const EXPLORATION_BUDGET = 20_000;

/**
 * The readings every policy shares (vocabulary/readings.yaml), as slots:
 * facts that, absent, are read as a default (DOMAIN.md step 0: absent
 * inScope is assumed in scope; the report says so), or derived from another
 * (disciplineForm `fourth` counts as seriousViolation).
 */
const DEFAULT_SLOTS = DEFAULTS.map((d) => ({ slot: slotOf(d.fact), value: d.value }));
/** Each default's assumption, as the report words it, around the policy's scope article: split once, here. */
const ASSUMPTIONS = DEFAULTS.map((d) => ({ fact: d.fact, parts: d.assumption.split('{scope}') }));
const DERIVED_SLOTS = DERIVATIONS.map((d) => ({ slot: slotOf(d.fact), value: d.value, from: slotOf(d.when.fact), is: d.when.is }));

/** Each fact name's slot, or -1 for a tag list: one lookup per key of a case's facts. */
const keySlots = new Map<string, number>();
function keySlot(key: string): number {
  let slot = keySlots.get(key);
  if (slot === undefined) keySlots.set(key, (slot = isTagListName(key) ? -1 : slotOf(key)));
  return slot;
}

function buildFactState(facts: CaseFacts): FactState {
  const state = emptyState();
  for (const key in facts) {
    const value = facts[key];
    if (value === null || value === undefined) continue;
    const slot = keySlot(key);
    if (slot === -1) state.lists[key as TagListName] = value as readonly string[];
    else state.values[slot] = value as ScalarValue;
  }
  const values = state.values;
  for (let i = 0; i < DEFAULT_SLOTS.length; i++) {
    const d = DEFAULT_SLOTS[i]!;
    if (values[d.slot] === undefined) values[d.slot] = d.value;
  }
  for (let i = 0; i < DERIVED_SLOTS.length; i++) {
    const d = DERIVED_SLOTS[i]!;
    if (values[d.slot] === undefined && values[d.from] === d.is) values[d.slot] = d.value;
  }
  return state;
}

type Walk = { decided: true; step: Step | null; outcome: DecidedOutcome } | { decided: false; step: Step };

/** The procedure itself: the first step that holds decides; an unknown step leaves it open. */
function walk(compiled: CompiledPolicy, state: FactState): Walk {
  for (const step of compiled.steps) {
    const v = step.evaluate(state);
    if (v === TRUE) return { decided: true, step, outcome: step.outcome };
    if (v === UNKNOWN) return { decided: false, step };
  }
  return { decided: true, step: null, outcome: 'not-eligible' };
}

/** The values an unknown atom can take (policy facts are boolean). */
function atomValues(atom: Atom): ScalarValue[] {
  return atom.kind === 'fact' ? [...factValues(atom.fact)] : [true, false];
}

function fixAtom(state: FactState, atom: Atom, value: ScalarValue | undefined): void {
  if (atom.kind === 'fact') state.values[atom.slot] = value;
  else state.tagAtoms[atom.slot] = value as boolean | undefined;
}

interface Exploration {
  walks: number;
}

/**
 * The outcomes a step onwards can still reach: each step that is not already
 * false, up to the first that already holds; `not-eligible` if none holds.
 */
function reachableFrom(compiled: CompiledPolicy, state: FactState, from: Step): Set<DecidedOutcome> {
  const outcomes = new Set<DecidedOutcome>();
  for (const step of compiled.steps.slice(compiled.steps.indexOf(from))) {
    const v = step.evaluate(state);
    if (v === FALSE) continue;
    outcomes.add(step.outcome);
    if (v === TRUE) return outcomes;
  }
  outcomes.add('not-eligible');
  return outcomes;
}

/**
 * Every outcome still possible, exactly: branch on the unknowns of the first
 * open step until each branch decides. A branch stops as soon as it has met
 * every outcome its open step could lead to.
 */
function explore(compiled: CompiledPolicy, state: FactState, ex: Exploration): Set<DecidedOutcome> {
  ex.walks++;
  const w = walk(compiled, state);
  if (w.decided) return new Set([w.outcome]);
  const bound = reachableFrom(compiled, state, w.step);
  // Past the budget, settle for the bound: never wrong in the decided direction, only less precise.
  if (ex.walks > EXPLORATION_BUDGET) {
    return bound;
  }
  const atom = w.step.atoms.find((a) => !isAtomKnown(state, a));
  if (!atom) throw new Error(`internal: step ${w.step.id} is unknown but reads no unknown fact`);
  const union = new Set<DecidedOutcome>();
  for (const value of atomValues(atom)) {
    fixAtom(state, atom, value);
    const outcomes = explore(compiled, state, ex);
    fixAtom(state, atom, undefined);
    for (const o of outcomes) union.add(o);
    if (union.size === bound.size) break;
  }
  return union;
}

function sameSet<T>(a: ReadonlySet<T> | readonly T[], b: ReadonlySet<T> | readonly T[]): boolean {
  const as = new Set(a);
  const bs = new Set(b);
  if (as.size !== bs.size) return false;
  for (const x of as) if (!bs.has(x)) return false;
  return true;
}

function cloneState(state: FactState): FactState {
  return { values: [...state.values], lists: { ...state.lists }, tagAtoms: [...state.tagAtoms] };
}

/** The answers a question about `fact` can get, for ranking and for "what each could change". */
function candidateAnswers(compiled: CompiledPolicy, fact: string): Array<ScalarValue | string[]> {
  if (isTagListName(fact)) return [[], ...policyTagsRead(compiled, fact).map((t) => [t])];
  return atomValues(factAtom(fact));
}

function withAnswer(state: FactState, fact: string, value: ScalarValue | string[]): FactState {
  const next = cloneState(state);
  if (isTagListName(fact)) next.lists[fact] = value as string[];
  else setValue(next, fact, value as ScalarValue);
  return next;
}

const byOutcomeOrder = (a: DecidedOutcome, b: DecidedOutcome) => OUTCOME_ORDER.indexOf(a) - OUTCOME_ORDER.indexOf(b);

/**
 * The unknown facts whose answer changes which outcomes remain possible,
 * most decisive first, each with what every answer would leave.
 */
function rankMissing(
  compiled: CompiledPolicy,
  state: FactState,
  candidates: string[],
  possible: readonly DecidedOutcome[],
): MissingFact[] {
  const analysed = candidates.map((fact, order) => {
    const ifAnswered = candidateAnswers(compiled, fact).map((value) => {
      const ex: Exploration = { walks: 0 };
      const outcomes = [...explore(compiled, withAnswer(state, fact, value), ex)].sort(byOutcomeOrder);
      return { value, outcomes };
    });
    // Most decisive: the share of answers that settle the outcome outright, then fewer outcomes left on average.
    const settles = ifAnswered.filter((a) => a.outcomes.length === 1).length / ifAnswered.length;
    const left = ifAnswered.reduce((n, a) => n + a.outcomes.length, 0) / ifAnswered.length;
    return { missing: { fact, ifAnswered }, settles, left, order };
  });
  const scored = analysed.filter((a) => a.missing.ifAnswered.some((answer) => !sameSet(answer.outcomes, possible)));
  scored.sort((a, b) => b.settles - a.settles || a.left - b.left || a.order - b.order);
  return scored.map((s) => s.missing);
}

function readFacts(state: FactState, rule: { atoms: Atom[] }): FactReading[] {
  return factsOfAtoms(rule.atoms).map((fact) => {
    if (!isTagListName(fact)) return { fact, value: getValue(state, fact) };
    const list = state.lists[fact];
    return { fact, value: list ? [...new Set(list)] : undefined };
  });
}

function verdictOf(state: FactState, rule: CompiledRule, brief: boolean): RuleVerdict {
  const verdict: RuleVerdict = {
    id: rule.id,
    section: rule.section,
    ref: rule.ref,
    text: rule.text,
    groupRef: rule.groupRef,
    verdict: triToVerdict(rule.evaluate(state)),
    reads: brief ? [] : readFacts(state, rule),
    needsJudgement: rule.needsJudgement,
  };
  if (rule.note) verdict.note = rule.note;
  return verdict;
}

function cite(ref: string, text: string): Citation {
  return { article: ref, text };
}

/** The rules of a section that hold. */
function holdingIn(rules: readonly CompiledRule[], state: FactState): CompiledRule[] {
  const holding: CompiledRule[] = [];
  for (const rule of rules) if (rule.evaluate(state) === TRUE) holding.push(rule);
  return holding;
}

function basisFor(compiled: CompiledPolicy, state: FactState, stepId: StepId | 'fallback'): { basis: Citation[]; strength: '应当' | '可以' | null } {
  const { policy, rulesBySection } = compiled;
  const holding = (section: Section) => holdingIn(rulesBySection[section], state);
  const strengthOf = (rules: CompiledRule[]) =>
    rules.some((r) => r.modality === '应当') ? '应当' : rules.some((r) => r.modality === '可以') ? '可以' : null;
  switch (stepId) {
    case 'scope':
      return { basis: [cite(policy.scope.ref, policy.scope.text)], strength: null };
    case 'red-lines': {
      const rules = [...holding('distinction'), ...holding('exclusion')];
      return { basis: rules.map((r) => cite(r.ref, r.text)), strength: null };
    }
    case 'diligence': {
      const rules = holding('diligence');
      return { basis: rules.map((r) => cite(r.ref, r.text)), strength: strengthOf(rules) };
    }
    case 'tolerance': {
      const situations = holding('situation');
      const basis = situations.map((r) => cite(r.ref, r.text));
      if (policy.conditions) basis.push(cite(policy.conditions.ref, policy.conditions.text));
      const strength = policy.conditions?.modality ?? strengthOf(situations);
      return { basis, strength };
    }
    case 'still-accountable': {
      const clause = policy.stillAccountable!;
      return {
        basis: [...basisFor(compiled, state, 'tolerance').basis, cite(clause.ref, clause.text)],
        strength: clause.modality,
      };
    }
    case 'situation-alone': {
      const alone = policy.situationAlone!;
      return {
        basis: [...holding('situation').map((r) => cite(r.ref, r.text)), cite(alone.ref, alone.text)],
        strength: alone.modality,
      };
    }
    case 'mitigation': {
      const rules = holding('mitigation').filter((r) => r.id !== policy.stillAccountable?.id);
      return { basis: rules.map((r) => cite(r.ref, r.text)), strength: strengthOf(rules) };
    }
    case 'fallback': {
      const basis: Citation[] = [];
      if (policy.notEligible) basis.push(cite(policy.notEligible.ref, policy.notEligible.text));
      const situations = holding('situation');
      if (situations.length > 0) {
        for (const r of rulesBySection.condition) if (r.evaluate(state) === FALSE) basis.push(cite(r.ref, r.text));
      } else {
        for (const group of policy.situations) basis.push(cite(group.ref, group.text));
      }
      return { basis, strength: null };
    }
  }
}

function looksOf(compiled: CompiledPolicy, state: FactState): LookFinding[] {
  return compiled.looks.map(({ look, favourable, unfavourable }) => {
    const pole =
      favourable.evaluate(state) === TRUE ? 'favourable' : unfavourable.evaluate(state) === TRUE ? 'unfavourable' : null;
    const finding: LookFinding = {
      look: look.look,
      pole,
      ref: look.ref ?? null,
      text: look.text ?? null,
      reads: readFacts(state, { atoms: [...favourable.atoms, ...unfavourable.atoms] }),
    };
    if (look.note) finding.note = look.note;
    return finding;
  });
}

function distinctionsOf(compiled: CompiledPolicy, state: FactState): DistinctionFinding[] {
  return compiled.policy.distinctions.map((d, i) => {
    const rule = compiled.rulesBySection.distinction[i]!;
    const v: Tri = rule.evaluate(state);
    return {
      distinction: d.distinction,
      side: v === TRUE ? 'wrong' : v === FALSE ? 'tolerable' : null,
      ref: d.ref,
      text: d.text,
      reads: readFacts(state, rule),
    };
  });
}

const given = (v: unknown) => v !== undefined && v !== null;

/**
 * A case's facts against a policy, walked once through the procedure: where
 * every evaluation starts. Most cases are decided by this walk; an open one
 * costs a search over its unknowns, which a batch may spare cases that read
 * the same (`openCaseKey`).
 */
interface FirstWalk {
  readonly facts: CaseFacts;
  readonly state: FactState;
  readonly walk: Walk;
}

export function firstWalk(compiled: CompiledPolicy, facts: CaseFacts): FirstWalk {
  const state = buildFactState(facts);
  return { facts, state, walk: walk(compiled, state) };
}

/** Whether the first walk left the case open: unknown facts to search. */
export const leftOpen = (w: FirstWalk): boolean => !w.walk.decided;

/**
 * What a brief assessment of a walked case reads, as a string: cases with
 * equal keys (under the same policy) have equal brief assessments.
 */
export function openCaseKey(compiled: CompiledPolicy, { facts, state }: FirstWalk): string {
  // Whether each defaulted fact was given: the assumptions differ.
  let key = '';
  for (const d of DEFAULTS) key += given(facts[d.fact]) ? 'S' : 's';
  for (const atom of policyAtomsRead(compiled)) {
    if (atom.kind === 'tag') {
      key += `|${readTag(state, atom.list, atom.tag, atom.slot)}`;
    } else {
      const v = state.values[atom.slot];
      key += v === undefined ? '|?' : typeof v === 'boolean' ? (v ? '|1' : '|0') : `|=${v}`;
    }
  }
  return key;
}

/** The assessment of a walked case: a new object each time. */
export function assessWalked(compiled: CompiledPolicy, w: FirstWalk, options: EvaluateOptions = {}): Assessment {
  return assess(compiled, w.facts, w.state, w.walk, options.brief ?? false);
}

export function evaluate(compiled: CompiledPolicy, facts: CaseFacts, options: EvaluateOptions = {}): Assessment {
  return assessWalked(compiled, firstWalk(compiled, facts), options);
}

function assess(compiled: CompiledPolicy, facts: CaseFacts, state: FactState, first: Walk, brief: boolean): Assessment {
  const assumptions: string[] = [];
  for (const a of ASSUMPTIONS) if (!given(facts[a.fact])) assumptions.push(a.parts.join(compiled.policy.scope.ref));

  let outcome: Outcome;
  let decidedBy: StepId | 'fallback' | null;
  let possibleOutcomes: DecidedOutcome[];
  let missing: MissingFact[] = [];
  let missingFacts: string[] = [];
  if (first.decided) {
    outcome = first.outcome;
    decidedBy = first.step?.id ?? 'fallback';
    possibleOutcomes = [first.outcome];
  } else {
    const ex: Exploration = { walks: 0 };
    const outcomes = [...explore(compiled, cloneState(state), ex)].sort(byOutcomeOrder);
    possibleOutcomes = outcomes;
    if (outcomes.length === 1) {
      // Every branch of the unknowns leads to the same outcome: decided regardless.
      outcome = outcomes[0]!;
      decidedBy = settledBy(compiled, state, outcome);
    } else {
      outcome = 'undetermined';
      decidedBy = null;
      // Ranked even in brief form: the order of missingFacts is part of the JSON contract.
      const candidates = unknownFactsOfOpenSteps(compiled, state, first.step);
      missing = rankMissing(compiled, state, candidates, outcomes);
      // Only interplay between several facts leaves the set unchanged by every single answer: list them all then.
      if (missing.length === 0) missing = candidates.map((fact) => ({ fact, ifAnswered: [] }));
      missingFacts = missing.map((m) => m.fact);
    }
  }

  const { basis: cited, strength } = decidedBy ? basisFor(compiled, state, decidedBy) : { basis: [], strength: null };
  // Policies that cite one sentence for all three distinctions would otherwise repeat it.
  const basis = cited.length < 2 ? cited : cited.filter((c, i) => cited.findIndex((d) => d.article === c.article && d.text === c.text) === i);
  const rules = brief ? [] : compiled.rules.map((r) => verdictOf(state, r, false));
  const needsJudgement = brief ? [] : holdingIn(compiled.catchAll, state).map((r) => cite(r.ref, r.text));

  return {
    policy: compiled.policy.id,
    outcome,
    decidedBy,
    strength,
    basis,
    possibleOutcomes,
    missingFacts,
    missing,
    rules,
    looks: brief ? [] : looksOf(compiled, state),
    distinctions: brief ? [] : distinctionsOf(compiled, state),
    assumptions,
    needsJudgement,
    // Not in brief form: brief assessments are shared between cases by the facts the rules read.
    formConversion: brief ? null : formConversionOf(compiled, facts, decidedBy),
    bodyOptions: bodyOptionsFor(compiled, outcome),
  };
}

/** The body's options beside a reached outcome (none while undetermined). */
function bodyOptionsFor(compiled: CompiledPolicy, outcome: Outcome): BodyOptionView[] {
  const options: BodyOptionView[] = [];
  for (const o of compiled.policy.bodyOptions) {
    if (!(o.appliesTo as readonly Outcome[]).includes(outcome)) continue;
    const view: BodyOptionView = { id: o.id, article: o.ref, text: o.text, instead: o.instead, modality: o.modality };
    if (o.note) view.note = o.note;
    options.push(view);
  }
  return options;
}

const CONVERTED_FORM = { second: 'first', third: 'second' } as const;

/** 石台 第十七条: a case within a 容错情形 (exempt, or mitigated on the situation alone) whose form is convertible. */
function formConversionOf(compiled: CompiledPolicy, facts: CaseFacts, decidedBy: StepId | 'fallback' | null): FormConversion | null {
  const clause = compiled.policy.formConversion;
  const from = facts.disciplineForm;
  if (!clause || (decidedBy !== 'tolerance' && decidedBy !== 'situation-alone')) return null;
  if (from !== 'second' && from !== 'third') return null;
  return { article: clause.ref, text: clause.text, from, to: CONVERTED_FORM[from], modality: clause.modality };
}

/** For an outcome settled despite unknowns: the first step producing it that can hold. */
function settledBy(compiled: CompiledPolicy, state: FactState, outcome: DecidedOutcome): StepId | 'fallback' {
  for (const step of compiled.steps) {
    if (step.outcome === outcome && step.evaluate(state) === TRUE) return step.id;
  }
  return outcome === 'not-eligible' ? 'fallback' : compiled.steps.find((s) => s.outcome === outcome)!.id;
}

/** Unknown facts read by the steps that can still hold, from the first open one on. */
function unknownFactsOfOpenSteps(compiled: CompiledPolicy, state: FactState, from: Step): string[] {
  const facts: string[] = [];
  for (const step of compiled.steps.slice(compiled.steps.indexOf(from))) {
    const v = step.evaluate(state);
    if (v === FALSE) continue;
    if (v === TRUE) break;
    for (const fact of factsOfAtoms(step.atoms.filter((a) => !isAtomKnown(state, a)))) if (!facts.includes(fact)) facts.push(fact);
  }
  return facts;
}
