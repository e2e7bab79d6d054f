// The serial check: entries one after another through the entry checker, zod loaded on the first refusal.
import { readCaseBatches, type CaseFile, type InputEntry } from '../case/read.js';
import type { Progress } from '../io/progress.js';
import type { EntryChecker } from './entry.js';
import type { ResultWriter } from './writer.js';

/** Checks entries in order, their results to the writer. */
export async function checkEntries(entries: readonly InputEntry[], checker: EntryChecker, writer: ResultWriter, progress: Progress): Promise<void> {
  for (const entry of entries) {
    if (checker.check(entry, writer.emit) === 'unexplained') {
      await checker.loadExplanations();
      checker.check(entry, writer.emit);
    }
    writer.summary.cases++;
    progress.tick();
  }
}

/** A case file read and checked a batch of entries at a time, letting signals through every ~100 ms. */
export async function checkSerially(file: string, input: CaseFile, checker: EntryChecker, writer: ResultWriter, progress: Progress): Promise<void> {
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
