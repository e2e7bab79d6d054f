// The parallel check's chunks put back in file order, holes checked in place, ids recorded as they come.
import { LineCursor, ndjsonEntriesOf, type NdjsonPosition } from '../case/read.js';
import type { Progress } from '../io/progress.js';
import type { EntryChecker } from './entry.js';
import type { IdIndex } from './id-index.js';
import type { LookalikeIds } from './lookalike.js';
import type { Chunk } from './parallel.js';
import type { ChunkReport } from './protocol.js';
import { checkEntries } from './serial.js';
import type { ResultWriter } from './writer.js';

const utf8Decoder = new TextDecoder();

/** Room in `ids` for a whole file of `size` bytes, reckoned from its first chunk's ids, a little over: made once. */
function reserveIds(ids: IdIndex, size: number, report: ChunkReport): void {
  const { idEnds } = report;
  const idBytes = (idEnds[idEnds.length - 1]! - report.outputLength) / idEnds.length;
  ids.reserve(Math.ceil(((size * report.entries) / report.length) * 1.05) + 1024, idBytes * 1.05);
}

/**
 * Writes the chunks of a file of `size` bytes in order, as the serial check
 * would have written its cases: each as a worker checked it, its holes
 * (invalid lines) read again and checked in their places with the serial
 * code, its ids recorded in the batch's id index (sized once, from the
 * first chunk); a chunk that holds an id an earlier chunk had is checked
 * again here, whole.
 */
export async function writeChunks(
  size: number,
  chunks: AsyncIterable<Chunk>,
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
      reserveIds(seenIds, size, report);
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
    writer.countChunk(report);
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
