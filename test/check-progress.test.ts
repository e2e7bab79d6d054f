// A batch that runs longer than about a second shows its progress on stderr
// when stderr is a terminal, and only then: not when piped, not under CI.
// The terminal is a real pseudo-terminal (python3's pty module). The second
// is brought down to none (RONGCUO_PROGRESS_AFTER_MS), so that a fast
// machine's batch shows progress too.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCases } from '../bench/generate.mjs';
import { BIN, ROOT, rongcuo, tempDir } from './helpers/cli.js';
import { POLICY_IDS } from './helpers/policies.js';
import { PTY_DRIVER, hasPython, plain } from './helpers/pty.js';

/** The environment of a user at a terminal (no CI, unless `extra` says so). */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color', LANG: 'C.UTF-8' };
  delete env.CI;
  return { ...env, ...extra };
}

/** Runs rongcuo with stdin, stdout and stderr on a pseudo-terminal; what the terminal showed, and the exit code. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv): Promise<{ screen: string; raw: string; code: number | null }> {
  const child = spawn('python3', ['-c', PTY_DRIVER, process.execPath, BIN, ...args], { cwd: ROOT, env });
  let raw = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (raw += d));
  // Our stdin stays open while the command runs: the driver hangs the terminal up when it closes.
  return new Promise((resolve) => child.on('close', (code) => resolve({ screen: plain(raw), raw, code })));
}

/**
 * The progress line looks at the clock every 1,024 cases (src/io/progress.ts): a batch of a
 * few times that, checked against every bundled policy, shows it on a terminal, serial or
 * parallel, and is still short on a busy machine.
 */
const CASES = 4_000;

/** A batch checked against every bundled policy: several progress lines' worth. */
function longBatch(dir: string, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, `${[...generateCases(CASES)].map((c) => JSON.stringify(c)).join('\n')}\n`);
  return file;
}

describe('check progress', () => {
  it.skipIf(!hasPython)('shows a progress line on a terminal during a long batch, and clears it at the end', async () => {
    const dir = tempDir();
    const file = longBatch(dir, 'cases.ndjson');
    const out = join(dir, 'out.ndjson');
    for (const workers of ['0', '1']) {
      const { screen, raw, code } = await onTerminal(['check', file, '--all-policies', '--output', out, '--force'], userEnv({ RONGCUO_WORKERS: workers, RONGCUO_PROGRESS_AFTER_MS: '0' }));
      expect(code).toBe(0);
      expect(screen).toMatch(/评估中… 已处理 [\d,]+ 个案例（[\d,]+ 个\/秒）/);
      // The line is erased before the command ends.
      expect(raw.trimEnd().endsWith('\x1b[K')).toBe(true);
      expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(POLICY_IDS.length * CASES);
    }
    // Under CI, a terminal or not: none.
    const ci = await onTerminal(['check', file, '--all-policies', '--output', out, '--force'], userEnv({ CI: 'true', RONGCUO_PROGRESS_AFTER_MS: '0' }));
    expect(ci.code).toBe(0);
    expect(ci.screen).not.toContain('已处理');
  }, 60_000);

  it('shows none when stderr is piped', () => {
    const dir = tempDir();
    const file = longBatch(dir, 'cases.ndjson');
    const piped = rongcuo(['check', file, '--all-policies', '--format', 'ndjson'], { env: userEnv({ RONGCUO_PROGRESS_AFTER_MS: '0' }) as Record<string, string> });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.trimEnd().split('\n')).toHaveLength(POLICY_IDS.length * CASES);
  }, 60_000);
});
