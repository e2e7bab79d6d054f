// `rongcuo check FILE`: batch assessment. load → validate → evaluate → render,
// streamed: results are written as they come, and of the cases only each id
// is kept (for duplicates); a large NDJSON file is checked by worker threads
// (src/batch/parallel.ts) with the same output, byte for byte.
import { checkedChunks, type Chunk, type ParallelFormat } from '../batch/parallel.js';
import { workersFor } from '../batch/workers.js';
import { entryChecker, tally, type EntryChecker } from '../batch/entry.js';
import { LookalikeIds } from '../batch/lookalike.js';
import {
  checkCaseFile,
  inputName,
  isNdjson,
  LineCursor,
  ndjsonEntriesOf,
  readCaseBatches,
  type CaseFile,
  type InputEntry,
  type NdjsonPosition,
} from '../case/read.js';
import { EXIT_MISMATCH, EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { openSink, type Sink } from '../io/output.js';
import { startProgress, type Progress } from '../io/progress.js';
import type { CompiledPolicy } from '../policy/compile.js';
import {
  allBundledCompiled,
  listBundledPolicies,
  mayReadPolicyFiles,
  policyFactIndex,
  resolveBundledPolicy,
  resolvePolicy,
  usePolicyFiles,
} from '../policy/registry.js';
import {
  CHECK_FORMATS,
  checkRenderer,
  invalidNotice,
  type CheckFormat,
  type CheckResult,
  type CheckSummary,
  type ResultRenderer,
} from '../render/check.js';

export interface CheckOptions {
  policy?: string;
  allPolicies?: boolean;
  format?: string;
  output?: string;
  force?: boolean;
}

function chooseFormat(opts: CheckOptions, stdoutIsTerminal: boolean): CheckFormat {
  if (opts.format !== undefined) {
    if (!(CHECK_FORMATS as readonly string[]).includes(opts.format)) {
      throw new UserError(`--format ${opts.format}：不支持。可用：${CHECK_FORMATS.join(' | ')}。`);
    }
    return opts.format as CheckFormat;
  }
  if (opts.output) {
    const ext = /\.([a-z]+)$/i.exec(opts.output)?.[1]?.toLowerCase();
    if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
    if (ext === 'csv') return 'csv';
    if (ext === 'txt') return 'table';
    return 'json';
  }
  return stdoutIsTerminal ? 'table' : 'json';
}

/** Which policies a batch applies: one named, all bundled, or (neither) each case's own. */
function fixedPolicies(choice: Pick<CheckOptions, 'policy' | 'allPolicies'>): CompiledPolicy[] | undefined {
  if (choice.policy && choice.allPolicies) throw new UserError('--policy 与 --all-policies 只能选一个。');
  if (choice.allPolicies) return allBundledCompiled();
  return choice.policy ? [resolvePolicy(choice.policy)] : undefined;
}

const utf8Decoder = new TextDecoder();

/** Results into the sink through the renderer, counted into the summary as they go. */
class ResultWriter {
  results = 0;
  readonly summary: CheckSummary = { cases: 0, byOutcome: {}, mismatches: 0, invalid: 0 };

  constructor(
    private readonly sink: Sink,
    private readonly renderer: ResultRenderer,
    /** Machine formats tell invalid cases on stderr too (the table lists them itself). */
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

  /** Results a worker rendered (and counted into `summary`) already, as UTF-8; `written` as for Sink.writeBytes. */
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

/** Checks entries in order; zod is loaded (and the entry checked again) on the first the hand-written checks refuse. */
async function checkEntries(entries: readonly InputEntry[], checker: EntryChecker, writer: ResultWriter, progress: Progress): Promise<void> {
  for (const entry of entries) {
    if (checker.check(entry, writer.emit) === 'unexplained') {
      await checker.loadExplanations();
      checker.check(entry, writer.emit);
    }
    writer.summary.cases++;
    progress.tick();
  }
}

/** The serial path: a batch of entries at a time, letting signals through every ~100 ms. */
async function checkSerially(file: string, input: CaseFile, checker: EntryChecker, writer: ResultWriter, progress: Progress): Promise<void> {
  let lastYield = Date.now();
  for await (const batch of readCaseBatches(file, input)) {
    // Files are read synchronously, so the loop never waits on I/O otherwise: Ctrl-C gets its turn here.
    if (Date.now() - lastYield > 100) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
    await checkEntries(batch, checker, writer, progress);
    await writer.caughtUp();
  }
}

/**
 * The parallel path: each chunk as a worker checked it, its holes (invalid
 * lines) checked here in their places, unless one of its cases' ids came
 * earlier in the file: such a chunk the main thread checks again itself,
 * whole, in its place.
 */
async function checkInParallel(
  size: number,
  chunks: AsyncGenerator<Chunk>,
  checker: EntryChecker,
  lookalikes: LookalikeIds,
  writer: ResultWriter,
  progress: Progress,
): Promise<void> {
  const position: NdjsonPosition = { lines: 0, entries: 0 };
  const { seenIds } = checker;
  let reserved = false;
  for await (const { report, bytes, release } of chunks) {
    const { idEnds, segments, holes } = report;
    if (!reserved && idEnds.length > 0) {
      // The whole file's ids, reckoned from the first chunk's, a little over: room made once.
      const idBytes = (idEnds[idEnds.length - 1]! - report.outputLength) / idEnds.length;
      seenIds.reserve(Math.ceil(((size * report.entries) / report.length) * 1.05) + 1024, idBytes * 1.05);
      reserved = true;
    }
    const ids = new Uint8Array(report.output);
    const { nonAscii } = report;
    let nextId = 0;
    /** Of the ids past ASCII, the next one's place in `nonAscii`. */
    let nextNonAscii = 0;
    const idText = (from: number, to: number) => utf8Decoder.decode(ids.subarray(from, to));
    /** Records the ids of segment `s`'s cases, at their places; false if one came earlier in the file. */
    const recordIds = (s: number): boolean => {
      let index = position.entries + (s === 0 ? 0 : holes[s - 1]!.index + 1);
      for (let k = 0; k < segments[s]!.ids; k++, nextId++, index++) {
        const from = nextId === 0 ? report.outputLength : idEnds[nextId - 1]!;
        const to = idEnds[nextId]!;
        if (seenIds.firstOrAddBytes(ids, from, to, index) !== -1) return false;
        if (nonAscii[nextNonAscii] === nextId) {
          nextNonAscii++;
          lookalikes.note(idText(from, to), index, seenIds);
        } else if (lookalikes.watchesAscii) {
          lookalikes.noteAscii(idText(from, to), index);
        }
      }
      return true;
    };
    const mark = seenIds.size;
    let placed = true;
    for (let s = 0; s < segments.length && placed; s++) placed = recordIds(s);
    if (placed && holes.length > 0) {
      // Recorded again in file order, holes between (a hole's case may record its id too).
      seenIds.rollback(mark);
      nextId = 0;
      nextNonAscii = 0;
    }
    if (!placed) {
      seenIds.rollback(mark);
      release();
      const { entries, lines } = ndjsonEntriesOf(bytes, position);
      await checkEntries(entries, checker, writer, progress);
      position.lines += lines;
      position.entries += entries.length;
      await writer.caughtUp();
      continue;
    }
    const { summary } = writer;
    summary.cases += report.entries - holes.length;
    for (const [outcome, n] of Object.entries(report.byOutcome) as Array<[keyof CheckSummary['byOutcome'], number]>) {
      summary.byOutcome[outcome] = (summary.byOutcome[outcome] ?? 0) + n;
    }
    summary.mismatches += report.mismatches;
    // The output buffer goes back once every segment of it is written (most chunks have one).
    let unwritten = segments.length;
    const written = unwritten === 1 ? release : () => --unwritten === 0 && release();
    const lines = holes.length > 0 ? new LineCursor(bytes) : null;
    for (let s = 0, from = 0; s < segments.length; s++) {
      const segment = segments[s]!;
      // Found no earlier above, so not now either (a hole's case whose id a later case repeats makes that one a hole too).
      if (holes.length > 0 && !recordIds(s)) throw new Error('internal: an id recorded twice in a chunk');
      writer.writeRendered(new Uint8Array(report.output, from, segment.end - from), segment.results, written);
      from = segment.end;
      progress.tick(segment.ids);
      const hole = holes[s];
      if (hole) {
        const at = { lines: position.lines + hole.line - 1, entries: position.entries + hole.index };
        await checkEntries(ndjsonEntriesOf(lines!.line(hole.line), at).entries, checker, writer, progress);
      }
    }
    position.lines += report.lines;
    position.entries += report.entries;
    await writer.caughtUp();
  }
}

export async function runCheck(file: string, opts: CheckOptions): Promise<number> {
  // The YAML reader, only for a policy file on the command line (or bundled policies not precompiled).
  if (mayReadPolicyFiles(opts.allPolicies ? undefined : opts.policy)) await usePolicyFiles();
  const fixed: CompiledPolicy[] | undefined = fixedPolicies(opts);
  const sink = openSink(opts.output, opts.force ?? false, file);
  const format = chooseFormat(opts, sink.isTerminal);
  const names = new Map<string, string>();
  const renderer = await checkRenderer(format, { isTerminal: sink.isTerminal, policyNames: names, sideBySide: (fixed?.length ?? 0) > 1, bom: Boolean(opts.output) });
  for (const c of fixed ?? []) names.set(c.policy.id, c.policy.shortName);
  const lookalikes = new LookalikeIds();
  const checker = entryChecker({
    fixed,
    resolve: resolveBundledPolicy,
    policyFacts: () => policyFactIndex(fixed ?? []),
    onPolicy: (compiled) => names.set(compiled.policy.id, compiled.policy.shortName),
    lookalikes,
  });
  const writer = new ResultWriter(sink, renderer, format === 'table' ? null : inputName(file));
  const progress = startProgress('评估');

  try {
    // File-level problems (missing, empty, binary) before any worker starts.
    const input = checkCaseFile(file);
    // A stream (standard input, a pipe) is read once, in order: serially.
    const workers = format !== 'table' && !input.stream && isNdjson(file) ? workersFor(input.size) : 0;
    writer.begin();
    if (workers > 0) {
      // A CSV written to a file starts with a BOM, in `begin`: the workers' rows never do.
      const setup = { format: format as ParallelFormat, fixed: fixed?.map((c) => c.policy) ?? null, bundled: listBundledPolicies() };
      const chunks = checkedChunks(file, setup, workers);
      await checkInParallel(input.size, chunks, checker, lookalikes, writer, progress);
    } else {
      await checkSerially(file, input, checker, writer, progress);
    }
    for (const warning of lookalikes.warnings()) process.stderr.write(`${warning}\n`);
    writer.end();
    progress.stop();
    sink.commit();
  } catch (error) {
    progress.stop();
    sink.abort();
    throw error;
  }
  const { summary } = writer;
  if (summary.invalid > 0) return EXIT_USAGE;
  if (summary.mismatches > 0) return EXIT_MISMATCH;
  return EXIT_OK;
}
