// The thread protocol of the parallel check: the messages between the main
// thread and the workers (what a worker is told at its start, a chunk to
// check, the report it sends back), and both ends of it: the main thread's
// (`WorkerLinks`: jobs posted, reports received, waiting for one) and a
// worker's (`serveChunks`), with the buffers that go round between them.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { CheckSummary } from '../render/check.js';
import type { Policy } from '../policy/schema.js';

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
interface WorkerInit {
  setup: WorkerSetup;
  reports: MessagePort;
  /** Int32 [0]: reports sent so far by all workers, notified on each. */
  signal: SharedArrayBuffer;
}

/**
 * The buffers that go round between the threads (input chunks; outputs,
 * once written): a long batch allocates none, and frees none for the
 * collector to find late (each is external memory, a quarter MiB or more).
 */
export class RoundBuffers {
  private readonly inputs: ArrayBuffer[] = [];
  private readonly outputs: ArrayBuffer[] = [];
  constructor(private readonly bytes: number) {}

  /** A buffer to read a chunk into, of at least `least` bytes. */
  input(least: number): ArrayBuffer {
    const buffer = this.inputs.pop() ?? new ArrayBuffer(Math.max(this.bytes, least));
    return buffer.byteLength < least ? new ArrayBuffer(least) : buffer;
  }

  /** A buffer for a chunk's output (a worker may send back a bigger one). */
  output(): ArrayBuffer {
    return this.outputs.pop() ?? new ArrayBuffer(this.bytes);
  }

  /** A report's input buffer, back once the chunk's bytes are no longer read. */
  inputDone(report: ChunkReport): void {
    this.inputs.push(report.buffer);
  }

  /** A report's output buffer, back once its output is written (or not needed). */
  outputDone(report: ChunkReport): void {
    this.outputs.push(report.output);
  }
}

/**
 * The main thread's end: each worker told its setup, with a port of its own
 * to report on and a shared counter it bumps per report. Reports are read
 * from the ports synchronously (receiveMessageOnPort), so that the main
 * thread knows at once which worker has room even while it checks chunks
 * of its own; it waits (Atomics.waitAsync on the counter) only when it has
 * nothing else to do.
 */
export class WorkerLinks {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly ports: MessagePort[] = [];
  private failure: Error | undefined;
  private closing = false;

  constructor(
    private readonly workers: readonly Worker[],
    setup: WorkerSetup,
  ) {
    workers.forEach((worker, i) => {
      const { port1, port2 } = new MessageChannel();
      this.ports.push(port1);
      const init: WorkerInit = { setup, reports: port2, signal: this.signal.buffer as SharedArrayBuffer };
      worker.postMessage(init, [port2]);
      worker.on('error', this.fail);
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`internal: check worker ${i} exited with code ${code}`));
      });
    });
  }

  private readonly fail = (error: Error): void => {
    if (this.closing) return;
    this.failure ??= error;
    // Wake a waiting main thread, which then finds the failure.
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  };

  /** Sends worker `i` a chunk, its buffers transferred (they come back with the report). */
  post(i: number, job: ChunkJob): void {
    this.workers[i]!.postMessage(job, [job.buffer, job.output]);
  }

  /** Reports sent so far by all workers: read before `receive`, for `waitPast`. */
  sent(): number {
    return Atomics.load(this.signal, 0);
  }

  /** Takes in every report the workers have sent, with the number of the worker; throws a worker's failure. */
  receive(take: (worker: number, report: ChunkReport) => void): void {
    for (let i = 0; i < this.ports.length; i++) {
      for (let m = receiveMessageOnPort(this.ports[i]!); m; m = receiveMessageOnPort(this.ports[i]!)) take(i, m.message as ChunkReport);
    }
    if (this.failure) throw this.failure;
  }

  /**
   * Until the counter moves on from `seen`, as `sent` read it before the
   * last `receive`: a report sent after that read moves the counter past
   * `seen`, so the wait cannot miss it (read after, it could).
   */
  async waitPast(seen: number): Promise<void> {
    const wait = Atomics.waitAsync(this.signal, 0, seen);
    if (wait.async) await wait.value;
  }

  /** Stops the workers; their failures from now on are not the batch's. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * A worker's end: the first message brings the setup, from which `start`
 * makes the checker; every later one is a chunk, checked in order, its
 * report posted on the port with the chunk's buffers, and the counter
 * bumped for a main thread waiting on it.
 */
export function serveChunks(port: MessagePort, start: (setup: WorkerSetup) => Promise<(job: ChunkJob) => ChunkReport>): void {
  let checking: Promise<(job: ChunkJob) => ChunkReport> | undefined;
  let reports: MessagePort;
  let sent: Int32Array;
  port.on('message', (message: WorkerInit | ChunkJob) => {
    if (!checking) {
      const init = message as WorkerInit;
      reports = init.reports;
      sent = new Int32Array(init.signal);
      checking = start(init.setup);
      return;
    }
    // In the order they came: callbacks on one promise run in the order they were added.
    void checking.then((check) => {
      const report = check(message as ChunkJob);
      reports.postMessage(report, [report.buffer, report.output, report.idEnds.buffer as ArrayBuffer]);
      Atomics.add(sent, 0, 1);
      Atomics.notify(sent, 0);
    });
  });
}
