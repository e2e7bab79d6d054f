// The shared vocabulary of case format v1 (docs/case-format.md): facts,
// tags, outcomes, decision steps and the readings every policy shares, as
// every view and the evaluator read them. The words are data, in
// vocabulary/*.yaml, checked (src/vocabulary/schema.ts) and precompiled into
// the bundle at build time: no YAML and no zod at start-up. Resolved here
// to plain constants once, at load. Ids are a contract with users' case
// files: never rename one.
import vocabulary from 'rongcuo:vocabulary';
import { TAG_LIST_NAMES, type TagListName } from './policy/sections.js';
import type { FactData, Outcome, OutcomeData, OutcomeTone, StepName } from './vocabulary/schema.js';

export type { Outcome, StepName } from './vocabulary/schema.js';
/** The tag lists are the policy sections whose items read them (src/policy/sections.ts). */
export { TAG_LIST_NAMES, type TagListName };
/** Outcomes a fully known case can reach (everything but `undetermined`). */
export type DecidedOutcome = Exclude<Outcome, 'undetermined'>;

type ScalarValue = boolean | string;

/** A value's words: the interview's choice, the tables' short form, prose for sentences. */
interface ValueWords {
  value: ScalarValue;
  label: string;
  short: string;
  prose: string;
}

interface FactWords {
  label: string;
  question: string;
  /** The interview's own question; `{title}`: the policy's title. */
  interviewQuestion?: string;
  help: string;
}

/** What a check of values needs of a fact: its kind, and its values or tags. */
export type KindOf<S> = S extends { kind: 'boolean' } ? { kind: 'boolean' } : S extends { kind: 'enum'; values: infer V } ? { kind: 'enum'; values: V } : S extends { kind: 'tags'; tags: infer T } ? { kind: 'tags'; tags: T } : never;

export type FactSpec =
  | (FactWords & { kind: 'boolean'; words: readonly ValueWords[] })
  | (FactWords & { kind: 'enum'; values: readonly string[]; words: readonly ValueWords[] })
  | (FactWords & { kind: 'tags'; tags: Readonly<Record<string, string>> });

function specOf(data: FactData): FactSpec {
  const words: FactWords = { label: data.label, question: data.question, help: data.help };
  if (data.interviewQuestion !== undefined) words.interviewQuestion = data.interviewQuestion;
  if (data.kind === 'tags') return { kind: 'tags', ...words, tags: data.tags };
  if (data.kind === 'boolean') {
    return { kind: 'boolean', ...words, words: [true, false].map((value) => ({ value, ...data.values[`${value}`] })) };
  }
  const values = Object.keys(data.values);
  return { kind: 'enum', ...words, values, words: values.map((value) => ({ value, ...data.values[value]! })) };
}

/** Every fact of case format v1, in the order the vocabulary lists them. */
export const FACTS: Readonly<Record<string, FactSpec>> = Object.fromEntries(
  Object.entries(vocabulary.facts).map(([name, data]) => [name, specOf(data)]),
);
export const FACT_NAMES: readonly string[] = Object.keys(FACTS);

const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

export function isFactName(name: string): boolean {
  return hasOwn(FACTS, name);
}

/** A vocabulary fact's spec; undefined for a policy's own fact. */
export function factSpec(name: string): FactSpec | undefined {
  return hasOwn(FACTS, name) ? FACTS[name] : undefined;
}

const tagsOf = (list: TagListName) => (FACTS[list] as Extract<FactSpec, { kind: 'tags' }>).tags;
export const TAG_LISTS = Object.fromEntries(TAG_LIST_NAMES.map((list) => [list, tagsOf(list)])) as Readonly<
  Record<TagListName, Readonly<Record<string, string>>>
>;
export const SCALAR_FACT_NAMES: readonly string[] = FACT_NAMES.filter((name) => FACTS[name]!.kind !== 'tags');

export function isTagListName(name: string): name is TagListName {
  return hasOwn(TAG_LISTS, name);
}

export function isTagOf(list: TagListName, tag: string): boolean {
  return hasOwn(TAG_LISTS[list], tag);
}

const BOOLEAN_VALUES: readonly ScalarValue[] = [true, false];

/** The values a scalar fact can take: an enum's values; true and false otherwise (a policy's own facts are boolean). */
export function factValues(fact: string): readonly ScalarValue[] {
  const spec = factSpec(fact);
  return spec?.kind === 'enum' ? spec.values : BOOLEAN_VALUES;
}

const WORDS = new Map(
  Object.entries(FACTS).flatMap(([name, spec]) =>
    spec.kind === 'tags' ? [] : [[name, new Map(spec.words.map((w) => [String(w.value), w]))] as const],
  ),
);

/** The words for a value of a scalar vocabulary fact; undefined for other facts or values. */
export function valueWords(fact: string, value: unknown): ValueWords | undefined {
  return WORDS.get(fact)?.get(String(value));
}

// ── outcomes ─────────────────────────────────────────────────────────────
/** Every outcome, in the order of case format v1. */
export const OUTCOMES = Object.keys(vocabulary.outcomes) as Outcome[];
const DECIDED = OUTCOMES.filter((o): o is DecidedOutcome => o !== 'undetermined');
const byOutcome = <T>(pick: (o: OutcomeData) => T): Record<Outcome, T> =>
  Object.fromEntries(OUTCOMES.map((o) => [o, pick(vocabulary.outcomes[o])])) as Record<Outcome, T>;

/** The outcomes' words for the report and the draft: explanation, refusal, request. */
export const OUTCOME_WORDS: Readonly<Record<Outcome, OutcomeData>> = vocabulary.outcomes;
export const OUTCOME_LABELS = byOutcome((o) => o.label);
/** The check table's column. */
export const OUTCOME_SHORT = byOutcome((o) => o.short);
export const OUTCOME_TONES = byOutcome((o): OutcomeTone => o.tone);
/**
 * How good an outcome is for the applicant: not pursued at all, tolerated,
 * lighter handling, then the ordinary rules; `excluded` ranks below
 * `not-eligible` (a red line, not just no ground).
 */
export const OUTCOME_RANK = Object.fromEntries(DECIDED.map((o) => [o, vocabulary.outcomes[o].rank!])) as Record<DecidedOutcome, number>;
/** The order possible outcomes are listed in: the decision procedure's. */
export const OUTCOME_ORDER: readonly DecidedOutcome[] = [...DECIDED].sort((a, b) => vocabulary.outcomes[a].order! - vocabulary.outcomes[b].order!);
/** Outcomes for which an application for 容错 makes sense (the interview offers a draft). */
export const SUPPORTS_APPLICATION: ReadonlySet<Outcome> = new Set(OUTCOMES.filter((o) => vocabulary.outcomes[o].application === 'supported'));
/** Outcomes that support no application: `draft` explains and writes nothing unless forced. */
export const NO_APPLICATION: readonly Outcome[] = OUTCOMES.filter((o) => vocabulary.outcomes[o].application === 'refused');

/** The report's name for each step of the decision procedure. */
export const STEP_LABELS: Readonly<Record<StepName, string>> = vocabulary.steps;

// ── readings every policy shares ─────────────────────────────────────────
/** Facts that, absent, are read as a value, with the report's assumption (`{scope}`: the scope article). */
export const DEFAULTS: ReadonlyArray<{ fact: string; value: ScalarValue; assumption: string }> = vocabulary.readings.defaults;
/** Facts that, absent, follow from another fact's value. */
export const DERIVATIONS: ReadonlyArray<{ fact: string; value: ScalarValue; when: { fact: string; is: ScalarValue } }> = vocabulary.readings.derived;
/** What every 容错情形 item needs besides its own condition, and why. */
export const SITUATION_READING: { when: { fact: string; is: ScalarValue }; why: string } = vocabulary.readings.situationPrerequisite;
/** Facts “what would change the outcome” never proposes to change. */
export const FIXED_FACTS: ReadonlySet<string> = new Set(vocabulary.readings.fixed.map((f) => f.fact));

/** A vocabulary template with its `{placeholders}` filled in. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, key: string) => (hasOwn(values, key) ? values[key]! : whole));
}
