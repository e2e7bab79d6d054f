// The parallel check's worker threads: how many a file gets, and starting
// them. A worker takes longer to boot (its own Node.js environment, about
// 60 ms here) than the CLI takes to load, so for a command line that looks
// like a large NDJSON batch they start first of all (prestart.ts) and the
// check adopts them; a wrong guess costs an idle worker, stopped at exit.
// Imports nothing heavy: it runs before the rest of the CLI has loaded.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../package-root.js';

/** Past this size a batch is checked in parallel (below it, starting workers costs more than it saves). */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

export function envNumber(name: string): number | undefined {
  const value = process.env[name];
  return value === undefined || value === '' || !/^\d+$/.test(value) ? undefined : Number(value);
}

export function workerScript(): string {
  return join(packageRoot(), 'dist', 'check-worker.js');
}

/**
 * A worker's young generation, capped (semi-spaces of 4 MB): its garbage
 * dies young anyway, and V8's default, grown to 32 MB over a long batch,
 * made a million-case run peak 25 MB higher and no faster (tried 6 to 24 MB).
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 12 } };

const startWorker = () => new Worker(workerScript(), WORKER_OPTIONS);

/**
 * How many workers to check a file of `size` bytes with; 0 for the serial
 * path. RONGCUO_WORKERS overrides the choice (0: always serial), whatever the
 * size: for tests and measurements.
 */
export function workersFor(size: number): number {
  const forced = envNumber('RONGCUO_WORKERS');
  if (forced === 0) return 0;
  // Run from the sources (no build), there is no worker script: serial.
  if (!existsSync(workerScript())) return 0;
  if (forced !== undefined) return Math.min(forced, 16);
  const cores = availableParallelism();
  if (cores < 2 || size < PARALLEL_MIN_BYTES) return 0;
  // The main thread checks chunks too: one worker fewer than cores.
  return Math.min(cores - 1, 8);
}

/** Workers started before the command line was parsed, for this file; `failed` ones are not adopted. */
let early: { file: string; workers: Worker[]; failed: Set<Worker> } | undefined;

/** `check` options that take a value (the value is not the case file). */
const VALUED = new Set(['--policy', '-p', '--format', '-f', '--output', '-o']);

/**
 * The case file of a `rongcuo check` command line, if it is NDJSON and the
 * output is not the table (which the workers do not render): a guess made
 * before commander has loaded, on the common spellings only.
 */
function batchFileOf(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'check') return undefined;
  let file: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h' || arg === '--format=table') return undefined;
    if (VALUED.has(arg)) {
      if ((arg === '--format' || arg === '-f') && argv[i + 1] === 'table') return undefined;
      i++;
    } else if (!arg.startsWith('-')) {
      file ??= arg;
    }
  }
  return file !== undefined && /\.(ndjson|jsonl)$/i.test(file) ? file : undefined;
}

/** Starts the workers a `check` command line will want, if it looks like a large NDJSON batch. */
export function prestartWorkers(argv: readonly string[]): void {
  try {
    const file = batchFileOf(argv);
    if (file === undefined) return;
    const count = workersFor(statSync(file).size);
    if (count === 0) return;
    const failed = new Set<Worker>();
    const workers = Array.from({ length: count }, () => {
      const worker = startWorker();
      // Unreferenced until adopted: a run that never adopts them is not kept alive by them.
      worker.unref();
      // One that fails before it is adopted is left out (and its error not thrown from here).
      worker.on('error', () => failed.add(worker));
      worker.on('exit', () => failed.add(worker));
      return worker;
    });
    early = { file: resolve(file), workers, failed };
  } catch {
    // Only a guess: the check decides for itself, and reports any problem with the file.
  }
}

/** `count` workers for checking `file`: those started early for it, and new ones for the rest. */
export function takeWorkers(file: string, count: number): Worker[] {
  const failed = early?.failed;
  const started = early?.file === resolve(file) ? early.workers.filter((w) => !failed!.has(w)) : [];
  const workers = started.slice(0, count);
  for (const worker of workers) {
    worker.removeAllListeners();
    worker.ref();
  }
  for (const other of early?.workers ?? []) if (!workers.includes(other)) void other.terminate();
  early = undefined;
  while (workers.length < count) workers.push(startWorker());
  return workers;
}
