// The parallel check of a large NDJSON file: the main thread reads the file
// in chunks cut at line boundaries and hands them to worker threads, which
// check them (validate → evaluate → render) with the serial code; when every
// worker has work queued, the main thread checks the chunk itself, the same
// way (so it works from the start, while the workers load). Reports come back
// in file order. Results that depend on where they stand in the file (an
// invalid line's) are left as holes, for the caller to fill in their place.
import { openSync, readSync, closeSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { lineBoundary, MAX_LINE_BYTES } from '../case/read.js';
import { chunkChecker, PIECE_BYTES } from './chunk.js';
import { envNumber, takeWorkers } from './workers.js';
import type { ChunkJob, ChunkReport, WorkerInit, WorkerSetup } from './protocol.js';

export type { ParallelFormat } from './protocol.js';

/**
 * A chunk in file order, as the caller gets it: the report, and the chunk's
 * bytes (for its holes). `release` gives the report's output buffer back for
 * another chunk: call it once the output is written (or not needed).
 */
export type Chunk = { report: ChunkReport; bytes: Uint8Array; release: () => void };

const CHUNK_BYTES = 1 << 18;
/** Chunks queued per worker, so that none waits for the main thread. */
const QUEUE_PER_WORKER = 4;
/** Chunks the main thread may check ahead of the oldest one still at a worker. */
const LOCAL_AHEAD = 8;

/** Yield to the event loop (signals, Ctrl-C) at least this often. */
const YIELD_MS = 100;

/**
 * The chunks of an NDJSON file in file order, checked by `count` workers
 * and the main thread ahead of the caller. The caller must be done with a
 * chunk's bytes when it asks for the next one (the buffer is reused).
 *
 * Reports are read from the workers' ports synchronously
 * (receiveMessageOnPort), so that the main thread knows at once which worker
 * has room even while it checks chunks of its own; it waits (Atomics.waitAsync
 * on a shared counter) only when it has nothing else to do.
 */
export async function* checkedChunks(file: string, setup: WorkerSetup, count: number): AsyncGenerator<Chunk> {
  const chunkBytes = envNumber('RONGCUO_CHUNK_BYTES') || CHUNK_BYTES;
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const ready = new Map<number, ChunkReport>();
  const queued = new Array<number>(count).fill(0);
  let failure: Error | undefined;
  let closing = false;
  const fail = (error: Error) => {
    if (closing) return;
    failure ??= error;
    // Wake a waiting main thread, which then finds the failure.
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const ports: MessagePort[] = [];
  const workers = takeWorkers(file, count);
  workers.forEach((worker, i) => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const init: WorkerInit = { setup, reports: port2, signal: signal.buffer as SharedArrayBuffer };
    worker.postMessage(init, [port2]);
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`internal: check worker ${i} exited with code ${code}`));
    });
  });
  /** Takes in every report the workers have sent. */
  const poll = () => {
    for (let i = 0; i < count; i++) {
      for (let m = receiveMessageOnPort(ports[i]!); m; m = receiveMessageOnPort(ports[i]!)) {
        const report = m.message as ChunkReport;
        ready.set(report.seq, report);
        queued[i]!--;
      }
    }
    if (failure) throw failure;
  };
  // Buffers go round (input chunks; outputs, once written): a long batch allocates none, and
  // frees none for the collector to find late (each is external memory, a quarter MiB or more).
  const free: ArrayBuffer[] = [];
  const freeOutputs: ArrayBuffer[] = [];
  let carry = new Uint8Array(0);
  let eof = false;
  let seq = 0;
  const fd = openSync(file, 'r');

  /**
   * Reads on past the end of a line whose rest starts at bytes[at] (up to
   * `length`) and is not kept: bytes[room...] is room to read into. The bytes
   * after the line's break (\n, \r\n or a lone \r), or none at the file's end.
   */
  const skipRestOfLine = (bytes: Uint8Array<ArrayBuffer>, at: number, room: number, length: number): Uint8Array<ArrayBuffer> => {
    let end = length;
    let afterCr = false;
    for (;;) {
      if (afterCr && at < end) return bytes.slice(bytes[at] === 10 ? at + 1 : at, end);
      for (; !afterCr && at < end; at++) {
        if (bytes[at] === 10) return bytes.slice(at + 1, end);
        if (bytes[at] === 13) afterCr = true;
      }
      const n = readSync(fd, bytes, room, bytes.length - room, null);
      if (n === 0) {
        eof = true;
        return new Uint8Array(0);
      }
      at = room;
      end = room + n;
    }
  };

  /** Reads the next run of whole lines (the rest of the file at its end); null when none is left. */
  const readChunk = (): { buffer: ArrayBuffer; length: number } | null => {
    let buffer = free.pop() ?? new ArrayBuffer(Math.max(chunkBytes, 2 * carry.length));
    if (buffer.byteLength < 2 * carry.length) buffer = new ArrayBuffer(2 * carry.length);
    let bytes = new Uint8Array(buffer);
    bytes.set(carry);
    let length = carry.length;
    for (;;) {
      if (length === bytes.length) {
        // One line longer than the buffer: a bigger one, up to what a line may hold.
        const bigger = new Uint8Array(2 * bytes.length);
        bigger.set(bytes);
        bytes = bigger;
      }
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) {
        eof = true;
        carry = new Uint8Array(0);
        return length === 0 ? null : { buffer: bytes.buffer, length };
      }
      length += n;
      const cut = lineBoundary(bytes, length);
      if (cut > 0) {
        carry = bytes.slice(cut, length);
        return { buffer: bytes.buffer, length: cut };
      }
      if (length > MAX_LINE_BYTES + 4) {
        // All of the buffer is one line (it starts at a line's start), too long for a case: the chunk
        // keeps just over MAX_LINE_BYTES of it, cut between UTF-8 sequences (so that the line is
        // judged too long, as it would be whole), and a line break; the rest is read past, not kept.
        let keep = MAX_LINE_BYTES + 1;
        while ((bytes[keep]! & 0xc0) === 0x80 && keep < MAX_LINE_BYTES + 4) keep++;
        carry = skipRestOfLine(bytes, keep, keep + 1, length);
        bytes[keep] = 10;
        return { buffer: bytes.buffer, length: keep + 1 };
      }
    }
  };

  let checkHere: ((job: ChunkJob) => ChunkReport) | undefined;
  /** Sends the chunk to the worker with the fewest queued, if one has room; else checks it here. */
  const dispatch = (chunk: { buffer: ArrayBuffer; length: number }) => {
    const output = freeOutputs.pop() ?? new ArrayBuffer(chunkBytes);
    const job: ChunkJob = { seq, buffer: chunk.buffer, length: chunk.length, fileStart: seq === 0, output };
    seq++;
    let target = 0;
    for (let i = 1; i < count; i++) if (queued[i]! < queued[target]!) target = i;
    if (queued[target]! < QUEUE_PER_WORKER) {
      queued[target]!++;
      workers[target]!.postMessage(job, [chunk.buffer, output]);
    } else {
      checkHere ??= chunkChecker(setup, PIECE_BYTES.mainThread);
      ready.set(job.seq, checkHere(job));
    }
  };
  /** Fills the workers' queues, then checks one more chunk here, within the look-ahead. */
  const work = (next: number): boolean => {
    let busy = false;
    while (!eof && queued.some((q) => q < QUEUE_PER_WORKER)) {
      const chunk = readChunk();
      if (chunk) dispatch(chunk);
      busy = true;
    }
    if (!eof && seq - next < count * QUEUE_PER_WORKER + LOCAL_AHEAD) {
      const chunk = readChunk();
      if (chunk) dispatch(chunk);
      busy = true;
    }
    return busy;
  };

  let lastYield = Date.now();
  try {
    for (let next = 0; ; ) {
      // Read the counter before taking reports in: a report sent after this read moves the
      // counter past `seen`, so the wait below cannot miss it (read after, it could).
      const seen = Atomics.load(signal, 0);
      poll();
      const report = ready.get(next);
      if (report) {
        ready.delete(next);
        next++;
        const bytes = new Uint8Array(report.buffer, 0, report.length);
        const release = () => freeOutputs.push(report.output);
        yield { report, bytes, release };
        free.push(report.buffer);
        continue;
      }
      if (eof && next === seq) return;
      if (work(next)) {
        if (Date.now() - lastYield > YIELD_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
        continue;
      }
      // Nothing to do but wait for a worker: until the counter moves on from what was seen.
      const wait = Atomics.waitAsync(signal, 0, seen);
      if (wait.async) await wait.value;
      lastYield = Date.now();
    }
  } finally {
    closeSync(fd);
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
