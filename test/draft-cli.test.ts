// `rongcuo draft` through the built binary: the application as text, Markdown
// and docx; refusal for outcomes that support no application; --output safety.
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, rongcuo, tempDir } from './helpers/cli.js';

const golden = (name: string) => readFileSync(join(ROOT, 'test/golden/draft', name), 'utf8');
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at /);

describe('rongcuo draft', () => {
  it('prints the text draft, and reminds on stderr that it is a draft for the applicant to check', () => {
    const r = rongcuo(['draft', 'fixtures/cases.json', '--case', '2024-017']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(golden('2024-017.txt'));
    expect(r.stderr).toContain('申请书草稿仅供参考');
  });

  it('writes Markdown by --format or by the .md extension', () => {
    expect(rongcuo(['draft', 'fixtures/report-cases.json', '-c', 'shitai-2025-01', '-f', 'md']).stdout).toBe(golden('shitai-2025-01.md'));
    const dir = tempDir();
    expect(rongcuo(['draft', 'fixtures/report-cases.json', '-c', 'shitai-2025-01', '-o', join(dir, 'a.md')]).code).toBe(0);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe(golden('shitai-2025-01.md'));
  });

  it('writes a docx (a zip package) owner-only', () => {
    const dir = tempDir();
    const out = join(dir, '申请书.docx');
    const r = rongcuo(['draft', 'fixtures/cases.json', '-c', '2024-017', '-o', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['申请书.docx']);
  });

  it('requires --output for docx', () => {
    const r = rongcuo(['draft', 'fixtures/cases.json', '-c', '2024-017', '-f', 'docx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docx 须写入文件');
    expect(r.stdout).toBe('');
  });

  it('requires --case when the file holds several cases', () => {
    const r = rongcuo(['draft', 'fixtures/cases.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('请用 --case 选择其一');
    expect(r.stderr).toContain('2024-017');
  });

  it.each([
    ['2024-019', '不予容错'],
    ['2024-021', '不符合容错情形'],
    ['2024-022', '不适用'],
  ])('explains why %s (%s) supports no application, writes nothing, and drafts anyway with --force', (id, label) => {
    const dir = tempDir();
    const out = join(dir, 'draft.docx');
    const r = rongcuo(['draft', 'fixtures/cases.json', '-c', id, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`评估的结论为“${label}”`);
    expect(r.stderr).toContain('--force');
    noStack(r.stderr);
    expect(readdirSync(dir)).toEqual([]);
    const forced = rongcuo(['draft', 'fixtures/cases.json', '-c', id, '-o', out, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('按 --force 仍起草');
    expect(existsSync(out)).toBe(true);
  });

  it('marks an undetermined case’s gaps and says so', () => {
    const r = rongcuo(['draft', 'fixtures/report-cases.json', '-c', 'guian-2025-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('【待补充：');
    expect(r.stderr).toContain('结论尚待补充事实');
  });
});

describe('rongcuo draft --output', () => {
  it('never overwrites an existing file without --force (exit 2, untouched), and replaces it with --force', () => {
    const dir = tempDir();
    const out = join(dir, '申请书.docx');
    writeFileSync(out, 'keep me');
    chmodSync(out, 0o644);
    const refused = rongcuo(['draft', 'fixtures/cases.json', '-c', '2024-017', '-o', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('文件已存在，未覆盖');
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = rongcuo(['draft', 'fixtures/cases.json', '-c', '2024-017', '-o', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['申请书.docx']);
  });

  it('fails with exit 2 and writes nothing when the directory does not exist', () => {
    const dir = tempDir();
    const r = rongcuo(['draft', 'fixtures/cases.json', '-c', '2024-017', '-o', join(dir, 'no', 'a.docx')]);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});
