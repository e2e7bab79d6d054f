// The hand-written checks of case format v1, without zod: fast enough for
// batches of millions, and loaded by the parallel check's workers, which
// never need zod (a case these checks refuse goes back to the main thread).
import {
  FACTS,
  OUTCOMES,
  SCALAR_FACT_NAMES,
  TAG_LIST_NAMES,
  type FactSpec,
  type KindOf,
  type Outcome,
} from '../vocabulary.js';
import type { CaseFacts } from '../evaluate/evaluate.js';
import { closest, describeReceived } from '../validation/issues.js';
import type { Case, CaseError, CaseValidation, Matter, PolicyFactIndex, Subject } from './model.js';

export type { Case, CaseError, CaseValidation, PolicyFactIndex } from './model.js';
import { isIsoDate } from './iso-date.js';

export { isIsoDate } from './iso-date.js';



/** A fact's value the case gives, not as the vocabulary has it: what it should be, what it is, and the fix. */
function wrongValue(spec: KindOf<FactSpec>, value: unknown): string {
  const got = `收到${describeReceived(value)}`;
  if (spec.kind === 'boolean') return `应为 true 或 false（未知请省略或写 null）；${got}。请改为 true 或 false，不加引号。`;
  if (spec.kind === 'enum') {
    const hint = typeof value === 'string' ? closest(value, spec.values) : undefined;
    return `应为以下之一：${spec.values.join(' | ')}（未知请省略或写 null）；${got}。${hint ? `是否应为 ${hint}？` : '请改为其中之一。'}`;
  }
  return `应为标签数组（[] 表示都没有），可用标签：${Object.keys(spec.tags).join(', ')}；${got}。请写成数组，如 ["${Object.keys(spec.tags)[0]}"]。`;
}

/** The fact a misspelt name most likely meant: same letters but case, else the closest name, else one that starts alike. */
function suggest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  return closest(name, candidates) ?? candidates.find((c) => c.toLowerCase().startsWith(lower.slice(0, 4)));
}

/** A policy's own facts (`<policy-id>.<name>`) are yes/no questions. */
const POLICY_FACT: KindOf<FactSpec> = { kind: 'boolean' };

/** The vocabulary's facts by name: one lookup per key on the batch hot path. */
const FACT_SPECS: ReadonlyMap<string, FactSpec> = new Map(Object.entries(FACTS));
/** Each tag list's tags, as sets: a lookup per tag, cheaper than a property check on the vocabulary object. */
const TAG_SETS: ReadonlyMap<object, ReadonlySet<string>> = new Map(
  [...FACT_SPECS.values()].flatMap((spec) => (spec.kind === 'tags' ? [[spec.tags, new Set(Object.keys(spec.tags))] as const] : [])),
);

/** Reads `facts` key by key; only known names are copied, so no prototype key ever reaches an object. */
export function validateFacts(raw: unknown, policyFacts: PolicyFactIndex): { facts: CaseFacts; errors: CaseError[] } {
  const errors: CaseError[] = [];
  const facts: CaseFacts = {};
  if (raw === undefined || raw === null) return { facts, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ path: 'facts', message: `应为对象，例如 {"intent": "inadvertent"}；收到${describeReceived(raw)}。请把事实写成 {"事实名": 值} 的对象。` });
    return { facts, errors };
  }
  const record = raw as Record<string, unknown>;
  // Paths and messages are built only for errors: most cases have none.
  // for…in: own keys only here (a parsed object's prototype is Object.prototype), without a keys array.
  for (const key in record) {
    const value = record[key];
    const spec = FACT_SPECS.get(key);
    if (spec === undefined) {
      const policyFact = policyFacts.get(key);
      if (policyFact) {
        if (value === null) continue;
        if (typeof value !== 'boolean') errors.push({ path: `facts.${key}`, message: wrongValue(POLICY_FACT, value) });
        else facts[key] = value;
        continue;
      }
      const hint = suggest(key, [...SCALAR_FACT_NAMES, ...TAG_LIST_NAMES]);
      errors.push({
        path: `facts.${key}`,
        message: `未知事实：应为 docs/case-format.md 词汇表中的事实（如 ${SCALAR_FACT_NAMES.slice(1, 6).join(', ')} …），或政策声明的 <policy-id>.<名称>；收到的名称两者都不是。${hint ? `是否应为 ${hint}？` : '请改正拼写，或删去这一项。'}`,
      });
      continue;
    }
    if (value === null) continue;
    if (spec.kind === 'boolean') {
      if (typeof value === 'boolean') facts[key] = value;
      else errors.push({ path: `facts.${key}`, message: wrongValue(spec, value) });
    } else if (spec.kind === 'enum') {
      if (typeof value === 'string' && spec.values.includes(value)) facts[key] = value;
      else errors.push({ path: `facts.${key}`, message: wrongValue(spec, value) });
    } else if (!Array.isArray(value)) {
      errors.push({ path: `facts.${key}`, message: wrongValue(spec, value) });
    } else {
      facts[key] = knownTags(key, spec.tags, value, errors);
    }
  }
  return { facts, errors };
}

/** A tag list's known tags, each once; an error for each unknown one. */
function knownTags(key: string, vocabulary: Record<string, string>, value: unknown[], errors: CaseError[]): string[] {
  const tags: string[] = [];
  const known = TAG_SETS.get(vocabulary)!;
  for (let i = 0; i < value.length; i++) {
    const tag = value[i];
    if (typeof tag === 'string' && known.has(tag)) {
      if (!tags.includes(tag)) tags.push(tag);
    } else {
      const tags = Object.keys(vocabulary);
      const hint = typeof tag === 'string' ? closest(tag, tags) : undefined;
      errors.push({
        path: `facts.${key}[${i}]`,
        message: `未知标签：应为 ${key} 的标签之一：${tags.join(', ')}；收到${describeReceived(tag)}。${hint ? `是否应为 ${hint}？` : '请改正拼写，或删去这一项。'}`,
      });
    }
  }
  return tags;
}

const CASE_KEYS = new Set(['id', 'policy', 'subject', 'matter', 'facts', 'expected', 'note']);
const SUBJECT_FIELDS = ['kind', 'name', 'unit', 'position'];
const SUBJECT_KEYS = new Set(SUBJECT_FIELDS);
const MATTER_FIELDS = ['title', 'narrative', 'occurredOn', 'accountabilityStartedOn', 'remedies', 'evidence'];
const MATTER_KEYS = new Set(MATTER_FIELDS);
const OUTCOME_SET: ReadonlySet<string> = new Set(OUTCOMES);
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const optionalDate = (v: unknown) => v === undefined || (typeof v === 'string' && isIsoDate(v));
const onlyKeys = (o: Record<string, unknown>, keys: ReadonlySet<string>) => {
  for (const k in o) if (!keys.has(k)) return false;
  return true;
};

/** The fields present, in schema order, as zod's output has them. */
function inSchemaOrder(o: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (o[f] !== undefined) out[f] = o[f];
  return out;
}

/**
 * What caseSchema accepts, checked by hand without allocating: the batch hot
 * path. Anything it does not accept goes to zod, which explains the failure.
 */
function acceptsPlainCase(raw: Record<string, unknown>): boolean {
  if (!onlyKeys(raw, CASE_KEYS) || typeof raw.id !== 'string' || raw.id.length === 0) return false;
  if (!optionalString(raw.policy) || !optionalString(raw.note)) return false;
  const { subject, matter, expected } = raw;
  if (subject !== undefined) {
    if (!isRecord(subject) || !onlyKeys(subject, SUBJECT_KEYS)) return false;
    if (subject.kind !== undefined && subject.kind !== 'individual' && subject.kind !== 'unit') return false;
    if (!optionalString(subject.name) || !optionalString(subject.unit) || !optionalString(subject.position)) return false;
  }
  if (matter !== undefined) {
    if (!isRecord(matter) || !onlyKeys(matter, MATTER_KEYS)) return false;
    if (!optionalString(matter.title) || !optionalString(matter.narrative) || !optionalString(matter.remedies)) return false;
    if (!optionalDate(matter.occurredOn) || !optionalDate(matter.accountabilityStartedOn)) return false;
    if (matter.evidence !== undefined && !(Array.isArray(matter.evidence) && matter.evidence.every((e) => typeof e === 'string'))) return false;
  }
  if (expected !== undefined) {
    if (!isRecord(expected)) return false;
    for (const k in expected) if (k === '__proto__' || !OUTCOME_SET.has(expected[k] as string)) return false;
  }
  return true;
}

export interface ValidateOptions {
  /**
   * false: the case's subject, matter and note are checked but left out of
   * the value (a batch check decides on id, policy, facts and expected only).
   */
  keepDetails?: boolean;
}

/**
 * The batch hot path, without zod: the case when the hand-written checks
 * accept it; undefined when they do not, for zod to explain (schema.ts).
 */
export function validatePlainCase(raw: unknown, policyFacts: PolicyFactIndex, options: ValidateOptions = {}): CaseValidation | undefined {
  if (isRecord(raw) && acceptsPlainCase(raw)) {
    const { facts, errors } = validateFacts(raw.facts, policyFacts);
    if (errors.length === 0) {
      const keepDetails = options.keepDetails ?? true;
      // In the order the zod path gives (schema order, facts last): a saved case reads the same.
      const value = { id: raw.id } as Case;
      if (raw.policy !== undefined) value.policy = raw.policy as string;
      if (keepDetails && raw.subject !== undefined) value.subject = inSchemaOrder(raw.subject as Record<string, unknown>, SUBJECT_FIELDS) as Subject;
      if (keepDetails && raw.matter !== undefined) value.matter = inSchemaOrder(raw.matter as Record<string, unknown>, MATTER_FIELDS) as Matter;
      if (raw.expected !== undefined) value.expected = raw.expected as Record<string, Outcome>;
      if (keepDetails && raw.note !== undefined) value.note = raw.note as string;
      value.facts = facts;
      return { ok: true, value };
    }
  }
  return undefined;
}

