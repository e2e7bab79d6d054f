// `rongcuo assess`: the interactive interview (src/interview/flow.ts) as a
// command. Here: the options and where the interview starts (fresh, a case
// file's answers, a saved session), the answers-only run that prompts for
// nothing, the terminal, and what an interruption does: at any prompt or
// signal the answers so far go to a session file that --resume picks up,
// and the exit code says how the run ended.
import { resolve } from 'node:path';
import { loadCaseFile, pickCase } from '../case/load.js';
import type { Case } from '../case/schema.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UserError } from '../errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import { onStop } from '../io/cleanup.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { resolveBundledPolicy, resolvePolicy } from '../policy/registry.js';
import { sanitizeLines } from '../render/safe-text.js';
import { makeChalk } from '../render/style.js';
import { factLabel } from '../render/phrases.js';
import { renderReport } from '../render/report.js';
import { buildReportData } from './report-data.js';
import { todayIso } from './report-input.js';
import { Interview, type InterviewInit } from '../interview/flow.js';
import { Interrupted } from '../interview/prompts.js';
import {
  readSessionFile,
  removeSession,
  resumeCommand,
  saveSession,
  sessionCase,
  sessionPolicy,
  sessionPolicyRef,
  stamp,
  type InterviewPosition,
} from '../interview/session.js';

interface AssessOptions {
  policy?: string;
  answers?: string;
  case?: string;
  resume?: string;
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
  let policyRef = opts.policy ? sessionPolicyRef(opts.policy) : null;
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
  const kase: Case = { id: `assess-${stamp(now)}`, facts: {}, ...(compiled ? { policy: compiled.policy.id } : {}) };
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
