// Case format v1 (docs/case-format.md): the zod schema, and the
// validation that turns raw JSON into a case or located errors: the
// hand-written checks of validate.ts first, zod to explain what they refuse.
import { z } from 'zod';
import { OUTCOMES } from '../vocabulary.js';
import type { Matter, Subject } from './model.js';
import { isIsoDate, isoDateExpectation } from './iso-date.js';
import { describeReceived, dotPath, ISSUE_OPTIONS, JSON_WORDS, wordIssues } from '../validation/issues.js';
import {
  validateFacts,
  validatePlainCase,
  type Case,
  type CaseError,
  type CaseValidation,
  type PolicyFactIndex,
  type ValidateOptions,
} from './validate.js';

export { validateFacts, type Case, type CaseError, type CaseValidation, type PolicyFactIndex, type ValidateOptions } from './validate.js';


const isoDate = z.string().refine(isIsoDate, {
  // “2023年2月只有28天”: why the date is refused, not only its form (the wording module adds 应为 and the fix).
  error: (issue) =>
    isoDateExpectation(issue.input) ?? 'ISO 日期 YYYY-MM-DD，且是日历上有的日子，例如 2024-05-10',
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
  id: z.string().min(1, { message: '非空的案例 id，例如 "2024-001"' }),
  policy: z.string().optional(),
  subject: subjectSchema.optional(),
  matter: matterSchema.optional(),
  facts: z.unknown().optional(),
  expected: z.record(z.string(), z.enum(OUTCOMES)).optional(),
  /** Extension of case format v1: a free-text remark (e.g. why the policies differ on this case). */
  note: z.string().optional(),
});

export type { Matter, Subject } from './model.js';

/** The zod schemas give exactly the model's Subject and Matter (model.ts): checked when the types are. */
type Same<A, B> = [A, keyof A] extends [B, keyof B] ? ([B, keyof B] extends [A, keyof A] ? true : false) : false;
type Holds<T extends true> = T;
type _SubjectMatchesModel = Holds<Same<z.output<typeof subjectSchema>, Subject>>;
type _MatterMatchesModel = Holds<Same<z.output<typeof matterSchema>, Matter>>;

/** A case, validated: the hand-written checks when they accept it, zod (which explains) when not. */
export function validateCase(raw: unknown, policyFacts: PolicyFactIndex, options: ValidateOptions = {}): CaseValidation {
  return validatePlainCase(raw, policyFacts, options) ?? validateCaseWithZod(raw, policyFacts);
}
/** The full validation, with zod: every error, located by path. */
export function validateCaseWithZod(raw: unknown, policyFacts: PolicyFactIndex): CaseValidation {
  const id = raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, id, errors: [{ path: '', message: `应为案例对象，例如 {"id": "2024-001", "facts": {}}；收到${describeReceived(raw)}。请把每个案例写成一个对象。` }] };
  }
  const errors: CaseError[] = [];
  const parsed = caseSchema.safeParse(raw, ISSUE_OPTIONS);
  if (!parsed.success) {
    for (const problem of wordIssues(parsed.error.issues, caseSchema, JSON_WORDS)) {
      // An unknown field is named in the path: the case file is the user's own.
      errors.push({ path: dotPath(problem.key === undefined ? problem.path : [...problem.path, problem.key]), message: problem.message });
    }
  }
  const { facts, errors: factErrors } = validateFacts((raw as { facts?: unknown }).facts, policyFacts);
  errors.push(...factErrors);
  if (errors.length > 0 || !parsed.success) return { ok: false, id, errors };
  const { facts: _raw, ...rest } = parsed.data;
  return { ok: true, value: { ...rest, facts } as Case };
}
