// `rongcuo assess`: the interactive interview. Choose a policy, answer in
// sections that follow it (only what could still change the result, most
// decisive first), review and change answers, then the reasoned assessment
// and, where the outcome supports one, the draft application. Interrupted at
// any prompt, the answers so far go to a session file that --resume picks up.
import type { ChalkInstance } from 'chalk';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCaseFile, pickCase } from '../case/load.js';
import type { Case } from '../case/schema.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { evaluate, type Assessment } from '../evaluate/evaluate.js';
import { onStop } from '../io/cleanup.js';
import { writeFileSafely } from '../io/output.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { listBundledPolicies, resolveBundledPolicy, resolvePolicy } from '../policy/registry.js';
import { sanitizeLines } from '../render/safe-text.js';
import { makeChalk } from '../render/style.js';
import { factLabel } from '../render/phrases.js';
import { OUTCOME_LABELS } from '../vocabulary.js';
import { docxRemovalNotice, renderDraft } from '../render/draft.js';
import { renderReport, renderReports } from '../render/report.js';
import { buildReportData } from './report-data.js';
import { todayIso } from './report-input.js';
import { Interrupted, type Ui, type UiEntry } from '../interview/prompts.js';
import {
  SECTION_TITLES,
  UNKNOWN_CHOICE,
  UNKNOWN_LABEL,
  applyAnswer,
  buildQuestions,
  currentAnswer,
  describeAnswer,
  isAnswered,
  itemDescription,
  textAnswerProblem,
  type Answer,
  type Catalogue,
  type Question,
} from '../interview/questions.js';
import { draftSupported, nextFactQuestion, pendingDetails } from '../interview/select.js';
import {
  readSessionFile,
  removeSession,
  resumeCommand,
  saveSession,
  sessionCase,
  sessionPolicy,
  type InterviewPosition,
  type Session,
} from '../interview/session.js';

export interface AssessOptions {
  policy?: string;
  answers?: string;
  case?: string;
  resume?: string;
}

const CONFIRM = '__confirm__';
const FROM_FILE = '__file__';

/** How a policy is recorded in a session or case file: a bundled id, or an absolute path. */
function policyRefFor(ref: string): string {
  return listBundledPolicies().some((p) => p.id === ref) ? ref : resolve(ref);
}

/** A file-name-safe form of a case id. */
function fileStem(id: string): string {
  return id.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
}

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

  private markAsked(id: string): void {
    if (!this.position.asked.includes(id)) this.position.asked.push(id);
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
    const text = renderReport(buildReportData({ kase: this.kase, compiled: this.compiled!, assessment, today: this.today }), 'text', this.reportChalk);
    if (this.ui.report) this.ui.report(text);
    else this.ui.print(text);
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
        this.usePolicy(policyRefFor(ref), compiled);
        this.markAsked('policy');
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
    this.markAsked(q.id);
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
    await this.offerSaves(assessment, supported && this.position.draftWanted === true);
  }

  private async offerSaves(assessment: Assessment, withDraft: boolean): Promise<void> {
    const stem = fileStem(this.kase.id);
    const data = buildReportData({ kase: this.kase, compiled: this.compiled!, assessment, today: this.today });
    this.lastHeading = '';
    if (!this.asked.has('save.report')) {
      this.position.open = 'save.report';
      const format = await this.ui.select<string>({
        message: '保存评估意见书？',
        help: ['Markdown 便于阅读和转换；JSON 供其他程序读取。文件仅本人可读写，不会覆盖已有文件（除非您确认）。'],
        choices: [
          { value: 'md', name: '保存为 Markdown（.md）', short: 'Markdown' },
          { value: 'json', name: '保存为 JSON（.json）', short: 'JSON' },
          { value: 'none', name: '不保存', short: '不保存' },
        ],
      });
      if (format === 'md') await this.saveFile(`${stem}-评估意见书.md`, renderReport(data, 'md', makeChalk(false)));
      // The same JSON as `rongcuo report --format json`.
      if (format === 'json') await this.saveFile(`${stem}-评估意见书.json`, renderReports([data], 'json', makeChalk(false)));
      this.markAsked('save.report');
    }
    if (withDraft && !this.asked.has('save.draft')) {
      this.position.open = 'save.draft';
      const format = await this.ui.select<string>({
        message: '保存申请书草稿？',
        help: ['Word（.docx）可直接编辑打印；纯文本和 Markdown 便于复制。草稿须由申请人核实、修改后提交。'],
        choices: [
          { value: 'docx', name: 'Word 文档（.docx）', short: 'Word' },
          { value: 'text', name: '纯文本（.txt）', short: '纯文本' },
          { value: 'md', name: 'Markdown（.md）', short: 'Markdown' },
          { value: 'none', name: '不保存', short: '不保存' },
        ],
      });
      if (format !== 'none') {
        const ext = format === 'text' ? 'txt' : format;
        const content = await renderDraft(data, format as 'text' | 'md' | 'docx');
        const removed = format === 'docx' ? docxRemovalNotice(data) : null;
        if (removed) this.ui.print(removed, 'yellow');
        await this.saveFile(`${stem}-申请书.${ext}`, content);
      }
      this.markAsked('save.draft');
    }
    if (!this.asked.has('save.case')) {
      this.position.open = 'save.case';
      const save = await this.ui.confirm({
        message: '保存案例文件（以后可用 rongcuo check、report、draft 再次评估）？',
        help: ['案例格式第 1 版的 JSON 文件，含本次的全部回答。'],
        default: true,
      });
      if (save) await this.saveFile(`${stem}.json`, `${JSON.stringify({ formatVersion: 1, cases: [this.kase] }, null, 2)}\n`);
      this.markAsked('save.case');
    }
    this.position.open = null;
  }

  /** Asks where, never overwrites without a yes, writes atomically with owner-only permissions. */
  private async saveFile(defaultName: string, content: string | Uint8Array): Promise<void> {
    let suggestion = defaultName;
    for (;;) {
      const path = (
        await this.ui.input({
          message: '保存到：',
          help: ['文件名或路径；直接按回车用建议的文件名。'],
          default: suggestion,
          validate: (v) => (v.trim() === '' ? '请输入文件名。' : true),
        })
      ).trim();
      suggestion = path;
      let force = false;
      if (existsSync(path)) {
        force = await this.ui.confirm({
          message: `${path} 已存在。覆盖它？`,
          help: ['选“否”可另换一个文件名。'],
          default: false,
        });
        if (!force) continue;
      }
      try {
        writeFileSafely(path, content, force);
        this.ui.print(`已保存：${path}（仅本人可读写）`, 'green');
        return;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        this.ui.print(error.message, 'red');
      }
    }
  }
}

/** The state an interview starts from: a fresh one, a case file's answers, or a saved session. */
interface Start {
  interview: Omit<InterviewInit, 'ui' | 'c'>;
  sessionFile?: string;
  answersFile?: string;
}

async function prepare(opts: AssessOptions, now: Date): Promise<Start> {
  if (opts.resume) {
    if (opts.policy || opts.answers || opts.case) throw new UserError('--resume 不能与 --policy、--answers、--case 同用：会话文件已记录政策和回答。');
    const file = opts.resume;
    const { policy, rawCase, position } = readSessionFile(file);
    const compiled = sessionPolicy(file, policy);
    const kase = sessionCase(file, rawCase, compiled ?? undefined);
    // A session saved before cases named their policy by id alone holds a file's path there.
    if (compiled) kase.policy = compiled.policy.id;
    return { interview: { kase, position, policyRef: policy, compiled }, sessionFile: resolve(file) };
  }
  if (opts.case && !opts.answers) throw new UserError('--case 只能与 --answers 同用：它选择案例文件中的某个案例。');
  let compiled: CompiledPolicy | null = opts.policy ? resolvePolicy(opts.policy) : null;
  let policyRef = opts.policy ? policyRefFor(opts.policy) : null;
  const position: InterviewPosition = { mode: 'fresh', phase: 'policy', open: null, asked: [], draftWanted: null };
  if (opts.answers) {
    const file = opts.answers;
    const cases = pickCase(await loadCaseFile(file, compiled ? [compiled] : []), opts.case, file);
    if (cases.length === 0) throw new UserError(`${file}：文件中没有案例。`);
    if (cases.length > 1) {
      const ids = cases.slice(0, 10).map((k) => k.id).join('、');
      throw new UserError(`${file}：文件中有 ${cases.length} 个案例，请用 --case 选择其中一个（${ids}${cases.length > 10 ? ' …' : ''}）。`);
    }
    const kase = { ...cases[0]! };
    if (!compiled && kase.policy) {
      try {
        compiled = resolveBundledPolicy(kase.policy);
      } catch (error) {
        if (error instanceof UserError) throw new UserError(`${file}：案例“${kase.id}”的 policy：${error.message}`);
        throw error;
      }
      policyRef = kase.policy;
    }
    if (compiled) kase.policy = compiled.policy.id;
    position.mode = 'answers';
    return { interview: { kase, position, policyRef, compiled }, answersFile: file };
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  const id = `assess-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const kase: Case = { id, facts: {}, ...(compiled ? { policy: compiled.policy.id } : {}) };
  return { interview: { kase, position, policyRef, compiled } };
}

export async function runAssess(opts: AssessOptions): Promise<number> {
  const now = new Date();
  const start = await prepare(opts, now);
  const c = makeChalk(Boolean(process.stdout.isTTY));
  const stdinIsTerminal = Boolean(process.stdin.isTTY);

  // Pre-filled answers that leave nothing open: the assessment, without a prompt.
  const init = start.interview;
  if (start.answersFile && init.compiled) {
    const assessment = evaluate(init.compiled, init.kase.facts);
    if (assessment.missingFacts.length === 0 || !stdinIsTerminal) {
      process.stdout.write(`${renderReport(buildReportData({ kase: init.kase, compiled: init.compiled, assessment, today: todayIso() }), 'text', c)}\n`);
      if (assessment.missingFacts.length === 0) return EXIT_OK;
      const missing = assessment.missingFacts.map((f) => factLabel(f, init.compiled!)).join('、');
      process.stderr.write(
        `${sanitizeLines(`rongcuo：尚有 ${assessment.missingFacts.length} 项可能影响结论的事实未知（${missing}），但标准输入不是终端，无法问询。请在终端中运行 rongcuo assess --answers ${start.answersFile}，或在案例文件中补全后用 rongcuo check / report。`)}\n`,
      );
      return EXIT_USAGE;
    }
  }
  if (!stdinIsTerminal) {
    throw new UserError(
      start.answersFile
        ? '标准输入不是终端，无法选择政策：请加 --policy <政策 id>，或在案例中写 "policy"。'
        : '标准输入不是终端，无法交互问询。请用 --answers <案例文件> 预填答案，或用 rongcuo check <案例文件> 批量评估。',
    );
  }

  const { createTerminalUi, promptStream } = await import('../interview/prompts.js');
  let inputClosed: () => void = () => {};
  // The prompts on the terminal (standard error or /dev/tty when standard output is redirected), coloured for it.
  const output = promptStream();
  const talk = makeChalk(Boolean(output.isTTY));
  const ui = await createTerminalUi(talk, { onInputClosed: () => inputClosed() }, output);
  const interview = new Interview({ ...init, ui, c: talk, reportChalk: c, today: todayIso() });
  let sessionFile = start.sessionFile;
  if (sessionFile) ui.print(`继续会话文件 ${sessionFile} 中保存的问询。`, 'dim');
  if (start.answersFile && init.compiled) {
    const known = Object.values(init.kase.facts).filter((v) => v !== null && v !== undefined).length;
    ui.print(`已从 ${start.answersFile} 读取案例 ${init.kase.id} 的 ${known} 项事实，只问尚缺且可能影响结论的问题。`, 'dim');
  }

  /** Saves the answers so far and says how to go on; synchronous, for signal handlers too. */
  const saveAndTell = (why: string): void => {
    try {
      const path = saveSession(interview.session(), sessionFile);
      sessionFile = path;
      process.stderr.write(
        sanitizeLines(`\n${why}目前的回答已保存到会话文件（仅本人可读写）：\n  ${path}\n继续问询：\n  ${resumeCommand(path)}\n`),
      );
    } catch (error) {
      process.stderr.write(sanitizeLines(`\n${why}未能保存会话文件：${(error as Error).message}\n`));
    }
  };
  let running = true;
  /**
   * The terminal is gone. Node aborts at exit when it cannot reset a terminal
   * that has hung up (nodejs/node#42433), so after saving, the process dies of
   * SIGHUP, as programs whose terminal hangs up conventionally do.
   */
  const hangUp = (): void => {
    running = false;
    saveAndTell('终端已关闭。');
    process.removeAllListeners('SIGHUP');
    process.kill(process.pid, 'SIGHUP');
  };
  inputClosed = hangUp;
  // A signal (kill -INT, -TERM, -QUIT, or -HUP) saves the answers as Ctrl-C does; cli.ts exits after, 128 + the signal's number.
  const onSignal = (signal: NodeJS.Signals) => {
    if (signal === 'SIGHUP') return hangUp();
    running = false;
    saveAndTell(signal === 'SIGINT' ? '已中断。' : '进程被终止。');
  };
  // A prompt whose input went away without an event (Ctrl-D, say) would leave nothing to wait for.
  const onBeforeExit = () => {
    if (!running) return;
    running = false;
    saveAndTell('输入已关闭。');
    process.exit(EXIT_INTERRUPTED);
  };
  const endStopHook = onStop(onSignal);
  process.on('beforeExit', onBeforeExit);
  try {
    await interview.run();
  } catch (error) {
    running = false;
    if (error instanceof Interrupted) {
      saveAndTell(error.reason === 'interrupt' ? '已中断。' : '输入已关闭。');
      return EXIT_INTERRUPTED;
    }
    // Whatever went wrong (a bug), the answers so far are not lost.
    saveAndTell('问询因错误未能继续。');
    throw error;
  } finally {
    running = false;
    endStopHook();
    process.off('beforeExit', onBeforeExit);
  }
  if (sessionFile && removeSession(sessionFile)) ui.print(`问询已完成，已删除会话文件 ${sessionFile}。`, 'dim');
  return EXIT_OK;
}
