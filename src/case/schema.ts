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

const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
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
export type PolicyFactIndex = ReadonlyMap<string, { label: string }>;

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

export function validateCase(raw: unknown, policyFacts: PolicyFactIndex): CaseValidation {
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
