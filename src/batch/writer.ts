// Where a batch's results go: rendered into the output in file order, and counted into the summary.
import type { Sink } from '../io/output.js';
import { invalidNotice, type CheckResult, type CheckSummary, type ResultRenderer } from '../render/check.js';
import { tally } from './entry.js';
import type { ChunkReport } from './protocol.js';

/**
 * Results into the sink through the renderer, counted into the summary as
 * they go; invalid cases told on stderr too in the machine formats. Results
 * a worker rendered come as bytes.
 */
export class ResultWriter {
  results = 0;
  readonly summary: CheckSummary = { cases: 0, byOutcome: {}, mismatches: 0, invalid: 0 };

  constructor(
    private readonly sink: Sink,
    private readonly renderer: ResultRenderer,
    /** Machine formats tell invalid cases on stderr too, naming the input so (the table lists them itself). */
    private readonly noticeFile: string | null,
  ) {}

  begin(): void {
    this.sink.write(this.renderer.begin());
  }

  readonly emit = (r: CheckResult): void => {
    tally(this.summary, r);
    if (r.outcome === null && this.noticeFile !== null) process.stderr.write(`${invalidNotice(r, this.noticeFile)}\n`);
    this.sink.write(this.results === 0 ? this.renderer.result(r) : this.renderer.separator + this.renderer.result(r));
    this.results++;
  };

  /** Counts the cases a worker checked in a chunk, and their results, which it tallied, into the summary. */
  countChunk(report: ChunkReport): void {
    const { summary } = this;
    summary.cases += report.entries - report.holes.length;
    for (const [outcome, n] of Object.entries(report.byOutcome) as Array<[keyof CheckSummary['byOutcome'], number]>) {
      summary.byOutcome[outcome] = (summary.byOutcome[outcome] ?? 0) + n;
    }
    summary.mismatches += report.mismatches;
  }

  /** Results a worker rendered already, as UTF-8; `written` as for Sink.writeBytes. */
  writeRendered(output: Uint8Array, results: number, written: () => void): void {
    if (results === 0) {
      written();
      return;
    }
    if (this.results > 0) this.sink.write(this.renderer.separator);
    this.sink.writeBytes(output, written);
    this.results += results;
  }

  /** Waits, if the reader of the output is behind, until it has caught up. */
  async caughtUp(): Promise<void> {
    await this.sink.caughtUp();
  }

  end(): void {
    this.sink.write(this.renderer.end(this.summary, this.results));
  }
}
