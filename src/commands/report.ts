// `rongcuo report FILE`: the reasoned assessment of each case (or one, with
// --case) as text, Markdown, HTML or JSON, to stdout or a file written safely.
import { EXIT_OK } from '../errors.js';
import { checkOutput, writeOutput } from '../io/output.js';
import { buildReportData, renderReports } from '../render/report.js';
import { makeChalk } from '../render/style.js';
import { chooseFormat, loadAndAssess, todayIso } from '../render/report-input.js';

export interface ReportOptions {
  policy?: string;
  case?: string;
  format?: string;
  output?: string;
  force?: boolean;
}

export const REPORT_FORMATS = ['text', 'md', 'json', 'html'] as const;
export type ReportCommandFormat = (typeof REPORT_FORMATS)[number];

export async function runReport(file: string, opts: ReportOptions): Promise<number> {
  const format = chooseFormat<ReportCommandFormat>(opts.format, opts.output, REPORT_FORMATS, { md: 'md', markdown: 'md', json: 'json', html: 'html', htm: 'html', txt: 'text' }, 'text');
  const force = opts.force ?? false;
  // Checked before any work, so that a run that cannot write fails at once and leaves nothing.
  checkOutput(opts.output, force, file);
  const inputs = await loadAndAssess(file, opts, todayIso());
  let content: string;
  if (format === 'json') {
    content = `${JSON.stringify({ reports: inputs.map(buildReportData) }, null, 2)}\n`;
  } else {
    const terminal = !opts.output && Boolean(process.stdout.isTTY);
    content = renderReports(inputs, format, makeChalk(terminal && format === 'text'));
  }
  writeOutput(opts.output, content, force, file);
  return EXIT_OK;
}
