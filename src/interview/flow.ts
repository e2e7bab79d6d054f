// The interview itself: choose a policy, answer in sections that follow it
// (only what could still change the result, most decisive first: select.ts),
// review and change answers, then the reasoned assessment and, where the
// outcome supports one, the details a draft needs and the offers to save
// (results.ts). A state machine over the session (session.ts), so that an
// interruption at any prompt loses nothing. Every prompt goes through `Ui`
// (prompts.ts); signals and exit codes are the command's (commands/assess.ts).
import type { ChalkInstance } from 'chalk';
import type { Case } from '../case/schema.js';
import { UserError } from '../errors.js';
import { evaluate, type Assessment } from '../evaluate/evaluate.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { listBundledPolicies, resolvePolicy } from '../policy/registry.js';
import { buildReportData } from '../commands/report-data.js';
import { todayIso } from '../commands/report-input.js';
import type { ReportData } from '../render/report-data.js';
import { renderReport } from '../render/report.js';
import { OUTCOME_LABELS } from '../vocabulary.js';
import { currentAnswer, applyAnswer, describeAnswer, isAnswered, textAnswerProblem, type Answer } from './answers.js';
import { SECTION_TITLES, UNKNOWN_CHOICE, UNKNOWN_LABEL, buildQuestions, itemDescription, type Catalogue, type Question } from './catalogue.js';
import type { Ui, UiEntry } from './prompts.js';
import { offerToSave } from './results.js';
import { draftSupported, nextFactQuestion, pendingDetails } from './select.js';
import { markAsked, sessionPolicyRef, type InterviewPosition, type Session } from './session.js';

const CONFIRM = '__confirm__';
const FROM_FILE = '__file__';

export interface InterviewInit {
  ui: Ui;
  c: ChalkInstance;
  kase: Case;
  position: InterviewPosition;
  policyRef: string | null;
  compiled: CompiledPolicy | null;
  today?: string;
  /** Colours the report (for standard output); default `c`. */
  reportChalk?: ChalkInstance;
}

/**
 * The interview as a state machine over the session (policy, case, position):
 * every step reads and writes that state, so that an interruption at any
 * prompt can save it and a resumed run goes on from it.
 */
export class Interview {
  readonly ui: Ui;
  readonly c: ChalkInstance;
  kase: Case;
  position: InterviewPosition;
  policyRef: string | null;
  compiled: CompiledPolicy | null;
  private catalogue: Catalogue | null = null;
  private lastHeading = '';
  private readonly today: string;
  private readonly reportChalk: ChalkInstance;

  constructor(init: InterviewInit) {
    this.ui = init.ui;
    this.c = init.c;
    this.reportChalk = init.reportChalk ?? init.c;
    this.kase = init.kase;
    this.position = init.position;
    this.policyRef = init.policyRef;
    this.compiled = init.compiled;
    this.today = init.today ?? todayIso();
    if (this.compiled) this.catalogue = buildQuestions(this.compiled);
  }

  /** The state to save when interrupted. */
  session(): Session {
    return { policy: this.policyRef, kase: this.kase, position: this.position };
  }

  private get asked(): Set<string> {
    return new Set(this.position.asked);
  }

  private usePolicy(ref: string, compiled: CompiledPolicy): void {
    this.policyRef = ref;
    this.compiled = compiled;
    this.catalogue = buildQuestions(compiled);
    // The case names the policy by id (a case's policy is a bundled id, never a file's path);
    // the session keeps `ref`, a policy file's path included, to resume with it.
    this.kase = { ...this.kase, policy: compiled.policy.id };
  }

  assess(): Assessment {
    return evaluate(this.compiled!, this.kase.facts);
  }

  async run(): Promise<void> {
    if (this.position.phase === 'policy') {
      if (!this.compiled) await this.choosePolicy();
      this.position.phase = this.position.mode === 'fresh' ? 'basics' : 'facts';
      // Pre-filled answers that leave nothing open once the policy is known: the assessment, no more prompts.
      if (this.position.mode === 'answers' && this.assess().missingFacts.length === 0) {
        this.showReport(this.assess());
        return;
      }
    }
    this.printIntro();
    if (this.position.phase === 'basics') {
      await this.askBasics();
      this.position.phase = 'facts';
    }
    if (this.position.phase === 'facts') {
      await this.askFacts();
      this.position.phase = 'review';
    }
    if (this.position.phase === 'review') {
      await this.review();
      this.position.phase = 'finish';
    }
    await this.finish();
  }

  /** The terminal report: the result, to standard output (where the prompts are not, when it is redirected). */
  private showReport(assessment: Assessment): void {
    const text = renderReport(this.reportData(assessment), 'text', this.reportChalk);
    if (this.ui.report) this.ui.report(text);
    else this.ui.print(text);
  }

  private reportData(assessment: Assessment): ReportData {
    return buildReportData({ kase: this.kase, compiled: this.compiled!, assessment, today: this.today });
  }

  private printIntro(): void {
    if (this.position.phase === 'finish' || !this.compiled) return;
    const p = this.compiled.policy;
    this.ui.print(`按《${p.title}》问询`, 'bold');
    this.ui.print('只问可能影响结论的问题，最关键的先问；每题都可选“不确定”。按 Ctrl-C 可随时中断，已答内容会保存，之后可继续。', 'dim');
  }

  async choosePolicy(): Promise<void> {
    this.position.open = 'policy';
    for (;;) {
      const choices: Array<UiEntry<string>> = listBundledPolicies().map((p) => ({
        value: p.id,
        name: p.title,
        short: p.title,
        description: [p.issuer, p.documentNumber, p.date, p.status].filter(Boolean).join('　'),
      }));
      choices.push({ separator: '──────' }, { value: FROM_FILE, name: '从文件载入政策（输入 YAML 文件路径）', short: '政策文件' });
      const picked = await this.ui.select<string>({
        message: '按哪一项政策评估？',
        help: ['请选择问责机关所适用的容错纠错办法。各办法的条文、容错情形和条件不同，问询会按所选办法的章节进行。'],
        choices,
      });
      let ref = picked;
      if (picked === FROM_FILE) {
        ref = (await this.ui.input({ message: '政策文件路径：', help: ['按 rongcuo 政策格式编写的 YAML 文件（可先用 rongcuo policies validate 校验）。'] })).trim();
        if (ref === '') continue;
      }
      try {
        const compiled = resolvePolicy(ref);
        this.usePolicy(sessionPolicyRef(ref), compiled);
        markAsked(this.position, 'policy');
        this.position.open = null;
        return;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        this.ui.print(error.message, 'red');
      }
    }
  }

  private heading(q: Question): void {
    const line = `【${SECTION_TITLES[q.section]}】${q.subheading ? ` ${q.subheading}` : ''}`;
    if (line === this.lastHeading) return;
    this.lastHeading = line;
    this.ui.print(`\n${line}`, 'bold');
  }

  /** Asks one question and records the answer in the case. */
  async ask(q: Question): Promise<void> {
    this.heading(q);
    this.position.open = q.id;
    const current = currentAnswer(q, this.kase);
    const askedBefore = this.asked.has(q.id);
    let answer: Answer;
    if (q.kind === 'choice') {
      const fallback = askedBefore ? UNKNOWN_CHOICE : undefined;
      const picked = await this.ui.select<string | boolean>({
        message: q.message,
        help: q.help,
        choices: q.choices.map((ch) => ({ value: ch.value, name: ch.label, ...(ch.short ? { short: ch.short } : {}) })),
        ...(current !== null ? { default: current as string | boolean } : fallback !== undefined ? { default: fallback } : {}),
      });
      answer = picked === UNKNOWN_CHOICE ? null : picked;
    } else if (q.kind === 'items') {
      const checked = new Set(Array.isArray(current) ? current : []);
      const choices: Array<UiEntry<string>> = [];
      for (const group of q.groups) {
        const items = q.items.filter((i) => i.groupRef === group.ref);
        if (q.groups.length > 1) choices.push({ separator: `── ${group.ref} ──` });
        for (const item of items) {
          const description = itemDescription(q, item);
          choices.push({
            value: item.id,
            name: `${item.ref}　${item.text}`,
            short: item.ref,
            ...(description ? { description } : {}),
            ...(item.selectable ? { checked: checked.has(item.id) } : { disabled: item.reason ?? true }),
          });
        }
      }
      choices.push({ separator: '──────' }, { value: UNKNOWN_CHOICE, name: UNKNOWN_LABEL, short: '不确定', checked: current === null && askedBefore });
      const picked = await this.ui.checkbox<string>({
        message: q.message,
        help: q.help,
        choices,
        validate: (values) => (values.includes(UNKNOWN_CHOICE) && values.length > 1 ? '“不确定”不能与其他条目同时选中。' : true),
      });
      answer = picked.includes(UNKNOWN_CHOICE) ? null : picked;
    } else {
      const value = await this.ui.input({
        message: q.message,
        help: q.help,
        ...(typeof current === 'string' ? { default: current } : {}),
        // A date that is not a real day (2024-02-30) is asked again, with the reason.
        ...(q.date ? { validate: (v: string) => textAnswerProblem(q, v) ?? true } : {}),
      });
      answer = value;
    }
    this.kase = applyAnswer(q, this.kase, answer);
    markAsked(this.position, q.id);
    this.position.open = null;
  }

  async askBasics(): Promise<void> {
    for (const q of this.catalogue!.basics) {
      if (this.asked.has(q.id) || isAnswered(q, this.kase)) continue;
      await this.ask(q);
    }
  }

  /** The adaptive loop: ask what could still change the outcome, until nothing can. */
  async askFacts(): Promise<Assessment> {
    for (;;) {
      const { question, assessment } = nextFactQuestion(this.compiled!, this.catalogue!, this.kase, this.asked, {
        askScope: this.position.mode === 'fresh',
      });
      if (!question) return assessment;
      await this.ask(question);
    }
  }

  /** The answers so far, each changeable; a change re-evaluates and asks what became relevant. */
  async review(): Promise<void> {
    const cat = this.catalogue!;
    // Resumed while changing an answer: that question first.
    const open = this.position.open;
    if (open && open !== 'review' && cat.byId.has(open)) {
      await this.ask(cat.byId.get(open)!);
      await this.askFacts();
    }
    for (;;) {
      const assessment = this.assess();
      // 适用范围 always shows: unanswered, it is an assumption the user may want to correct.
      const shown = [...cat.basics, ...cat.facts, ...cat.details].filter(
        (q) => q.id === 'inScope' || this.asked.has(q.id) || isAnswered(q, this.kase),
      );
      const answerText = (q: Question) =>
        q.id === 'inScope' && !isAnswered(q, this.kase) && !this.asked.has(q.id) ? '未说明（按属于适用范围评估）' : describeAnswer(q, this.kase);
      const choices: Array<UiEntry<string>> = [
        { value: CONFIRM, name: '确认无误，查看评估结论', short: '确认' },
        { separator: '── 修改以下回答 ──' },
        // Named by title first, so that typing a title (“后果”) jumps to it.
        ...shown.map((q) => ({
          value: q.id,
          name: `${q.title}：${answerText(q)}`,
          short: `修改${q.title}`,
          description: `${SECTION_TITLES[q.section]}${q.subheading ? ` · ${q.subheading}` : ''}`,
        })),
      ];
      this.lastHeading = '';
      this.ui.print('\n【核对回答】', 'bold');
      this.position.open = 'review';
      const picked = await this.ui.select<string>({
        message: `按目前的回答，结论为“${OUTCOME_LABELS[assessment.outcome]}”。确认，或选择要修改的回答：`,
        help: ['修改后会重新评估；如有新的问题可能影响结论，会接着问。可输入问题名称（如“后果”）跳到该项。'],
        choices,
        pageSize: 16,
      });
      this.position.open = null;
      if (picked === CONFIRM) return;
      const q = cat.byId.get(picked)!;
      this.ui.print(`修改：${q.title}`, 'dim');
      await this.ask(q);
      await this.askFacts();
    }
  }

  /** The conclusion, then the draft details and the offers to save. */
  async finish(): Promise<void> {
    const assessment = this.assess();
    this.ui.print('');
    this.showReport(assessment);
    const supported = draftSupported(assessment);
    if (supported) {
      if (this.position.draftWanted === null) {
        this.position.open = 'draft';
        this.position.draftWanted = await this.ui.confirm({
          message: '是否起草容错认定申请书？',
          help: ['将按所选办法和以上结论起草申请书，需要再填写事实经过、纠错措施和证明材料。'],
          default: true,
        });
        this.position.open = null;
      }
      if (this.position.draftWanted) {
        const cat = this.catalogue!;
        for (const q of pendingDetails([...cat.basics, ...cat.details], this.kase, this.asked)) await this.ask(q);
      }
    } else if (assessment.outcome === 'undetermined') {
      this.ui.print('尚有影响结论的事实未确定，暂不起草申请书；补充后可用 rongcuo draft 起草。', 'dim');
    } else {
      this.ui.print(`结论为“${OUTCOME_LABELS[assessment.outcome]}”，不支持提出容错申请，不提供申请书草稿。`, 'dim');
    }
    this.lastHeading = '';
    await offerToSave(this.ui, this.position, this.kase, this.reportData(assessment), supported && this.position.draftWanted === true);
  }
}
