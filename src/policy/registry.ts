// Where policies come from: the bundled `policies/` folder, or a file the
// user names. Compiled once per process.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import { readPolicyFile } from './load.js';
import type { Policy } from './schema.js';

/** The package root: the nearest folder above this module holding `policies/` and package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'policies'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('internal: cannot find the rongcuo package root (policies/ folder)');
    dir = parent;
  }
}

export function policiesDir(): string {
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

let bundled: Map<string, Policy> | undefined;

function bundledPolicies(): Map<string, Policy> {
  if (bundled) return bundled;
  bundled = (process.env.RONGCUO_NO_PRECOMPILED ? undefined : precompiled()) ?? readBundledYaml();
  return bundled;
}

function readBundledYaml(): Map<string, Policy> {
  const dir = policiesDir();
  const map = new Map<string, Policy>();
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const policy = readPolicyFile(join(dir, name));
    if (`${policy.id}.yaml` !== name) throw new Error(`internal: bundled policy ${name} has id ${policy.id}`);
    map.set(policy.id, policy);
  }
  return map;
}

/** Bundled policies in a stable order (by date, then id). */
export function listBundledPolicies(): Policy[] {
  return [...bundledPolicies().values()].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.id.localeCompare(b.id));
}

export function bundledPolicyIds(): string[] {
  return listBundledPolicies().map((p) => p.id);
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

/** `--policy ID|PATH`: a bundled id, or a policy file the user wrote. */
export function resolvePolicy(ref: string): CompiledPolicy {
  const policy = bundledPolicies().get(ref);
  if (policy) return compiledFor(`id:${ref}`, policy);
  if (looksLikePath(ref) || existsSync(ref)) return compiledFor(`file:${ref}`, readPolicyFile(ref));
  throw new UserError(`未知政策“${ref}”。可用的内置政策：${bundledPolicyIds().join('、')}；也可给出政策 YAML 文件路径。`);
}

export function allBundledCompiled(): CompiledPolicy[] {
  return listBundledPolicies().map((p) => compiledFor(`id:${p.id}`, p));
}
