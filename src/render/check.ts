// Views of `rongcuo check` results: json (the stable contract of
// docs/case-format.md), ndjson, csv and a terminal table. Each renderer streams:
// begin, one call per result, end with the summary.
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
  /**
   * The same bytes as `result(r)`, as UTF-8 into `out` (the parallel
   * check's chunks): for the formats whose results repeat long texts.
   */
  resultInto?(r: CheckResult, out: Utf8Output): void;
  /** `results`: how many results were written. */
  end(summary: CheckSummary, results: number): string;
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

/**
 * The JSON text of each distinct basis seen so far (a batch repeats a few
 * dozen), found by its first citation's text: the policy's own string, whose
 * hash the engine keeps, so a lookup costs no hashing of new text.
 */
const basisJsonCache = new Map<string, Array<{ basis: Citation[]; json: string }>>();
const BASIS_CACHE_LIMIT = 1024;

/** JSON.stringify(basis), from the cache when the same citations came before. */
function basisJson(basis: Citation[]): string {
  if (basis.length === 0) return '[]';
  const seen = basisJsonCache.get(basis[0]!.text);
  if (seen) {
    for (const s of seen) {
      if (s.basis.length === basis.length && s.basis.every((c, i) => c.article === basis[i]!.article && c.text === basis[i]!.text)) return s.json;
    }
  }
  const json = stringifyJson(basis);
  if (basisJsonCache.size < BASIS_CACHE_LIMIT && (seen?.length ?? 0) < BASIS_CACHE_LIMIT) {
    const entry = { basis: basis.map((c) => ({ article: c.article, text: c.text })), json };
    if (seen) seen.push(entry);
    else basisJsonCache.set(basis[0]!.text, [entry]);
  }
  return json;
}

/** JSON strings of the few policy ids and outcomes a batch repeats. */
const jsonStrings = new Map<string, string>();
function jsonOf(value: string): string {
  let json = jsonStrings.get(value);
  if (json === undefined) {
    json = stringifyJson(value);
    if (jsonStrings.size < 256) jsonStrings.set(value, json);
  }
  return json;
}

/** A result `assessedResult` built (not an invalid case's): written field by field. */
const isAssessed = (r: CheckResult): r is CheckResult & { policy: string; outcome: Outcome; missingFacts: string[]; basis: Citation[] } =>
  r.errors === undefined && r.missingFacts !== undefined && r.basis !== undefined;

/** `,"policy":…,"outcome":…,"missingFacts":…,"basis":…`: an assessed result after its case id. */
function tailText(policy: string, outcome: string, missing: string, basis: string): string {
  return `,"policy":${jsonOf(policy)},"outcome":${jsonOf(outcome)},"missingFacts":${missing},"basis":${basis}`;
}

/** The rest of an assessed result: expected and matches, when there are, and the closing brace. */
function endText(r: CheckResult): string {
  if (r.expected === undefined && r.matches === undefined) return '}';
  return `${r.expected !== undefined ? `,"expected":${JSON.stringify(r.expected)}` : ''}${r.matches !== undefined ? `,"matches":${r.matches}` : ''}}`;
}

const missingJson = (missingFacts: string[]) => (missingFacts.length === 0 ? '[]' : stringifyJson(missingFacts));

/**
 * stringifyJson(r) (JSON.stringify, terminal-safe), byte for byte. An
 * assessed case (built by `assessedResult`) is written field by field with
 * its basis from the cache; an invalid one (with `errors`) by stringifyJson.
 */
export function resultJson(r: CheckResult): string {
  if (!isAssessed(r)) return stringifyJson(r);
  return `{"case":${terminalSafeJson(JSON.stringify(r.case))}${tailText(r.policy, r.outcome, missingJson(r.missingFacts), basisJson(r.basis))}${endText(r)}`;
}

/**
 * The UTF-8 of `tailText`, which results of a batch repeat (a few dozen
 * distinct ones), found by the basis's cached JSON text, then by policy,
 * outcome and missing facts.
 */
const resultTails = new Map<string, Array<{ policy: string; outcome: string; missing: string; bytes: Uint8Array }>>();
const RESULT_TAILS_LIMIT = 1024;

function resultTail(policy: string, outcome: string, missing: string, basis: string): Uint8Array {
  const seen = resultTails.get(basis);
  if (seen) for (const t of seen) if (t.policy === policy && t.outcome === outcome && t.missing === missing) return t.bytes;
  const bytes = utf8(tailText(policy, outcome, missing, basis));
  if (resultTails.size < RESULT_TAILS_LIMIT && (seen?.length ?? 0) < 64) {
    const entry = { policy, outcome, missing, bytes };
    if (seen) seen.push(entry);
    else resultTails.set(basis, [entry]);
  }
  return bytes;
}

/** `resultJson(r)` as UTF-8 into `out`, byte for byte: the repeated tail copied, not encoded again. */
export function writeResultJson(r: CheckResult, out: Utf8Output): void {
  if (!isAssessed(r)) {
    out.text(stringifyJson(r));
    return;
  }
  out.text('{"case":');
  out.text(terminalSafeJson(JSON.stringify(r.case)));
  out.copy(resultTail(r.policy, r.outcome, missingJson(r.missingFacts), basisJson(r.basis)));
  out.text(endText(r));
}

/** Stateless, as are ndjson and csv: a worker of the parallel check renders its share of results alone. */
export function jsonRenderer(): ResultRenderer {
  return {
    begin: () => '{\n  "results": [\n',
    result: (r) => `    ${resultJson(r)}`,
    resultInto(r, out) {
      out.text('    ');
      writeResultJson(r, out);
    },
    separator: ',\n',
    end: (summary, results) => `${results === 0 ? '' : '\n'}  ],\n  "summary": ${JSON.stringify(summary)}\n}\n`,
  };
}

export function ndjsonRenderer(): ResultRenderer {
  return {
    begin: () => '',
    result: (r) => `${resultJson(r)}\n`,
    resultInto(r, out) {
      writeResultJson(r, out);
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
export async function tableRenderer(isTerminal: boolean, policyNames: ReadonlyMap<string, string>, sideBySide: boolean): Promise<ResultRenderer> {
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
