// Where policies come from: the bundled `policies/` folder, or a file the
// user names. Compiled once per process.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { UserError } from '../errors.js';
import type { PolicyFactIndex } from '../case/validate.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import type { Policy } from './schema.js';

/**
 * The YAML policy reader (load.ts: yaml and zod, a third of start-up), loaded
 * only by commands that may read a policy file: the bundled policies come
 * precompiled from the build.
 */
let fileReader: ((file: string) => Policy) | undefined;

/** Makes policy files readable: call before resolving a policy that may be a file. */
export async function usePolicyFiles(): Promise<void> {
  fileReader ??= (await import('./load.js')).readPolicyFile;
}

function readPolicyFile(file: string): Policy {
  if (!fileReader) throw new Error('internal: a policy file is read before usePolicyFiles()');
  return fileReader(file);
}

/** Whether resolving `ref` (or the bundled policies, without one) can need the YAML reader. */
export function mayReadPolicyFiles(ref?: string): boolean {
  if (!precompiledOnce()) return true;
  return ref !== undefined && bundledPolicy(ref) === undefined;
}

function policiesDir(): string {
  return join(packageRoot(), 'policies');
}

/**
 * Bundled policies precompiled at build time (dist/policies.json): already
 * validated, so the CLI neither parses YAML nor runs zod to start.
 */
function precompiled(): Map<string, Policy> | undefined {
  const file = join(packageRoot(), 'dist', 'policies.json');
  if (!existsSync(file)) return undefined;
  const policies = JSON.parse(readFileSync(file, 'utf8')) as Policy[];
  return new Map(policies.map((p) => [p.id, p]));
}

let precompiledPolicies: Map<string, Policy> | undefined | null = null;

function precompiledOnce(): Map<string, Policy> | undefined {
  if (precompiledPolicies === null) precompiledPolicies = process.env.RONGCUO_NO_PRECOMPILED ? undefined : precompiled();
  return precompiledPolicies;
}

/** Bundled policy ids, from the build's precompiled set or the YAML files themselves. */
export function bundledPolicyIds(): string[] {
  const pre = precompiledOnce();
  if (pre) return [...pre.keys()];
  return readdirSync(policiesDir())
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .sort();
}

const loaded = new Map<string, Policy>();

/** One bundled policy, read only when asked for: a broken sibling file cannot stop it. */
function bundledPolicy(id: string): Policy | undefined {
  const cached = loaded.get(id);
  if (cached) return cached;
  const pre = precompiledOnce();
  let policy: Policy | undefined;
  if (pre) policy = pre.get(id);
  else if (bundledPolicyIds().includes(id)) {
    policy = readPolicyFile(join(policiesDir(), `${id}.yaml`));
    if (policy.id !== id) throw new Error(`internal: bundled policy ${id}.yaml has id ${policy.id}`);
  }
  if (policy) loaded.set(id, policy);
  return policy;
}

/** Bundled policies in a stable order (by date, then id). */
export function listBundledPolicies(): Policy[] {
  return bundledPolicyIds()
    .map((id) => bundledPolicy(id)!)
    .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.id.localeCompare(b.id));
}

const compiledCache = new Map<string, CompiledPolicy>();

function compiledFor(key: string, policy: Policy): CompiledPolicy {
  let compiled = compiledCache.get(key);
  if (!compiled) {
    compiled = compilePolicy(policy);
    compiledCache.set(key, compiled);
  }
  return compiled;
}

function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || /\.ya?ml$/i.test(ref);
}

/** A ref as a message quotes it: short, and only its first line. */
function quoted(ref: string): string {
  const line = ref.split(/[\r\n]/)[0]!;
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/**
 * The policy a case names in its `policy` field: a bundled id, nothing
 * else. A case file is data, so what it holds never makes rongcuo open a
 * file; a policy file comes only from the command line (--policy).
 */
export function resolveBundledPolicy(ref: string): CompiledPolicy {
  const policy = bundledPolicy(ref);
  if (policy) return compiledFor(`id:${ref}`, policy);
  const what = looksLikePath(ref) ? `“${quoted(ref)}”像是文件路径，未读取` : `未知政策“${quoted(ref)}”`;
  throw new UserError(
    `${what}。案例的 policy 只能是内置政策 id：${bundledPolicyIds().join('、')}；要用政策文件，请在命令行用 --policy 文件路径 给出（覆盖案例中的 policy）。`,
  );
}

/** Whether `file` is the bundled policy `id`'s own YAML file (given by its path, say). */
function isBundledFile(file: string, id: string): boolean {
  try {
    return realpathSync(file) === realpathSync(join(policiesDir(), `${id}.yaml`));
  } catch {
    return false;
  }
}

/**
 * `--policy ID|PATH`: a bundled id, or a policy file the user wrote. A file
 * cannot pass itself off as a bundled policy: its id must be its own.
 */
export function resolvePolicy(ref: string): CompiledPolicy {
  const policy = bundledPolicy(ref);
  if (policy) return compiledFor(`id:${ref}`, policy);
  if (looksLikePath(ref) || existsSync(ref)) {
    const cached = compiledCache.get(`file:${ref}`);
    if (cached) return cached;
    const own = readPolicyFile(ref);
    if (bundledPolicyIds().includes(own.id) && !isBundledFile(ref, own.id)) {
      throw new UserError(
        `${ref}：政策 id “${own.id}”与内置政策相同。政策文件不能冒用内置政策的 id，否则结果会被当作内置政策的结论：请把文件中的 id 改为别的名字（例如 ${own.id}-local）。`,
      );
    }
    return compiledFor(`file:${ref}`, own);
  }
  throw new UserError(`未知政策“${quoted(ref)}”。可用的内置政策：${bundledPolicyIds().join('、')}；也可给出政策 YAML 文件路径。`);
}

export function allBundledCompiled(): CompiledPolicy[] {
  return listBundledPolicies().map((p) => compiledFor(`id:${p.id}`, p));
}

/** Policy-specific facts (`<policy-id>.<fact>`) of the bundled policies and any extra ones. */
export function policyFactIndex(extra: CompiledPolicy[] = []): PolicyFactIndex {
  return factIndexOf([...allBundledCompiled(), ...extra].map((c) => c.policy));
}

/** The policy-specific facts the given policies declare (the parallel check's workers get policies as data). */
export function factIndexOf(policies: readonly Policy[]): PolicyFactIndex {
  return new Map(policies.flatMap((p) => p.facts.map((f) => [f.id, f] as [string, { label: string }])));
}
