// The report as data: the evaluator's assessment plus what the report adds
// (procedure with computed deadlines, counterfactuals, the notice). The JSON
// format is this object; the text, Markdown and HTML views render it.
import type { Case, Matter, Subject } from '../case/schema.js';
import { counterfactuals, type CounterfactualAnalysis } from '../evaluate/counterfactual.js';
import type { Assessment } from '../evaluate/evaluate.js';
import type { CompiledPolicy } from '../policy/compile.js';
import type { Citation as PolicyCitation } from '../policy/schema.js';
import { computeDeadlines, type ComputedDeadline } from '../procedure/deadlines.js';

/** What the report and draft renderers take (the interactive `assess` command builds one too). */
export interface ReportInput {
  kase: Case;
  compiled: CompiledPolicy;
  /** A full assessment (not `brief`): the report shows every rule's verdict. */
  assessment: Assessment;
  /** ISO date the deadline status is counted from; absent, no status is printed (goldens stay fixed). */
  today?: string;
}

export interface CitationView {
  article: string;
  text: string;
  note?: string;
}

export interface ProcedureView {
  /** Who decides (认定主体). */
  authority: CitationView & { body: string };
  /** Who receives the application. */
  receiver: CitationView & { body: string };
  steps: Array<CitationView & { name: string }>;
  deadlines: ComputedDeadline[];
  notes: CitationView[];
  note: string | null;
  resultUse: CitationView[];
  correction: CitationView[];
  clarification: CitationView[];
}

export interface ReportData {
  case: { id: string; subject: Subject | null; matter: Matter | null };
  policy: { id: string; title: string; shortName: string; issuer: string; documentNumber: string | null; date: string | null; status: string };
  assessment: Assessment;
  procedure: ProcedureView;
  counterfactuals: CounterfactualAnalysis;
  notice: string;
  today: string | null;
}

function view(c: PolicyCitation): CitationView {
  return c.note ? { article: c.ref, text: c.text, note: c.note } : { article: c.ref, text: c.text };
}

export function noticeText(compiled: CompiledPolicy): string {
  const p = compiled.policy;
  return `本意见由 rongcuo 依《${p.title}》逐条比对案例事实生成，是辅助评估意见，不是认定结论。是否容错、如何处理，由有权党组织（${p.authority.body}，见${p.authority.ref}）依规定程序调查核实、研究认定。`;
}

export function procedureView(compiled: CompiledPolicy, matter: Matter | undefined, today?: string): ProcedureView {
  const p = compiled.policy;
  return {
    authority: { ...view(p.authority), body: p.authority.body },
    receiver: { ...view(p.procedure.receiver), body: p.procedure.receiver.body },
    steps: p.procedure.steps.map((s) => ({ ...view(s), name: s.name })),
    deadlines: computeDeadlines(p, matter?.accountabilityStartedOn, today),
    notes: p.procedure.notes.map(view),
    note: p.procedure.note ?? null,
    resultUse: p.resultUse.map(view),
    correction: p.correction.map(view),
    clarification: p.clarification.map(view),
  };
}

export function buildReportData(input: ReportInput): ReportData {
  const { kase, compiled, assessment, today } = input;
  const p = compiled.policy;
  return {
    case: { id: kase.id, subject: kase.subject ?? null, matter: kase.matter ?? null },
    policy: { id: p.id, title: p.title, shortName: p.shortName, issuer: p.issuer, documentNumber: p.documentNumber, date: p.date, status: p.status },
    assessment,
    procedure: procedureView(compiled, kase.matter, today),
    counterfactuals: counterfactuals(compiled, kase.facts, assessment),
    notice: noticeText(compiled),
    today: today ?? null,
  };
}
