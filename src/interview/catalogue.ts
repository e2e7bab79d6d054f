// The interview's catalogue of questions for one policy: one question per
// fact the policy reads (help text citing the articles that read it), and
// multi-selects of the policy's own verbatim items for 容错情形, 履职尽责,
// 从轻减轻 and 不予容错. Pure data built from the compiled policy: how an
// answer is read from and written to a case is answers.ts; nothing here prompts.
import { factsOfAtoms, factsRead, lookFacts, policyAtomsRead, tagsRead } from '../policy/conditions.js';
import type { CompiledPolicy, CompiledRule } from '../policy/compile.js';
import { LOOK_LABELS, type Condition, type LookId } from '../policy/schema.js';
import { SECTION_KEYS, TAG_LIST_SECTIONS, type PolicyPart, type Section } from '../policy/sections.js';
import { factLabel } from '../render/phrases.js';
import { FACT_NAMES, TAG_LISTS, factSpec, fill, isFactName, isTagListName, type TagListName } from '../vocabulary.js';

/** Where a question sits in the interview: a part of the policy (by its key in the policy file), or the case's particulars. */
type SectionId = 'basics' | PolicyPart | 'details';

/** The interview's sections, in the order it asks them. */
export const SECTION_TITLES: Record<SectionId, string> = {
  basics: '基本情况',
  scope: '适用范围',
  looks: '七看',
  distinctions: '三个区分开来',
  situations: '容错情形',
  conditions: '容错条件',
  exclusions: '不予容错',
  diligence: '履职尽责',
  mitigation: '从轻减轻',
  details: '申请书所需情况',
};
const SECTION_ORDER = Object.keys(SECTION_TITLES) as SectionId[];

/** The rule sections whose items read a fact, the most telling first: its help cites them, and it is asked in the first. */
const READING_SECTIONS: readonly Section[] = ['condition', 'exclusion', 'situation', 'diligence', 'mitigation'];

const EXCLUSIONS_MEANING =
  '不予容错：本办法规定不予容错的情形。选中的条目记为“是”，未选的记为“否”；标为“由其他问题判断”的条目，取决于七看等问题的回答。';

/** The value a question records for “不确定”: the fact stays unknown. */
export const UNKNOWN_CHOICE = '__unknown__';
export const UNKNOWN_LABEL = '不确定（记为未知）';

interface Choice {
  value: string | boolean;
  label: string;
  /** Shown once answered (a long label shortened). */
  short?: string;
}

interface QuestionBase {
  id: string;
  section: SectionId;
  /** A short name for the review list and section lines, e.g. “后果”. */
  title: string;
  message: string;
  /** Help text: what the term means and the articles it comes from. */
  help: string[];
  /** Within a section, e.g. the look a fact belongs to: “看后果（结果）（第三条第(六)项）”. */
  subheading?: string;
}

/** One fact (or subject.kind): pick a value, or “不确定”. */
interface ChoiceQuestion extends QuestionBase {
  kind: 'choice';
  /** A case fact, or a detail path for subject.kind. */
  fact?: string;
  detail?: DetailPath;
  choices: Choice[];
}

/** One of the policy's own items, offered in a multi-select. */
interface Item {
  id: string;
  ref: string;
  /** The article that lists the item (its lead sentence is in the question's `groups`). */
  groupRef: string;
  text: string;
  /** False where the item reads only facts asked elsewhere (it shows, dimmed, why). */
  selectable: boolean;
  reason?: string;
  /** Tags of the question's list the item reads: selecting the item records them. */
  tags: string[];
  /** For 不予容错: the boolean fact the item is, and the value that makes it hold. */
  sets?: { fact: string; value: boolean };
  needsJudgement: boolean;
  /** The other facts the item also needs, by question title (for its description). */
  alsoNeeds: string[];
  when: Condition;
}

/** The policy's items as a multi-select: a tag list, or the boolean facts of 不予容错. */
export interface ItemsQuestion extends QuestionBase {
  kind: 'items';
  list?: TagListName;
  /** The boolean facts this question decides (不予容错). */
  facts: string[];
  /** Lead sentences of the articles the items come from. */
  groups: Array<{ ref: string; text: string }>;
  items: Item[];
}

export type DetailPath =
  | 'subject.kind'
  | 'subject.name'
  | 'subject.unit'
  | 'subject.position'
  | 'matter.title'
  | 'matter.occurredOn'
  | 'matter.accountabilityStartedOn'
  | 'matter.narrative'
  | 'matter.remedies'
  | 'matter.evidence';

/** Free text for the report and the draft. Empty means not given. */
export interface TextQuestion extends QuestionBase {
  kind: 'text';
  detail: DetailPath;
  /** ISO date, or empty. */
  date?: boolean;
  /** A list, entered separated by 、 , ; */
  multiple?: boolean;
}

export type Question = ChoiceQuestion | ItemsQuestion | TextQuestion;

export interface Catalogue {
  policyId: string;
  /** Fact questions (single facts and multi-selects), in section order. */
  facts: Question[];
  /** Asked first in a fresh interview (no --answers). */
  basics: Question[];
  /** Asked at the end when a draft will be written. */
  details: Question[];
  /** Every question by id. */
  byId: Map<string, Question>;
  /** The question that decides each fact (a fact, a tag list name, or a 不予容错 fact). */
  forFact: Map<string, Question>;
}

function isBooleanFact(compiled: CompiledPolicy, fact: string): boolean {
  const spec = factSpec(fact);
  if (spec) return spec.kind === 'boolean';
  return compiled.policy.facts.some((f) => f.id === fact);
}

const quote = (ref: string, text: string) => `${ref}　${text}`;

/** The articles reading a fact, the most telling first: its look, distinction, then the rules. */
function articlesFor(compiled: CompiledPolicy, fact: string): Array<{ ref: string; text: string }> {
  const out: Array<{ ref: string; text: string }> = [];
  const add = (ref: string | undefined, text: string | undefined) => {
    if (ref && text && !out.some((o) => o.ref === ref && o.text === text)) out.push({ ref, text });
  };
  const { policy } = compiled;
  if (fact === 'inScope') add(policy.scope.ref, policy.scope.text);
  for (const l of policy.looks.items) if (lookFacts(l).includes(fact)) add(l.ref, l.text);
  for (const d of policy.distinctions) if (factsRead(d.when).includes(fact)) add(d.ref, d.text);
  for (const s of READING_SECTIONS) for (const r of compiled.rulesBySection[s]) if (factsRead(r.when).includes(fact)) add(r.ref, r.text);
  const own = policy.facts.find((f) => f.id === fact);
  if (own) {
    const rule = compiled.rules.find((r) => r.ref === own.ref);
    add(own.ref, rule?.text ?? own.question);
  }
  return out;
}

function articleHelp(articles: Array<{ ref: string; text: string }>): string[] {
  if (articles.length === 0) return [];
  const [first, ...rest] = articles;
  const lines = [`依据：${quote(first!.ref, first!.text)}`];
  const refs = [...new Set(rest.map((a) => a.ref))].filter((r) => r !== first!.ref);
  if (refs.length > 0) lines.push(`另见：${refs.join('、')}`);
  return lines;
}

/**
 * Which section a fact is asked in: its look or distinction; otherwise the
 * rules that read it, the conditions and red lines first (the same order as
 * the articles its help cites).
 */
function sectionOf(compiled: CompiledPolicy, fact: string): SectionId {
  if (fact === 'inScope') return 'scope';
  const { policy, rulesBySection } = compiled;
  if (policy.looks.items.some((l) => lookFacts(l).includes(fact))) return 'looks';
  if (policy.distinctions.some((d) => factsRead(d.when).includes(fact))) return 'distinctions';
  const reading = READING_SECTIONS.find((s) => rulesBySection[s].some((r) => factsRead(r.when).includes(fact)));
  return SECTION_KEYS[reading ?? 'condition'];
}

/** The policy's look that reads a fact, for the section line (“七看 · 看后果（结果）”). */
function lookOf(compiled: CompiledPolicy, fact: string): { look: LookId; ref: string | null } | undefined {
  const look = compiled.policy.looks.items.find((l) => lookFacts(l).includes(fact));
  return look ? { look: look.look, ref: look.ref ?? null } : undefined;
}

function factQuestion(compiled: CompiledPolicy, fact: string): ChoiceQuestion {
  const articles = articlesFor(compiled, fact);
  const look = lookOf(compiled, fact);
  const base = {
    id: fact,
    section: sectionOf(compiled, fact),
    title: factLabel(fact, compiled),
    fact,
    ...(look ? { subheading: `${LOOK_LABELS[look.look]}${look.ref ? `（${look.ref}）` : ''}` } : {}),
  };
  const spec = factSpec(fact);
  if (spec && spec.kind !== 'tags') {
    const message = spec.interviewQuestion ? fill(spec.interviewQuestion, { title: compiled.policy.title }) : spec.question;
    const help = [spec.help, ...articleHelp(articles)];
    const choices: Choice[] = spec.words.map((w) => ({ value: w.value, label: w.label }));
    return { ...base, kind: 'choice', message, help, choices: [...choices, { value: UNKNOWN_CHOICE, label: UNKNOWN_LABEL, short: '不确定' }] };
  }
  const own = compiled.policy.facts.find((f) => f.id === fact);
  return {
    ...base,
    kind: 'choice',
    message: own?.question ?? `${fact}？`,
    help: [`${own?.label ?? fact}：本办法自有的事实（${fact}）。`, ...articleHelp(articles)],
    choices: [
      { value: true, label: '是' },
      { value: false, label: '否' },
      { value: UNKNOWN_CHOICE, label: UNKNOWN_LABEL, short: '不确定' },
    ],
  };
}

function groupsOf(rules: CompiledRule[]): Array<{ ref: string; text: string }> {
  const groups: Array<{ ref: string; text: string }> = [];
  for (const r of rules) if (!groups.some((g) => g.ref === r.groupRef)) groups.push({ ref: r.groupRef, text: r.groupText });
  return groups;
}

function listQuestion(compiled: CompiledPolicy, list: TagListName, titleOf: (fact: string) => string): ItemsQuestion {
  const rules = compiled.rulesBySection[TAG_LIST_SECTIONS[list]];
  const items: Item[] = rules.map((r) => {
    const tags = tagsRead(r.when, list);
    const others = factsRead(r.when).filter((f) => f !== list);
    const item: Item = {
      id: r.id,
      ref: r.ref,
      groupRef: r.groupRef,
      text: r.text,
      selectable: tags.length > 0,
      tags,
      needsJudgement: r.needsJudgement,
      alsoNeeds: others.map(titleOf),
      when: r.when,
    };
    if (tags.length === 0) item.reason = `（由“${others.map(titleOf).join('”“')}”的回答判断）`;
    return item;
  });
  const spec = factSpec(list)!;
  const groups = groupsOf(rules);
  return {
    id: list,
    section: list,
    kind: 'items',
    list,
    facts: [],
    title: spec.label,
    message: `${spec.question}（可多选；都不符合直接按回车）`,
    help: [spec.help, ...groups.map((g) => `依据：${quote(g.ref, g.text)}`)],
    groups,
    items,
  };
}

/** 不予容错 items that are one boolean fact each, asked nowhere else: the facts a multi-select decides. */
function exclusionFacts(compiled: CompiledPolicy, elsewhere: ReadonlySet<string>): string[] {
  const facts: string[] = [];
  const rules = compiled.rulesBySection.exclusion;
  for (const r of rules) {
    const w = r.when;
    if (!('fact' in w) || !('is' in w) || typeof w.is !== 'boolean') continue;
    const fact = w.fact;
    if (elsewhere.has(fact) || !isBooleanFact(compiled, fact) || facts.includes(fact)) continue;
    // Every exclusion reading the fact must be that single comparison, or a question could not decide them.
    const all = rules.filter((x) => factsRead(x.when).includes(fact));
    if (all.every((x) => 'fact' in x.when && 'is' in x.when && typeof x.when.is === 'boolean')) facts.push(fact);
  }
  return facts;
}

function exclusionsQuestion(compiled: CompiledPolicy, facts: string[], titleOf: (fact: string) => string): ItemsQuestion {
  const rules = compiled.rulesBySection.exclusion;
  const items: Item[] = rules.map((r) => {
    const w = r.when;
    const single = 'fact' in w && 'is' in w && typeof w.is === 'boolean' && facts.includes(w.fact);
    const item: Item = {
      id: r.id,
      ref: r.ref,
      groupRef: r.groupRef,
      text: r.text,
      selectable: single,
      tags: [],
      needsJudgement: r.needsJudgement,
      alsoNeeds: [],
      when: r.when,
    };
    if (single) item.sets = { fact: (w as { fact: string }).fact, value: (w as { is: boolean }).is };
    else item.reason = `（由“${factsRead(w).map(titleOf).join('”“')}”的回答判断）`;
    return item;
  });
  const groups = groupsOf(rules);
  return {
    id: 'exclusions',
    section: 'exclusions',
    kind: 'items',
    facts,
    title: '不予容错情形',
    message: '是否存在下列不予容错的情形？（可多选；都没有直接按回车）',
    help: [EXCLUSIONS_MEANING, ...groups.map((g) => `依据：${quote(g.ref, g.text)}`)],
    groups,
    items,
  };
}

function detailQuestions(compiled: CompiledPolicy): { basics: Question[]; details: Question[] } {
  const deadline = compiled.policy.procedure.deadlines.find((d) => d.from === 'accountabilityStartedOn');
  const late: DetailPath[] = ['matter.narrative', 'matter.remedies', 'matter.evidence'];
  const text = (detail: DetailPath, title: string, message: string, help: string[], extra: Partial<TextQuestion> = {}): TextQuestion => ({
    id: detail,
    section: late.includes(detail) ? 'details' : 'basics',
    kind: 'text',
    detail,
    title,
    message,
    help,
    ...extra,
  });
  const kind: ChoiceQuestion = {
    id: 'subject.kind',
    section: 'basics',
    kind: 'choice',
    detail: 'subject.kind',
    title: '申请人类型',
    message: '申请容错的是个人还是单位？',
    help: ['申请人：被问责的干部个人，或被问责的单位。写入评估意见和申请书的抬头。'],
    choices: [
      { value: 'individual', label: '个人' },
      { value: 'unit', label: '单位' },
      { value: UNKNOWN_CHOICE, label: UNKNOWN_LABEL, short: '不确定' },
    ],
  };
  const basics: Question[] = [
    kind,
    text('subject.name', '姓名', '当事人姓名（单位申请的，填单位名称；可留空）：', ['写入评估意见和申请书。可留空，之后再补。']),
    text('subject.unit', '所在单位', '所在单位（可留空）：', ['当事人所在的单位或部门，如“某县商务局”。']),
    text('subject.position', '职务', '职务（可留空）：', ['当事人的职务，如“副局长”。']),
    text('matter.title', '事项', '事项名称（一句话概括，可留空）：', ['例如“招商引资项目土地出让价格偏差”。写入评估意见和申请书的标题。']),
    text('matter.occurredOn', '发生日期', '失误发生日期（YYYY-MM-DD，可留空）：', ['按公历写作 YYYY-MM-DD，例如 2024-03-01。'], { date: true }),
    text(
      'matter.accountabilityStartedOn',
      '问责启动日期',
      '问责程序启动日期（YYYY-MM-DD；尚未启动可留空）：',
      [
        '问责机关启动问责程序的日期。申请容错的期限通常自此起算。',
        ...(deadline ? [`依据：${quote(deadline.ref, deadline.text)}`] : []),
      ],
      { date: true },
    ),
  ];
  const details: Question[] = [
    text('matter.narrative', '事实经过', '事实经过（写入申请书，一段话）：', ['何时、何事，怎样决策和实施，出现了什么失误，原因是什么。按实际情况如实填写。']),
    text('matter.remedies', '纠错措施', '已采取的纠错、补救措施：', ['失误发生后采取了哪些措施消除影响、挽回损失，效果如何。']),
    text('matter.evidence', '证明材料', '证明材料（多项用顿号或逗号分隔，如：会议纪要、情况说明）：', ['随申请书提交的材料清单。'], { multiple: true }),
  ];
  return { basics, details };
}

/** Every question the interview can ask under a policy. */
export function buildQuestions(compiled: CompiledPolicy): Catalogue {
  const lookRead = compiled.policy.looks.items.flatMap(lookFacts);
  const read = new Set<string>(['inScope', ...factsOfAtoms(policyAtomsRead(compiled)), ...lookRead]);
  // Core facts (七看 and 三个区分开来) always get their own question.
  const core = new Set<string>(['inScope', ...lookRead, ...compiled.policy.distinctions.flatMap((d) => factsRead(d.when))]);
  const lists = [...read].filter(isTagListName);
  const scalars = [...read].filter((f) => !isTagListName(f));
  const excluded = exclusionFacts(compiled, core);

  const vocabularyOrder = (a: string, b: string) => {
    const ia = isFactName(a) ? FACT_NAMES.indexOf(a) : 1000;
    const ib = isFactName(b) ? FACT_NAMES.indexOf(b) : 1000;
    return ia - ib || a.localeCompare(b);
  };
  const single = scalars.filter((f) => !excluded.includes(f)).sort(vocabularyOrder).map((f) => factQuestion(compiled, f));
  const titles = new Map<string, string>(single.map((q) => [q.fact!, q.title]));
  for (const f of excluded) titles.set(f, factLabel(f, compiled));
  for (const l of lists) titles.set(l, factLabel(l));
  const titleOf = (fact: string) => titles.get(fact) ?? fact;

  const multi: ItemsQuestion[] = lists.map((l) => listQuestion(compiled, l, titleOf));
  if (excluded.length > 0) multi.push(exclusionsQuestion(compiled, excluded, titleOf));

  const looksOrder = compiled.policy.looks.items.map((l) => factsRead(l.favourable)[0]);
  const inSection = (q: Question) => SECTION_ORDER.indexOf(q.section);
  const facts: Question[] = [...single, ...multi].sort((a, b) => {
    const s = inSection(a) - inSection(b);
    if (s !== 0) return s;
    if (a.section === 'looks') return looksOrder.indexOf(a.id) - looksOrder.indexOf(b.id);
    return 0;
  });
  const { basics, details } = detailQuestions(compiled);
  const byId = new Map<string, Question>([...basics, ...facts, ...details].map((q) => [q.id, q]));
  const forFact = new Map<string, Question>();
  for (const q of facts) for (const f of coveredFacts(q)) forFact.set(f, q);
  return { policyId: compiled.policy.id, facts, basics, details, byId, forFact };
}

/** The facts a question decides. */
export function coveredFacts(q: Question): string[] {
  if (q.kind === 'choice') return q.fact ? [q.fact] : [];
  if (q.kind === 'items') return q.list ? [q.list] : q.facts;
  return [];
}

/** The tag labels an item records, for its description. */
export function itemDescription(q: ItemsQuestion, item: Item): string {
  const parts: string[] = [];
  if (q.list && item.tags.length > 0) {
    const labels = TAG_LISTS[q.list] as Record<string, string>;
    parts.push(`选中即记为：${item.tags.map((t) => labels[t] ?? t).join('；')}`);
  }
  if (item.sets) {
    const title = factSpec(item.sets.fact)?.label ?? item.sets.fact;
    parts.push(`选中即记为“${title}：${item.sets.value ? '是' : '否'}”，未选记为“${item.sets.value ? '否' : '是'}”`);
  }
  if (item.alsoNeeds.length > 0) parts.push(`本项另须满足：${item.alsoNeeds.join('、')}（由相应问题判断）`);
  if (item.needsJudgement) parts.push('兜底条款：须由认定机关研究认定');
  return parts.join('。');
}
