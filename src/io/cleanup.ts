// Unfinished output files, removed on exit or on a signal that stops the run.
// Kept tiny and free of imports beyond node:fs: the CLI loads it at start to
// handle Ctrl-C at once.
import { unlinkSync } from 'node:fs';

const pending = new Set<string>();

export function trackTemporary(file: string): void {
  pending.add(file);
}

export function untrackTemporary(file: string): void {
  pending.delete(file);
}

/** Whether this run is writing `file` now. */
export function isPendingTemporary(file: string): boolean {
  return pending.has(file);
}

/** Removes every unfinished output file now. */
function removeTemporaries(): void {
  for (const file of pending) {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

process.on('exit', removeTemporaries);

/** What a command does instead of the usual message when a signal stops it (assess saves its session). */
type StopHook = (signal: NodeJS.Signals) => void;

let stopHook: StopHook | undefined;

/** Installs `hook` until the returned function is called. */
export function onStop(hook: StopHook): () => void {
  stopHook = hook;
  return () => {
    if (stopHook === hook) stopHook = undefined;
  };
}

/**
 * A signal stops the run: unfinished output files go first (they may hold
 * personal data), then the command's hook or the usual message; the caller
 * exits after.
 */
export function stopped(signal: NodeJS.Signals): void {
  removeTemporaries();
  if (stopHook) stopHook(signal);
  else process.stderr.write(`\n${signal === 'SIGINT' ? '已中断' : `已中断（收到 ${signal}）`}，未写出任何不完整的输出文件。\n`);
}
