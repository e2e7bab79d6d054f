// A small document model for the report: headings, paragraphs, lists,
// tables and quotations made of styled spans, rendered as terminal text
// (chalk, CJK-aligned), Markdown or HTML. One content builder, three views.
// Every text goes through `shown` (sanitizeLines) as it is rendered: case
// and policy data reach no view with a control character in it.
import type { ChalkInstance } from 'chalk';
import { sanitizeLines as shown } from './safe-text.js';
import { formatTable } from './style.js';

export type Tone = 'ok' | 'bad' | 'unknown' | 'ref' | 'dim' | 'strong' | 'warn' | 'good-outcome' | 'mid-outcome' | 'bad-outcome';

export type Span = string | { text: string; tone: Tone };

export type Mark = '✓' | '✗' | '?' | '•' | '→';

export interface ListItem {
  mark?: Mark;
  spans: Span[];
  /** Lines under the item: verbatim texts, notes, sub-items. */
  children?: Block[];
}

export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'subheading'; text: string }
  | { kind: 'para'; spans: Span[] }
  | { kind: 'list'; items: ListItem[] }
  | { kind: 'table'; header: string[]; rows: Span[][][] }
  /** Verbatim source text: an article quoted. */
  | { kind: 'quote'; spans: Span[] };

export const span = (text: string, tone: Tone): Span => ({ text, tone });

const spanText = (s: Span): string => shown(typeof s === 'string' ? s : s.text);

function plainOf(spans: Span[]): string {
  return spans.map(spanText).join('');
}

const MARK_TONE: Record<Mark, Tone | null> = { '✓': 'ok', '✗': 'bad', '?': 'unknown', '•': null, '→': null };

// ---------------------------------------------------------------- text

function paint(c: ChalkInstance, s: Span): string {
  const text = spanText(s);
  if (typeof s === 'string') return text;
  switch (s.tone) {
    case 'ok':
    case 'good-outcome':
      return c.green(text);
    case 'bad':
    case 'bad-outcome':
      return c.red(text);
    case 'unknown':
    case 'warn':
      return c.yellow(text);
    case 'mid-outcome':
      return c.cyan(text);
    case 'ref':
      return c.cyan(text);
    case 'dim':
      return c.dim(text);
    case 'strong':
      return c.bold(text);
  }
}

function textBlocks(blocks: Block[], c: ChalkInstance, indent: string): string[] {
  const out: string[] = [];
  const line = (spans: Span[]) => spans.map((s) => paint(c, s)).join('');
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        out.push(c.bold(shown(block.text)));
        break;
      case 'heading':
        out.push('', c.bold.underline(shown(block.text)));
        break;
      case 'subheading':
        out.push(`${indent}${c.bold(shown(block.text))}`);
        break;
      case 'para':
        out.push(`${indent}${line(block.spans)}`);
        break;
      case 'quote':
        out.push(`${indent}${line(block.spans)}`);
        break;
      case 'list':
        for (const item of block.items) {
          const tone = item.mark ? MARK_TONE[item.mark] : null;
          const mark = item.mark ? `${tone ? paint(c, span(item.mark, tone)) : item.mark} ` : '';
          out.push(`${indent}${mark}${line(item.spans)}`);
          if (item.children) out.push(...textBlocks(item.children, c, `${indent}  ${item.mark ? '  ' : ''}`));
        }
        break;
      case 'table': {
        const rows = block.rows.map((row) => row.map((cell) => [plainOf(cell), line(cell)] as [string, string]));
        out.push(...formatTable(block.header.map(shown), rows, c).split('\n').map((l) => `${indent}${l}`));
        break;
      }
    }
  }
  return out;
}

/** Terminal text: colour only if `c` has a colour level (plain under NO_COLOR or when piped). */
export function renderText(blocks: Block[], c: ChalkInstance): string {
  return `${textBlocks(blocks, c, '  ').join('\n').replace(/^\n+/, '')}\n`;
}

// ---------------------------------------------------------------- markdown

/** Escapes text for Markdown without touching CJK punctuation (and controls, as everywhere: sanitizeLines). */
export function escapeMd(text: string): string {
  return shown(text).replace(/[\\`*_[\]<>|#]/g, (ch) => `\\${ch}`);
}

function mdSpan(s: Span): string {
  if (typeof s === 'string') return escapeMd(s);
  const t = escapeMd(s.text);
  switch (s.tone) {
    case 'strong':
    case 'good-outcome':
    case 'bad-outcome':
    case 'mid-outcome':
      return t.trim() ? `**${t}**` : t;
    default:
      return t;
  }
}

function mdLine(spans: Span[]): string {
  return spans.map(mdSpan).join('').replace(/\n/g, ' ');
}

function mdBlocks(blocks: Block[], depth: number): string[] {
  const out: string[] = [];
  const pad = '  '.repeat(depth);
  const gap = () => {
    if (depth === 0 && out.length > 0 && out[out.length - 1] !== '') out.push('');
  };
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        gap();
        out.push(`# ${escapeMd(block.text)}`);
        break;
      case 'heading':
        gap();
        out.push(`## ${escapeMd(block.text)}`);
        break;
      case 'subheading':
        gap();
        out.push(depth === 0 ? `### ${escapeMd(block.text)}` : `${pad}**${escapeMd(block.text)}**`);
        break;
      case 'para':
        gap();
        out.push(`${pad}${mdLine(block.spans)}`);
        break;
      case 'quote':
        gap();
        out.push(`${pad}> ${mdLine(block.spans)}`);
        break;
      case 'list':
        gap();
        for (const item of block.items) {
          out.push(`${pad}- ${item.mark && item.mark !== '•' ? `${item.mark} ` : ''}${mdLine(item.spans)}`);
          // Each block under an item starts after a blank line, indented to the item's
          // content, so that it stays its own paragraph or quotation inside the item.
          for (const child of item.children ?? []) out.push('', ...mdBlocks([child], depth + 1));
        }
        break;
      case 'table':
        gap();
        out.push(`${pad}| ${block.header.map(escapeMd).join(' | ')} |`);
        out.push(`${pad}|${block.header.map(() => '---').join('|')}|`);
        for (const row of block.rows) out.push(`${pad}| ${row.map((cell) => mdLine(cell) || ' ').join(' | ')} |`);
        break;
    }
  }
  return out;
}

export function renderMarkdown(blocks: Block[]): string {
  return `${mdBlocks(blocks, 0).join('\n').trim()}\n`;
}

// ---------------------------------------------------------------- html

/** Escapes text for HTML (and controls, as everywhere: sanitizeLines). */
function escapeHtml(text: string): string {
  return shown(text).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function htmlSpan(s: Span): string {
  if (typeof s === 'string') return escapeHtml(s);
  if (s.tone === 'strong') return `<strong>${escapeHtml(s.text)}</strong>`;
  return `<span class="${s.tone}">${escapeHtml(s.text)}</span>`;
}

const htmlLine = (spans: Span[]) => spans.map(htmlSpan).join('');

const MARK_CLASS: Record<Mark, string> = { '✓': 'ok', '✗': 'bad', '?': 'unknown', '•': 'bullet', '→': 'bullet' };

function htmlBlocks(blocks: Block[]): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'title':
        out.push(`<h1>${escapeHtml(block.text)}</h1>`);
        break;
      case 'heading':
        out.push(`<h2>${escapeHtml(block.text)}</h2>`);
        break;
      case 'subheading':
        out.push(`<h3>${escapeHtml(block.text)}</h3>`);
        break;
      case 'para':
        out.push(`<p>${htmlLine(block.spans)}</p>`);
        break;
      case 'quote':
        out.push(`<blockquote>${htmlLine(block.spans)}</blockquote>`);
        break;
      case 'list':
        out.push('<ul>');
        for (const item of block.items) {
          const mark = item.mark ? `<span class="mark ${MARK_CLASS[item.mark]}">${item.mark}</span> ` : '';
          const children = item.children ? htmlBlocks(item.children).join('') : '';
          out.push(`<li${item.mark ? ' class="marked"' : ''}>${mark}${htmlLine(item.spans)}${children}</li>`);
        }
        out.push('</ul>');
        break;
      case 'table':
        out.push('<table>');
        out.push(`<thead><tr>${block.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`);
        out.push('<tbody>');
        for (const row of block.rows) out.push(`<tr>${row.map((cell) => `<td>${htmlLine(cell)}</td>`).join('')}</tr>`);
        out.push('</tbody></table>');
        break;
    }
  }
  return out;
}

const CSS = `body{font-family:"Noto Serif CJK SC","Source Han Serif SC","SimSun",serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#222}
h1{font-size:1.6rem;text-align:center}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:2rem}h3{font-size:1.05rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
blockquote{margin:.25rem 0 .25rem 1.5rem;color:#444;border-left:3px solid #ddd;padding-left:.75rem}
ul{padding-left:1.25rem}li.marked{list-style:none}.mark{font-weight:bold}
.ok,.good-outcome{color:#1a7f37}.bad,.bad-outcome{color:#b42318}.unknown,.warn{color:#9a6700}.mid-outcome,.ref{color:#0b5cad}.dim{color:#666}
article+article{border-top:2px solid #999;margin-top:3rem}`;

/** One document of an HTML page. */
export function htmlArticle(blocks: Block[]): string {
  return `<article>\n${htmlBlocks(blocks).join('\n')}\n</article>`;
}

/** An HTML page around its articles (joined by a line feed), in two parts: a page can be written article by article. */
export function htmlPageParts(title: string): { head: string; tail: string } {
  const head = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${CSS}
</style>
</head>
<body>
`;
  return { head, tail: '\n</body>\n</html>\n' };
}

/** One standalone HTML page holding one or more rendered documents. */
export function renderHtmlPage(title: string, documents: Block[][]): string {
  const { head, tail } = htmlPageParts(title);
  return `${head}${documents.map(htmlArticle).join('\n')}${tail}`;
}
