// `rongcuo report` through the built binary: formats, colour, exit codes and
// the safety of --output (never overwrites unasked, 0600, nothing left behind).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, rongcuo, tempDir } from './helpers/cli.js';

const TODAY = { RONGCUO_TODAY: '2026-10-09' };
const golden = (name: string) => readFileSync(join(ROOT, 'test/golden/report', name), 'utf8');
const ANSI = /\u001b\[/;
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

describe('rongcuo report', () => {
  it('renders every case of the file when --case is omitted, plain when piped', () => {
    const r = rongcuo(['report', 'fixtures/cases.json'], { env: TODAY });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const id of ['2024-017', '2024-018', '2024-019', '2024-020', '2024-021', '2024-022']) expect(r.stdout).toContain(`案例：${id}`);
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('prints the same text as the golden file for one case', () => {
    const r = rongcuo(['report', 'fixtures/report-cases.json', '--case', 'gansu-2026-01'], { env: TODAY });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(golden('gansu-2026-01.txt'));
  });

  it('colours the text where colour is wanted (FORCE_COLOR, as on a terminal)', () => {
    const r = rongcuo(['report', 'fixtures/cases.json', '--case', '2024-019'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ANSI);
  });

  it('writes Markdown, HTML and JSON, by --format or by the --output extension', () => {
    const md = rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017', '-f', 'md'], { env: TODAY });
    expect(md.stdout).toBe(golden('2024-017.md'));
    const dir = tempDir();
    expect(rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017', '-o', join(dir, 'r.html')]).code).toBe(0);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(rongcuo(['report', 'fixtures/report-cases.json', '-o', join(dir, 'r.json')], { env: TODAY }).code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { reports: Array<{ case: { id: string }; procedure: { deadlines: Array<{ due: string | null }> } }> };
    expect(json.reports).toHaveLength(7);
    expect(json.reports[0]!.case.id).toBe('gansu-2026-01');
    expect(json.reports[0]!.procedure.deadlines[0]!.due).toBe('2026-10-13');
  });

  it('assesses under --policy instead of the case’s own policy', () => {
    const r = rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017', '-p', 'gansu-safety-2018']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('《甘肃省安全生产监督管理局干部容错纠错实施办法(试行)》');
  });
});

describe('rongcuo report --output', () => {
  it('writes the file owner-only and leaves no temporary file', () => {
    const dir = tempDir();
    const out = join(dir, 'report.txt');
    const r = rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017', '-o', out], { env: TODAY });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(golden('2024-017.txt'));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });

  it('refuses to overwrite an existing file (exit 2, file untouched), and replaces it with --force', () => {
    const dir = tempDir();
    const out = join(dir, 'report.md');
    writeFileSync(out, 'keep me');
    chmodSync(out, 0o644);
    const refused = rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017', '-o', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('文件已存在，未覆盖');
    noStack(refused.stderr);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017', '-o', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# 容错纠错评估意见书/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  it('fails with exit 2 and writes nothing when the directory does not exist', () => {
    const dir = tempDir();
    const out = join(dir, 'missing', 'report.txt');
    const r = rongcuo(['report', 'fixtures/cases.json', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('输出目录');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writes nothing when the input is wrong', () => {
    const dir = tempDir();
    const out = join(dir, 'report.txt');
    const r = rongcuo(['report', 'fixtures/invalid.json', '-p', 'fuzhou-2019', '-o', out]);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('rongcuo report errors', () => {
  it.each([
    [['report', 'fixtures/cases.json', '--case', 'no-such-case'], '没有 id 为“no-such-case”的案例'],
    [['report', 'fixtures/no-such-file.json'], '找不到文件'],
    [['report', 'fixtures/cases.json', '--policy', 'no-such-policy'], '未知政策“no-such-policy”'],
    [['report', 'fixtures/cases.json', '--format', 'pdf'], ''],
  ])('%j exits 2 with a message and no stack trace', (args, message) => {
    const r = rongcuo(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    noStack(r.stderr);
  });

  it('asks for a policy when a case names none', () => {
    const dir = tempDir();
    const file = join(dir, 'cases.json');
    writeFileSync(file, JSON.stringify([{ id: 'x-1', facts: { intent: 'inadvertent' } }]));
    const r = rongcuo(['report', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('案例“x-1”未指定政策');
    expect(rongcuo(['report', file, '-p', 'fuzhou-2019']).code).toBe(0);
  });

  it('rejects a malformed RONGCUO_TODAY', () => {
    const r = rongcuo(['report', 'fixtures/cases.json'], { env: { RONGCUO_TODAY: '2026-13-40' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RONGCUO_TODAY');
  });
});
