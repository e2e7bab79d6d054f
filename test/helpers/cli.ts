// Runs the built binary (bin/rongcuo → dist/cli.js) as a user would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onTestFinished } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'rongcuo');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function rongcuo(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): RunResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CI: 'true', ...options.env },
    timeout: 60_000,
    // spawnSync keeps 1 MiB of output by default, cutting off the rest silently.
    maxBuffer: 256 * 2 ** 20,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch folder for the running test, removed when it finishes (it may hold case data). */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rongcuo-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
