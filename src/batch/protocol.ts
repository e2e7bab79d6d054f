// The messages between the main thread and the parallel check's workers
// (parallel.ts sends chunks, chunk.ts checks them, worker.ts runs it on a
// thread): what a worker is told at its start, a chunk to check, and the
// report it sends back.
import type { MessagePort } from 'node:worker_threads';
import type { Policy } from '../policy/schema.js';
import type { CheckSummary } from '../render/check.js';

/** Formats whose results a worker can render alone (the table gathers all results first). */
export type ParallelFormat = 'json' | 'ndjson' | 'csv';

/** What every worker is told once, at its start. */
export interface WorkerSetup {
  format: ParallelFormat;
  /** The policies for every case (data, as validated by the main thread); null: each case's own. */
  fixed: Policy[] | null;
  /** The bundled policies, for cases that name their own, and for the policy-specific facts. */
  bundled: Policy[];
}

/** One chunk to check: whole lines of the file, in a buffer transferred to the worker and back. */
export interface ChunkJob {
  seq: number;
  buffer: ArrayBuffer;
  length: number;
  /** The chunk starts the file (its first line may carry a byte order mark). */
  fileStart: boolean;
  /** A buffer for the chunk's output, transferred there and back too (it may come back bigger). */
  output: ArrayBuffer;
}

/**
 * A line a worker leaves to the main thread: an invalid case, whose result
 * names its place in the file (and may need zod to explain, or a policy
 * file to read). Chunk-relative: `line` from 1, `index` (cases) from 0.
 */
export interface ChunkHole {
  line: number;
  index: number;
}

/** A run of results between holes: output up to `end`, `results` of them, for `ids` cases. */
export interface ChunkSegment {
  end: number;
  results: number;
  ids: number;
}

/** A worker's answer for a chunk: its results, rendered, around the lines it left to the main thread. */
export interface ChunkReport {
  seq: number;
  buffer: ArrayBuffer;
  length: number;
  output: ArrayBuffer;
  /** output[0, outputLength): the results, segment by segment, each joined by the format's separator, UTF-8. */
  outputLength: number;
  /** One more than the holes: the results before the first hole, between holes, after the last. */
  segments: ChunkSegment[];
  holes: ChunkHole[];
  /** Then each checked case's id in order, UTF-8, id i ending at idEnds[i]: duplicates across chunks are the main thread's to find. */
  idEnds: Uint32Array;
  /** The ids (by number, ascending) with a character past ASCII: those the main thread looks at for look-alikes. */
  nonAscii: number[];
  /** Lines (blank ones too) and cases (holes too) in the chunk. */
  lines: number;
  entries: number;
  /** Of the results in the segments. */
  byOutcome: CheckSummary['byOutcome'];
  mismatches: number;
}

/** A worker's first message: the setup, the port to report on, and the counter it bumps per report. */
export interface WorkerInit {
  setup: WorkerSetup;
  reports: MessagePort;
  /** Int32 [0]: reports sent so far by all workers, notified on each. */
  signal: SharedArrayBuffer;
}
