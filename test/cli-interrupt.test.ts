// Ctrl-C during a long batch: exit 130, and no output file, partial or temporary.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from './helpers/cli.js';

it('leaves no partial output file when interrupted during a batch', async () => {
  const dir = tempDir();
  const input = join(dir, 'big.ndjson');
  const line = JSON.stringify({ id: 'x', facts: { intent: 'inadvertent', severity: 'minor', situations: ['reform-pilot'] } });
  const lines: string[] = [];
  for (let i = 0; i < 400_000; i++) lines.push(line.replace('"x"', `"c${i}"`));
  writeFileSync(input, `${lines.join('\n')}\n`);
  const target = join(dir, 'out.json');

  const child = spawn(process.execPath, [BIN, 'check', input, '--policy', 'fuzhou-2019', '--output', target], {
    cwd: ROOT,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Wait until the run has started writing (its temporary file exists), then interrupt.
  const started = Date.now();
  while (!readdirSync(dir).some((f) => f.endsWith('.tmp')) && Date.now() - started < 20_000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));

  expect(code).toBe(130);
  expect(stderr).toContain('已中断');
  expect(existsSync(target)).toBe(false);
  expect(readdirSync(dir).sort()).toEqual(['big.ndjson']);
}, 60_000);
