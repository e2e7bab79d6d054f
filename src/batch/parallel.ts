// The parallel check of a large NDJSON file: the main thread reads the file
// in chunks cut at line boundaries and hands them to worker threads, which
// check them (validate → evaluate → render) with the serial code; when every
// worker has work queued, the main thread checks the chunk itself, the same
// way (so it works from the start, while the workers load). Reports come back
// in file order. Results that depend on where they stand in the file (an
// invalid line's) are left as holes, for the caller to fill in their place.
import { openSync, readSync, closeSync } from 'node:fs';
import { lineBoundary, MAX_LINE_BYTES } from '../case/read.js';
import { chunkChecker, PIECE_BYTES, type ChunkCheck } from './chunk.js';
import { envNumber, takeWorkers } from './workers.js';
import { RoundBuffers, WorkerLinks, type ChunkJob, type ChunkReport, type WorkerSetup } from './protocol.js';


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
 */
export async function* checkedChunks(file: string, setup: WorkerSetup, count: number): AsyncGenerator<Chunk> {
  const chunkBytes = envNumber('RONGCUO_CHUNK_BYTES') || CHUNK_BYTES;
  const ready = new Map<number, ChunkReport>();
  const queued = new Array<number>(count).fill(0);
  const links = new WorkerLinks(takeWorkers(file, count), setup);
  /** Takes in every report the workers have sent. */
  const taken = (worker: number, report: ChunkReport) => {
    ready.set(report.seq, report);
    queued[worker]!--;
  };
  const buffers = new RoundBuffers(chunkBytes);
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
    let bytes = new Uint8Array(buffers.input(2 * carry.length));
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

  let checkHere: ChunkCheck | undefined;
  /** Sends the chunk to the worker with the fewest queued, if one has room; else checks it here. */
  const dispatch = async (chunk: { buffer: ArrayBuffer; length: number }) => {
    const job: ChunkJob = { seq, buffer: chunk.buffer, length: chunk.length, fileStart: seq === 0, output: buffers.output() };
    seq++;
    let target = 0;
    for (let i = 1; i < count; i++) if (queued[i]! < queued[target]!) target = i;
    if (queued[target]! < QUEUE_PER_WORKER) {
      queued[target]!++;
      links.post(target, job);
    } else {
      checkHere ??= await chunkChecker(setup, PIECE_BYTES.mainThread);
      ready.set(job.seq, checkHere(job));
    }
  };
  /** Fills the workers' queues, then checks one more chunk here, within the look-ahead. */
  const work = async (next: number): Promise<boolean> => {
    let busy = false;
    while (!eof && queued.some((q) => q < QUEUE_PER_WORKER)) {
      const chunk = readChunk();
      if (chunk) await dispatch(chunk);
      busy = true;
    }
    if (!eof && seq - next < count * QUEUE_PER_WORKER + LOCAL_AHEAD) {
      const chunk = readChunk();
      if (chunk) await dispatch(chunk);
      busy = true;
    }
    return busy;
  };

  let lastYield = Date.now();
  try {
    for (let next = 0; ; ) {
      const seen = links.sent();
      links.receive(taken);
      const report = ready.get(next);
      if (report) {
        ready.delete(next);
        next++;
        const bytes = new Uint8Array(report.buffer, 0, report.length);
        yield { report, bytes, release: () => buffers.outputDone(report) };
        buffers.inputDone(report);
        continue;
      }
      if (eof && next === seq) return;
      if (await work(next)) {
        if (Date.now() - lastYield > YIELD_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
        continue;
      }
      // Nothing to do but wait for a worker.
      await links.waitPast(seen);
      lastYield = Date.now();
    }
  } finally {
    closeSync(fd);
    await links.close();
  }
}
