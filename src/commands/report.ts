// `rongcuo report FILE`: the reasoned assessment of each case (or one, with
// --case) as text, Markdown, HTML or JSON, to stdout or a file written safely,
// streamed: each case is assessed, rendered and written before the next.
import { EXIT_OK } from '../errors.js';
import { checkOutput, openSink } from '../io/output.js';
import { reportPieces } from '../render/report.js';
import { makeChalk } from '../render/style.js';
import { chooseFormat, loadCases, reportDataEach, todayIso } from './report-input.js';

interface ReportOptions {
  policy?: string;
  case?: string;
  format?: string;
  output?: string;
  force?: boolean;
}

const REPORT_FORMATS = ['text', 'md', 'json', 'html'] as const;
type ReportCommandFormat = (typeof REPORT_FORMATS)[number];

export async function runReport(file: string, opts: ReportOptions): Promise<number> {
  const format = chooseFormat<ReportCommandFormat>(opts.format, opts.output, REPORT_FORMATS, { md: 'md', markdown: 'md', json: 'json', html: 'html', htm: 'html', txt: 'text' }, 'text');
  const force = opts.force ?? false;
  // Checked before any work, so that a run that cannot write fails at once and leaves nothing.
  checkOutput(opts.output, force, file);
  const today = todayIso();
  const cases = await loadCases(file, opts);
  // Report by report into the sink: a file of any number of cases is written in bounded memory.
  const sink = openSink(opts.output, force, file);
  try {
    const c = makeChalk(sink.isTerminal && format === 'text');
    for (const piece of reportPieces(reportDataEach(cases, today), cases.length, format, c)) {
      sink.write(piece);
      await sink.caughtUp();
    }
    sink.commit();
  } catch (error) {
    sink.abort();
    throw error;
  }
  return EXIT_OK;
}
