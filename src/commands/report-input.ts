// What the `report` and `draft` commands load before any view renders: the
// cases of the file, each with its policy and full assessment, and then its
// report data; the output format; the date deadlines are counted from.
import { loadCaseFile, pickCase } from '../case/load.js';
import { inputName } from '../case/read.js';
import type { Case } from '../case/schema.js';
import { UserError } from '../errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { resolveBundledPolicy, resolvePolicy } from '../policy/registry.js';
import { isoDateProblem } from '../case/iso-date.js';
import type { ReportData } from '../render/report-data.js';
import { buildReportData, type ReportInput } from './report-data.js';

/** Today's date where the user is (deadline status); `RONGCUO_TODAY=YYYY-MM-DD` fixes it for tests and reruns. */
export function todayIso(): string {
  const fixed = process.env.RONGCUO_TODAY;
  if (fixed !== undefined && fixed !== '') {
    const problem = isoDateProblem(fixed);
    if (problem) throw new UserError(`环境变量 RONGCUO_TODAY=${fixed}：${problem}。请设为 YYYY-MM-DD 格式的实际日期，例如 2026-10-09，或不设。`);
    return fixed;
  }
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The format from --format, else from the --output extension, else the default. */
export function chooseFormat<F extends string>(
  format: string | undefined,
  output: string | undefined,
  allowed: readonly F[],
  byExtension: Record<string, F>,
  fallback: F,
): F {
  if (format !== undefined) {
    if (!(allowed as readonly string[]).includes(format)) throw new UserError(`--format ${format}：不支持。可用：${allowed.join(' | ')}。`);
    return format as F;
  }
  const ext = output ? /\.([a-z]+)$/i.exec(output)?.[1]?.toLowerCase() : undefined;
  return (ext && byExtension[ext]) || fallback;
}

interface LoadOptions {
  policy?: string;
  case?: string;
}

/** A case of the file with the policy it is assessed under, not assessed yet. */
interface CaseToAssess {
  kase: Case;
  compiled: CompiledPolicy;
}

/** Every selected case of the file with its policy; any problem is a UserError before output starts. */
export async function loadCases(file: string, opts: LoadOptions): Promise<CaseToAssess[]> {
  const fixed: CompiledPolicy | undefined = opts.policy ? resolvePolicy(opts.policy) : undefined;
  const name = inputName(file);
  const cases = pickCase(await loadCaseFile(file, fixed ? [fixed] : []), opts.case, name);
  if (cases.length === 0) throw new UserError(`${name}：文件中没有案例。`);
  return cases.map((kase: Case) => ({ kase, compiled: fixed ?? policyOf(kase, name) }));
}

/** The case's full assessment, for the report and draft views. */
export function assessCase({ kase, compiled }: CaseToAssess, today?: string): ReportInput {
  const input: ReportInput = { kase, compiled, assessment: evaluate(compiled, kase.facts) };
  if (today) input.today = today;
  return input;
}

/** Each case's report data, built only when its turn comes: a large file's reports are never all held at once. */
export function* reportDataEach(cases: Iterable<CaseToAssess>, today?: string): Generator<ReportData> {
  for (const c of cases) yield buildReportData(assessCase(c, today));
}

function policyOf(kase: Case, file: string): CompiledPolicy {
  if (!kase.policy) {
    throw new UserError(`${file}：案例“${kase.id}”未指定政策。请加 --policy <政策 id>，或在案例中写 "policy": "<政策 id>"（rongcuo policies 列出内置政策）。`);
  }
  try {
    return resolveBundledPolicy(kase.policy);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`${file}：案例“${kase.id}”的 policy：${error.message}`);
    throw error;
  }
}
