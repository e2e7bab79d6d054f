// A policy's `date` goes through the one date check (src/case/iso-date.ts),
// as case files' dates do: a day that does not exist is refused, with the
// reason in Chinese, and a date not shaped YYYY-MM-DD is named as such.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, rongcuo, tempDir } from './helpers/cli.js';

function policyWithDate(dir: string, date: string): string {
  const text = readFileSync(join(ROOT, 'policies', 'fuzhou-2019.yaml'), 'utf8');
  expect(text).toMatch(/^date: 2019-01-22$/m);
  const file = join(dir, `policy-${date}.yaml`);
  writeFileSync(file, text.replace(/^date: 2019-01-22$/m, `date: ${date}`));
  return file;
}

describe('policies validate: the date of issue', () => {
  it('refuses a day that does not exist, saying why, at its line', { timeout: 60_000 }, () => {
    const file = policyWithDate(tempDir(), '2019-02-29');
    const r = rongcuo(['policies', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:11:7 date：应为实际存在的日期：2019年2月只有28天`);
  });

  it('names the form for a date not written YYYY-MM-DD (in Chinese, not the pattern)', { timeout: 60_000 }, () => {
    const file = policyWithDate(tempDir(), '2019-1-22');
    const r = rongcuo(['policies', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:11:7 date：应为 ISO 日期 YYYY-MM-DD，例如 2024-05-10`);
    expect(r.stderr).not.toMatch(/Invalid|pattern/);
  });

  it('accepts a real day, a leap day included', { timeout: 60_000 }, () => {
    const file = policyWithDate(tempDir(), '2020-02-29');
    const r = rongcuo(['policies', 'validate', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
