// The reasoned assessment (评估意见书): a view of the report data — the
// conclusion and its basis, 七看, 三个区分开来, the conditions checklist,
// exclusions, due diligence, mitigation, missing facts, what would change the
// outcome, the procedure with its deadlines, and the notice that the decision
// is the Party organisation's. Text (chalk), Markdown or HTML.
import type { ChalkInstance } from 'chalk';
import type { Counterfactual, FactReading, RuleVerdict } from '../evaluate/result.js';
import { DISTINCTION_LABELS, LOOK_LABELS } from '../policy/schema.js';
import { describeStatus, formatChineseDate, formatChineseDateWithWeekday } from '../procedure/deadlines.js';
import { OUTCOME_LABELS, OUTCOME_TONES, OUTCOME_WORDS, SITUATION_READING, STEP_LABELS, isTagListName, valueWords, type Outcome } from '../vocabulary.js';
import { htmlArticle, htmlPageParts, renderHtmlPage, renderMarkdown, renderText, span, type Block, type ListItem, type Mark, type Span, type Tone } from './blocks.js';
import {
  answerLabel,
  changeCode,
  changePhrase,
  chineseNumber,
  factLabel,
  factQuestion,
  reading,
  type OwnFacts,
  shortValue,
  tagLabel,
} from './phrases.js';
import { INFERRED_LEGEND, markInferredItems, plainReading } from './plain-reading.js';
import { readingSentence } from './readings.js';
import type { ReadingView, ReportData } from './report-data.js';
import { stringifyJson } from './safe-text.js';

export type ReportFormat = 'text' | 'md' | 'html';

export const REPORT_TITLE = '容错纠错评估意见书';

function outcomeTone(outcome: Outcome): Tone {
  switch (OUTCOME_TONES[outcome]) {
    case 'good':
      return 'good-outcome';
    case 'mid':
      return 'mid-outcome';
    case 'bad':
      return 'bad-outcome';
    case 'unknown':
      return 'unknown';
    case 'neutral':
      return 'strong';
  }
}

const outcomeSpan = (o: Outcome): Span => span(OUTCOME_LABELS[o], outcomeTone(o));
/** “容错免责，或从轻、减轻处理，或不符合容错情形”: the names hold “、” themselves. */
const outcomeSpans = (list: readonly Outcome[]): Span[] => list.flatMap((o, i) => (i === 0 ? [outcomeSpan(o)] : ['，或', outcomeSpan(o)]));
const ref = (text: string): Span => span(text, 'ref');
const dim = (text: string): Span => span(text, 'dim');
const warn = (text: string): Span => span(text, 'warn');

function readingsSpan(reads: FactReading[], own: OwnFacts): Span[] {
  if (reads.length === 0) return [];
  return [dim(`（${reads.map((r) => reading(r, own)).join('；')}）`)];
}

function verdictMark(verdict: boolean | null): Mark {
  return verdict === true ? '✓' : verdict === false ? '✗' : '?';
}

/** Sections of the report, each a heading and its blocks; numbered when assembled. */
interface Part {
  title: string;
  blocks: Block[];
}

/** Every item reference of the blocks marked as inferred (贵安: the seed lost the item numbers). */
function markInferred(blocks: Block[]): Block[] {
  const sp = (s: Span): Span => (typeof s === 'string' ? markInferredItems(s, true) : { ...s, text: markInferredItems(s.text, true) });
  const item = (i: ListItem): ListItem => ({ ...i, spans: i.spans.map(sp), ...(i.children ? { children: markInferred(i.children) } : {}) });
  return blocks.map((b): Block => {
    switch (b.kind) {
      case 'title':
      case 'heading':
      case 'subheading':
        return b;
      case 'para':
      case 'quote':
        return { ...b, spans: b.spans.map(sp) };
      case 'list':
        return { ...b, items: b.items.map(item) };
      case 'table':
        return { ...b, rows: b.rows.map((row) => row.map((cell) => cell.map(sp))) };
    }
  });
}

/** “本工具对第X条的理解：…”, beside the item it affects. */
const readingPara = (r: ReadingView): Block => ({ kind: 'para', spans: [span(readingSentence(r), 'warn')] });

class ReportBuilder {
  constructor(private readonly data: ReportData) {}

  /** An encoder's note in words for people (no ids). */
  private plain(note: string): string {
    return plainReading(note, this.data.policy.facts);
  }

  private inBasis(article: string, text: string): boolean {
    return this.data.assessment.basis.some((b) => b.article === article && b.text === text);
  }

  /** The readings of a citation (article and text), as paragraphs. */
  private readingsOf(article: string, text: string): Block[] {
    return (this.data.readings ?? []).filter((r) => r.article === article && r.text === text).map(readingPara);
  }

  /** A checklist item's reading, unless the conclusion's basis already shows it. */
  private itemReadings(article: string, text: string): Block[] {
    return this.inBasis(article, text) ? [] : this.readingsOf(article, text);
  }

  /** A section's verdicts, in the policy's order (the assessment lists every rule in that order). */
  private verdicts(section: RuleVerdict['section']): RuleVerdict[] {
    return this.data.assessment.rules.filter((r) => r.section === section);
  }

  header(): Block[] {
    const { data } = this;
    const blocks: Block[] = [{ kind: 'title', text: REPORT_TITLE }];
    const title = data.case.matter?.title;
    blocks.push({ kind: 'para', spans: ['案例：', span(data.case.id, 'strong'), title ? `　${title}` : ''] });
    const subject = data.case.subject;
    if (subject) {
      const who = [subject.name, [subject.unit, subject.position].filter(Boolean).join('')].filter(Boolean).join('，');
      if (who) blocks.push({ kind: 'para', spans: [subject.kind === 'unit' ? '申请单位：' : '当事人：', who] });
    }
    const p = data.policy;
    const meta = [p.issuer, p.documentNumber, p.date, p.status].filter(Boolean).join('，');
    blocks.push({ kind: 'para', spans: ['适用政策：', `《${p.title}》`, dim(`（${meta}）`)] });
    const matter = data.case.matter;
    const dates = [
      matter?.occurredOn ? `事发：${formatChineseDate(matter.occurredOn)}` : null,
      matter?.accountabilityStartedOn ? `启动问责程序：${formatChineseDate(matter.accountabilityStartedOn)}` : null,
    ].filter((x): x is string => x !== null);
    if (dates.length > 0) blocks.push({ kind: 'para', spans: [dates.join('　')] });
    blocks.push({ kind: 'para', spans: [warn('本意见是辅助评估意见，不是认定结论；是否容错由有权党组织认定（见文末说明）。')] });
    if (p.itemNumbersInferred) blocks.push({ kind: 'para', spans: [warn(INFERRED_LEGEND)] });
    return blocks;
  }

  conclusion(): Part {
    const a = this.data.assessment;
    const blocks: Block[] = [];
    const strength = a.strength ? [dim('（本办法用语：'), span(a.strength, 'strong'), dim('）')] : [];
    blocks.push({ kind: 'para', spans: ['结论：', outcomeSpan(a.outcome), ...strength] });
    if (a.outcome === 'undetermined') {
      const [before, after] = OUTCOME_WORDS.undetermined.explanation.split('{outcomes}') as [string, string];
      blocks.push({ kind: 'para', spans: [before, ...outcomeSpans(a.possibleOutcomes), after] });
    } else {
      blocks.push({ kind: 'para', spans: [this.explainOutcome()] });
      const order = '评估按 适用范围 → 红线 → 履职尽责 → 容错情形与条件 → 从轻减轻 的顺序进行，';
      if (a.decidedBy === 'fallback') blocks.push({ kind: 'para', spans: [dim(`${order}各步均不成立。`)] });
      else if (a.decidedBy) blocks.push({ kind: 'para', spans: [dim(`${order}在“${STEP_LABELS[a.decidedBy]}”一步得出结论。`)] });
    }
    if (a.strength === '可以') blocks.push({ kind: 'para', spans: ['本办法用语为“可以”：符合规定的，认定机关可以作出此处理，但并非必须。'] });
    if (a.strength === '应当') blocks.push({ kind: 'para', spans: ['本办法用语为“应当”：符合规定的，认定机关应当作出此处理。'] });
    if (a.basis.length > 0) {
      blocks.push({ kind: 'subheading', text: '依据' });
      blocks.push({ kind: 'list', items: a.basis.map((b) => ({ mark: '•', spans: [ref(b.article)], children: [{ kind: 'quote', spans: [b.text] }, ...this.readingsOf(b.article, b.text)] })) });
    }
    if (a.assumptions.length > 0) blocks.push({ kind: 'list', items: a.assumptions.map((x) => ({ mark: '?', spans: [warn(`假定：${x}`)] })) });
    if (a.needsJudgement.length > 0) {
      blocks.push({ kind: 'para', spans: [warn('下列兜底条款只能由认定机关研究判断，本工具不能代为认定：')] });
      blocks.push({ kind: 'list', items: a.needsJudgement.map((c) => ({ mark: '?', spans: [ref(c.article), ` ${c.text}`] })) });
    }
    const fc = a.formConversion;
    if (fc) {
      const form = (v: string) => valueWords('disciplineForm', v)?.short ?? v;
      blocks.push({ kind: 'para', spans: [ref(fc.article), ` 四种形态：本应适用“${form(fc.from)}”，符合容错规定情形的，${fc.modality}转化为“${form(fc.to)}”（由认定机关决定是否转化）。`] });
    }
    // The body's options (policy bodyOptions): the text leaves this choice to the body, the tool does not make it.
    const options = a.bodyOptions ?? [];
    if (options.length > 0) blocks.push({ kind: 'subheading', text: '认定机关的选择' });
    for (const o of options) {
      const children: Block[] = [{ kind: 'quote', spans: [o.text] }];
      if (o.note) children.push({ kind: 'para', spans: [dim(`本工具对${o.article}的理解：${o.note}`)] });
      blocks.push({ kind: 'list', items: [{ mark: '•', spans: ['认定机关也可以：', outcomeSpan(o.instead), '（', ref(o.article), `，本办法用语“${o.modality}”）——由认定机关研究决定`], children }] });
    }
    return { title: '结论', blocks };
  }

  /** The sentence under a decided conclusion (vocabulary/outcomes.yaml). */
  private explainOutcome(): string {
    const a = this.data.assessment;
    const words = OUTCOME_WORDS[a.outcome];
    if (!this.data.policy.conditions && words.explanationWithoutConditions) return words.explanationWithoutConditions;
    return (a.decidedBy && a.decidedBy !== 'fallback' && words.explanationBy?.[a.decidedBy]) || words.explanation;
  }

  looks(): Part {
    const { data } = this;
    const p = data.policy;
    const blocks: Block[] = [];
    // The policy file's own note says how its factors map onto the seven looks; without one, say it here.
    if (p.looks.note) blocks.push({ kind: 'para', spans: [dim(this.plain(p.looks.note))] });
    else if (p.looks.mappedFromFactors) blocks.push({ kind: 'para', spans: [`本办法未列“七看”，以${p.looks.article ?? '其'}综合研判因素对应七看。`] });
    const pole = (x: 'favourable' | 'unfavourable' | null): Span =>
      x === 'favourable' ? span('有利', 'ok') : x === 'unfavourable' ? span('不利', 'bad') : span('待查', 'unknown');
    blocks.push({
      kind: 'table',
      header: ['七看', '判断', '依据事实', '条文'],
      rows: this.data.assessment.looks.map((l) => [
        [LOOK_LABELS[l.look]],
        [pole(l.pole)],
        [l.reads.map((r) => reading(r, data)).join('；')],
        [l.ref ? ref(l.ref) : warn('本办法未列')],
      ]),
    });
    const seen = new Set<string>();
    const items: ListItem[] = [];
    for (const l of this.data.assessment.looks) {
      const children: Block[] = [];
      if (l.ref && l.text && !seen.has(`${l.ref}|${l.text}`)) {
        seen.add(`${l.ref}|${l.text}`);
        children.push({ kind: 'quote', spans: [ref(l.ref), ` ${l.text}`] });
      }
      if (l.note && p.looks.mappedFromFactors) children.push({ kind: 'para', spans: [dim(`对应：${this.plain(l.note)}`)] });
      if (children.length > 0) items.push({ mark: '•', spans: [span(LOOK_LABELS[l.look], 'strong')], children });
    }
    if (items.length > 0) blocks.push({ kind: 'list', items });
    return { title: p.looks.mappedFromFactors ? '七看（由综合研判因素对应）' : '七看', blocks };
  }

  distinctions(): Part {
    const seen = new Set<string>();
    const items: ListItem[] = this.data.assessment.distinctions.map((d) => {
      const [good, bad] = DISTINCTION_LABELS[d.distinction];
      const verdict: Span[] =
        d.side === 'tolerable'
          ? [span(`属于“${good}”`, 'ok'), `，而非“${bad}”`]
          : d.side === 'wrong'
            ? [span(`属于“${bad}”`, 'bad'), '（红线，不予容错）']
            : [span('待查：', 'unknown'), `是“${good}”，还是“${bad}”`];
      const children: Block[] = [];
      if (!seen.has(`${d.ref}|${d.text}`)) {
        seen.add(`${d.ref}|${d.text}`);
        children.push({ kind: 'quote', spans: [d.text] });
        if (d.side === 'wrong') children.push(...this.itemReadings(d.ref, d.text));
      }
      return {
        mark: d.side === 'tolerable' ? '✓' : d.side === 'wrong' ? '✗' : '?',
        spans: [ref(d.ref), ' ', ...verdict, ...readingsSpan(d.reads, this.data)],
        children,
      };
    });
    return { title: '三个区分开来', blocks: [{ kind: 'list', items }] };
  }

  private ruleItem(r: RuleVerdict, mark: Mark, withText = true): ListItem {
    const spans: Span[] = [ref(r.ref)];
    if (withText) spans.push(` ${r.text}`);
    spans.push(...readingsSpan(r.reads, this.data));
    const children: Block[] = [];
    if (r.needsJudgement) children.push({ kind: 'para', spans: [warn('兜底条款：需由认定机关研究判断。')] });
    if (!this.inBasis(r.ref, r.text)) children.push(...(this.data.readings ?? []).filter((x) => x.rule === r.id).map(readingPara));
    return children.length > 0 ? { mark, spans, children } : { mark, spans };
  }

  /** Matched items in full; unknown ones listed when few; the rest counted. */
  private checklist(rules: RuleVerdict[], noneText: string, limitUnknown = 6): Block[] {
    const blocks: Block[] = [];
    const matched = rules.filter((r) => r.verdict === true);
    const unknown = rules.filter((r) => r.verdict === null);
    const failed = rules.filter((r) => r.verdict === false);
    if (matched.length > 0) blocks.push({ kind: 'list', items: matched.map((r) => this.ruleItem(r, '✓')) });
    else blocks.push({ kind: 'para', spans: [noneText] });
    if (unknown.length > 0) {
      if (unknown.length <= limitUnknown) {
        blocks.push({ kind: 'para', spans: [span(`尚待查明（${unknown.length}项）：`, 'unknown')] });
        blocks.push({ kind: 'list', items: unknown.map((r) => this.ruleItem(r, '?')) });
      } else {
        const facts = [...new Set(unknown.flatMap((r) => r.reads.filter((x) => x.value === undefined).map((x) => factLabel(x.fact, this.data))))];
        blocks.push({ kind: 'para', spans: [span(`另有${unknown.length}项尚待查明`, 'unknown'), `，取决于：${facts.join('、')}。`] });
      }
    }
    if (failed.length > 0) blocks.push({ kind: 'para', spans: [dim(`已核对不符合的${failed.length}项：${failed.map((r) => r.ref).join('、')}。`)] });
    return blocks;
  }

  situationsAndConditions(): Part {
    const p = this.data.policy;
    const blocks: Block[] = [{ kind: 'subheading', text: '容错情形（符合其一即可）' }];
    blocks.push(...this.checklist(this.verdicts('situation'), '未见符合的容错情形。'));
    const needs = { fact: SITUATION_READING.when.fact, value: SITUATION_READING.when.is };
    blocks.push({ kind: 'para', spans: [dim(`各项容错情形均以失误属${shortValue(needs.fact, needs.value)}（${reading(needs)}）为前提。`)] });
    blocks.push({ kind: 'subheading', text: '容错条件（须全部满足）' });
    if (p.conditions) {
      blocks.push({ kind: 'quote', spans: [ref(p.conditions.article), ` ${p.conditions.text}`] });
      blocks.push({ kind: 'list', items: this.verdicts('condition').map((r) => this.ruleItem(r, verdictMark(r.verdict))) });
    } else {
      blocks.push({ kind: 'para', spans: [dim(p.conditionsNote ? this.plain(p.conditionsNote) : '本办法未列须同时具备的容错条件。')] });
    }
    if (p.situationAlone) {
      const applied = this.data.assessment.decidedBy === 'situation-alone';
      blocks.push({ kind: 'para', spans: ['符合情形而条件未全部满足时：', ref(p.situationAlone.article), ` ${p.situationAlone.text}`, applied ? span('（本案适用）', 'strong') : ''] });
    }
    return { title: '容错情形与容错条件', blocks };
  }

  exclusions(): Part {
    const rules = this.verdicts('exclusion');
    const blocks: Block[] = [];
    if (rules.length === 0) {
      blocks.push({ kind: 'para', spans: ['本办法未另列不予容错情形；红线见“三个区分开来”。'] });
    } else {
      for (const group of this.data.policy.exclusions) {
        const first = rules.find((r) => r.id === group.items[0]);
        if (group.text !== first?.text) blocks.push({ kind: 'quote', spans: [ref(group.article), ` ${group.text}`] });
      }
      blocks.push({
        kind: 'list',
        items: rules.map((r) => {
          const item = this.ruleItem(r, r.verdict === true ? '✗' : r.verdict === false ? '✓' : '?');
          const state = r.verdict === true ? span('触及　', 'bad') : r.verdict === false ? span('未触及　', 'ok') : span('待查　', 'unknown');
          return { ...item, spans: [state, ...item.spans] };
        }),
      });
    }
    return { title: '不予容错情形核查', blocks };
  }

  diligence(): Part | null {
    const p = this.data.policy;
    if (p.diligence.length === 0) return null;
    const blocks: Block[] = p.diligence.map((g) => ({ kind: 'quote', spans: [ref(g.article), ` ${g.text}`, g.modality ? dim(`（${g.modality}）`) : ''] }) as Block);
    blocks.push(...this.checklist(this.verdicts('diligence'), '未见符合的履职尽责情形。'));
    return { title: '履职尽责（不予追究）', blocks };
  }

  mitigation(): Part | null {
    const p = this.data.policy;
    const rules = this.verdicts('mitigation');
    if (rules.length === 0 && !p.situationAlone) return null;
    const blocks: Block[] = [];
    for (const g of p.mitigation) blocks.push({ kind: 'quote', spans: [ref(g.article), ` ${g.text}`, g.modality ? dim(`（${g.modality}）`) : ''] });
    if (rules.length > 0) blocks.push(...this.checklist(rules, '未见符合的从轻、减轻情形。'));
    if (p.situationAlone) blocks.push({ kind: 'para', spans: [dim(`另：${p.situationAlone.article}规定符合容错情形本身即可从轻、减轻处理（见“容错情形与容错条件”）。`)] });
    return { title: '从轻、减轻', blocks };
  }

  missing(): Part {
    const a = this.data.assessment;
    const blocks: Block[] = [];
    if (a.missing.length === 0) {
      blocks.push({ kind: 'para', spans: [a.outcome === 'undetermined' ? '见上。' : '无。现有事实已足以得出结论，其余未知事实不影响结论。'] });
      return { title: '待补充事实', blocks };
    }
    blocks.push({ kind: 'para', spans: ['下列事实尚未知，其回答可能改变结论（最关键的在前）：'] });
    blocks.push({
      kind: 'list',
      items: a.missing.map((m) => ({
        mark: '•' as Mark,
        spans: [span(factLabel(m.fact, this.data), 'strong'), dim(`（${m.fact}）`), `：${factQuestion(m.fact, this.data)}`],
        children:
          m.ifAnswered.length > 0
            ? [
                {
                  kind: 'list',
                  items: m.ifAnswered.map((x) => ({
                    mark: '→' as Mark,
                    spans: [`${answerLabel(m.fact, x.value)}：`, ...outcomeSpans(x.outcomes)],
                  })),
                } as Block,
              ]
            : [{ kind: 'para', spans: [dim('须与其他事实一并查明。')] } as Block],
      })),
    });
    return { title: '待补充事实', blocks };
  }

  private changeConsequence(c: Counterfactual): Span[] {
    const parts: Span[] = [];
    const refs = (list: { article: string }[]) => [...new Set(list.map((x) => x.article))].join('、');
    const clauses: string[] = [];
    if (c.clears.length > 0) clauses.push(`不再触及${refs(c.clears)}`);
    if (c.satisfies.length > 0) clauses.push(`符合${refs(c.satisfies)}`);
    if (c.breaks.length > 0) clauses.push(`但不再符合${refs(c.breaks)}`);
    parts.push(`则${clauses.length > 0 ? `${clauses.join('，')}，` : ''}`);
    if (c.outcome === 'undetermined') {
      parts.push('结论尚取决于其他事实，可能为', ...outcomeSpans(c.possibleOutcomes));
    } else {
      parts.push('结论为', outcomeSpan(c.outcome), c.strength ? dim(`，本办法用语“${c.strength}”`) : '');
    }
    return parts;
  }

  counterfactuals(): Part {
    const cf = this.data.counterfactuals;
    const blocks: Block[] = [];
    const bestSpan = outcomeSpan(cf.best);
    switch (cf.status) {
      case 'at-best':
        blocks.push({ kind: 'para', spans: ['当前结论已是本办法所能给出的最有利结论（', bestSpan, '）。'] });
        return { title: '怎样会改变结论', blocks };
      case 'not-applicable':
        blocks.push({ kind: 'para', spans: ['当事人不在本办法适用范围内，本办法的其他规定无从适用；可按当事人所属单位适用的容错纠错规定另行评估。'] });
        return { title: '怎样会改变结论', blocks };
      case 'undetermined':
        blocks.push({ kind: 'para', spans: ['结论尚待补充事实：各项事实的可能影响见“待补充事实”。'] });
        return { title: '怎样会改变结论', blocks };
      case 'analysed':
        break;
    }
    blocks.push({ kind: 'para', spans: ['当前结论：', outcomeSpan(cf.current), '；本办法最有利的结论：', bestSpan, '。'] });
    if (cf.changes.length === 0) {
      blocks.push({ kind: 'para', spans: ['没有任何单一事实的改变能使结论更有利。'] });
      return { title: '怎样会改变结论', blocks };
    }
    blocks.push({ kind: 'para', spans: ['以下单一事实的改变会使结论更有利（据实核对，不是建议改变事实）：'] });
    // Tag additions leading to the same outcome are one item: “若存在下列容错情形之一…”.
    const entries: Array<Counterfactual | Counterfactual[]> = [];
    const groups = new Map<string, Counterfactual[]>();
    for (const c of cf.changes) {
      if (c.change.kind !== 'add-tag') {
        entries.push(c);
        continue;
      }
      const k = `${c.fact}|${c.outcome}|${c.strength}|${c.possibleOutcomes.join(',')}`;
      let group = groups.get(k);
      if (!group) {
        group = [];
        groups.set(k, group);
        entries.push(group);
      }
      group.push(c);
    }
    const final: ListItem[] = entries.map((entry) => {
      if (!Array.isArray(entry)) {
        const c = entry;
        return { mark: '•', spans: [`若${changePhrase(c.fact, c.change, this.data)}`, dim(`（${changeCode(c.fact, c.change)}）`), '，', ...this.changeConsequence(c)] };
      }
      const first = entry[0]!;
      const list = first.fact;
      const listLabel = isTagListName(list) ? factLabel(list) : list;
      // “则结论为…” without the per-tag articles, which each line below names.
      const consequence = this.changeConsequence({ ...first, satisfies: [], clears: [], breaks: [] }).slice(1);
      return {
        mark: '•',
        spans: [`若存在下列${listLabel}之一`, dim(`（${list}）`), '，则', ...consequence, '：'],
        children: [
          {
            kind: 'list',
            items: entry.map((c): ListItem => {
              const tag = c.change.kind === 'add-tag' ? c.change.tag : '';
              const refs = [...new Set(c.satisfies.map((x) => x.article))].join('、');
              return { mark: '→', spans: [`“${isTagListName(list) ? tagLabel(list, tag) : tag}”`, dim(`（${tag}）`), refs ? `：符合${refs}` : ''] };
            }),
          },
        ],
      };
    });
    blocks.push({ kind: 'list', items: final });
    return { title: '怎样会改变结论', blocks };
  }

  procedure(): Part {
    const proc = this.data.procedure;
    const blocks: Block[] = [];
    blocks.push({ kind: 'subheading', text: '受理' });
    blocks.push({ kind: 'para', spans: ['向', span(proc.receiver.body, 'strong'), '提出申请。'] });
    blocks.push({ kind: 'quote', spans: [ref(proc.receiver.article), ` ${proc.receiver.text}`] });
    if (proc.receiver.note) blocks.push({ kind: 'para', spans: [dim(`注：${this.plain(proc.receiver.note)}`)] });
    blocks.push({ kind: 'para', spans: ['认定：', proc.authority.body, dim(`（${proc.authority.article}）`)] });

    blocks.push({ kind: 'subheading', text: '期限与告知' });
    if (proc.deadlines.length === 0) {
      blocks.push({ kind: 'para', spans: ['本办法未规定以日计的期限。'] });
    } else {
      blocks.push({
        kind: 'list',
        items: proc.deadlines.map((d) => {
          const children: Block[] = [];
          if (d.due) {
            children.push({ kind: 'para', spans: ['截止：', span(formatChineseDateWithWeekday(d.due), 'strong')] });
            if (d.explanation) children.push({ kind: 'para', spans: [`计算：${d.explanation}`] });
            if (d.status) {
              children.push({ kind: 'para', spans: [span(describeStatus(d.status, d.unit), d.status.state === 'open' ? 'strong' : 'warn')] });
            }
          }
          if (d.unavailable) children.push({ kind: 'para', spans: [warn(d.unavailable)] });
          for (const w of d.warnings) children.push({ kind: 'para', spans: [warn(`注意：${w}`)] });
          children.push({ kind: 'quote', spans: [ref(d.article), ` ${d.text}`] });
          if (d.note) children.push({ kind: 'para', spans: [dim(`注：${this.plain(d.note)}`)] });
          return { mark: '•' as Mark, spans: [span(d.label, 'strong'), `：${d.rule}`] , children };
        }),
      });
    }
    if (proc.steps.length > 0) {
      blocks.push({ kind: 'subheading', text: '步骤' });
      blocks.push({
        kind: 'list',
        items: proc.steps.map((s, i) => ({ mark: '•' as Mark, spans: [`${i + 1}. `, span(s.name, 'strong'), dim(`（${s.article}）`)], children: [{ kind: 'quote', spans: [s.text] } as Block] })),
      });
    }
    if (proc.notes.length > 0) {
      blocks.push({ kind: 'subheading', text: '程序要求' });
      blocks.push({
        kind: 'list',
        items: proc.notes.map((n) => ({
          mark: '•' as Mark,
          spans: [ref(n.article), ` ${n.text}`],
          ...(n.note ? { children: [{ kind: 'para', spans: [dim(`注：${this.plain(n.note)}`)] } as Block] } : {}),
        })),
      });
    }
    if (proc.note) blocks.push({ kind: 'para', spans: [dim(`说明：${this.plain(proc.note)}`)] });
    return { title: '程序与期限', blocks };
  }

  citations(title: string, list: ReportData['procedure']['resultUse'], empty: string): Part {
    if (list.length === 0) return { title, blocks: [{ kind: 'para', spans: [dim(empty)] }] };
    return {
      title,
      blocks: [
        {
          kind: 'list',
          items: list.map((c) => ({
            mark: '•' as Mark,
            spans: [ref(c.article), ` ${c.text}`],
            ...(c.note ? { children: [{ kind: 'para', spans: [dim(`注：${this.plain(c.note)}`)] } as Block] } : {}),
          })),
        },
      ],
    };
  }

  build(): Block[] {
    const proc = this.data.procedure;
    const parts: Array<Part | null> = [
      this.conclusion(),
      this.looks(),
      this.distinctions(),
      this.situationsAndConditions(),
      this.exclusions(),
      this.diligence(),
      this.mitigation(),
      this.missing(),
      this.counterfactuals(),
      this.procedure(),
      this.citations('结果运用', proc.resultUse, '本办法未规定容错结果的运用。'),
      this.citations('纠错与澄清保护', [...proc.correction, ...proc.clarification], '本办法未规定纠错和澄清保护措施。'),
      { title: '说明', blocks: [{ kind: 'para', spans: [this.data.notice] }] },
    ];
    const blocks = this.header();
    let n = 0;
    for (const part of parts) {
      if (!part) continue;
      n++;
      blocks.push({ kind: 'heading', text: `${chineseNumber(n)}、${part.title}` }, ...part.blocks);
    }
    return this.data.policy.itemNumbersInferred ? markInferred(blocks) : blocks;
  }
}

export function reportBlocks(data: ReportData): Block[] {
  return new ReportBuilder(data).build();
}

/** One case's reasoned assessment, from its report data alone. `c` colours the text format (a level-0 chalk for plain text). */
export function renderReport(data: ReportData, format: ReportFormat, c: ChalkInstance): string {
  const blocks = reportBlocks(data);
  if (format === 'md') return renderMarkdown(blocks);
  if (format === 'html') return renderHtmlPage(`${REPORT_TITLE}（${data.case.id}）`, [blocks]);
  return renderText(blocks, c);
}

/** The formats of a document of reports: the views, and JSON (`{ "reports": [Report, ...] }`). */
export type ReportsFormat = ReportFormat | 'json';

/**
 * A document of `count` reports (`report` without `--case`), piece by piece:
 * each report is built, rendered and given up before the next, so that the
 * caller can write a batch of any size in bounded memory. The pieces joined
 * are `renderReports`.
 */
export function* reportPieces(reports: Iterable<ReportData>, count: number, format: ReportsFormat, c: ChalkInstance): Generator<string> {
  if (format === 'json') {
    // JSON.stringify({ reports }, null, 2), one report at a time: each indented two levels.
    if (count === 0) {
      yield '{\n  "reports": []\n}\n';
      return;
    }
    yield '{\n  "reports": [\n';
    let n = 0;
    for (const data of reports) yield `${n++ === 0 ? '' : ',\n'}    ${stringifyJson(data, 2).replace(/\n/g, '\n    ')}`;
    yield '\n  ]\n}\n';
    return;
  }
  if (count === 1 && format !== 'html') {
    for (const data of reports) yield renderReport(data, format, c);
    return;
  }
  if (format === 'html') {
    const single = count === 1;
    let title = REPORT_TITLE;
    let n = 0;
    for (const data of reports) {
      if (n === 0) {
        if (single) title = `${REPORT_TITLE}（${data.case.id}）`;
        yield htmlPageParts(title).head;
      }
      yield `${n++ === 0 ? '' : '\n'}${htmlArticle(reportBlocks(data))}`;
    }
    if (n === 0) yield htmlPageParts(title).head;
    yield htmlPageParts(title).tail;
    return;
  }
  const separator = format === 'md' ? '\n---\n\n' : `\n${c.dim('═'.repeat(60))}\n\n`;
  let n = 0;
  for (const data of reports) yield `${n++ === 0 ? '' : separator}${renderReport(data, format, c)}`;
}

/** Several cases in one document (`report` without `--case`). */
export function renderReports(reports: ReportData[], format: ReportsFormat, c: ChalkInstance): string {
  return [...reportPieces(reports, reports.length, format, c)].join('');
}
