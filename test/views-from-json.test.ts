// The views are functions of the report data: every report view (text,
// Markdown, HTML) and every draft (text, Markdown, docx) rendered from a
// saved `rongcuo report --format json` alone is the document the CLI writes
// for the same case. This process loads no policy and evaluates nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDraft, type DraftFormat } from '../src/render/draft.js';
import type { ReportData } from '../src/render/report-data.js';
import { renderReport, renderReports, type ReportFormat } from '../src/render/report.js';
import { makeChalk } from '../src/render/style.js';
import { rongcuo, tempDir } from './helpers/cli.js';
import { unzip } from './helpers/zip.js';

const TODAY = { RONGCUO_TODAY: '2026-10-09' };
const FILES = ['fixtures/report-cases.json', 'fixtures/cases.json'];
const plain = makeChalk(false);

function run(args: string[]): string {
  const r = rongcuo(args, { env: TODAY });
  expect(r.code, `rongcuo ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** `report --format json`, parsed: nothing else goes into the views below. */
function savedJson(file: string, ...args: string[]): ReportData[] {
  return (JSON.parse(run(['report', file, '-f', 'json', ...args])) as { reports: ReportData[] }).reports;
}

describe('the report json, extended', () => {
  it('keeps every earlier key in its place and adds the policy’s texts and the addressee after them', () => {
    const [data] = savedJson('fixtures/report-cases.json', '-c', 'gansu-2026-02');
    expect(Object.keys(data!)).toEqual(['case', 'policy', 'assessment', 'procedure', 'counterfactuals', 'notice', 'today', 'readings']);
    expect(Object.keys(data!.policy)).toEqual([
      ...['id', 'title', 'shortName', 'issuer', 'documentNumber', 'date', 'status'],
      ...['shortTitle', 'facts', 'looks', 'exclusions', 'diligence', 'situations', 'conditions', 'conditionsNote', 'situationAlone', 'stillAccountable', 'mitigation', 'itemNumbersInferred'],
    ]);
    expect(data!.policy).toMatchObject({ shortTitle: '办法', conditions: null, stillAccountable: null });
    // The body's options come last in the assessment: 甘肃 第十条第(五)项 beside 容错免责.
    expect(Object.keys(data!.assessment).at(-1)).toBe('bodyOptions');
    expect(data!.assessment.bodyOptions).toMatchObject([{ id: 'art10-5', article: '第十条第(五)项', instead: 'mitigated', modality: '可以' }]);
    expect(data!.policy.situations[0]).toMatchObject({ article: '第六条', modality: '可以', items: expect.arrayContaining(['art6-1', 'art6-12']) });
    expect(Object.keys(data!.procedure.receiver)).toEqual(['article', 'text', 'note', 'body', 'addressee']);
    expect(data!.procedure.receiver.addressee).toEqual({ kind: 'named', body: '局机关党委' });
  }, 30_000);
});

describe('report views rendered from `report --format json` alone', () => {
  it.each(FILES)('%s: text, md and html documents of every case are the CLI’s, byte for byte', (file) => {
    const reports = savedJson(file);
    expect(reports.length).toBeGreaterThan(5);
    for (const format of ['text', 'md', 'html'] as const) {
      expect(renderReports(reports, format, plain), `${file} -f ${format}`).toBe(run(['report', file, '-f', format]));
    }
  }, 120_000);

  it.each(['text', 'md', 'html'] as ReportFormat[])('one case (--case): %s', (format) => {
    const [data] = savedJson('fixtures/cases.json', '-c', '2024-017');
    expect(renderReport(data!, format, plain)).toBe(run(['report', 'fixtures/cases.json', '-c', '2024-017', '-f', format]));
  }, 60_000);
});

describe('drafts rendered from `report --format json` alone', () => {
  // Every fixture case but 2024-018 (exempt under fuzhou-2019 like 2024-017): every bundled policy, every
  // kind of receiver, every outcome (those that support no application drafted with --force, as the CLI allows).
  const saved = FILES.flatMap((file) => savedJson(file).map((data) => ({ file, data })));
  const chosen = saved.filter(({ data }) => data.case.id !== '2024-018');

  it('covers every policy, every outcome and every kind of addressee', () => {
    expect(new Set(chosen.map(({ data }) => data.policy.id)).size).toBe(7);
    expect(new Set(chosen.map(({ data }) => data.assessment.outcome)).size).toBe(7);
    expect(new Set(chosen.map(({ data }) => data.procedure.receiver.addressee.kind))).toEqual(new Set(['own-unit', 'named', 'case-dependent']));
  });

  it.each(chosen.map(({ file, data }) => [data.case.id, file, data] as const))('%s: text and md are the CLI’s', async (id, file, data) => {
    for (const format of ['text', 'md'] as DraftFormat[]) {
      expect(await renderDraft(data, format), `${id} -f ${format}`).toBe(run(['draft', file, '-c', id, '-f', format, '--force']));
    }
  }, 60_000);

  it.each(chosen.map(({ file, data }) => [data.case.id, file, data] as const))('%s: docx has the CLI’s document, styles and parts', async (id, file, data) => {
    const out = join(tempDir(), `${id}.docx`);
    run(['draft', file, '-c', id, '-o', out, '--force']);
    const fromCli = unzip(new Uint8Array(readFileSync(out)));
    const fromJson = unzip((await renderDraft(data, 'docx')) as Uint8Array);
    // The package's creation and modification times are the only difference between two runs.
    const parts = (m: Map<string, string>) => new Map([...m].filter(([name]) => name !== 'docProps/core.xml'));
    expect([...fromJson.keys()].sort()).toEqual([...fromCli.keys()].sort());
    expect(fromJson.get('word/document.xml')).toBe(fromCli.get('word/document.xml'));
    expect(parts(fromJson)).toEqual(parts(fromCli));
  }, 60_000);
});
