// The draft application as a Word document laid out after GB/T 9704-2012
// 《党政机关公文格式》: A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; title in
// 2号 方正小标宋简体, centred; body in 3号 仿宋_GB2312 at a fixed 29 pt line
// (22 lines a page; no document grid, so that the 2号 title keeps its own
// line height); first-level headings 黑体, second-level 楷体_GB2312;
// page numbers “— 1 —” in 4号 宋体 7 mm below the text block, odd pages right
// and even pages left, one character in. Fonts a machine lacks fall back
// through the font table (altName): 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体,
// 方正小标宋简体 → 华文中宋, then by character set (GB2312) and family.
import {
  AlignmentType,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphStyleOptions,
} from 'docx';
import type { DraftParagraph, DraftRole } from './draft-paragraphs.js';
import { xmlSafe } from './safe-text.js';

/** Millimetres to twentieths of a point. */
const mm = (x: number) => Math.round((x * 1440) / 25.4);

const PAGE = { width: 11906, height: 16838 } as const; // A4, 210 × 297 mm
const MARGINS = {
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
  header: mm(15),
  // The page number's dash line sits 7 mm below the text block (35 mm from the bottom edge).
  footer: mm(23),
} as const;

/** Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
const SIZE = { title: 44, body: 32, pageNumber: 28 } as const;
/** Fixed line height: 225 mm / 22 lines ≈ 29 pt. */
const LINE = 580;
/** One 3号 character, for indents. */
const CHAR = 320;

const FONTS = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  h1: '黑体',
  h2: '楷体_GB2312',
  pageNumber: '宋体',
} as const;

/** Font table entries: alternative name, GB2312 character set, family and PANOSE for substitution. */
const FONT_TABLE: Array<{ name: string; altName: string; family: string; pitch: string; panose: string }> = [
  { name: '方正小标宋简体', altName: '华文中宋', family: 'roman', pitch: 'variable', panose: '02010601030101010101' },
  { name: '仿宋_GB2312', altName: '仿宋', family: 'modern', pitch: 'fixed', panose: '02010609030101010101' },
  { name: '楷体_GB2312', altName: '楷体', family: 'modern', pitch: 'fixed', panose: '02010609030101010101' },
  { name: '黑体', altName: 'SimHei', family: 'modern', pitch: 'fixed', panose: '02010609060101010101' },
  { name: '宋体', altName: 'SimSun', family: 'auto', pitch: 'variable', panose: '02010600030101010101' },
];

function fontTableXml(): string {
  const fonts = FONT_TABLE.map(
    (f) =>
      `<w:font w:name="${f.name}"><w:altName w:val="${f.altName}"/><w:panose1 w:val="${f.panose}"/><w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`;
}

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });

const exact = { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

/** One paragraph style per role, so that the applicant edits styles, not runs. */
const STYLE_IDS: Record<DraftRole, string> = {
  title: 'GwTitle',
  addressee: 'GwAddressee',
  body: 'GwBody',
  h1: 'GwHeading1',
  h2: 'GwHeading2',
  attachment: 'GwAttachment',
  signature: 'GwSignature',
  date: 'GwDate',
};

function paragraphStyles(): IParagraphStyleOptions[] {
  const base = { basedOn: 'Normal', next: 'GwBody', quickFormat: true };
  return [
    {
      id: STYLE_IDS.title,
      name: '公文标题',
      ...base,
      run: { font: font(FONTS.title), size: SIZE.title },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: LINE } },
    },
    { id: STYLE_IDS.addressee, name: '公文主送机关', ...base, run: { font: font(FONTS.body), size: SIZE.body }, paragraph: { spacing: exact } },
    {
      id: STYLE_IDS.body,
      name: '公文正文',
      ...base,
      run: { font: font(FONTS.body), size: SIZE.body },
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 2 * CHAR }, spacing: exact },
    },
    {
      id: STYLE_IDS.h1,
      name: '公文一级标题',
      ...base,
      run: { font: font(FONTS.h1), size: SIZE.body },
      paragraph: { indent: { firstLine: 2 * CHAR }, spacing: exact, keepNext: true },
    },
    {
      id: STYLE_IDS.h2,
      name: '公文二级标题',
      ...base,
      run: { font: font(FONTS.h2), size: SIZE.body },
      paragraph: { indent: { firstLine: 2 * CHAR }, spacing: exact, keepNext: true },
    },
    {
      id: STYLE_IDS.attachment,
      name: '公文附件说明',
      ...base,
      run: { font: font(FONTS.body), size: SIZE.body },
      // 附件名称回行时与上一行附件名称的首字对齐: “附件：” is three characters after the two-character indent.
      paragraph: { indent: { left: 5 * CHAR }, spacing: exact },
    },
    {
      id: STYLE_IDS.signature,
      name: '公文署名',
      ...base,
      run: { font: font(FONTS.body), size: SIZE.body },
      paragraph: { alignment: AlignmentType.RIGHT, indent: { right: 4 * CHAR }, spacing: exact },
    },
    {
      id: STYLE_IDS.date,
      name: '公文成文日期',
      ...base,
      run: { font: font(FONTS.body), size: SIZE.body },
      paragraph: { alignment: AlignmentType.RIGHT, indent: { right: 4 * CHAR }, spacing: exact },
    },
  ];
}

function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const indent = side === 'odd' ? { right: SIZE.pageNumber * 10 } : { left: SIZE.pageNumber * 10 };
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent,
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONTS.pageNumber), size: SIZE.pageNumber })],
      }),
    ],
  });
}

const blank = () => new Paragraph({ style: STYLE_IDS.body, children: [] });

function toParagraphs(paragraphs: DraftParagraph[]): Paragraph[] {
  const out: Paragraph[] = [];
  let attachments = 0;
  // Word refuses a file with a character XML 1.0 cannot hold: those are dropped (the command says so, see docxRemovalNotice).
  const paras = paragraphs.map((p) => ({ role: p.role, text: xmlSafe(p.text) }));
  for (const p of paras) {
    if (p.role === 'attachment') {
      if (attachments === 0) out.push(blank());
      // The first line starts “附件：” two characters in; later items align with the first name.
      out.push(
        attachments === 0
          ? new Paragraph({ style: STYLE_IDS.attachment, indent: { left: 5 * CHAR, hanging: 3 * CHAR }, children: [new TextRun(`附件：${p.text}`)] })
          : new Paragraph({ style: STYLE_IDS.attachment, children: [new TextRun(p.text)] }),
      );
      attachments++;
      continue;
    }
    if (p.role === 'signature') out.push(blank(), blank());
    // A title may break into lines where the sense allows (“\n”).
    const runs = p.text.split('\n').map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) }));
    out.push(new Paragraph({ style: STYLE_IDS[p.role], children: runs }));
  }
  return out;
}

export async function renderDocx(paras: DraftParagraph[], meta: { title: string }): Promise<Uint8Array> {
  const doc = new Document({
    title: xmlSafe(meta.title),
    creator: 'rongcuo',
    lastModifiedBy: 'rongcuo',
    description: '容错认定申请书草稿（rongcuo 生成，须由申请人核对修改）',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FONTS.body), size: SIZE.body, language: { value: 'zh-CN', eastAsia: 'zh-CN' } },
          paragraph: { spacing: exact },
        },
      },
      paragraphStyles: paragraphStyles(),
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { ...MARGINS, gutter: 0 },
          },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children: toParagraphs(paras),
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
