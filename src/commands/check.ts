// `rongcuo check FILE`: batch assessment. load → validate → evaluate → render,
// streamed so that a batch of a million cases runs in flat memory.
import { readCaseBatches, type InputEntry } from '../case/read.js';
import { validateCase, type PolicyFactIndex } from '../case/schema.js';
import { EXIT_MISMATCH, EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import { openSink } from '../io/output.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { allBundledCompiled, resolvePolicy } from '../policy/registry.js';
import { policyFactIndex } from '../case/load.js';
import {
  CHECK_FORMATS,
  assessedResult,
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

/** Where an invalid case stands: its line in NDJSON, its index in a JSON document. */
function whereOf(entry: InputEntry): { line: number } | { index: number } {
  return entry.line !== undefined ? { line: entry.line } : { index: entry.index };
}

/** Namespaced policy facts, indexed (by the shared policyFactIndex) only when a case uses one. */
function lazyPolicyFacts(extra: CompiledPolicy[]): PolicyFactIndex {
  let index: PolicyFactIndex | undefined;
  return {
    get(key: string) {
      if (!key.includes('.')) return undefined;
      index ??= policyFactIndex(extra);
      return index.get(key);
    },
  };
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
  const names = new Map<string, string>();
  const renderer: ResultRenderer =
    format === 'json'
      ? jsonRenderer()
      : format === 'ndjson'
        ? ndjsonRenderer()
        : format === 'csv'
          ? csvRenderer(Boolean(opts.output))
          : await tableRenderer(sink.isTerminal, names, (fixed?.length ?? 0) > 1);
  for (const c of fixed ?? []) names.set(c.policy.id, c.policy.shortName);

  const summary: CheckSummary = { cases: 0, byOutcome: {}, mismatches: 0, invalid: 0 };
  const seenIds = new IdIndex();
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
    if (entry.kind === 'error') {
      emit({ case: null, policy: null, outcome: null, errors: [{ path: '', message: entry.message }], ...whereOf(entry) });
      return;
    }
    const validation = validateCase(entry.raw, policyFacts);
    if (!validation.ok) {
      emit({ case: validation.id, policy: null, outcome: null, errors: validation.errors, ...whereOf(entry) });
      return;
    }
    const kase = validation.value;
    const earlier = seenIds.firstOrAdd(kase.id, entry.index);
    if (earlier !== -1) {
      emit({ case: kase.id, policy: null, outcome: null, errors: [{ path: 'id', message: `案例 id 重复（与第 ${earlier + 1} 个案例相同）；每个案例的 id 须唯一` }], ...whereOf(entry) });
      return;
    }
    let policies = fixed;
    if (!policies) {
      if (!kase.policy) {
        emit({ case: kase.id, policy: null, outcome: null, errors: [{ path: 'policy', message: '未指定政策：请在案例中写 "policy": "<政策 id>"，或运行时加 --policy ID / --all-policies' }], ...whereOf(entry) });
        return;
      }
      try {
        policies = [resolvePolicy(kase.policy)];
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        emit({ case: kase.id, policy: kase.policy, outcome: null, errors: [{ path: 'policy', message: error.message }], ...whereOf(entry) });
        return;
      }
      names.set(policies[0]!.policy.id, policies[0]!.policy.shortName);
    }
    for (const compiled of policies) {
      const assessment = evaluate(compiled, kase.facts, BRIEF);
      emit(assessedResult(kase.id, compiled.policy.id, assessment, kase.expected?.[compiled.policy.id]));
    }
  };

  try {
    sink.write(renderer.begin());
    // A batch at a time (a chunk of NDJSON lines): no await between the cases of a batch.
    for await (const batch of readCaseBatches(file)) {
      for (const entry of batch) {
        summary.cases++;
        progress.tick();
        // Let signals (Ctrl-C) through every ~100 ms: files are read synchronously, so the loop never waits on I/O otherwise.
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

/**
 * The position of each case id's first occurrence, for duplicate detection
 * over batches of any length. A Map of a million id strings costs over
 * 100 MB of resident memory with the collector's slack; here the ids are
 * UTF-8 bytes in typed arrays, outside the collected heap: 24 to 32 bytes
 * for an 8-character id.
 */
class IdIndex {
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  /** Id k is bytes[starts[k]] up to bytes[starts[k + 1]], first seen at position firsts[k]. */
  private starts = new Uint32Array(1 << 12);
  private firsts = new Uint32Array(1 << 12);
  private count = 0;
  /** Open addressing, linear probing: k + 1 of the id in the slot, 0 when free; at most half full. */
  private slots = new Int32Array(1 << 13);
  private readonly encoder = new TextEncoder();

  /** The position first recorded for `id`; or, the first time, records `position` and returns -1. */
  firstOrAdd(id: string, position: number): number {
    // The id's bytes go after the last id's: kept if it is new, overwritten by the next one if not.
    const length = this.encode(id);
    const start = this.used;
    const mask = this.slots.length - 1;
    let slot = hashOf(this.bytes, start, start + length) & mask;
    for (let k1 = this.slots[slot]!; k1 !== 0; k1 = this.slots[slot]!) {
      if (this.holds(k1 - 1, start, length)) return this.firsts[k1 - 1]!;
      slot = (slot + 1) & mask;
    }
    const k = this.count++;
    if (k + 2 > this.starts.length) {
      this.starts = grown(this.starts, this.starts.length * 2);
      this.firsts = grown(this.firsts, this.starts.length);
    }
    this.used += length;
    this.starts[k + 1] = this.used;
    this.firsts[k] = position;
    this.slots[slot] = k + 1;
    if (2 * this.count > this.slots.length) this.growSlots();
    return -1;
  }

  /** Writes the id's UTF-8 bytes at `used` (without taking them); returns their number. */
  private encode(id: string): number {
    if (this.used + 3 * id.length > this.bytes.length) {
      this.bytes = grown(this.bytes, Math.max(2 * this.bytes.length, this.used + 3 * id.length));
    }
    const bytes = this.bytes;
    const at = this.used;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c >= 0x80) return this.encoder.encodeInto(id, bytes.subarray(at)).written;
      bytes[at + i] = c;
    }
    return id.length;
  }

  private holds(k: number, start: number, length: number): boolean {
    const from = this.starts[k]!;
    if (this.starts[k + 1]! - from !== length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) if (bytes[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = hashOf(this.bytes, this.starts[k]!, this.starts[k + 1]!) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = k + 1;
    }
    this.slots = slots;
  }
}

function grown<T extends Uint8Array | Uint32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

/** FNV-1a over bytes[from, to), then murmur3's finaliser so that linear probing spreads. */
function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
