// Views of `rongcuo check` results: json (the stable contract of
// docs/case-format.md), ndjson, csv and a terminal table. Each renderer streams:
// begin, one call per result, end with the summary; `checkRenderer` makes
// them all.
import type { CaseError } from '../case/schema.js';
import type { Citation } from '../evaluate/result.js';
import { OUTCOME_LABELS, OUTCOME_SHORT, type Outcome } from '../vocabulary.js';
import { csvSafe, sanitizeForTerminal as oneLine, stringifyJson, terminalSafeJson } from './safe-text.js';
import { utf8, type Utf8Output } from './utf8.js';
// Terminal styling (chalk, string-width) only for the table, loaded with it: the machine formats start without it.
type Style = typeof import('./style.js');
type ChalkInstance = ReturnType<Style['makeChalk']>;

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
  /** One result's text: the writer puts `separator` between two results. */
  result(r: CheckResult): string;
  separator: string;
  /** `results`: how many results were written. */
  end(summary: CheckSummary, results: number): string;
}

/** A renderer as `checkRenderer` makes it: results also as UTF-8 bytes, for the parallel check's chunks. */
export interface CheckRenderer extends ResultRenderer {
  /** The same bytes as `result(r)`, as UTF-8 into `out`. */
  resultInto(r: CheckResult, out: Utf8Output): void;
}

interface RendererOptions {
  /** table: coloured, for a terminal. */
  isTerminal?: boolean;
  /** table: policies' short names by id, filled in as the batch meets them. */
  policyNames?: ReadonlyMap<string, string>;
  /** table: one column per policy (a batch under several). */
  sideBySide?: boolean;
  /** csv: a byte order mark first (a file, for spreadsheet programs). */
  bom?: boolean;
}

/**
 * The renderer of a format, for the main thread and the parallel check's
 * workers alike. Each renderer keeps its own encoded texts (see ResultJson):
 * nothing is shared between renderers.
 */
export async function checkRenderer(format: CheckFormat, options: RendererOptions = {}): Promise<CheckRenderer> {
  switch (format) {
    case 'json':
      return jsonRenderer();
    case 'ndjson':
      return ndjsonRenderer();
    case 'csv':
      return withTextInto(csvRenderer(options.bom ?? false));
    case 'table':
      return withTextInto(await tableRenderer(options.isTerminal ?? false, options.policyNames ?? new Map(), options.sideBySide ?? false));
  }
}

/** A renderer whose results go into bytes as their text (the formats that repeat no long texts). */
function withTextInto(renderer: ResultRenderer): CheckRenderer {
  return { ...renderer, resultInto: (r, out) => out.text(renderer.result(r)) };
}

/**
 * A case's result as check builds it for an assessed case, keys in the
 * order of the JSON contract (docs/case-format.md); `resultJson` writes exactly
 * this shape without walking it.
 */
export function assessedResult(
  caseId: string,
  policy: string,
  assessment: { outcome: Outcome; missingFacts: string[]; basis: Citation[] },
  expected: Outcome | undefined,
): CheckResult {
  const result: CheckResult = {
    case: caseId,
    policy,
    outcome: assessment.outcome,
    missingFacts: assessment.missingFacts,
    basis: assessment.basis,
  };
  if (expected !== undefined) {
    result.expected = expected;
    result.matches = expected === assessment.outcome;
  }
  return result;
}

/** A result `assessedResult` built (not an invalid case's): written field by field. */
const isAssessed = (r: CheckResult): r is CheckResult & { policy: string; outcome: Outcome; missingFacts: string[]; basis: Citation[] } =>
  r.errors === undefined && r.missingFacts !== undefined && r.basis !== undefined;

/** The rest of an assessed result: expected and matches, when there are, and the closing brace. */
function endText(r: CheckResult): string {
  if (r.expected === undefined && r.matches === undefined) return '}';
  return `${r.expected !== undefined ? `,"expected":${JSON.stringify(r.expected)}` : ''}${r.matches !== undefined ? `,"matches":${r.matches}` : ''}}`;
}

const missingJson = (missingFacts: string[]) => (missingFacts.length === 0 ? '[]' : stringifyJson(missingFacts));

const BASIS_CACHE_LIMIT = 1024;
const RESULT_TAILS_LIMIT = 1024;

/**
 * JSON.stringify(r) of results, byte for byte, as text or as UTF-8. An
 * assessed result (built by `assessedResult`) is written field by field
 * from the texts a batch repeats (a few dozen distinct bases, the policy
 * ids, the outcomes), encoded once and kept here, by the renderer that owns
 * it; an invalid one (with `errors`) by JSON.stringify.
 */
class ResultJson {
  /**
   * The JSON text of each distinct basis seen so far, found by its first
   * citation's text: the policy's own string, whose hash the engine keeps,
   * so a lookup costs no hashing of new text.
   */
  private readonly bases = new Map<string, Array<{ basis: Citation[]; json: string }>>();
  /** JSON strings of the few policy ids and outcomes a batch repeats. */
  private readonly strings = new Map<string, string>();
  /**
   * The UTF-8 of `tailText`, which results of a batch repeat (a few dozen
   * distinct ones), found by the basis's JSON text, then by policy,
   * outcome and missing facts.
   */
  private readonly tails = new Map<string, Array<{ policy: string; outcome: string; missing: string; bytes: Uint8Array }>>();

  /** JSON.stringify(r). */
  text(r: CheckResult): string {
    if (!isAssessed(r)) return stringifyJson(r);
    return `{"case":${terminalSafeJson(JSON.stringify(r.case))}${this.tailText(r.policy, r.outcome, missingJson(r.missingFacts), this.basisJson(r.basis))}${endText(r)}`;
  }

  /** `text(r)` as UTF-8 into `out`, byte for byte: the repeated tail copied, not encoded again. */
  into(r: CheckResult, out: Utf8Output): void {
    if (!isAssessed(r)) {
      out.text(stringifyJson(r));
      return;
    }
    out.text('{"case":');
    out.text(terminalSafeJson(JSON.stringify(r.case)));
    out.copy(this.tail(r.policy, r.outcome, missingJson(r.missingFacts), this.basisJson(r.basis)));
    out.text(endText(r));
  }

  /** JSON.stringify(basis), kept when the same citations came before. */
  private basisJson(basis: Citation[]): string {
    if (basis.length === 0) return '[]';
    const seen = this.bases.get(basis[0]!.text);
    if (seen) {
      for (const s of seen) {
        if (s.basis.length === basis.length && s.basis.every((c, i) => c.article === basis[i]!.article && c.text === basis[i]!.text)) return s.json;
      }
    }
    const json = stringifyJson(basis);
    if (this.bases.size < BASIS_CACHE_LIMIT && (seen?.length ?? 0) < BASIS_CACHE_LIMIT) {
      const entry = { basis: basis.map((c) => ({ article: c.article, text: c.text })), json };
      if (seen) seen.push(entry);
      else this.bases.set(basis[0]!.text, [entry]);
    }
    return json;
  }

  private jsonOf(value: string): string {
    let json = this.strings.get(value);
    if (json === undefined) {
      json = stringifyJson(value);
      if (this.strings.size < 256) this.strings.set(value, json);
    }
    return json;
  }

  /** `,"policy":…,"outcome":…,"missingFacts":…,"basis":…`: an assessed result after its case id. */
  private tailText(policy: string, outcome: string, missing: string, basis: string): string {
    return `,"policy":${this.jsonOf(policy)},"outcome":${this.jsonOf(outcome)},"missingFacts":${missing},"basis":${basis}`;
  }

  private tail(policy: string, outcome: string, missing: string, basis: string): Uint8Array {
    const seen = this.tails.get(basis);
    if (seen) for (const t of seen) if (t.policy === policy && t.outcome === outcome && t.missing === missing) return t.bytes;
    const bytes = utf8(this.tailText(policy, outcome, missing, basis));
    if (this.tails.size < RESULT_TAILS_LIMIT && (seen?.length ?? 0) < 64) {
      const entry = { policy, outcome, missing, bytes };
      if (seen) seen.push(entry);
      else this.tails.set(basis, [entry]);
    }
    return bytes;
  }
}

/** Its results rendered alone, as are ndjson's and csv's: a worker of the parallel check renders its share. */
function jsonRenderer(): CheckRenderer {
  const json = new ResultJson();
  return {
    begin: () => '{\n  "results": [\n',
    result: (r) => `    ${json.text(r)}`,
    resultInto(r, out) {
      out.text('    ');
      json.into(r, out);
    },
    separator: ',\n',
    end: (summary, results) => `${results === 0 ? '' : '\n'}  ],\n  "summary": ${JSON.stringify(summary)}\n}\n`,
  };
}

function ndjsonRenderer(): CheckRenderer {
  const json = new ResultJson();
  return {
    begin: () => '',
    result: (r) => `${json.text(r)}\n`,
    resultInto(r, out) {
      json.into(r, out);
      out.text('\n');
    },
    separator: '',
    end: () => '',
  };
}

/** A cell, neutralised for spreadsheets and with controls escaped (csvSafe), quoted where it must be. */
function csvField(value: string): string {
  const safe = csvSafe(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRenderer(withBom: boolean): ResultRenderer {
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
    separator: '',
    end: () => '',
  };
}

function summaryLines(summary: CheckSummary, c: ChalkInstance, { paintOutcome }: Style): string {
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
    lines.push(c.red(`✗ ${where}${r.case ? `（${oneLine(r.case)}）` : ''}无效：`));
    for (const e of r.errors ?? []) lines.push(`    ${oneLine(e.path) || '（整体）'}：${oneLine(e.message)}`);
  }
  return lines;
}

/**
 * One row per case and policy; with several policies, one row per case and a
 * column per policy, so differences between jurisdictions show at a glance.
 */
async function tableRenderer(isTerminal: boolean, policyNames: ReadonlyMap<string, string>, sideBySide: boolean): Promise<ResultRenderer> {
  const style = await import('./style.js');
  const { formatTable, paintOutcome, truncate } = style;
  const c = style.makeChalk(isTerminal);
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
  /** Case data and policy texts, controls escaped: one line each. */
  const plainCell = (text: string): [string, string] => [oneLine(text), oneLine(text)];
  const policyName = (id: string) => oneLine(policyNames.get(id) ?? id);
  return {
    begin: () => '',
    result(r) {
      (r.outcome === null ? invalid : valid).push(r);
      return '';
    },
    separator: '',
    end(summary) {
      const out: string[] = [];
      if (sideBySide) {
        const policies = [...new Set(valid.map((r) => r.policy!))];
        const byCase = new Map<string, Map<string, CheckResult>>();
        for (const r of valid) {
          if (!byCase.has(r.case!)) byCase.set(r.case!, new Map());
          byCase.get(r.case!)!.set(r.policy!, r);
        }
        const header = ['案例', ...policies.map(policyName)];
        const rows = [...byCase].map(([id, results]) => {
          const outcomes = new Set([...results.values()].map((r) => r.outcome));
          const shown = oneLine(id);
          const idCell: [string, string] = outcomes.size > 1 ? [`${shown} ≠`, `${shown} ${c.yellow('≠')}`] : plainCell(id);
          return [idCell, ...policies.map((p) => (results.has(p) ? cell(results.get(p)!) : plainCell('—')))];
        });
        if (rows.length > 0) out.push(formatTable(header, rows, c));
        if (rows.some((r) => r[0]![0].endsWith('≠'))) out.push(c.dim('≠ 各政策结论不同'));
      } else {
        const rows = valid.map((r) => [
          plainCell(r.case!),
          plainCell(policyName(r.policy!)),
          cell(r),
          plainCell(truncate(oneLine((r.basis ?? []).map((b) => b.article).join('、')) || '—', 36)),
          plainCell(truncate(oneLine((r.missingFacts ?? []).join(' ')) || '—', 36)),
        ]);
        if (rows.length > 0) out.push(formatTable(['案例', '政策', '结论', '依据', '待补充事实'], rows, c));
      }
      out.push(...errorLines(invalid, c));
      out.push(summaryLines(summary, c, style));
      out.push(c.dim('提示：本结果仅为辅助评估意见，是否容错由有权党组织认定。用 rongcuo report 查看逐条理由。'));
      return `${out.join('\n')}\n`;
    },
  };
}

/** For machine formats: invalid cases are also told on stderr, one line each (controls escaped). */
export function invalidNotice(r: CheckResult, file: string): string {
  const where = r.line !== undefined ? `${oneLine(file)}:${r.line}` : `${oneLine(file)} cases[${r.index ?? 0}]`;
  return (r.errors ?? []).map((e) => `${where}${r.case ? `（${oneLine(r.case)}）` : ''}${e.path ? ` ${oneLine(e.path)}` : ''}：${oneLine(e.message)}`).join('\n');
}
