// The docx draft, unzipped here: GB/T 9704-2012 page set-up, styles and fonts
// (with fallbacks), page numbers on odd and even pages, and the text itself.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaseFile } from '../src/case/load.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { resolvePolicy, usePolicyFiles } from '../src/policy/registry.js';
import { draftParagraphs, renderDraft } from '../src/render/draft.js';
import { buildReportData } from '../src/commands/report-data.js';
import { unzip } from './helpers/zip.js';

process.env.RONGCUO_NO_PRECOMPILED = '1';
// Policies from their YAML files, as the commands other than check read them.
await usePolicyFiles();

const ROOT = join(import.meta.dirname, '..');
const cases = await loadCaseFile(join(ROOT, 'fixtures/cases.json'));
const kase = cases.find((c) => c.id === '2024-017')!;
const compiled = resolvePolicy('fuzhou-2019');
const input = buildReportData({ kase, compiled, assessment: evaluate(compiled, kase.facts) });
const bytes = (await renderDraft(input, 'docx')) as Uint8Array;
const files = unzip(bytes);
const documentXml = files.get('word/document.xml')!;
const stylesXml = files.get('word/styles.xml')!;

/** The XML of one paragraph style. */
function style(id: string): string {
  const m = new RegExp(`<w:style w:type="paragraph" w:styleId="${id}">.*?</w:style>`).exec(stylesXml);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
}

/** All text of the document body, paragraph by paragraph. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>/g)].map((p) => [...p[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
}

describe('the docx draft', () => {
  it('is a Word package with its parts', () => {
    expect(bytes instanceof Uint8Array).toBe(true);
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('PK');
    for (const part of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/settings.xml', 'word/fontTable.xml']) {
      expect(files.has(part), part).toBe(true);
    }
  });

  it('lays out an A4 page with the GB/T 9704 margins (天头 37 mm, 订口 28 mm, 版心 156 × 225 mm)', () => {
    expect(documentXml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const margin = /<w:pgMar ([^>]*)\/>/.exec(documentXml)![1]!;
    const attr = (name: string) => Number(new RegExp(`w:${name}="(\\d+)"`).exec(margin)![1]);
    const mm = (twips: number) => (twips * 25.4) / 1440;
    expect(mm(attr('top'))).toBeCloseTo(37, 0);
    expect(mm(attr('left'))).toBeCloseTo(28, 0);
    expect(mm(11906 - attr('left') - attr('right'))).toBeCloseTo(156, 0);
    expect(mm(16838 - attr('top') - attr('bottom'))).toBeCloseTo(225, 0);
  });

  it('sets the title in 2号 方正小标宋简体, centred', () => {
    const title = style('GwTitle');
    expect(title).toContain('w:eastAsia="方正小标宋简体"');
    expect(title).toContain('<w:sz w:val="44"/>');
    expect(title).toContain('<w:jc w:val="center"/>');
  });

  it('sets the body in 3号 仿宋_GB2312 at a fixed 29 pt line, first line indented two characters', () => {
    const body = style('GwBody');
    expect(body).toContain('w:eastAsia="仿宋_GB2312"');
    expect(body).toContain('<w:sz w:val="32"/>');
    expect(body).toMatch(/<w:spacing [^>]*w:line="580" w:lineRule="exact"\/>/);
    expect(body).toContain('<w:ind w:firstLine="640"/>');
    expect(stylesXml).toMatch(/<w:docDefaults>.*w:eastAsia="仿宋_GB2312".*<w:sz w:val="32"\/>.*<w:lang [^>]*w:eastAsia="zh-CN"/);
  });

  it('uses 黑体 and 楷体_GB2312 for the first- and second-level headings, and right-aligns signature and date four characters in', () => {
    expect(style('GwHeading1')).toContain('w:eastAsia="黑体"');
    expect(style('GwHeading2')).toContain('w:eastAsia="楷体_GB2312"');
    for (const id of ['GwSignature', 'GwDate']) {
      expect(style(id)).toContain('<w:jc w:val="right"/>');
      expect(style(id)).toContain('w:right="1280"');
    }
  });

  it('names a fallback for every font in the font table', () => {
    const table = files.get('word/fontTable.xml')!;
    expect(table).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(table).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="华文中宋"/>');
    expect(table).toContain('<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>');
    expect((table.match(/<w:charset w:val="86"\/>/g) ?? []).length).toBe(5);
  });

  it('numbers pages “— n —” in 4号 宋体, odd pages right and even pages left', () => {
    expect(files.get('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    expect(documentXml).toMatch(/<w:footerReference w:type="default" r:id="rId\d+"\/><w:footerReference w:type="even" r:id="rId\d+"\/>/);
    const footers = [...files.entries()].filter(([name]) => /^word\/footer\d+\.xml$/.test(name)).map(([, xml]) => xml);
    expect(footers).toHaveLength(2);
    for (const xml of footers) {
      expect(xml).toContain('<w:instrText xml:space="preserve">PAGE</w:instrText>');
      expect(xml).toContain('— </w:t>');
      expect(xml).toContain('<w:sz w:val="28"/>');
      expect(xml).toContain('w:eastAsia="宋体"');
    }
    expect(footers.some((xml) => xml.includes('<w:jc w:val="right"/>'))).toBe(true);
    expect(footers.some((xml) => xml.includes('<w:jc w:val="left"/>'))).toBe(true);
  });

  it('holds the draft’s paragraphs in order, each with its style', () => {
    const expected = draftParagraphs(input).map((p) => (p.role === 'attachment' && p.text.startsWith('1．') ? `附件：${p.text}` : p.text.replace(/\n/g, '')));
    const actual = paragraphs(documentXml).filter((t) => t !== '');
    expect(actual).toEqual(expected);
    expect(documentXml).toContain('<w:pStyle w:val="GwTitle"/>');
    expect(documentXml).toContain('<w:pStyle w:val="GwHeading1"/></w:pPr><w:r><w:t xml:space="preserve">一、基本事实</w:t>');
    // The long title breaks after the matter, as a line break inside one paragraph.
    expect(documentXml).toMatch(/关于“招商引资项目土地出让价格偏差”<\/w:t><\/w:r><w:r><w:br\/><w:t xml:space="preserve">的容错认定申请/);
  });
});
