// An encoder's note in words for people: the ids a note uses (facts,
// `fact=value`, tags, a policy's own facts, project files) replaced by their
// Chinese labels from the vocabulary, so that a reading can stand in a
// document for a 纪委 or a 党组. Also the mark for item numbers the tool
// inferred (贵安: the seed lost every “第(X)项”).
import { FACTS, OUTCOME_LABELS, TAG_LISTS, factSpec, valueWords } from '../vocabulary.js';

/** A policy's own facts, by id and label (a compiled policy and the report data both have them). */
type OwnFactLabels = ReadonlyArray<{ id: string; label: string }>;

/** Project words notes use, in words for people. */
const WORDS: Readonly<Record<string, string>> = {
  'DOMAIN.md': '本工具的领域说明',
  DOMAIN: '本工具的领域说明',
  compile: '本工具',
  'compile.ts': '本工具',
  note: '说明',
  steps: '步骤',
  deadlines: '期限',
  situationAlone: '“符合情形而条件未全部满足”的规定',
  stillAccountable: '“确需追究责任”的规定',
  exclusions: '不予容错情形',
  modality: '用语（应当、可以）',
  issuer: '发文机关',
  gaps: '原文缺漏说明',
  resultUse: '结果运用',
  otherArticles: '其他条款',
  vs: '与',
  true: '是',
  false: '否',
};

const TAG_TEXT = new Map<string, string>();
for (const list of Object.values(TAG_LISTS)) for (const [tag, text] of Object.entries(list)) if (!TAG_TEXT.has(tag)) TAG_TEXT.set(tag, text);

/** An enum value's short words, for a value named without its fact: the first fact (in vocabulary order) that has it. */
const VALUE_TEXT = new Map<string, string>();
for (const [name, spec] of Object.entries(FACTS)) {
  if (spec.kind !== 'enum') continue;
  for (const w of spec.words) if (!VALUE_TEXT.has(String(w.value))) VALUE_TEXT.set(String(w.value), `${w.short}`);
  void name;
}

/** A fact's label: a vocabulary fact, or a policy's own fact by its id or its name after the dot. */
function factName(id: string, own: OwnFactLabels): string | undefined {
  return factSpec(id)?.label ?? own.find((f) => f.id === id || f.id.endsWith(`.${id}`))?.label;
}

function valueText(fact: string, value: string): string {
  const v = value === 'true' ? true : value === 'false' ? false : value;
  const w = valueWords(fact, v);
  if (w) return w.short;
  if (v === true) return '是';
  if (v === false) return '否';
  return VALUE_TEXT.get(value) ?? value;
}

const TOKEN = /[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z][A-Za-z0-9_-]*)*(?:\s*=\s*[A-Za-z0-9-]+)?/g;

/**
 * A note with its ids in words: “intent=inadvertent” → “主观：无心之失”, a tag → its
 * text in “”, a fact → its label in “”; “种子（文本）” → “所据文本”. A token with no
 * words is left as written (the bundled policies' notes have none: a test checks).
 */
export function plainReading(note: string, own: OwnFactLabels = []): string {
  let lastFact: string | undefined;
  const out = note.replace(TOKEN, (token) => {
    const eq = /^(.+?)\s*=\s*(.+)$/.exec(token);
    if (eq) {
      const [, fact, value] = eq as unknown as [string, string, string];
      const label = factName(fact, own);
      if (label) {
        lastFact = fact;
        return `“${label}：${valueText(fact, value)}”`;
      }
      return token;
    }
    if (Object.prototype.hasOwnProperty.call(WORDS, token)) return WORDS[token]!;
    // The project's other documents (the case format's, say), named in capitals.
    if (/^[A-Z]+(?:-[A-Z]+)+(?:\.md)?$/.test(token)) return '本工具的说明文档';
    const label = factName(token, own);
    if (label) {
      lastFact = token;
      return `“${label}”`;
    }
    if (Object.prototype.hasOwnProperty.call(OUTCOME_LABELS, token)) return `“${OUTCOME_LABELS[token as keyof typeof OUTCOME_LABELS]}”`;
    const tag = TAG_TEXT.get(token);
    if (tag) return `“${tag}”`;
    if (lastFact && valueWords(lastFact, token)) return `“${valueWords(lastFact, token)!.short}”`;
    const value = VALUE_TEXT.get(token);
    if (value) return `“${value}”`;
    return token;
  });
  // No space is left around a word put in place of an id between Chinese words, nor an empty list “（[]）”.
  const cjk = '[“”‘’\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef]';
  return out
    .replace(/种子文本|种子/g, '所据文本')
    .replace(/（\[\]）|\[\]/g, '')
    .replace(new RegExp(`(?<=${cjk}) +| +(?=${cjk})`, 'gu'), '');
}

/** ASCII words left in a reading (none may be, in a document for people). */
export function asciiWords(text: string): string[] {
  return text.match(/[A-Za-z]+/g) ?? [];
}

/** “第七条第(三)项” and the like: an item reference. */
const ITEM_REF = /第[一二三四五六七八九十百零〇]+条(?:第[一二三四五六七八九十]+款)?第\([一二三四五六七八九十]+\)项/g;

/** The mark after an item number the tool inferred, and what it means. */
const INFERRED_MARK = '※';
export const INFERRED_LEGEND = '※ 所据原文丢失了本办法各条之下的项号（原文作“()”），带※的项号为本工具按顺序推定，原文缺失。';

/** `text` with every item reference marked as inferred (where the policy's item numbers are). */
export function markInferredItems(text: string, inferred: boolean): string {
  return inferred ? text.replace(ITEM_REF, (r) => `${r}${INFERRED_MARK}`) : text;
}
