// “What would change the outcome”: for an outcome short of the best the
// policy allows, every change of one known fact that leads to a better one,
// with the articles it would newly satisfy and the red lines it would clear.
// Pure: re-runs `evaluate` on the case's facts with one fact changed.
import type { CompiledPolicy } from '../policy/compile.js';
import { reachableOutcomes } from '../policy/compile.js';
import { FACT_NAMES, FIXED_FACTS, OUTCOME_RANK, factValues, isFactName, isTagListName, type DecidedOutcome, type Outcome, type TagListName } from '../vocabulary.js';
import { evaluate, type Assessment, type CaseFacts, type Citation, type RuleVerdict } from './evaluate.js';
import type { ScalarValue } from './logic.js';
import { factsOfAtoms, policyAtomsRead, policyTagsRead } from '../policy/conditions.js';
import type { Counterfactual, CounterfactualAnalysis, FactChange } from './result.js';

export type { FactChange } from './result.js';

/** The facts a change can be tried on: scalar facts (vocabulary order, then the policy's own as read), and each list's tags. */
function readsOf(compiled: CompiledPolicy): { scalars: string[]; tags: Map<TagListName, string[]> } {
  const read = factsOfAtoms(policyAtomsRead(compiled));
  const scalars = read.filter((f) => !isTagListName(f));
  const tags = new Map(read.filter(isTagListName).map((list) => [list, policyTagsRead(compiled, list)]));
  // Vocabulary order first, then the policy's own facts in the order they are read.
  const ordered = [...FACT_NAMES.filter((f) => scalars.includes(f)), ...scalars.filter((f) => !isFactName(f))];
  return { scalars: ordered.filter((f) => !FIXED_FACTS.has(f)), tags };
}

const key = (r: { section: string; id: string }) => `${r.section}:${r.id}`;
const cite = (r: RuleVerdict): Citation => ({ article: r.ref, text: r.text });
const RED_LINE_SECTIONS = new Set(['distinction', 'exclusion']);

function compare(before: Assessment, after: Assessment): Pick<Counterfactual, 'satisfies' | 'clears' | 'breaks'> {
  const old = new Map(before.rules.map((r) => [key(r), r]));
  const satisfies: Citation[] = [];
  const clears: Citation[] = [];
  const breaks: Citation[] = [];
  for (const rule of after.rules) {
    const was = old.get(key(rule))?.verdict ?? null;
    if (RED_LINE_SECTIONS.has(rule.section)) {
      if (was === true && rule.verdict !== true) clears.push(cite(rule));
    } else if (rule.verdict === true && was !== true) {
      satisfies.push(cite(rule));
    } else if (was === true && rule.verdict !== true && (rule.section === 'condition' || rule.section === 'situation')) {
      breaks.push(cite(rule));
    }
  }
  return { satisfies, clears, breaks };
}

/** The best outcome the policy can reach from its structure. */
export function bestOutcome(compiled: CompiledPolicy): DecidedOutcome {
  return reachableOutcomes(compiled).reduce((a, b) => (OUTCOME_RANK[b] > OUTCOME_RANK[a] ? b : a));
}

export function counterfactuals(compiled: CompiledPolicy, facts: CaseFacts, assessment?: Assessment): CounterfactualAnalysis {
  const current = assessment ?? evaluate(compiled, facts);
  const best = bestOutcome(compiled);
  const analysis = (status: CounterfactualAnalysis['status']): CounterfactualAnalysis => ({ current: current.outcome, best, status, changes: [] });
  if (current.outcome === 'not-applicable') return analysis('not-applicable');
  if (current.outcome === 'undetermined') return analysis('undetermined');
  const rank = OUTCOME_RANK[current.outcome];
  if (rank >= OUTCOME_RANK[best]) return analysis('at-best');

  const changes: Counterfactual[] = [];
  const consider = (fact: string, from: ScalarValue | readonly string[], change: FactChange, changed: CaseFacts) => {
    const after = evaluate(compiled, changed);
    const better =
      after.outcome === 'undetermined'
        ? after.possibleOutcomes.filter((o) => OUTCOME_RANK[o] > rank)
        : OUTCOME_RANK[after.outcome] > rank
          ? [after.outcome]
          : [];
    if (better.length === 0) return;
    changes.push({
      fact,
      from,
      change,
      outcome: after.outcome,
      possibleOutcomes: after.outcome === 'undetermined' ? better : [],
      strength: after.strength,
      ...compare(current, after),
      basis: after.basis,
    });
  };

  const { scalars, tags } = readsOf(compiled);
  for (const fact of scalars) {
    const value = facts[fact];
    // An unknown fact cannot change a decided outcome: it was decided over all its values.
    if (value === undefined || value === null || Array.isArray(value)) continue;
    for (const candidate of factValues(fact)) {
      if (candidate === value) continue;
      consider(fact, value as ScalarValue, { kind: 'set', value: candidate }, { ...facts, [fact]: candidate });
    }
  }
  for (const [list, listTags] of tags) {
    const value = facts[list];
    if (!Array.isArray(value)) continue;
    const present = value as readonly string[];
    for (const tag of listTags) {
      if (present.includes(tag)) continue;
      consider(list, present, { kind: 'add-tag', tag }, { ...facts, [list]: [...present, tag] });
    }
    for (const tag of present) {
      consider(list, present, { kind: 'remove-tag', tag }, { ...facts, [list]: present.filter((t) => t !== tag) });
    }
  }

  const bestRank = (c: Counterfactual) =>
    c.outcome === 'undetermined' ? Math.max(...c.possibleOutcomes.map((o) => OUTCOME_RANK[o])) - 0.5 : OUTCOME_RANK[c.outcome];
  const order = new Map(changes.map((c, i) => [c, i]));
  changes.sort((a, b) => bestRank(b) - bestRank(a) || order.get(a)! - order.get(b)!);
  return { current: current.outcome, best, status: 'analysed', changes };
}
