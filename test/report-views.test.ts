// The report's views beyond the goldens: colour on a terminal and none
// otherwise, HTML escaping and structure, several cases in one document, and
// the JSON data (assessment + procedure with deadlines + counterfactuals).
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { loadCaseFile } from '../src/case/load.js';
import type { Case } from '../src/case/schema.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { resolvePolicy, usePolicyFiles } from '../src/policy/registry.js';
import { buildReportData, type ReportInput } from '../src/commands/report-data.js';
import { renderReport, renderReports } from '../src/render/report.js';

process.env.RONGCUO_NO_PRECOMPILED = '1';
// Policies from their YAML files, as the commands other than check read them.
await usePolicyFiles();

const ROOT = join(import.meta.dirname, '..');
const cases = [...(await loadCaseFile(join(ROOT, 'fixtures/cases.json'))), ...(await loadCaseFile(join(ROOT, 'fixtures/report-cases.json')))];
const input = (id: string, today?: string): ReportInput => {
  const kase = cases.find((c) => c.id === id)!;
  const compiled = resolvePolicy(kase.policy!);
  const i: ReportInput = { kase, compiled, assessment: evaluate(compiled, kase.facts) };
  if (today) i.today = today;
  return i;
};
const data = (id: string, today?: string) => buildReportData(input(id, today));
const ANSI = /\u001b\[/;

describe('text report', () => {
  it('is coloured with a colour chalk and plain with a level-0 one', () => {
    expect(renderReport(data('2024-019'), 'text', new Chalk({ level: 1 }))).toMatch(ANSI);
    expect(renderReport(data('2024-019'), 'text', new Chalk({ level: 0 }))).not.toMatch(ANSI);
  });

  it('aligns the 七看 table by display width (CJK counts double)', () => {
    const text = renderReport(data('2024-017'), 'text', new Chalk({ level: 0 }));
    const rows = text.split('\n').filter((l) => /^ {2}看(初衷|节点|程序)/.test(l));
    expect(rows).toHaveLength(3);
    const column = (l: string) => l.indexOf('有利');
    expect(new Set(rows.map(column)).size).toBe(1);
  });

  it('prints no date of its own unless given today', () => {
    const without = renderReport(data('gansu-2026-01'), 'text', new Chalk({ level: 0 }));
    expect(without).not.toContain('截至');
    expect(without).toContain('截止：2026年10月13日（星期二）');
    expect(renderReport(data('gansu-2026-01', '2026-10-09'), 'text', new Chalk({ level: 0 }))).toContain('截至2026年10月9日，距截止日尚有3个工作日');
  });

  it('always ends with the notice that the Party organisation decides', () => {
    for (const id of ['2024-017', '2024-019', 'guian-2025-01']) {
      const text = renderReport(data(id), 'text', new Chalk({ level: 0 }));
      expect(text).toContain('是辅助评估意见，不是认定结论');
      expect(text.trimEnd().split('\n').pop()).toContain('由有权党组织');
    }
  });

  it('separates several cases', () => {
    const text = renderReports([data('2024-017'), data('2024-019')], 'text', new Chalk({ level: 0 }));
    expect(text.match(/容错纠错评估意见书/g)).toHaveLength(2);
    const md = renderReports([data('2024-017'), data('2024-019')], 'md', new Chalk({ level: 0 }));
    expect(md).toContain('\n---\n');
  });
});

describe('HTML report', () => {
  it('is one standalone page in Chinese, with one article per case', () => {
    const html = renderReports([data('2024-017'), data('gansu-2026-01')], 'html', new Chalk({ level: 0 }));
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html.match(/<article>/g)).toHaveLength(2);
    expect(html).toContain('<table>');
    expect(html).not.toMatch(ANSI);
  });

  it('escapes everything that comes from the case', () => {
    const base = input('2024-017');
    const kase: Case = { ...base.kase, id: '<x&y>', matter: { ...base.kase.matter, title: '<script>alert(1)</script>' } };
    const html = renderReport(buildReportData({ ...base, kase }), 'html', new Chalk({ level: 0 }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;x&amp;y&gt;');
  });
});

describe('report data (the json format)', () => {
  it('holds the assessment, the procedure with computed deadlines, the counterfactuals and the notice', () => {
    const data = buildReportData(input('gansu-2026-01', '2026-10-09'));
    expect(Object.keys(data)).toEqual(['case', 'policy', 'assessment', 'procedure', 'counterfactuals', 'notice', 'today', 'readings']);
    expect(data.assessment.outcome).toBe('exempt');
    expect(data.procedure.receiver.body).toContain('局机关党委');
    expect(data.procedure.deadlines[0]).toMatchObject({ id: 'application', due: '2026-10-13', status: { state: 'open', left: 3 } });
    expect(data.counterfactuals.status).toBe('at-best');
    expect(data.notice).toContain('由有权党组织');
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('carries what would change a not-eligible outcome', () => {
    const data = buildReportData(input('2024-021'));
    expect(data.counterfactuals.changes[0]).toMatchObject({ fact: 'remediation', change: { kind: 'set', value: 'proactive' }, outcome: 'exempt' });
  });
});
