// The draft application (容错认定申请书): title, addressee, applicant, facts,
// grounds (the matched items cited by article, the 三个区分开来 and 七看 in
// prose), remedial measures, the request, attachments, signature and date.
// Built once from the report data alone as a list of paragraphs with roles,
// rendered as text, Markdown or a GB/T 9704-2012 styled docx. Gaps are
// marked 【待补充：…】 for the applicant to fill in.
import type { RuleVerdict } from '../evaluate/result.js';
import { DISTINCTION_LABELS, LOOK_LABELS } from '../policy/schema.js';
import { formatChineseDate } from '../procedure/deadlines.js';
import { NO_APPLICATION, OUTCOME_LABELS, OUTCOME_WORDS, fill, isTagListName } from '../vocabulary.js';
import { escapeMd } from './blocks.js';
import type { DraftParagraph, DraftRole } from './draft-paragraphs.js';
import { sanitizeLines, xmlUnsafeCount } from './safe-text.js';
import { factLabel, factQuestion, prose, stripEnd } from './phrases.js';
import { markInferredItems } from './plain-reading.js';
import { readingSentence } from './readings.js';
import type { ReportData } from './report-data.js';
import { width } from './style.js';

export type DraftFormat = 'text' | 'md' | 'docx';


export const GAP = (what: string) => `【待补充：${what}】`;

/** Why no application should be drafted for this assessment, or null when one can be. */
export function draftRefusal(data: ReportData): string | null {
  const a = data.assessment;
  if (!NO_APPLICATION.includes(a.outcome)) return null;
  const refs = a.basis.map((b) => b.article).join('、');
  const why = fill(OUTCOME_WORDS[a.outcome].refusal!, { refs, '（refs）': refs ? `（${refs}）` : '' });
  return `案例“${data.case.id}”按《${data.policy.title}》评估的结论为“${OUTCOME_LABELS[a.outcome]}”：${why}。此结论不支持容错认定申请，未起草申请书。可用 rongcuo report 查看完整理由；如仍需起草（例如据实补正事实后自行修改），请加 --force。`;
}

class DraftBuilder {
  private readonly out: DraftParagraph[] = [];
  private readonly self: string;
  /** 《办法》, 《制度》…: the policy after it is named once. */
  private readonly law: string;

  constructor(private readonly data: ReportData) {
    this.self = data.case.subject?.kind === 'unit' ? '本单位' : '本人';
    this.law = `《${data.policy.shortTitle}》`;
  }

  private push(role: DraftRole, text: string): void {
    this.out.push({ role, text });
  }

  /** A section's verdicts, in the policy's order (the assessment lists every rule in that order). */
  private verdicts(section: RuleVerdict['section']): RuleVerdict[] {
    return this.data.assessment.rules.filter((r) => r.section === section);
  }

  private matched(section: RuleVerdict['section']): RuleVerdict[] {
    return this.verdicts(section).filter((r) => r.verdict === true);
  }

  /**
   * “（本申请对第X条的理解：…）” after an item the application relies on, where
   * the outcome rests on a reading of it (ReportData.readings); empty otherwise.
   */
  private readingNote(article: string, text: string): string {
    const list = (this.data.readings ?? []).filter((r) => r.article === article && r.text === text);
    return list.map((r) => `（${readingSentence(r, '本申请')}）`).join('');
  }

  /** “【待补充：后果（造成了怎样的损失或影响）】” */
  private factGap(fact: string): string {
    const question = factQuestion(fact, this.data).replace(/^看[^：]*：/, '').replace(/[？?]$/, '');
    return GAP(`${factLabel(fact, this.data)}（${question}）`);
  }

  /** The facts a rule or look read, as prose; unknown ones as gaps. */
  private factsProse(reads: RuleVerdict['reads']): string {
    const parts = reads.map((r) => prose(r.fact, r.value, this.data) ?? this.factGap(r.fact));
    return [...new Set(parts)].join('，');
  }

  /**
   * “关于“…”的容错认定申请”; a title too long for one line of the 版心 (about
   * 20 characters of 2号) breaks where the sense allows (“\n”), after the matter.
   */
  private title(): string {
    const t = this.data.case.matter?.title;
    if (!t) return '容错认定申请书';
    return t.length > 12 ? `关于“${t}”\n的容错认定申请` : `关于“${t}”的容错认定申请`;
  }

  /** The receiving body the policy names (procedure.receiver.addressee). */
  private addressee(): string {
    const receiver = this.data.procedure.receiver;
    const { addressee } = receiver;
    switch (addressee.kind) {
      case 'named':
        return addressee.body!;
      case 'own-unit': {
        const s = this.data.case.subject;
        const unit = s?.kind === 'unit' ? s.name : s?.unit;
        return `${unit ?? GAP('所在单位')}党组织`;
      }
      case 'case-dependent':
        // “按照干部管理权限…向…或…提出”: the applicant names the body.
        return GAP(`受理机关（${receiver.body}）`);
    }
  }

  /** What the application asks for (vocabulary/outcomes.yaml). */
  private request(): string {
    return fill(OUTCOME_WORDS[this.data.assessment.outcome].request, { self: this.self });
  }

  private opening(): void {
    const { case: kase, policy } = this.data;
    const s = kase.subject;
    const matter = kase.matter?.title ? `“${kase.matter.title}”一事` : '有关失误';
    let who: string;
    if (s?.kind === 'unit') {
      who = `${s.name ?? GAP('单位名称')}`;
      this.push('body', `${who}根据《${policy.title}》（以下简称${this.law}）有关规定，现就${matter}申请容错认定，请求${this.request()}。现将有关情况报告如下：`);
      return;
    }
    const name = s?.name ?? GAP('姓名');
    const post = [s?.unit, s?.position].filter(Boolean).join('');
    who = `本人${name}，${post ? `系${post}` : GAP('工作单位及职务')}`;
    this.push('body', `${who}。根据《${policy.title}》（以下简称${this.law}）有关规定，现就${matter}申请容错认定，请求${this.request()}。现将有关情况报告如下：`);
  }

  private facts(): void {
    const m = this.data.case.matter;
    this.push('h1', '一、基本事实');
    const narrative = m?.narrative?.split(/\n+/).map((x) => x.trim()).filter(Boolean) ?? [];
    if (narrative.length === 0) this.push('body', GAP('事实经过：时间、地点、事由、决策过程、造成的影响'));
    for (const p of narrative) this.push('body', p);
    const dates = [
      m?.occurredOn ? `上述事项发生于${formatChineseDate(m.occurredOn)}` : null,
      m?.accountabilityStartedOn ? `问责程序于${formatChineseDate(m.accountabilityStartedOn)}启动` : null,
    ].filter((x): x is string => x !== null);
    if (dates.length > 0) this.push('body', `${dates.join('；')}。`);
  }

  private grounds(): void {
    const a = this.data.assessment;
    const p = this.data.policy;
    const law = this.law;
    this.push('h1', '二、申请理由');
    let n = 0;
    const h2 = (text: string) => this.push('h2', `（${['一', '二', '三', '四', '五', '六'][n++]}）${text}`);

    if (a.outcome === 'diligent') {
      h2(`属于${law}规定的履职尽责情形`);
      for (const r of this.matched('diligence')) {
        this.push('body', `${this.self}已依法依规履行职责，属于${law}${r.ref}规定的“${stripEnd(r.text)}”情形：${this.factsProse(r.reads)}。${this.readingNote(r.ref, r.text)}`);
      }
    } else {
      h2(`符合${law}规定的容错情形`);
      const situations = this.matched('situation');
      if (situations.length === 0) {
        // Items still open on unknown facts are the candidates; otherwise the applicant names one.
        const open = this.verdicts('situation').filter((r) => r.verdict === null && r.reads.every((x) => !isTagListName(x.fact) || x.value !== undefined));
        for (const r of open) {
          const gaps = r.reads.filter((x) => x.value === undefined).map((x) => this.factGap(x.fact));
          this.push('body', `${this.self}的上述失误可能属于${law}${r.ref}规定的情形：“${stripEnd(r.text)}”。${gaps.join('')}`);
        }
        if (open.length === 0) {
          const groups = [...new Set(p.situations.map((g) => g.article))].join('、');
          this.push('body', GAP(`对照${law}${groups}，写明失误属于哪一项容错情形及其事实`));
        }
      }
      situations.forEach((r, i) => {
        const lead = i === 0 ? `${this.self}的上述失误属于${law}` : `同时符合${law}`;
        this.push('body', `${lead}${r.ref}规定的情形：“${stripEnd(r.text)}”。${r.needsJudgement ? '此项为兜底条款，恳请组织研究认定。' : this.readingNote(r.ref, r.text)}`);
      });
    }

    const conditions = this.verdicts('condition');
    if (p.conditions && (a.outcome === 'exempt' || a.outcome === 'undetermined' || NO_APPLICATION.includes(a.outcome))) {
      h2(`符合${law}规定的容错条件`);
      this.push('body', `对照${law}${p.conditions.article}“${stripEnd(p.conditions.text)}”，逐项说明如下：`);
      conditions.forEach((r, i) => {
        const check = r.verdict === false ? '【请核对：按现有事实此项条件尚不满足】' : '';
        this.push('body', `${i + 1}. ${stripEnd(r.text)}（${r.ref}）：${this.factsProse(r.reads)}。${check}`);
      });
    }
    if (a.outcome === 'mitigated') {
      h2('从轻、减轻处理的依据');
      if (a.decidedBy === 'situation-alone' && p.situationAlone) {
        const failed = conditions.filter((r) => r.verdict !== true).map((r) => `${stripEnd(r.text)}（${r.ref}）`);
        const lacking = failed.length === 0 ? '' : `，虽${failed.map((f) => `“${f}”`).join('、')}${failed.length === 1 ? '一项' : `${failed.length}项`}尚不完全具备`;
        this.push('body', `${law}${p.situationAlone.article}规定：“${stripEnd(p.situationAlone.text)}”。${this.self}的情形符合上述容错情形${lacking}，仍可依规从轻、减轻处理。${this.readingNote(p.situationAlone.article, p.situationAlone.text)}`);
      } else if (a.decidedBy === 'still-accountable' && p.stillAccountable) {
        this.push('body', `${law}${p.stillAccountable.article}规定：“${stripEnd(p.stillAccountable.text)}”。${this.self}的失误虽属确需追究责任的情况，但符合上述容错情形，恳请依此规定从轻、减轻处理。${this.readingNote(p.stillAccountable.article, p.stillAccountable.text)}`);
      } else {
        for (const r of this.matched('mitigation')) {
          this.push('body', `${this.self}具有${law}${r.ref}规定的“${stripEnd(r.text)}”情形：${this.factsProse(r.reads)}。${this.readingNote(r.ref, r.text)}`);
        }
      }
    }

    h2('“三个区分开来”分析');
    for (const d of a.distinctions) {
      const [good, bad] = DISTINCTION_LABELS[d.distinction];
      const facts = this.factsProse(d.reads);
      if (d.side === 'tolerable') this.push('body', `${this.self}的失误属于“${good}”，而非“${bad}”（${law}${d.ref}）：${facts}。`);
      else if (d.side === 'wrong') this.push('body', `【请核对：按现有事实属于“${bad}”（${law}${d.ref}）】${facts}。`);
      else this.push('body', GAP(`说明失误属于“${good}”还是“${bad}”（${law}${d.ref}）：${facts}`));
    }

    h2(p.looks.mappedFromFactors ? '综合研判（对照“七看”）' : '“七看”综合研判');
    const lead = p.looks.mappedFromFactors
      ? `按照${law}${p.looks.article ?? ''}综合研判的要求，对照“七看”：`
      : `按照${law}${p.looks.article ?? ''}“七看”的要求：`;
    const looks = a.looks.map((l) => `${LOOK_LABELS[l.look].replace(/（.*）/, '')}，${this.factsProse(l.reads)}`);
    this.push('body', `${lead}${looks.join('；')}。`);
  }

  private remedies(): void {
    this.push('h1', '三、已采取的纠错措施');
    const r = this.data.case.matter?.remedies;
    const paras = r?.split(/\n+/).map((x) => x.trim()).filter(Boolean) ?? [];
    if (paras.length === 0) this.push('body', GAP('已采取的纠错、补救措施及其效果'));
    for (const x of paras) this.push('body', x);
  }

  private requestSection(): void {
    const a = this.data.assessment;
    this.push('h1', '四、申请事项');
    const refs = [...new Set(a.basis.map((b) => b.article))];
    const basis = refs.length > 0 ? `${this.law}${refs.join('、')}` : `${this.law}${GAP('条款')}`;
    this.push('body', `综上，${this.self}认为，上述失误符合${basis}的规定。根据${this.law}${this.data.procedure.receiver.article}的规定，特申请${this.request()}。`);
    this.push('body', '恳请组织予以审查认定。');
    if (this.data.policy.itemNumbersInferred) this.push('body', `注：${this.law}原文各条之下的项号缺失，本申请所引带※的项号系按条文顺序推定。`);
  }

  private closing(): void {
    const evidence = this.data.case.matter?.evidence?.filter((e) => e.trim()) ?? [];
    const items = evidence.length > 0 ? evidence : [GAP('证明材料，如会议纪要、情况说明、整改材料')];
    items.forEach((e, i) => this.push('attachment', `${items.length > 1 ? `${i + 1}．` : ''}${e}`));
    const s = this.data.case.subject;
    this.push('signature', s?.kind === 'unit' ? `申请单位：${s.name ?? ''}（盖章）` : `申请人：${s?.name ?? ''}`);
    this.push('date', '年　　月　　日');
  }

  build(): DraftParagraph[] {
    this.push('title', this.title());
    this.push('addressee', `${this.addressee()}：`);
    this.opening();
    this.facts();
    this.grounds();
    this.remedies();
    this.requestSection();
    this.closing();
    if (!this.data.policy.itemNumbersInferred) return this.out;
    return this.out.map((p) => ({ ...p, text: markInferredItems(p.text, true) }));
  }
}

export function draftParagraphs(data: ReportData): DraftParagraph[] {
  return new DraftBuilder(data).build();
}

/** The case's texts the draft writes, by field path. */
function draftFields(kase: ReportData['case']): Array<[string, string | undefined]> {
  const s = kase.subject;
  const m = kase.matter;
  return [
    ['subject.name', s?.name],
    ['subject.unit', s?.unit],
    ['subject.position', s?.position],
    ['matter.title', m?.title],
    ['matter.narrative', m?.narrative],
    ['matter.remedies', m?.remedies],
    ...(m?.evidence ?? []).map((e, i): [string, string] => [`matter.evidence[${i}]`, e]),
  ];
}

/**
 * What the docx leaves out, for stderr: “已从申请书中删除 3 个无法写入 Word
 * 文件的控制字符（案例字段 matter.narrative）”; null when nothing is.
 */
export function docxRemovalNotice(data: ReportData): string | null {
  const removed = draftParagraphs(data).reduce((n, p) => n + xmlUnsafeCount(p.text), 0);
  if (removed === 0) return null;
  const fields = draftFields(data.case).filter(([, text]) => text !== undefined && xmlUnsafeCount(text) > 0).map(([path]) => path);
  return `已从申请书中删除 ${removed} 个无法写入 Word 文件的控制字符（${fields.length > 0 ? `案例字段 ${fields.join('、')}` : '政策文本'}）。`;
}

/** Characters per line of the GB/T 9704 版心 (28), in terminal columns. */
const LINE_COLUMNS = 56;
const INDENT = '　　';

function renderDraftText(paragraphs: DraftParagraph[]): string {
  const out: string[] = [];
  let attachmentIndex = 0;
  // Controls in case data shown escaped, as in every text view.
  const paras = paragraphs.map((p) => ({ role: p.role, text: sanitizeLines(p.text) }));
  for (const p of paras) {
    switch (p.role) {
      case 'title':
        for (const line of p.text.split('\n')) out.push(' '.repeat(Math.max(0, Math.floor((LINE_COLUMNS - width(line)) / 2))) + line);
        out.push('');
        break;
      case 'addressee':
        out.push(p.text);
        break;
      case 'h1':
      case 'h2':
      case 'body':
        out.push(`${INDENT}${p.text}`);
        break;
      case 'attachment':
        if (attachmentIndex === 0) out.push('');
        out.push(attachmentIndex === 0 ? `${INDENT}附件：${p.text}` : `${INDENT}　　　${p.text}`);
        attachmentIndex++;
        break;
      case 'signature':
      case 'date': {
        // 右空四字: the line ends four characters (eight columns) short of the right margin.
        if (p.role === 'signature') out.push('', '');
        const end = LINE_COLUMNS - 8;
        out.push(' '.repeat(Math.max(0, end - width(p.text))) + p.text);
        break;
      }
    }
  }
  return `${out.join('\n')}\n`;
}

function renderDraftMarkdown(paras: DraftParagraph[]): string {
  const out: string[] = [];
  const attachments = paras.filter((p) => p.role === 'attachment');
  for (const p of paras) {
    switch (p.role) {
      case 'title':
        out.push(`# ${escapeMd(p.text.replace(/\n/g, ''))}`);
        break;
      case 'h1':
        out.push(`## ${escapeMd(p.text)}`);
        break;
      case 'h2':
        out.push(`**${escapeMd(p.text)}**`);
        break;
      case 'addressee':
      case 'body':
        out.push(escapeMd(p.text));
        break;
      case 'attachment':
        if (p === attachments[0]) out.push(attachments.map((a, i) => `${i === 0 ? '附件：' : '　　　'}${escapeMd(a.text)}`).join('\\\n'));
        break;
      case 'signature':
        out.push(`<div align="right">${escapeMd(p.text)}</div>`);
        break;
      case 'date':
        out.push(`<div align="right">${escapeMd(p.text)}</div>`);
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

/** The draft application, from the report data alone: text or Markdown as a string, docx as the file's bytes. */
export async function renderDraft(data: ReportData, format: DraftFormat): Promise<string | Uint8Array> {
  const paras = draftParagraphs(data);
  if (format === 'md') return renderDraftMarkdown(paras);
  if (format === 'docx') {
    // The docx library is large: loaded only when a docx is asked for.
    const { renderDocx } = await import('./docx.js');
    return renderDocx(paras, { title: (paras[0]?.text ?? '容错认定申请书').replace(/\n/g, '') });
  }
  return renderDraftText(paras);
}
