// Builds the report data (src/render/report-data.ts) from a case, its
// compiled policy and its full assessment: the policy's texts the views
// quote, the procedure with its deadlines counted, the counterfactuals and
// the notice. The views then render that object alone.
import type { Case, Matter } from '../case/schema.js';
import { counterfactuals } from '../evaluate/counterfactual.js';
import type { Assessment } from '../evaluate/evaluate.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { policyMetadata } from '../policy/metadata.js';
import type { Citation, Policy, RuleGroup } from '../policy/schema.js';
import { computeDeadlines } from '../procedure/deadlines.js';
import type { CitationView, ClauseView, PolicyView, ProcedureView, ReadingView, ReportData, RuleGroupView } from '../render/report-data.js';
import { itemNumbersInferred, policyReadings } from '../render/readings.js';

/** What the report data is built from (the `report`, `draft` and `assess` commands each have one). */
export interface ReportInput {
  kase: Case;
  compiled: CompiledPolicy;
  /** A full assessment (not `brief`): the report shows every rule's verdict. */
  assessment: Assessment;
  /** ISO date the deadline status is counted from; absent, no status is printed (goldens stay fixed). */
  today?: string;
}

function view(c: Citation): CitationView {
  return c.note ? { article: c.ref, text: c.text, note: c.note } : { article: c.ref, text: c.text };
}

function groupView(g: RuleGroup): RuleGroupView {
  return { ...view(g), modality: g.modality ?? null, items: g.items.map((r) => r.id) };
}

function clauseView(c: (Citation & { modality: '应当' | '可以' }) | undefined): ClauseView | null {
  return c ? { ...view(c), modality: c.modality } : null;
}

/** 《办法》, 《制度》…: how the draft refers to the policy after naming it once (without the 《》). */
function shortTitle(title: string): string {
  return /(办法|制度|规定|意见|细则|机制)(\(试行\)|（试行）)?$/.exec(title)?.[1] ?? title;
}

function noticeText(compiled: CompiledPolicy): string {
  const p = compiled.policy;
  return `本意见由 rongcuo 依《${p.title}》逐条比对案例事实生成，是辅助评估意见，不是认定结论。是否容错、如何处理，由有权党组织（${p.authority.body}，见${p.authority.ref}）依规定程序调查核实、研究认定。`;
}

function policyView(p: Policy): PolicyView {
  return {
    ...policyMetadata(p),
    shortTitle: shortTitle(p.title),
    facts: p.facts.map((f) => ({ id: f.id, label: f.label, question: f.question })),
    looks: {
      article: p.looks.ref ?? null,
      text: p.looks.text ?? null,
      mappedFromFactors: p.looks.mappedFromFactors,
      ...(p.looks.note ? { note: p.looks.note } : {}),
    },
    exclusions: p.exclusions.map(groupView),
    diligence: p.diligence.map(groupView),
    situations: p.situations.map(groupView),
    conditions: p.conditions ? groupView(p.conditions) : null,
    conditionsNote: p.conditionsNote ?? null,
    situationAlone: clauseView(p.situationAlone),
    stillAccountable: clauseView(p.stillAccountable),
    mitigation: p.mitigation.map(groupView),
    itemNumbersInferred: itemNumbersInferred(p),
  };
}

/**
 * The readings the outcome rests on: those of the basis, of every item that
 * holds (a matched situation, a triggered red line…), of a failed 容错条件, of
 * a red line of 三个区分开来 that is met, and of the clause that decided.
 */
function outcomeReadings(p: Policy, a: Assessment): ReadingView[] {
  const inBasis = (article: string, text: string) => a.basis.some((b) => b.article === article && b.text === text);
  const verdicts = new Map(a.rules.map((r) => [r.id, r]));
  // Which checklists the outcome rests on: none beyond the basis where a red line or the scope decided.
  const step = a.decidedBy;
  const checklists = step === 'scope' || step === 'red-lines' ? new Set<string>() : step === 'diligence' ? new Set(['diligence']) : new Set(['situation', 'condition', 'mitigation', 'exclusion']);
  const wrong = new Set(a.distinctions.filter((d) => d.side === 'wrong').map((d) => `${d.ref}|${d.text}`));
  return policyReadings(p).filter((r) => {
    if (inBasis(r.article, r.text)) return true;
    switch (r.section) {
      case 'distinction':
        return wrong.has(`${r.article}|${r.text}`);
      case 'look':
        return false;
      case 'still-accountable':
        return a.decidedBy === 'still-accountable';
      case 'situation-alone':
        return a.decidedBy === 'situation-alone';
      default: {
        const v = r.rule ? verdicts.get(r.rule) : undefined;
        if (!checklists.has(r.section)) return false;
        return v?.verdict === true || (r.section === 'condition' && v?.verdict === false);
      }
    }
  });
}

function procedureView(compiled: CompiledPolicy, matter: Matter | undefined, today?: string): ProcedureView {
  const p = compiled.policy;
  const receiver = p.procedure.receiver;
  return {
    authority: { ...view(p.authority), body: p.authority.body },
    receiver: { ...view(receiver), body: receiver.body, addressee: { ...receiver.addressee } },
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
  return {
    case: { id: kase.id, subject: kase.subject ?? null, matter: kase.matter ?? null },
    policy: policyView(compiled.policy),
    assessment,
    procedure: procedureView(compiled, kase.matter, today),
    counterfactuals: counterfactuals(compiled, kase.facts, assessment),
    notice: noticeText(compiled),
    today: today ?? null,
    readings: outcomeReadings(compiled.policy, assessment),
  };
}
