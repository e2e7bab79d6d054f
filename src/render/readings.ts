// The readings of a policy: every place where the tool reads the text in a
// way a reviewer must be able to check — an encoder's note on a rule, a
// catch-all item only the deciding body can apply, a clause's note. Each
// with its article, the verbatim text, the condition in words and the note
// in words for people (src/render/plain-reading.ts). `policies readings`
// lists them all; the report and the draft show those the outcome rests on.
import type { Condition, Policy } from '../policy/schema.js';
import { span, type Block, type ListItem } from './blocks.js';
import { INFERRED_LEGEND, markInferredItems, plainReading } from './plain-reading.js';
import { describeCondition } from './policy.js';

type ReadingSection = 'distinction' | 'look' | 'exclusion' | 'diligence' | 'situation' | 'condition' | 'mitigation' | 'still-accountable' | 'situation-alone';

const READING_SECTION_LABELS: Readonly<Record<ReadingSection, string>> = {
  distinction: '三个区分开来',
  look: '七看',
  exclusion: '不予容错',
  diligence: '履职尽责',
  situation: '容错情形',
  condition: '容错条件',
  mitigation: '从轻减轻',
  'still-accountable': '确需追究责任',
  'situation-alone': '符合情形而条件未全部满足',
};

export interface PolicyReading {
  /** The rule's id where the reading is a rule's (its verdict is in the assessment), else null. */
  rule: string | null;
  section: ReadingSection;
  article: string;
  text: string;
  /** How the tool applies the text, in words (null where there is no condition, as for 符合情形而条件未全部满足). */
  encoded: string | null;
  needsJudgement: boolean;
  /** The encoder's note as written (with ids), or null. */
  note: string | null;
  /** The reading in words for people: the note without ids, or, for a catch-all item, that the deciding body decides. */
  reading: string;
}

const JUDGEMENT = '此为兜底条款，是否适用由认定机关研究判断，本工具不代为认定。';

/** “本工具对第七条第(三)项的理解：…” (`who`: 本工具 in the report, 本申请 in the draft). */
export function readingSentence(r: { article: string; reading: string }, who = '本工具'): string {
  return `${who}对${r.article}的理解：${r.reading}`;
}

/** Every reading of a policy, in the policy's order. */
export function policyReadings(p: Policy): PolicyReading[] {
  const own = p.facts.map((f) => ({ id: f.id, label: f.label }));
  const facts = new Map(p.facts.map((f) => [f.id, f.label]));
  const out: PolicyReading[] = [];
  const words = (c: Condition) => describeCondition(c, facts, true);
  const add = (section: ReadingSection, x: { ref: string; text: string; note?: string }, encoded: string | null, rule: string | null, needsJudgement = false) => {
    if (!x.note && !needsJudgement) return;
    const parts = [x.note ? plainReading(x.note, own) : null, needsJudgement ? JUDGEMENT : null].filter((w): w is string => w !== null);
    out.push({
      rule,
      section,
      article: x.ref,
      text: x.text,
      encoded,
      needsJudgement,
      note: x.note ?? null,
      reading: parts.join(''),
    });
  };
  for (const d of p.distinctions) add('distinction', d, `红线：${words(d.when)}`, null);
  for (const l of p.looks.items) if (l.ref && l.text) add('look', { ref: l.ref, text: l.text, ...(l.note ? { note: l.note } : {}) }, `有利：${words(l.favourable)}；不利：${words(l.unfavourable)}`, null);
  const groups: Array<[ReadingSection, Policy['situations']]> = [
    ['exclusion', p.exclusions],
    ['diligence', p.diligence],
    ['situation', p.situations],
    ['condition', p.conditions ? [p.conditions] : []],
    ['mitigation', p.mitigation],
  ];
  for (const [section, list] of groups) for (const g of list) for (const r of g.items) add(section, r, words(r.when), r.id, r.needsJudgement === true);
  if (p.stillAccountable) add('still-accountable', p.stillAccountable, `符合容错情形且${words(p.stillAccountable.when)}时，从轻、减轻处理`, p.stillAccountable.id);
  if (p.situationAlone) add('situation-alone', p.situationAlone, null, null);
  return out;
}

/** Whether a policy's item numbers are the tool's inference (the seed lost them): `source.itemNumbersInferred`. */
export function itemNumbersInferred(p: Policy): boolean {
  return p.source.itemNumbersInferred === true;
}

/** A reading with its item numbers marked where they are inferred. */
function markReading(r: PolicyReading, inferred: boolean): PolicyReading {
  return inferred ? { ...r, article: markInferredItems(r.article, true), reading: markInferredItems(r.reading, true) } : r;
}

/** One policy's readings for `policies readings`: each with its article, verbatim text, the rule in words and the reading. */
interface PolicyReadings {
  id: string;
  title: string;
  itemNumbersInferred: boolean;
  readings: PolicyReading[];
}

export function readingsOf(p: Policy): PolicyReadings {
  return { id: p.id, title: p.title, itemNumbersInferred: itemNumbersInferred(p), readings: policyReadings(p) };
}

/** The readings as blocks (text or Markdown): per policy, each reading with its article, text, rule and note in words. */
export function readingsBlocks(list: PolicyReadings[]): Block[] {
  const blocks: Block[] = [{ kind: 'title', text: '本工具对政策条文的理解（逐条）' }];
  blocks.push({ kind: 'para', spans: [span('供法律审核：每一条都列出条文、原文、本工具如何适用（规则）和本工具的理解。', 'dim')] });
  for (const p of list) {
    const mark = (text: string) => markInferredItems(text, p.itemNumbersInferred);
    blocks.push({ kind: 'heading', text: `《${p.title}》（${p.id}）：${p.readings.length} 条理解` });
    if (p.itemNumbersInferred) blocks.push({ kind: 'para', spans: [span(INFERRED_LEGEND, 'warn')] });
    const items: ListItem[] = p.readings.map((r) => ({
      mark: '•',
      spans: [span(mark(r.article), 'ref'), `　${READING_SECTION_LABELS[r.section]}`, r.needsJudgement ? span('　兜底条款', 'warn') : ''],
      children: blocksFor(r, p.itemNumbersInferred),
    }));
    blocks.push(items.length > 0 ? { kind: 'list', items } : { kind: 'para', spans: ['（无）'] });
  }
  return blocks;
}

function blocksFor(r: PolicyReading, inferred: boolean): Block[] {
  const children: Block[] = [{ kind: 'quote', spans: [span('原文：', 'dim'), r.text] }];
  if (r.encoded) children.push({ kind: 'para', spans: [span('规则：', 'dim'), r.encoded] });
  children.push({ kind: 'para', spans: [span('理解：', 'dim'), span(markInferredItems(r.reading, inferred), 'warn')] });
  return children;
}
