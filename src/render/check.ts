// Views of `rongcuo check` results: json (the stable contract of
// CASE-FORMAT.md), ndjson, csv and a terminal table. Each renderer streams:
// begin, one call per result, end with the summary.
import type { ChalkInstance } from 'chalk';
import type { CaseError } from '../case/schema.js';
import type { Citation } from '../evaluate/evaluate.js';
import { OUTCOME_LABELS, type Outcome } from '../vocabulary.js';
import { OUTCOME_SHORT, formatTable, paintOutcome, truncate } from './style.js';

export interface CheckResult {
  case: string | null;
  policy: string | null;
  outcome: Outcome | null;
  missingFacts?: string[];
  basis?: Citation[];
  expected?: Outcome;
  matches?: boolean;
  /** Invalid cases only: what is wrong, by field path. */
  errors?: CaseError[];
  /** Invalid cases only: where the case stands in the file. */
  index?: number;
  line?: number;
}

export interface CheckSummary {
  cases: number;
  byOutcome: Partial<Record<Outcome, number>>;
  mismatches: number;
  invalid: number;
}

export const CHECK_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface ResultRenderer {
  begin(): string;
  result(r: CheckResult): string;
  end(summary: CheckSummary): string;
}

export function jsonRenderer(): ResultRenderer {
  let first = true;
  return {
    begin: () => '{\n  "results": [\n',
    result(r) {
      const text = `${first ? '' : ',\n'}    ${JSON.stringify(r)}`;
      first = false;
      return text;
    },
    end: (summary) => `${first ? '' : '\n'}  ],\n  "summary": ${JSON.stringify(summary)}\n}\n`,
  };
}

export function ndjsonRenderer(): ResultRenderer {
  return {
    begin: () => '',
    result: (r) => `${JSON.stringify(r)}\n`,
    end: () => '',
  };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRenderer(withBom: boolean): ResultRenderer {
  return {
    begin: () =>
      `${withBom ? '\uFEFF' : ''}case,policy,outcome,outcome_label,basis,missing_facts,expected,matches,errors\r\n`,
    result(r) {
      const fields = [
        r.case ?? '',
        r.policy ?? '',
        r.outcome ?? '',
        r.outcome ? OUTCOME_LABELS[r.outcome] : '无效',
        (r.basis ?? []).map((b) => b.article).join('；'),
        (r.missingFacts ?? []).join(' '),
        r.expected ?? '',
        r.matches === undefined ? '' : String(r.matches),
        (r.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('；'),
      ];
      return `${fields.map(csvField).join(',')}\r\n`;
    },
    end: () => '',
  };
}

function summaryLines(summary: CheckSummary, c: ChalkInstance): string {
  const counts = (Object.entries(summary.byOutcome) as Array<[Outcome, number]>)
    .map(([o, n]) => `${paintOutcome(c, o, OUTCOME_LABELS[o])} ${n}`)
    .join('，');
  const results = Object.values(summary.byOutcome).reduce((n, k) => n + (k ?? 0), 0);
  const valid = summary.cases - summary.invalid;
  // With several policies, a case has one result per policy: say both counts.
  const head = results > valid ? `共 ${summary.cases} 个案例、${results} 项评估结果` : `共 ${summary.cases} 个案例`;
  const parts = [`${head}${counts ? `：${counts}` : ''}`];
  if (summary.mismatches > 0) parts.push(c.red(`与预期不符 ${summary.mismatches}`));
  if (summary.invalid > 0) parts.push(c.red(`无效 ${summary.invalid}`));
  return parts.join('；');
}

function errorLines(invalid: CheckResult[], c: ChalkInstance): string[] {
  const lines: string[] = [];
  for (const r of invalid) {
    const where = r.line !== undefined ? `第 ${r.line} 行` : `第 ${(r.index ?? 0) + 1} 个案例`;
    lines.push(c.red(`✗ ${where}${r.case ? `（${r.case}）` : ''}无效：`));
    for (const e of r.errors ?? []) lines.push(`    ${e.path || '（整体）'}：${e.message}`);
  }
  return lines;
}

/**
 * One row per case and policy; with several policies, one row per case and a
 * column per policy, so differences between jurisdictions show at a glance.
 */
export function tableRenderer(c: ChalkInstance, policyNames: ReadonlyMap<string, string>, sideBySide: boolean): ResultRenderer {
  const valid: CheckResult[] = [];
  const invalid: CheckResult[] = [];
  const cell = (r: CheckResult): [string, string] => {
    const label = OUTCOME_SHORT[r.outcome!];
    if (r.matches === false) {
      const plain = `${label} ✗预期${OUTCOME_SHORT[r.expected!]}`;
      return [plain, `${paintOutcome(c, r.outcome!, label)} ${c.red(`✗预期${OUTCOME_SHORT[r.expected!]}`)}`];
    }
    return [label, paintOutcome(c, r.outcome!, label)];
  };
  const plainCell = (text: string): [string, string] => [text, text];
  return {
    begin: () => '',
    result(r) {
      (r.outcome === null ? invalid : valid).push(r);
      return '';
    },
    end(summary) {
      const out: string[] = [];
      if (sideBySide) {
        const policies = [...new Set(valid.map((r) => r.policy!))];
        const byCase = new Map<string, Map<string, CheckResult>>();
        for (const r of valid) {
          if (!byCase.has(r.case!)) byCase.set(r.case!, new Map());
          byCase.get(r.case!)!.set(r.policy!, r);
        }
        const header = ['案例', ...policies.map((p) => policyNames.get(p) ?? p)];
        const rows = [...byCase].map(([id, results]) => {
          const outcomes = new Set([...results.values()].map((r) => r.outcome));
          const idCell: [string, string] = outcomes.size > 1 ? [`${id} ≠`, `${id} ${c.yellow('≠')}`] : plainCell(id);
          return [idCell, ...policies.map((p) => (results.has(p) ? cell(results.get(p)!) : plainCell('—')))];
        });
        if (rows.length > 0) out.push(formatTable(header, rows, c));
        if (rows.some((r) => r[0]![0].endsWith('≠'))) out.push(c.dim('≠ 各政策结论不同'));
      } else {
        const rows = valid.map((r) => [
          plainCell(r.case!),
          plainCell(policyNames.get(r.policy!) ?? r.policy!),
          cell(r),
          plainCell(truncate((r.basis ?? []).map((b) => b.article).join('、') || '—', 36)),
          plainCell(truncate((r.missingFacts ?? []).join(' ') || '—', 36)),
        ]);
        if (rows.length > 0) out.push(formatTable(['案例', '政策', '结论', '依据', '待补充事实'], rows, c));
      }
      out.push(...errorLines(invalid, c));
      out.push(summaryLines(summary, c));
      out.push(c.dim('提示：本结果仅为辅助评估意见，是否容错由有权党组织认定。用 rongcuo report 查看逐条理由。'));
      return `${out.join('\n')}\n`;
    },
  };
}

/** For machine formats: invalid cases are also told on stderr, one line each. */
export function invalidNotice(r: CheckResult, file: string): string {
  const where = r.line !== undefined ? `${file}:${r.line}` : `${file} cases[${r.index ?? 0}]`;
  return (r.errors ?? []).map((e) => `${where}${r.case ? `（${r.case}）` : ''}${e.path ? ` ${e.path}` : ''}：${e.message}`).join('\n');
}
