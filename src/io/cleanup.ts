// Unfinished output files, removed on exit or interrupt. Kept tiny and free
// of imports beyond node:fs: the CLI loads it at start to handle Ctrl-C at once.
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
export function removeTemporaries(): void {
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

