// The parallel check (worker threads over NDJSON chunks) must print what the
// serial one prints, byte for byte, exit code and stderr included: small
// chunks here put duplicates, invalid lines, odd line endings and long lines
// across chunk boundaries.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { generateCases } from '../bench/generate.mjs';
import { BIN, ROOT, rongcuo, tempDir } from './helpers/cli.js';

const SERIAL = { RONGCUO_WORKERS: '0' };
/** Two workers and the main thread, over chunks of 4 KiB (about five cases each). */
const PARALLEL = { RONGCUO_WORKERS: '2', RONGCUO_CHUNK_BYTES: '4096' };
/**
 * The time budget of a test here: each runs the CLI two or three times, up to 4 s in all on
 * an idle 2-core machine, up to 13 s with both cores kept busy and other suites running too.
 */
const BUDGET = 60_000;

/** Generated cases with every awkward thing the format allows, one per line. */
function awkwardLines(): string[] {
  const lines = [...generateCases(400)].map((c) => JSON.stringify(c));
  // An id seen again far later (another chunk) and right after (the same chunk).
  lines.splice(300, 0, lines[3]!);
  lines.splice(120, 0, lines[119]!);
  lines.splice(50, 0, '{"id": "bad-json", "facts": {', '', '   ', '[1, 2]');
  lines.splice(80, 0, JSON.stringify({ id: 'unknown-fact', policy: 'fuzhou-2019', facts: { intnet: 'inadvertent' } }));
  lines.splice(90, 0, JSON.stringify({ id: 'wrong-type', policy: 'fuzhou-2019', facts: { severity: 3 } }));
  lines.splice(95, 0, JSON.stringify({ id: 'own-policy', policy: 'gansu-2017', facts: { intent: 'inadvertent' }, expected: { 'gansu-2017': 'exempt' } }));
  lines.splice(97, 0, JSON.stringify({ id: 'no-such-policy', policy: 'nowhere-2030', facts: {} }));
  lines.splice(99, 0, JSON.stringify({ id: 'policy-file', policy: 'fixtures/policy-custom.yaml', facts: {} }));
  lines.splice(150, 0, JSON.stringify({ id: 'long', policy: 'fuzhou-2019', facts: {}, note: '长'.repeat(5000) }));
  lines.splice(200, 0, JSON.stringify({ id: 'mismatch', policy: 'fuzhou-2019', facts: { inScope: false }, expected: { 'fuzhou-2019': 'exempt' } }));
  // Non-ASCII where the workers' Latin-1 reading must not garble it: ids (raw, escaped, astral), expected's
  // keys; where it does not matter (subject, note); away from invalid lines, so that a worker checks them.
  lines.splice(250, 0, JSON.stringify({ id: '抚州-甲-1', policy: 'fuzhou-2019', subject: { name: '张某' }, facts: { intent: 'inadvertent' } }));
  lines.splice(251, 0, '{"id": "esc-\\u00e9\\u6848", "policy": "fuzhou-2019", "facts": {"inScope": true}}');
  lines.splice(252, 0, JSON.stringify({ id: '𠀀-astral', policy: 'fuzhou-2019', note: '备注 é', facts: {} }));
  lines.splice(253, 0, JSON.stringify({ id: 'cn-expected', policy: 'fuzhou-2019', facts: {}, expected: { 抚州: 'exempt', 'fuzhou-2019': 'undetermined' } }));
  lines.splice(254, 0, `   ${JSON.stringify({ id: 'indented', policy: 'fuzhou-2019', facts: { intent: 'deliberate' } })}`);
  // A U+FFFD the text really holds is text, not a sign of bytes that were not UTF-8.
  lines.splice(255, 0, JSON.stringify({ id: 'replacement-char', policy: 'fuzhou-2019', subject: { name: '张\uFFFD某' }, facts: {} }));
  // And where it makes the case invalid: a policy file's name, a fact's name.
  lines.splice(100, 0, JSON.stringify({ id: 'cn-policy-file', policy: 'fixtures/没有这个政策.yaml', facts: {} }));
  lines.splice(101, 0, JSON.stringify({ id: 'cn-fact', policy: 'fuzhou-2019', facts: { 故意: true } }));
  return lines;
}

function writeCases(dir: string, name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function expectSame(args: string[]) {
  const serial = rongcuo(args, { env: SERIAL });
  const parallel = rongcuo(args, { env: PARALLEL });
  expect(parallel.stdout).toBe(serial.stdout);
  expect(parallel.stderr).toBe(serial.stderr);
  expect(parallel.code).toBe(serial.code);
  return serial;
}

// Each test runs the CLI several times over generated files: seconds each on a loaded machine.
describe('check in parallel', { timeout: 60_000 }, () => {
  it('is built (the worker script exists), or these tests would compare the serial path with itself', () => {
    expect(existsSync(join(ROOT, 'dist', 'check-worker.js'))).toBe(true);
  });

  const policyChoices: Array<[string, string[]]> = [
    ['a fixed policy', ['--policy', 'fuzhou-2019']],
    ['all bundled policies', ['--all-policies']],
    ["each case's own policy", []],
  ];
  for (const [label, choice] of policyChoices) {
    for (const format of ['ndjson', 'json', 'csv']) {
      it(`prints what the serial check prints: ${label}, --format ${format}`, () => {
        const dir = tempDir();
        const file = writeCases(dir, 'cases.ndjson', `${awkwardLines().join('\n')}\n`);
        expect(statSync(file).size).toBeGreaterThan(40 * 4096);
        const r = expectSame(['check', file, ...choice, '--format', format]);
        // The awkward lines are reported, located: the comparison covers real errors.
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('JSON 语法错误');
        expect(r.stderr).toMatch(/案例 id 重复（与第 \d+ 个案例相同）/);
        expect(r.stdout).toContain('replacement-char');
        expect(r.stderr).not.toContain('UTF-8');
      }, BUDGET);
    }
  }

  it('reads \\r\\n and lone \\r line endings, a byte order mark, no final newline, and bytes that are not UTF-8 alike', () => {
    const dir = tempDir();
    const lines = [...generateCases(120)].map((c) => JSON.stringify(c));
    const text = `\uFEFF${lines.slice(0, 40).join('\r\n')}\r\n${lines.slice(40, 80).join('\r')}\r${lines.slice(80).join('\n')}`;
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from([0x0a, 0xff, 0xfe, 0x0a]), Buffer.from(lines[0]!.replace('B0000001', 'again'))]);
    const file = writeCases(dir, 'endings.ndjson', bytes);
    const r = expectSame(['check', file, '--policy', 'fuzhou-2019', '--format', 'ndjson']);
    // 121 cases and the line that is not text, which is reported in place.
    expect(r.stdout.trim().split('\n')).toHaveLength(122);
    expect(r.stderr).toContain(`${file}:121`);
    expect(r.stderr).toContain('不是有效的 UTF-8');
  }, BUDGET);

  it('finishes with one case per chunk and more workers than cores, where the main thread waits on every chunk', () => {
    // Each wait for a worker's report is a chance to miss its wake-up: thousands of them here
    // (a missed one hung the check until killed).
    const dir = tempDir();
    const file = writeCases(dir, 'cases.ndjson', `${[...generateCases(1500)].map((c) => JSON.stringify(c)).join('\n')}\n`);
    const args = ['check', file, '--policy', 'fuzhou-2019', '--format', 'ndjson'];
    const serial = rongcuo(args, { env: SERIAL });
    const parallel = rongcuo(args, { env: { RONGCUO_WORKERS: '3', RONGCUO_CHUNK_BYTES: '900' } });
    expect(parallel.code).toBe(0);
    expect(parallel.stdout.split('\n')).toHaveLength(1501);
    expect(parallel.stdout).toBe(serial.stdout);
  }, BUDGET);

  it('prints the same to a reader that falls behind (output buffers are reused only once written)', async () => {
    const dir = tempDir();
    const file = writeCases(dir, 'cases.ndjson', `${[...generateCases(14000)].map((c) => JSON.stringify(c)).join('\n')}\n`);
    const args = ['check', file, '--format', 'json'];
    const serial = rongcuo(args, { env: SERIAL });
    // Megabytes of output through a pipe that is not read for a while: writes pile up, then the
    // check waits for the reader; a buffer handed back to a worker too early would show here.
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', CI: 'true', RONGCUO_WORKERS: '2', RONGCUO_CHUNK_BYTES: '65536' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pause();
    // Not read from until the pipe is full (our side has buffered what it takes and stopped
    // reading), however slowly the check starts on a busy machine; then not for a while longer.
    while (child.stdout.readableLength < child.stdout.readableHighWaterMark && child.exitCode === null) await delay(20);
    await delay(1500);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const printed = Buffer.concat(chunks);
    expect(printed.length).toBeGreaterThan(4 * 2 ** 20);
    expect(printed.toString('utf8')).toBe(serial.stdout);
  }, BUDGET);

  it('ends at once when the batch stops before it starts, with workers already booting for it', () => {
    // The command line looks like a parallel batch, so workers start before it is parsed; nothing adopts them.
    const dir = tempDir();
    const file = writeCases(dir, 'cases.ndjson', `${[...generateCases(50)].map((c) => JSON.stringify(c)).join('\n')}\n`);
    writeFileSync(join(dir, 'taken.csv'), 'keep me');
    const unknownPolicy = rongcuo(['check', file, '--policy', 'nowhere-2030'], { env: PARALLEL });
    expect(unknownPolicy.code).toBe(2);
    expect(unknownPolicy.stderr).toContain('未知政策');
    const taken = rongcuo(['check', file, '--output', join(dir, 'taken.csv')], { env: PARALLEL });
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('文件已存在');
    expect(readFileSync(join(dir, 'taken.csv'), 'utf8')).toBe('keep me');
    // The table is rendered by the main thread alone.
    const table = rongcuo(['check', file, '--policy', 'fuzhou-2019', '--format', 'table'], { env: PARALLEL });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('共 50 个案例');
  }, BUDGET);

  /**
   * Holes of every kind, dense and in runs, around cases that share ids with them (in the same
   * chunk and in later ones).
   */
  function holeLines(): string[] {
    const good = [...generateCases(300)].map((c) => JSON.stringify(c));
    const kinds = [
      (i: number) => `{"id": "bad-${i}", "facts": {`,
      (i: number) => JSON.stringify({ id: `nopolicy-${i % 7}`, facts: {} }),
      (i: number) => JSON.stringify({ id: `typo-${i}`, policy: 'fuzhou-2019', facts: { intnet: 'inadvertent' } }),
      (i: number) => JSON.stringify({ id: `file-${i % 5}`, policy: 'fixtures/policy-custom.yaml', facts: {} }),
      (i: number) => JSON.stringify({ id: `nowhere-${i}`, policy: 'nowhere-2030', facts: {} }),
      (i: number) => good[(i * 7) % good.length]!,
      () => '[1, 2]',
    ];
    const lines: string[] = ['{"id": "first-line-bad"'];
    good.forEach((line, i) => {
      lines.push(line);
      if (i % 3 === 0) lines.push(kinds[i % kinds.length]!(i));
      if (i % 41 === 0) lines.push(...kinds.map((k) => k(i + 1)), '');
      // Cases whose ids a hole took first (a hole that records its id, or none).
      if (i % 29 === 0) lines.push(JSON.stringify({ id: `nopolicy-${i % 7}`, policy: 'fuzhou-2019', facts: {} }));
      if (i % 31 === 0) lines.push(JSON.stringify({ id: `typo-${i - 1}`, policy: 'fuzhou-2019', facts: {} }));
    });
    return lines;
  }

  // Each hole's result names its line and the first case with its id.
  for (const format of ['ndjson', 'json', 'csv']) {
    it(`checks the invalid lines a worker leaves in their places, however many, whatever they are: --format ${format}`, () => {
      const file = writeCases(tempDir(), 'holes.ndjson', `\uFEFF${holeLines().join('\r\n')}\n`);
      const r = expectSame(['check', file, '--format', format]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}:1：`);
      expect(r.stderr).toMatch(/nopolicy-\d.*案例 id 重复（与第 \d+ 个案例相同）/);
      expect(r.stderr).toContain('未指定政策');
      expect(r.stderr).toContain('nowhere-2030');
    }, BUDGET);
  }

  it('writes the same file, owner-only, with the CSV byte order mark', () => {
    const dir = tempDir();
    const file = writeCases(dir, 'cases.ndjson', `${[...generateCases(200)].map((c) => JSON.stringify(c)).join('\n')}\n`);
    const serial = rongcuo(['check', file, '--policy', 'fuzhou-2019', '--output', join(dir, 'serial.csv')], { env: SERIAL });
    const parallel = rongcuo(['check', file, '--policy', 'fuzhou-2019', '--output', join(dir, 'parallel.csv')], { env: PARALLEL });
    expect(parallel.code).toBe(0);
    expect(serial.code).toBe(0);
    const written = readFileSync(join(dir, 'parallel.csv'));
    expect(written.equals(readFileSync(join(dir, 'serial.csv')))).toBe(true);
    expect(written.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(statSync(join(dir, 'parallel.csv')).mode & 0o777).toBe(0o600);
  }, BUDGET);
});
