// `rongcuo check FILE`: batch assessment. load → validate → evaluate → render,
// streamed so that a batch of a million cases runs in flat memory.
import { readCaseBatches, type InputEntry } from '../case/read.js';
import { validateCase, type PolicyFactIndex } from '../case/schema.js';
import { EXIT_MISMATCH, EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import { openSink } from '../io/output.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { allBundledCompiled, resolvePolicy } from '../policy/registry.js';
import {
  CHECK_FORMATS,
  csvRenderer,
  invalidNotice,
  jsonRenderer,
  ndjsonRenderer,
  tableRenderer,
  type CheckFormat,
  type CheckResult,
  type CheckSummary,
  type ResultRenderer,
} from '../render/check.js';
import { makeChalk } from '../render/style.js';
import { startProgress } from '../io/progress.js';

/** The batch path needs the outcome and its basis only: no per-rule, 七看 or per-answer details. */
const BRIEF = { brief: true } as const;

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

/** Namespaced policy facts, looked up only when a case uses one. */
function lazyPolicyFacts(extra: CompiledPolicy[]): PolicyFactIndex {
  let index: Map<string, { label: string }> | undefined;
  return {
    get(key: string) {
      if (!key.includes('.')) return undefined;
      index ??= new Map(
        [...allBundledCompiled(), ...extra].flatMap((c) => c.policy.facts.map((f) => [f.id, f] as [string, { label: string }])),
      );
      return index.get(key);
    },
  } as PolicyFactIndex;
}

export async function runCheck(file: string, opts: CheckOptions): Promise<number> {
  if (opts.policy && opts.allPolicies) throw new UserError('--policy 与 --all-policies 只能选一个。');
  const fixed: CompiledPolicy[] | undefined = opts.allPolicies
    ? allBundledCompiled()
    : opts.policy
      ? [resolvePolicy(opts.policy)]
      : undefined;
  const policyFacts = lazyPolicyFacts(fixed ?? []);
  const sink = openSink(opts.output, opts.force ?? false);
  const format = chooseFormat(opts, sink.isTerminal);
  const chalk = makeChalk(sink.isTerminal && format === 'table');
  const names = new Map<string, string>();
  const renderer: ResultRenderer =
    format === 'json'
      ? jsonRenderer()
      : format === 'ndjson'
        ? ndjsonRenderer()
        : format === 'csv'
          ? csvRenderer(Boolean(opts.output))
          : tableRenderer(chalk, names, (fixed?.length ?? 0) > 1);
  for (const c of fixed ?? []) names.set(c.policy.id, c.policy.shortName);

  const summary: CheckSummary = { cases: 0, byOutcome: {}, mismatches: 0, invalid: 0 };
  const seenIds = new Map<string, number>();
  const progress = startProgress('评估');
  let lastYield = Date.now();
  const emit = (r: CheckResult) => {
    if (r.outcome === null) {
      summary.invalid++;
      if (format !== 'table') process.stderr.write(`${invalidNotice(r, file)}\n`);
    } else {
      summary.byOutcome[r.outcome] = (summary.byOutcome[r.outcome] ?? 0) + 1;
      if (r.matches === false) summary.mismatches++;
    }
    sink.write(renderer.result(r));
  };

  /** One entry of the file: invalid, a duplicate, or assessed under each policy. */
  const checkEntry = (entry: InputEntry): void => {
    const where = () => (entry.line !== undefined ? { line: entry.line } : { index: entry.index });
    if (entry.kind === 'error') {
      emit({ case: null, policy: null, outcome: null, errors: [{ path: '', message: entry.message }], ...where() });
      return;
    }
    const validation = validateCase(entry.raw, policyFacts);
    if (!validation.ok) {
      emit({ case: validation.id, policy: null, outcome: null, errors: validation.errors, ...where() });
      return;
    }
    const kase = validation.value;
    const earlier = seenIds.get(kase.id);
    if (earlier !== undefined) {
      emit({ case: kase.id, policy: null, outcome: null, errors: [{ path: 'id', message: `案例 id 重复（与第 ${earlier + 1} 个案例相同）；每个案例的 id 须唯一` }], ...where() });
      return;
    }
    seenIds.set(kase.id, entry.index);
    let policies = fixed;
    if (!policies) {
      if (!kase.policy) {
        emit({ case: kase.id, policy: null, outcome: null, errors: [{ path: 'policy', message: '未指定政策：请在案例中写 "policy": "<政策 id>"，或运行时加 --policy ID / --all-policies' }], ...where() });
        return;
      }
      try {
        policies = [resolvePolicy(kase.policy)];
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        emit({ case: kase.id, policy: kase.policy, outcome: null, errors: [{ path: 'policy', message: error.message }], ...where() });
        return;
      }
      names.set(policies[0]!.policy.id, policies[0]!.policy.shortName);
    }
    for (const compiled of policies) {
      const assessment = evaluate(compiled, kase.facts, BRIEF);
      const result: CheckResult = {
        case: kase.id,
        policy: compiled.policy.id,
        outcome: assessment.outcome,
        missingFacts: assessment.missingFacts,
        basis: assessment.basis,
      };
      const expected = kase.expected?.[compiled.policy.id];
      if (expected !== undefined) {
        result.expected = expected;
        result.matches = expected === assessment.outcome;
      }
      emit(result);
    }
  };

  try {
    sink.write(renderer.begin());
    // A batch at a time (a chunk of NDJSON lines): no await between the cases of a batch.
    for await (const batch of readCaseBatches(file)) {
      for (const entry of batch) {
        summary.cases++;
        progress.tick();
        // Let signals (Ctrl-C) through every ~100 ms: a JSON batch never waits on I/O otherwise.
        if ((summary.cases & 255) === 0 && Date.now() - lastYield > 100) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
        checkEntry(entry);
      }
    }
    sink.write(renderer.end(summary));
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
