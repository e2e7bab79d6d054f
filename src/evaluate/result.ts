// The evaluator's results as data: the assessment (every rule's verdict with
// the facts it read, the 七看 and 三个区分开来 findings, the missing facts) and
// the counterfactual analysis. Types only, so that the views read results
// without importing the evaluator.
import type { StepId } from '../policy/compile.js';
import type { Section } from '../policy/sections.js';
import type { DistinctionId, LookId } from '../policy/schema.js';
import type { DecidedOutcome, Outcome } from '../vocabulary.js';
import type { ScalarValue } from './logic.js';

export interface Citation {
  article: string;
  text: string;
}

export interface FactReading {
  fact: string;
  /** undefined: unknown */
  value: ScalarValue | readonly string[] | undefined;
}

export interface RuleVerdict {
  id: string;
  section: Section;
  ref: string;
  text: string;
  groupRef: string;
  /** true / false / null (unknown) */
  verdict: boolean | null;
  reads: FactReading[];
  needsJudgement: boolean;
  note?: string;
}

export interface LookFinding {
  look: LookId;
  /** 'favourable' / 'unfavourable' pole, or null while the facts behind it are unknown. */
  pole: 'favourable' | 'unfavourable' | null;
  ref: string | null;
  text: string | null;
  note?: string;
  reads: FactReading[];
}

export interface DistinctionFinding {
  distinction: DistinctionId;
  /** 'tolerable' side, 'wrong' side (a red line), or null while unknown. */
  side: 'tolerable' | 'wrong' | null;
  ref: string;
  text: string;
  reads: FactReading[];
}

export interface MissingFact {
  fact: string;
  /** For each answer, the outcomes still possible with it. */
  ifAnswered: Array<{ value: ScalarValue | string[]; outcomes: DecidedOutcome[] }>;
}

export interface Assessment {
  policy: string;
  outcome: Outcome;
  /** The step of the procedure that decided, or 'not-eligible' when none did; null when undetermined. */
  decidedBy: StepId | 'fallback' | null;
  strength: '应当' | '可以' | null;
  basis: Citation[];
  /** Every outcome the unknown facts still allow (one element when decided). */
  possibleOutcomes: DecidedOutcome[];
  /** Unknown facts whose answer could still change the outcome, most decisive first. */
  missingFacts: string[];
  missing: MissingFact[];
  rules: RuleVerdict[];
  looks: LookFinding[];
  distinctions: DistinctionFinding[];
  /** Things assumed rather than known (a defaulted fact absent, such as inScope). */
  assumptions: string[];
  /** Catch-all items that matched: only the deciding body can apply them. */
  needsJudgement: Citation[];
  /**
   * Where the policy converts the “四种形态” for a case within a 容错情形 (石台 第十七条)
   * and the case states a convertible `disciplineForm`: the form it may become. Null otherwise
   * (and in brief form, like the rules and findings).
   */
  formConversion: FormConversion | null;
  /**
   * The deciding body's options beside the outcome reached: what the text
   * leaves the body to decide instead (policy `bodyOptions`), never decided here.
   */
  bodyOptions: BodyOptionView[];
}

export interface BodyOptionView extends Citation {
  id: string;
  /** What the body may decide instead of the outcome reached. */
  instead: DecidedOutcome;
  modality: '应当' | '可以';
  note?: string;
}

export interface FormConversion extends Citation {
  from: 'second' | 'third';
  to: 'first' | 'second';
  /** The text's word (“可以”): the deciding body's option, not a finding. */
  modality: '应当' | '可以';
}

export type FactChange =
  | { kind: 'set'; value: ScalarValue }
  | { kind: 'add-tag'; tag: string }
  | { kind: 'remove-tag'; tag: string };

export interface Counterfactual {
  fact: string;
  /** The case's value (a tag list for lists). */
  from: ScalarValue | readonly string[];
  change: FactChange;
  /** The outcome with the change; `undetermined` when other unknown facts then decide. */
  outcome: Outcome;
  /** Where undetermined: the better outcomes still possible. */
  possibleOutcomes: DecidedOutcome[];
  strength: '应当' | '可以' | null;
  /** Items newly satisfied: situations, conditions, due diligence, mitigation. */
  satisfies: Citation[];
  /** Red lines (三个区分开来, 不予容错) that would no longer apply. */
  clears: Citation[];
  /** Conditions or situations that would newly fail (a change can win one thing and lose another). */
  breaks: Citation[];
  /** The citations behind the new outcome. */
  basis: Citation[];
}

export interface CounterfactualAnalysis {
  current: Outcome;
  /** The best outcome the policy can give at all. */
  best: DecidedOutcome;
  /**
   * `at-best`: nothing better is possible; `not-applicable`: the case is outside
   * the policy's scope; `undetermined`: see the missing facts instead;
   * `analysed`: `changes` lists every single-fact change that leads to a better outcome.
   */
  status: 'at-best' | 'not-applicable' | 'undetermined' | 'analysed';
  changes: Counterfactual[];
}
