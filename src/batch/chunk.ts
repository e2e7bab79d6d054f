// One chunk of the parallel check (see parallel.ts), checked with the serial
// path's code, its results rendered: in a worker thread or on the main one.
import { ndjsonEntriesOf, type InputEntry } from '../case/read.js';
import { checkRenderer, type CheckRenderer, type CheckResult, type CheckSummary } from '../render/check.js';
import { UserError } from '../errors.js';
import { compilePolicy, type CompiledPolicy } from '../policy/compile.js';
import { factIndexOf } from '../policy/registry.js';
import type { Policy } from '../policy/schema.js';
import { entryChecker, tally, type EntryChecker } from './entry.js';
import { ndjsonLatin1EntriesOf } from './latin1.js';
import { Utf8Output } from '../render/utf8.js';
import type { ChunkHole, ChunkJob, ChunkReport, ChunkSegment, WorkerSetup } from './protocol.js';

/**
 * Bytes of a chunk decoded into one string at a time, by the thread that
 * checks it. A piece is alive while its lines are checked, so nearly every
 * scavenge copies one, and V8 grows the young generation of a thread whose
 * scavenges keep finding survivors: with 64 KiB pieces the main thread's
 * young generation doubled once or twice over a million cases (+8 to +24
 * MB), with 8 KiB ones once. A worker's is capped (workers.ts), so it keeps
 * the larger pieces, which are a little faster.
 */
export const PIECE_BYTES = { mainThread: 1 << 13, worker: 1 << 16 } as const;

export type ChunkCheck = (job: ChunkJob) => ChunkReport;

/**
 * Checks chunks one after another, each on its own: positions and ids count
 * from the chunk's start. `pieceBytes`: see PIECE_BYTES.
 */
export async function chunkChecker(setup: WorkerSetup, pieceBytes: number): Promise<ChunkCheck> {
  const renderer = await checkRenderer(setup.format);
  const checker = entryChecker(setupPolicies(setup));
  // Each case's id, encoded as soon as it is checked (not kept as a string until the chunk's end:
  // on the main thread, strings alive across a scavenge make V8 grow the young generation).
  const ids = new Utf8Output(new Uint8Array(1 << 14));
  return (job) => check(job, renderer, checker, ids, pieceBytes);
}

/**
 * The policies of the setup, compiled here: the main thread sends their data
 * (validated already), so that a worker reads no YAML and loads no zod.
 */
function setupPolicies(setup: WorkerSetup) {
  const compiled = new Map<string, CompiledPolicy>();
  const byId = new Map<string, Policy>(setup.bundled.map((p) => [p.id, p]));
  const compile = (policy: Policy) => {
    let c = compiled.get(policy.id);
    if (!c) compiled.set(policy.id, (c = compilePolicy(policy)));
    return c;
  };
  const fixed = setup.fixed?.map((p) => compilePolicy(p));
  return {
    fixed,
    resolve(ref: string) {
      const policy = byId.get(ref);
      // A policy file named by a case: the main thread reads it.
      if (!policy) throw new UserError(ref);
      return compile(policy);
    },
    policyFacts: () => factIndexOf([...setup.bundled, ...(setup.fixed ?? [])]),
  };
}

function check(job: ChunkJob, renderer: CheckRenderer, checker: EntryChecker, ids: Utf8Output, pieceBytes: number): ChunkReport {
  const { seq, buffer, length } = job;
  // Results go straight into the output buffer the main thread lent (it may grow).
  const out = new Utf8Output(new Uint8Array(job.output));
  ids.length = 0;
  const idEnds: number[] = [];
  const nonAscii: number[] = [];
  const summary: CheckSummary = { cases: 0, byOutcome: {}, mismatches: 0, invalid: 0 };
  const segments: ChunkSegment[] = [];
  const holes: ChunkHole[] = [];
  let results = 0;
  let checked = 0;
  /** The entry being checked had an invalid result: it is left to the main thread. */
  let invalid = false;
  const endSegment = () => {
    segments.push({ end: out.length, results, ids: checked });
    results = 0;
    checked = 0;
  };
  const emit = (r: CheckResult) => {
    // An entry has one invalid result or only valid ones: nothing is written for it then.
    if (r.outcome === null) {
      invalid = true;
      return;
    }
    tally(summary, r);
    if (results++ > 0) out.text(renderer.separator);
    renderer.resultInto(r, out);
  };
  const hole = (entry: InputEntry) => {
    endSegment();
    holes.push({ line: entry.line!, index: entry.index });
  };
  // Each case is checked as soon as it is read, so that only one is alive at a time.
  const checkEntry = {
    push(entry: InputEntry) {
      // Invalid (its result names its place in the file), or refused by the hand-written
      // checks (zod, not loaded here, explains): the main thread's, in its place.
      if (entry.kind === 'error') return hole(entry);
      invalid = false;
      if (checker.check(entry, emit) === 'unexplained' || invalid) return hole(entry);
      // Checked without an invalid result: a valid case, whose id is a string.
      const { id } = entry.raw as { id: string };
      const from = ids.length;
      ids.text(id);
      if (ids.length - from !== id.length) nonAscii.push(idEnds.length);
      idEnds.push(ids.length);
      checked++;
    },
  };
  // Duplicates within the chunk are found here (and left as holes); across chunks, by the main thread.
  checker.seenIds.rollback(0);
  const bytes = new Uint8Array(buffer, 0, length);
  // Positions within the chunk: the main thread adds the chunk's own to the holes'.
  const start = { lines: 0, entries: 0 };
  // Subject, matter and note are not kept here: their text may come out garbled (see ndjsonLatin1EntriesOf).
  const read =
    ndjsonLatin1EntriesOf(bytes, start, checkEntry, pieceBytes) ?? ndjsonEntriesOf(bytes, start, job.fileStart, checkEntry, pieceBytes);
  endSegment();
  // Then the ids, after the results.
  const outputLength = out.length;
  out.copy(ids.bytes.subarray(0, ids.length));
  return {
    seq,
    buffer,
    length,
    output: out.bytes.buffer as ArrayBuffer,
    outputLength,
    segments,
    holes,
    idEnds: Uint32Array.from(idEnds, (end) => outputLength + end),
    nonAscii,
    lines: read.lines,
    entries: idEnds.length + holes.length,
    byOutcome: summary.byOutcome,
    mismatches: summary.mismatches,
  };
}
