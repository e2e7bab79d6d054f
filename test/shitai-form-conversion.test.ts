// 石台 第十七条: “对应当适用‘第二种形态’，符合容错规定情形的，可以转化为‘第一种形态’…对应当适用
// ‘第三种形态’，符合容错规定情形的，可以转化为‘第二种形态’”. The assessment computes the
// converted form, and the report shows it as the deciding body's option.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rongcuo, tempDir } from './helpers/cli.js';

const base = {
  inScope: true,
  prohibitedAtTime: false,
  decisionProcess: 'followed',
  intent: 'inadvertent',
  severity: 'minor',
  remediation: 'proactive',
  seriousViolation: false,
  politicalDeviation: false,
  improperBenefit: false,
  situations: ['key-tasks'],
  diligence: [],
  mitigation: [],
  'shitai-eco-2022.riskAssessed': true,
};

function report(facts: Record<string, unknown>, format: 'json' | 'text'): string {
  const dir = tempDir();
  const file = join(dir, 'case.json');
  writeFileSync(file, JSON.stringify({ formatVersion: 1, cases: [{ id: 'c1', policy: 'shitai-eco-2022', facts }] }));
  const r = rongcuo(['report', file, '--case', 'c1', '--format', format]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const conversionOf = (facts: Record<string, unknown>) => JSON.parse(report(facts, 'json')).reports[0].assessment.formConversion;

describe('石台 第十七条 “四种形态”转化', { timeout: 60_000 }, () => {
  it('a tolerated case that would take the 第二种形态 “可以转化为‘第一种形态’”: in the assessment and in the report', () => {
    expect(conversionOf({ ...base, disciplineForm: 'second' })).toMatchObject({ article: '第十七条', from: 'second', to: 'first', modality: '可以' });
    const text = report({ ...base, disciplineForm: 'second' }, 'text');
    expect(text).toContain('第十七条 四种形态：本应适用“第二种形态”，符合容错规定情形的，可以转化为“第一种形态”（由认定机关决定是否转化）。');
  });

  it('“对应当适用‘第三种形态’，符合容错规定情形的，可以转化为‘第二种形态’”, also when only 第十四条 itself gives 从轻、减轻', () => {
    expect(conversionOf({ ...base, remediation: 'none', disciplineForm: 'third' })).toMatchObject({ from: 'third', to: 'second' });
  });

  it('gives no conversion without a 容错情形, for the 第一种形态, or where disciplineForm is not stated', () => {
    expect(conversionOf({ ...base, situations: [], diligence: ['duties-performed'], disciplineForm: 'second' })).toBeNull();
    expect(conversionOf({ ...base, disciplineForm: 'first' })).toBeNull();
    expect(conversionOf(base)).toBeNull();
    expect(report(base, 'text')).not.toContain('四种形态：');
  });
});
