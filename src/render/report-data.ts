// The report as data (ReportData): the evaluator's assessment plus what the
// report adds (the policy's texts the views quote, the procedure with
// computed deadlines, counterfactuals, the notice). The JSON format is this
// object, and the text, Markdown and HTML reports and the draft render it
// alone; src/commands/report-data.ts builds it.
import type { Matter, Subject } from '../case/schema.js';
import type { Assessment, CounterfactualAnalysis } from '../evaluate/result.js';
import type { PolicyMetadata } from '../policy/metadata.js';
import type { Addressee } from '../policy/schema.js';
import type { ComputedDeadline } from '../procedure/deadlines.js';
import type { PolicyReading } from './readings.js';

export interface CitationView {
  article: string;
  text: string;
  note?: string;
}

export interface ProcedureView {
  /** Who decides (认定主体). */
  authority: CitationView & { body: string };
  /** Who receives the application; `addressee`, whom the draft is addressed to. */
  receiver: CitationView & { body: string; addressee: Addressee };
  steps: Array<CitationView & { name: string }>;
  deadlines: ComputedDeadline[];
  notes: CitationView[];
  note: string | null;
  resultUse: CitationView[];
  correction: CitationView[];
  clarification: CitationView[];
}

/** An article introducing a list of rule items: its lead sentence and the ids of its items (their verdicts are in `assessment.rules`). */
export interface RuleGroupView extends CitationView {
  modality: '应当' | '可以' | null;
  items: string[];
}

/** A clause with a fixed consequence (situationAlone, stillAccountable). */
export interface ClauseView extends CitationView {
  modality: '应当' | '可以';
}

/** A fact of the policy's own (`<policy-id>.<name>`), as the views name and ask it. */
interface PolicyFactView {
  id: string;
  label: string;
  question: string;
}

/** The policy's metadata, then the texts the views quote beside the verdicts. */
export interface PolicyView extends PolicyMetadata {
  /** How the draft refers to the policy after naming it once: 办法 (《办法》), or the title. */
  shortTitle: string;
  facts: PolicyFactView[];
  looks: { article: string | null; text: string | null; mappedFromFactors: boolean; note?: string };
  exclusions: RuleGroupView[];
  diligence: RuleGroupView[];
  situations: RuleGroupView[];
  /** 容错条件; null for a policy with no such list (`conditionsNote` then says so, or null). */
  conditions: RuleGroupView | null;
  conditionsNote: string | null;
  situationAlone: ClauseView | null;
  stillAccountable: ClauseView | null;
  mitigation: RuleGroupView[];
  /** True where the source lost its item numbers and the policy numbers them by order: the views mark every 第(X)项 as inferred. */
  itemNumbersInferred: boolean;
}

/**
 * A reading the outcome rests on (src/render/readings.ts): the encoder's note in
 * words for people, or a catch-all item's judgement, for a basis item, a matched
 * item or a failed condition; `rule`, the rule id whose verdict is in `assessment.rules`.
 */
export type ReadingView = PolicyReading;

export interface ReportData {
  case: { id: string; subject: Subject | null; matter: Matter | null };
  policy: PolicyView;
  assessment: Assessment;
  procedure: ProcedureView;
  counterfactuals: CounterfactualAnalysis;
  notice: string;
  today: string | null;
  /** The readings the outcome rests on, in the policy's order. */
  readings: ReadingView[];
}
