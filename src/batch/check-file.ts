// The one door of the batch check: a case file checked under a plan into a sink, serially or in parallel.
import { checkCaseFile, inputName, isNdjson } from '../case/read.js';
import type { Sink } from '../io/output.js';
import type { Progress } from '../io/progress.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { listBundledPolicies, policyFactIndex, resolveBundledPolicy } from '../policy/registry.js';
import { checkRenderer, type CheckFormat, type CheckSummary } from '../render/check.js';
import { entryChecker } from './entry.js';
import { LookalikeIds } from './lookalike.js';
import { checkedChunks } from './parallel.js';
import type { ParallelFormat, WorkerSetup } from './protocol.js';
import { writeChunks } from './reassemble.js';
import { checkSerially } from './serial.js';
import { workersFor } from './workers.js';
import { ResultWriter } from './writer.js';

/** What a batch is checked against, and how its results are written. */
export interface BatchPlan {
  /** The policies for every case; undefined: each case's own. */
  policies: CompiledPolicy[] | undefined;
  format: CheckFormat;
  /** csv: a byte order mark first (written to a file, for spreadsheet programs). */
  bom: boolean;
}

/**
 * Checks every case of `file` (`-`: standard input) under the plan, the
 * results written to `sink` as they come (the caller commits it) and the
 * cases counted on `progress`; warnings of look-alike ids on stderr at the
 * end. The summary, for the exit code. Throws a UserError for problems with
 * the file as a whole.
 */
export async function checkFile(file: string, plan: BatchPlan, sink: Sink, progress: Progress): Promise<CheckSummary> {
  const { policies, format } = plan;
  const names = new Map<string, string>(policies?.map((c) => [c.policy.id, c.policy.shortName]));
  const renderer = await checkRenderer(format, {
    isTerminal: sink.isTerminal,
    policyNames: names,
    sideBySide: (policies?.length ?? 0) > 1,
    bom: plan.bom,
  });
  const lookalikes = new LookalikeIds();
  const checker = entryChecker({
    fixed: policies,
    // A case's own policy is a bundled id, never a file: no case needs the YAML reader.
    resolve: resolveBundledPolicy,
    policyFacts: () => policyFactIndex(policies ?? []),
    onPolicy: (compiled) => names.set(compiled.policy.id, compiled.policy.shortName),
    lookalikes,
  });
  const writer = new ResultWriter(sink, renderer, format === 'table' ? null : inputName(file));
  // File-level problems (missing, empty, binary) before any worker starts.
  const input = checkCaseFile(file);
  // A stream (standard input, a pipe) is read once, in order: serially. The table gathers every result: serially.
  const workers = format !== 'table' && !input.stream && isNdjson(file) ? workersFor(input.size) : 0;
  writer.begin();
  if (workers > 0) {
    // A CSV written to a file starts with a BOM, in `begin`: the workers' rows never do.
    const setup: WorkerSetup = { format: format as ParallelFormat, fixed: policies?.map((c) => c.policy) ?? null, bundled: listBundledPolicies() };
    await writeChunks(input.size, checkedChunks(file, setup, workers), checker, lookalikes, writer, progress);
  } else {
    await checkSerially(file, input, checker, writer, progress);
  }
  for (const warning of lookalikes.warnings()) process.stderr.write(`${warning}\n`);
  writer.end();
  return writer.summary;
}
