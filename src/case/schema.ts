// Case format v1 (../shared/CASE-FORMAT.md): the zod schema and the
// validation that turns raw JSON into a case, or located errors.
import { z } from 'zod';
import {
  FACTS,
  OUTCOMES,
  SCALAR_FACT_NAMES,
  TAG_LIST_NAMES,
  isFactName,
  isTagOf,
  type FactSpec,
  type Outcome,
} from '../vocabulary.js';
import type { CaseFacts } from '../evaluate/evaluate.js';

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD naming a real day of the proleptic Gregorian calendar (what Date round-tripping checked, without Date). */
function isIsoDate(s: string): boolean {
  if (s.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= MONTH_DAYS[month - 1]!;
}

const isoDate = z.string().refine(isIsoDate, {
  message: '应为 ISO 日期 YYYY-MM-DD，例如 2024-05-10',
});

export const subjectSchema = z.strictObject({
  kind: z.enum(['individual', 'unit']).optional(),
  name: z.string().optional(),
  unit: z.string().optional(),
  position: z.string().optional(),
});

export const matterSchema = z.strictObject({
  title: z.string().optional(),
  narrative: z.string().optional(),
  occurredOn: isoDate.optional(),
  accountabilityStartedOn: isoDate.optional(),
  remedies: z.string().optional(),
  evidence: z.array(z.string()).optional(),
});

/** Everything but `facts`, which is checked against the vocabulary by hand (see validateFacts). */
export const caseSchema = z.strictObject({
  id: z.string().min(1, { message: '案例 id 不能为空' }),
  policy: z.string().optional(),
  subject: subjectSchema.optional(),
  matter: matterSchema.optional(),
  facts: z.unknown().optional(),
  expected: z.record(z.string(), z.enum(OUTCOMES)).optional(),
  /** Extension of case format v1: a free-text remark (e.g. why the policies differ on this case). */
  note: z.string().optional(),
});

export type Subject = z.output<typeof subjectSchema>;
export type Matter = z.output<typeof matterSchema>;
export interface Case {
  id: string;
  policy?: string;
  subject?: Subject;
  matter?: Matter;
  facts: CaseFacts;
  expected?: Record<string, Outcome>;
  note?: string;
}

export interface CaseError {
  /** Dot path from the case, e.g. `facts.severity`. */
  path: string;
  message: string;
}

/** Policy-specific facts (`<policy-id>.<fact>`) the loaded policies declare. */
export interface PolicyFactIndex {
  get(key: string): { label: string } | undefined;
}

function describeReceived(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '数组';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return '对象';
  return String(value);
}

function expectedOf(spec: FactSpec): string {
  if (spec.kind === 'boolean') return 'true 或 false（未知请省略或写 null）';
  if (spec.kind === 'enum') return `以下之一：${spec.values.join(' | ')}`;
  return `标签数组，可用标签：${Object.keys(spec.tags).join(', ')}`;
}

function suggest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  return candidates.find((c) => c.toLowerCase() === lower) ?? candidates.find((c) => c.toLowerCase().startsWith(lower.slice(0, 4)));
}

/** Reads `facts` key by key; only known names are copied, so no prototype key ever reaches an object. */
export function validateFacts(raw: unknown, policyFacts: PolicyFactIndex): { facts: CaseFacts; errors: CaseError[] } {
  const errors: CaseError[] = [];
  const facts: CaseFacts = {};
  if (raw === undefined || raw === null) return { facts, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push({ path: 'facts', message: `应为对象，例如 {"intent": "inadvertent"}；收到 ${describeReceived(raw)}` });
    return { facts, errors };
  }
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    const path = `facts.${key}`;
    if (!isFactName(key)) {
      const policyFact = policyFacts.get(key);
      if (policyFact) {
        if (value === null) continue;
        if (typeof value !== 'boolean') errors.push({ path, message: `应为 true 或 false；收到 ${describeReceived(value)}` });
        else facts[key] = value;
        continue;
      }
      const hint = suggest(key, [...SCALAR_FACT_NAMES, ...TAG_LIST_NAMES]);
      errors.push({
        path,
        message: `未知事实“${key}”${hint ? `，是否应为 ${hint}？` : '。'}可用事实见 CASE-FORMAT.md（如 ${SCALAR_FACT_NAMES.slice(1, 6).join(', ')} …）`,
      });
      continue;
    }
    if (value === null) continue;
    const spec: FactSpec = FACTS[key];
    if (spec.kind === 'boolean') {
      if (typeof value === 'boolean') facts[key] = value;
      else errors.push({ path, message: `应为 ${expectedOf(spec)}；收到 ${describeReceived(value)}` });
    } else if (spec.kind === 'enum') {
      if (typeof value === 'string' && spec.values.includes(value)) facts[key] = value;
      else errors.push({ path, message: `应为 ${expectedOf(spec)}；收到 ${describeReceived(value)}` });
    } else {
      if (!Array.isArray(value)) {
        errors.push({ path, message: `应为 ${expectedOf(spec)}（[] 表示都没有）；收到 ${describeReceived(value)}` });
        continue;
      }
      const tags: string[] = [];
      value.forEach((tag, i) => {
        if (typeof tag === 'string' && isTagOf(key as 'situations', tag)) {
          if (!tags.includes(tag)) tags.push(tag);
        } else {
          errors.push({ path: `${path}[${i}]`, message: `未知标签 ${describeReceived(tag)}；可用标签：${Object.keys(spec.tags).join(', ')}` });
        }
      });
      facts[key] = tags;
    }
  }
  return { facts, errors };
}

function zodPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function zodMessage(issue: z.core.$ZodIssue, input: unknown): string {
  let value: unknown = input;
  for (const p of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[p] : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? `缺少必填字段，应为 ${issue.expected}` : `应为 ${issue.expected}；收到 ${describeReceived(value)}`;
    case 'invalid_value':
      return `应为以下之一：${issue.values.map(String).join(' | ')}；收到 ${describeReceived(value)}`;
    case 'unrecognized_keys':
      return `未知字段 ${issue.keys.join(', ')}；可用字段见 CASE-FORMAT.md`;
    default:
      return `${issue.message}；收到 ${describeReceived(value)}`;
  }
}

export type CaseValidation = { ok: true; value: Case } | { ok: false; id: string | null; errors: CaseError[] };

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

export function validateCase(raw: unknown, policyFacts: PolicyFactIndex): CaseValidation {
  if (isRecord(raw) && acceptsPlainCase(raw)) {
    const { facts, errors } = validateFacts(raw.facts, policyFacts);
    if (errors.length === 0) {
      // In the order the zod path gives (schema order, facts last): a saved case reads the same.
      const value = { id: raw.id } as Case;
      if (raw.policy !== undefined) value.policy = raw.policy as string;
      if (raw.subject !== undefined) value.subject = inSchemaOrder(raw.subject as Record<string, unknown>, SUBJECT_FIELDS) as Subject;
      if (raw.matter !== undefined) value.matter = inSchemaOrder(raw.matter as Record<string, unknown>, MATTER_FIELDS) as Matter;
      if (raw.expected !== undefined) value.expected = raw.expected as Record<string, Outcome>;
      if (raw.note !== undefined) value.note = raw.note as string;
      value.facts = facts;
      return { ok: true, value };
    }
  }
  return validateCaseWithZod(raw, policyFacts);
}

/** The full validation, with zod: every error, located by path. */
export function validateCaseWithZod(raw: unknown, policyFacts: PolicyFactIndex): CaseValidation {
  const id = raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, id, errors: [{ path: '', message: `案例应为对象，例如 {"id": "2024-001", "facts": {}}；收到 ${describeReceived(raw)}` }] };
  }
  const errors: CaseError[] = [];
  const parsed = caseSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
        for (const key of issue.keys) errors.push({ path: key, message: `未知字段；案例可用字段：id, policy, subject, matter, facts, expected, note` });
      } else {
        errors.push({ path: zodPath(issue.path), message: zodMessage(issue, raw) });
      }
    }
  }
  const { facts, errors: factErrors } = validateFacts((raw as { facts?: unknown }).facts, policyFacts);
  errors.push(...factErrors);
  if (errors.length > 0 || !parsed.success) return { ok: false, id, errors };
  const { facts: _raw, ...rest } = parsed.data;
  return { ok: true, value: { ...rest, facts } as Case };
}
