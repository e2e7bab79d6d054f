// `rongcuo check FILE`: batch assessment. The options make a plan, the plan
// and the output go through the batch's one door (src/batch/check-file.ts),
// and the summary gives the exit code.
import { checkFile, type BatchPlan } from '../batch/check-file.js';
import { EXIT_MISMATCH, EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { openSink } from '../io/output.js';
import { startProgress } from '../io/progress.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { allBundledCompiled, mayReadPolicyFiles, resolvePolicy, usePolicyFiles } from '../policy/registry.js';
import { CHECK_FORMATS, type CheckFormat } from '../render/check.js';

export interface CheckOptions {
  policy?: string;
  allPolicies?: boolean;
  format?: string;
  output?: string;
  force?: boolean;
}

function chooseFormat(opts: CheckOptions, stdoutIsTerminal: boolean): CheckFormat {
  if (opts.format !== undefined) {
    if (!(CHECK_FORMATS as readonly string[]).includes(opts.format)) {
      throw new UserError(`--format ${opts.format}：不支持。可用：${CHECK_FORMATS.join(' | ')}。`);
    }
    return opts.format as CheckFormat;
  }
  if (opts.output) {
    const ext = /\.([a-z]+)$/i.exec(opts.output)?.[1]?.toLowerCase();
    if (ext === 'ndjson' || ext === 'jsonl') return 'ndjson';
    if (ext === 'csv') return 'csv';
    if (ext === 'txt') return 'table';
    return 'json';
  }
  return stdoutIsTerminal ? 'table' : 'json';
}

/** Which policies a batch applies: one named, all bundled, or (neither) each case's own. */
function fixedPolicies(choice: Pick<CheckOptions, 'policy' | 'allPolicies'>): CompiledPolicy[] | undefined {
  if (choice.policy && choice.allPolicies) throw new UserError('--policy 与 --all-policies 只能选一个。');
  if (choice.allPolicies) return allBundledCompiled();
  return choice.policy ? [resolvePolicy(choice.policy)] : undefined;
}

export async function runCheck(file: string, opts: CheckOptions): Promise<number> {
  // The YAML reader, only for a policy file on the command line (or bundled policies not precompiled).
  if (mayReadPolicyFiles(opts.allPolicies ? undefined : opts.policy)) await usePolicyFiles();
  const policies = fixedPolicies(opts);
  const sink = openSink(opts.output, opts.force ?? false, file);
  const plan: BatchPlan = { policies, format: chooseFormat(opts, sink.isTerminal), bom: Boolean(opts.output) };
  const progress = startProgress('评估');
  let summary;
  try {
    summary = await checkFile(file, plan, sink, progress);
    progress.stop();
    sink.commit();
  } catch (error) {
    progress.stop();
    sink.abort();
    throw error;
  }
  if (summary.invalid > 0) return EXIT_USAGE;
  if (summary.mismatches > 0) return EXIT_MISMATCH;
  return EXIT_OK;
}
