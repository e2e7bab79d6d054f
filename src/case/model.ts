// The case model of case format v1 (docs/case-format.md): the types of a
// validated case and of validation's result, shared by the hand-written
// checks (validate.ts) and the zod schema (schema.ts), which import them
// from here rather than from each other.
import type { CaseFacts } from '../evaluate/evaluate.js';
import type { Outcome } from '../vocabulary.js';

/** Who the case is about (schema.ts's subjectSchema gives exactly this). */
export interface Subject {
  kind?: 'individual' | 'unit';
  name?: string;
  unit?: string;
  position?: string;
}

/** What happened (schema.ts's matterSchema gives exactly this). */
export interface Matter {
  title?: string;
  narrative?: string;
  occurredOn?: string;
  accountabilityStartedOn?: string;
  remedies?: string;
  evidence?: string[];
}

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

export type CaseValidation = { ok: true; value: Case } | { ok: false; id: string | null; errors: CaseError[] };
