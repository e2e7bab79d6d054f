// One entry of a case file through validate → evaluate, for `rongcuo check`:
// the same code on the main thread and in the parallel check's workers. It
// imports neither zod nor the policy registry (YAML): the caller hands it
// the policies, and zod, to explain a case the hand-written checks refuse,
// is loaded only when the caller asks (`loadExplanations`), so that a
// worker, and the common batch, start light.
import type { InputEntry } from '../case/read.js';
import { validatePlainCase, type CaseValidation, type PolicyFactIndex } from '../case/validate.js';
import { UserError } from '../errors.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { assessedResult, type CheckResult, type CheckSummary } from '../render/check.js';
import { BriefAssessments } from './assessments.js';
import { IdIndex } from './id-index.js';
import type { LookalikeIds } from './lookalike.js';

/** Of the case only what decides: id, policy, facts, expected (subject and matter are still checked). */
const DECISION_ONLY = { keepDetails: false } as const;

/** Where an invalid case stands: its line in NDJSON, its index in a JSON document. */
function whereOf(entry: InputEntry): { line: number } | { index: number } {
  return entry.line !== undefined ? { line: entry.line } : { index: entry.index };
}

/** Namespaced policy facts (`<policy-id>.<fact>`), indexed only when a case uses one. */
function lazyPolicyFacts(build: () => PolicyFactIndex): PolicyFactIndex {
  let index: PolicyFactIndex | undefined;
  return {
    get(key: string) {
      if (!key.includes('.')) return undefined;
      index ??= build();
      return index.get(key);
    },
  };
}

/** Counts a result into the summary (the caller counts the cases). */
export function tally(summary: CheckSummary, r: CheckResult): void {
  if (r.outcome === null) {
    summary.invalid++;
  } else {
    summary.byOutcome[r.outcome] = (summary.byOutcome[r.outcome] ?? 0) + 1;
    if (r.matches === false) summary.mismatches++;
  }
}

/**
 * What `check` did with an entry: `checked`, its results emitted; or
 * `unexplained`, a case the hand-written checks refuse while zod is not
 * loaded to say why: nothing emitted, nothing recorded (the caller loads
 * zod and checks it again, or leaves it to the main thread).
 */
type EntryStatus = 'checked' | 'unexplained';

export interface EntryChecker {
  /** Each case id's first position, for duplicates. */
  readonly seenIds: IdIndex;
  /** Emits the entry's results: one invalid result, or one per policy applied. */
  check(entry: InputEntry, emit: (r: CheckResult) => void): EntryStatus;
  /** Loads zod, which explains what the hand-written checks refuse: no entry is `unexplained` after. */
  loadExplanations(): Promise<void>;
}

export interface EntryCheckerOptions {
  /** The policies for every case; undefined: each case's own `policy`. */
  fixed: CompiledPolicy[] | undefined;
  /** The policy a case names; throws a UserError when there is no such policy. */
  resolve(ref: string): CompiledPolicy;
  /** The policy-specific facts cases may use (built on first use). */
  policyFacts(): PolicyFactIndex;
  /** Hears of each policy a case names itself. */
  onPolicy?(compiled: CompiledPolicy): void;
  /** Where ids that look like others are noted (the main thread's, over the whole batch). */
  lookalikes?: LookalikeIds;
}

/** Checks entries one by one: invalid, a duplicate id, or assessed under each policy. */
export function entryChecker({ fixed, resolve, policyFacts: buildPolicyFacts, onPolicy, lookalikes }: EntryCheckerOptions): EntryChecker {
  const policyFacts = lazyPolicyFacts(buildPolicyFacts);
  const seenIds = new IdIndex();
  const assessments = new BriefAssessments();
  let explain: ((raw: unknown, policyFacts: PolicyFactIndex) => CaseValidation) | undefined;
  const invalid = (entry: InputEntry, kase: string | null, policy: string | null, path: string, message: string): CheckResult => ({
    case: kase,
    policy,
    outcome: null,
    errors: [{ path, message }],
    ...whereOf(entry),
  });
  return {
    seenIds,
    async loadExplanations() {
      explain ??= (await import('../case/schema.js')).validateCaseWithZod;
    },
    check(entry, emit) {
      if (entry.kind === 'error') {
        emit(invalid(entry, null, null, '', entry.message));
        return 'checked';
      }
      let validation = validatePlainCase(entry.raw, policyFacts, DECISION_ONLY);
      if (!validation) {
        if (!explain) return 'unexplained';
        validation = explain(entry.raw, policyFacts);
      }
      if (!validation.ok) {
        emit({ case: validation.id, policy: null, outcome: null, errors: validation.errors, ...whereOf(entry) });
        return 'checked';
      }
      const kase = validation.value;
      const earlier = seenIds.firstOrAdd(kase.id, entry.index);
      if (earlier !== -1) {
        emit(invalid(entry, kase.id, null, 'id', `案例 id 重复（与第 ${earlier + 1} 个案例相同）；每个案例的 id 须唯一`));
        return 'checked';
      }
      if (lookalikes !== undefined) {
        // Only an id past ASCII (more bytes than UTF-16 units) is looked at closely.
        if (seenIds.lastBytes !== kase.id.length) lookalikes.note(kase.id, entry.index, seenIds);
        else if (lookalikes.watchesAscii) lookalikes.noteAscii(kase.id, entry.index);
      }
      let policies = fixed;
      if (!policies) {
        if (!kase.policy) {
          emit(invalid(entry, kase.id, null, 'policy', '未指定政策：请在案例中写 "policy": "<政策 id>"，或运行时加 --policy ID / --all-policies'));
          return 'checked';
        }
        try {
          policies = [resolve(kase.policy)];
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          emit(invalid(entry, kase.id, kase.policy, 'policy', error.message));
          return 'checked';
        }
        onPolicy?.(policies[0]!);
      }
      for (const compiled of policies) {
        const assessment = assessments.of(compiled, kase.facts);
        emit(assessedResult(kase.id, compiled.policy.id, assessment, kase.expected?.[compiled.policy.id]));
      }
      return 'checked';
    },
  };
}
