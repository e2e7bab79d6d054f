// Every prompt of the interview goes through this module, the only one that
// imports @inquirer/prompts (lazily: other commands never load it). A test
// replaces the whole `Ui` with a scripted one. A cancelled prompt (Ctrl-C,
// closed input) becomes a typed `Interrupted` error, so that the interview
// can save its answers and exit cleanly.
//
// Prompts go to the terminal: standard output when it is one, else standard
// error, else /dev/tty, so that `rongcuo assess > report.txt` asks on the
// terminal and writes only the report to the file. Under TERM=dumb, which
// cannot move the cursor, the prompts are plain lines (numbered choices, a
// line typed and Enter), without one escape sequence. Every text shown (a
// policy file's, a case file's) goes through sanitizeForTerminal.
import type { ChalkInstance } from 'chalk';
import { openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { WriteStream } from 'node:tty';
import { sanitizeForTerminal, sanitizeLines } from '../render/safe-text.js';

/** Why the interview stopped before its end. */
type InterruptReason = 'interrupt' | 'closed';

export class Interrupted extends Error {
  readonly reason: InterruptReason;
  constructor(reason: InterruptReason) {
    super(reason === 'interrupt' ? '已中断（Ctrl-C）' : '输入已关闭');
    this.name = 'Interrupted';
    this.reason = reason;
  }
}

interface UiChoice<T> {
  value: T;
  name: string;
  /** Shown after answering, in place of a long name. */
  short?: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
  /** A choice shown but not selectable; a string says why. */
  disabled?: boolean | string;
  checked?: boolean;
}

/** A line between groups of choices (an article's lead sentence, say). */
interface UiSeparator {
  separator: string;
}

export type UiEntry<T> = UiChoice<T> | UiSeparator;

interface PromptBase {
  message: string;
  /** Help lines shown under the question while it is open. */
  help?: string[];
}

export interface Ui {
  select<T>(options: PromptBase & { choices: Array<UiEntry<T>>; default?: T; pageSize?: number }): Promise<T>;
  checkbox<T>(
    options: PromptBase & { choices: Array<UiEntry<T>>; validate?: (values: T[]) => true | string; pageSize?: number },
  ): Promise<T[]>;
  input(options: PromptBase & { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  confirm(options: PromptBase & { default?: boolean }): Promise<boolean>;
  /** A line of the conversation between prompts (section lines, notes), where the prompts are; shown safe, in `tone`. */
  print(text: string, tone?: PrintTone): void;
  /** The result (the report), to standard output; absent: print. */
  report?(text: string): void;
}

/** How a line of the conversation is painted (the Ui paints it after making it safe). */
type PrintTone = 'bold' | 'dim' | 'red' | 'green' | 'yellow';

function isSeparator<T>(entry: UiEntry<T>): entry is UiSeparator {
  return 'separator' in entry;
}

/**
 * The terminal implementation. Help lines are part of the prompt while it is
 * open and fold away once answered, so the transcript keeps only questions
 * and answers.
 */
interface TerminalHooks {
  /**
   * Called synchronously when standard input ends during a prompt: on a
   * terminal that means it hung up. Runs before readline's own handler,
   * which throws once the terminal is gone; the caller saves what it must here.
   */
  onInputClosed?: () => void;
}

/** Where the prompts go: standard output or error if a terminal, else the terminal itself (/dev/tty). */
export function promptStream(): NodeJS.WriteStream {
  if (process.stdout.isTTY) return process.stdout;
  if (process.stderr.isTTY) return process.stderr;
  try {
    return new WriteStream(openSync('/dev/tty', 'w'));
  } catch {
    return process.stderr;
  }
}

/** The prompts can only be plain lines: the terminal cannot move its cursor. */
const plainPromptsWanted = (): boolean => process.env.TERM === 'dumb';

/** `c` colours the prompts (for the prompt stream); the report goes to standard output as it is given. */
export async function createTerminalUi(c: ChalkInstance, hooks: TerminalHooks = {}, output: NodeJS.WriteStream = promptStream()): Promise<Ui> {
  const report = (text: string) => {
    process.stdout.write(`${text}\n`);
    if (output !== process.stdout) output.write(`${c.dim('（评估意见书已写到标准输出。）')}\n`);
  };
  const print = (text: string, tone?: PrintTone) => {
    const safe = sanitizeLines(text);
    output.write(`${tone ? c[tone](safe) : safe}\n`);
  };
  if (plainPromptsWanted()) return { ...lineUi(c, output), print, report };
  return { ...(await inquirerUi(c, hooks, output)), print, report };
}

/** A choice as shown: its texts made safe. */
const shownEntry = <T>(entry: UiEntry<T>): UiEntry<T> => {
  if (isSeparator(entry)) return { separator: sanitizeForTerminal(entry.separator) };
  return {
    ...entry,
    name: sanitizeForTerminal(entry.name),
    ...(entry.short !== undefined ? { short: sanitizeForTerminal(entry.short) } : {}),
    ...(entry.description !== undefined ? { description: sanitizeLines(entry.description) } : {}),
    ...(typeof entry.disabled === 'string' ? { disabled: sanitizeForTerminal(entry.disabled) } : {}),
  };
};

/** The message and its help lines, as one text: the help folds away once answered. */
const withHelp = (message: string, help: string[] | undefined) =>
  sanitizeLines(help && help.length > 0 ? [message, ...help.map((h) => `  ${h}`)].join('\n') : message);

type Prompts = Omit<Ui, 'print' | 'report'>;

async function inquirerUi(c: ChalkInstance, hooks: TerminalHooks, output: NodeJS.WriteStream): Promise<Prompts> {
  const inquirer = await import('@inquirer/prompts');

  const styleMessage = (text: string, status: string) => {
    const [head = '', ...rest] = text.split('\n');
    if (status === 'done' || rest.length === 0) return c.bold(head);
    return [c.bold(head), ...rest.map((line) => c.dim(line))].join('\n');
  };
  const keys = (text: string) => () => c.dim(text);
  const entries = <T>(choices: Array<UiEntry<T>>) =>
    choices.map(shownEntry).map((entry) => (isSeparator(entry) ? new inquirer.Separator(c.dim(entry.separator)) : entry));

  /** Runs one prompt; Ctrl-C and closed input become `Interrupted`. */
  async function run<R>(start: (context: { signal: AbortSignal; output: NodeJS.WriteStream }) => Promise<R>): Promise<R> {
    const controller = new AbortController();
    const closed = () => {
      hooks.onInputClosed?.();
      controller.abort();
    };
    process.stdin.once('end', closed);
    process.stdin.once('close', closed);
    try {
      return await start({ signal: controller.signal, output });
    } catch (error) {
      const name = (error as Error | undefined)?.name;
      if (name === 'ExitPromptError') throw new Interrupted('interrupt');
      if (name === 'AbortPromptError') throw new Interrupted('closed');
      throw error;
    } finally {
      process.stdin.off('end', closed);
      process.stdin.off('close', closed);
    }
  }

  return {
    select<T>(o: PromptBase & { choices: Array<UiEntry<T>>; default?: T; pageSize?: number }) {
      return run((context) =>
        inquirer.select<T>(
          {
            message: withHelp(o.message, o.help),
            choices: entries(o.choices) as Parameters<typeof inquirer.select<T>>[0]['choices'],
            ...(o.default !== undefined ? { default: o.default } : {}),
            pageSize: o.pageSize ?? 12,
            theme: {
              indexMode: 'number',
              style: { message: styleMessage, keysHelpTip: keys('↑↓ 移动 · 数字键 跳到该项 · ⏎ 确认') },
            },
          },
          context,
        ),
      );
    },
    checkbox<T>(o: PromptBase & { choices: Array<UiEntry<T>>; validate?: (values: T[]) => true | string; pageSize?: number }) {
      return run((context) =>
        inquirer.checkbox<T>(
          {
            message: withHelp(o.message, o.help),
            choices: entries(o.choices) as Parameters<typeof inquirer.checkbox<T>>[0]['choices'],
            pageSize: o.pageSize ?? 14,
            shortcuts: { all: null, invert: null },
            instructions: c.dim('↑↓ 移动 · 空格 选中/取消 · ⏎ 确认'),
            ...(o.validate ? { validate: (items: ReadonlyArray<{ value: T }>) => o.validate!(items.map((i) => i.value)) } : {}),
            theme: { style: { message: styleMessage, renderSelectedChoices: (selected: ReadonlyArray<{ short: string }>) => (selected.length === 0 ? '（无）' : selected.map((s) => s.short).join('、')) } },
          },
          context,
        ),
      );
    },
    input(o: PromptBase & { default?: string; validate?: (value: string) => true | string }) {
      return run((context) =>
        inquirer.input(
          {
            message: withHelp(o.message, o.help),
            ...(o.default ? { default: o.default, prefill: 'editable' as const } : {}),
            ...(o.validate ? { validate: o.validate } : {}),
            // What is typed (or pre-filled from a case file) is shown safe; the value itself is kept as it is.
            transformer: (value: string, { isFinal }: { isFinal: boolean }) => (isFinal ? c.cyan(sanitizeForTerminal(value)) : sanitizeForTerminal(value)),
            theme: { style: { message: styleMessage } },
          },
          context,
        ),
      );
    },
    confirm(o: PromptBase & { default?: boolean }) {
      return run((context) =>
        inquirer.confirm(
          {
            message: withHelp(o.message, o.help),
            default: o.default ?? true,
            transformer: (value: boolean) => (value ? '是' : '否'),
            theme: { style: { message: styleMessage } },
          },
          context,
        ),
      );
    },
  };
}

/**
 * Plain-line prompts, for a terminal that cannot move its cursor: the
 * question, its help and numbered choices as lines, then one line typed.
 * The terminal's own line editing and echo do the rest; Ctrl-C is a signal
 * as everywhere (the caller saves and exits), end of input `Interrupted`.
 */
function lineUi(c: ChalkInstance, output: NodeJS.WriteStream): Prompts {
  const rl = createInterface({ input: process.stdin, terminal: false });
  rl.pause();
  const lines: string[] = [];
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  let closed = false;
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next.resolve(line);
    else lines.push(line);
    // Read only while a prompt waits: a paused standard input lets the process end with the interview.
    if (waiting.length === 0) rl.pause();
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiting.splice(0)) w.reject(new Interrupted('closed'));
  });
  const say = (text: string) => output.write(`${text}\n`);
  const readLine = (prompt: string): Promise<string> => {
    output.write(prompt);
    const ready = lines.shift();
    if (ready !== undefined) return Promise.resolve(ready.trim());
    if (closed) return Promise.reject(new Interrupted('closed'));
    return new Promise((resolve, reject) => {
      waiting.push({ resolve: (line) => resolve(line.trim()), reject });
      rl.resume();
    });
  };
  const ask = (o: PromptBase) => {
    const [head = '', ...rest] = withHelp(o.message, o.help).split('\n');
    say(`? ${c.bold(head)}`);
    for (const line of rest) say(c.dim(line));
  };
  const done = (o: PromptBase, answer: string) => say(`✔ ${c.bold(sanitizeForTerminal(o.message.split('\n')[0]!))} ${c.cyan(answer)}`);
  /** Numbers the selectable choices and lists every entry; returns the numbered choices. */
  const list = <T>(entries: Array<UiEntry<T>>, marked: (choice: UiChoice<T>) => string): Array<UiChoice<T>> => {
    const numbered: Array<UiChoice<T>> = [];
    for (const entry of entries.map(shownEntry)) {
      if (isSeparator(entry)) {
        say(`  ${c.dim(entry.separator)}`);
      } else if (entry.disabled) {
        say(`     ${c.dim(`${entry.name}${typeof entry.disabled === 'string' ? `（${entry.disabled}）` : ''}`)}`);
      } else {
        numbered.push(entry);
        say(`  ${String(numbered.length).padStart(2)}. ${marked(entry)}${entry.name}`);
        if (entry.description) for (const line of entry.description.split('\n')) say(`      ${c.dim(line)}`);
      }
    }
    return numbered;
  };
  const complain = (text: string) => say(c.red(`> ${sanitizeForTerminal(text)}`));
  /** A choice by its number, or by the start of its name (“后果”). */
  const pick = <T>(numbered: Array<UiChoice<T>>, typed: string): UiChoice<T> | undefined => {
    if (/^\d+$/.test(typed)) return numbered[Number(typed) - 1];
    return numbered.find((ch) => ch.name.startsWith(typed)) ?? numbered.find((ch) => ch.name.includes(typed));
  };

  return {
    async select<T>(o: PromptBase & { choices: Array<UiEntry<T>>; default?: T }) {
      ask(o);
      const numbered = list(o.choices, () => '');
      // As in the full-screen list: Enter takes the default, or else the first choice.
      const fallback = Math.max(0, numbered.findIndex((ch) => ch.value === o.default));
      const hint = numbered.length > 0 ? `，回车选 ${fallback + 1}` : '';
      for (;;) {
        const typed = await readLine(`请输入序号或名称${hint}：`);
        const chosen = typed === '' ? numbered[fallback] : pick(numbered, typed);
        if (chosen) {
          done(o, chosen.short ?? chosen.name);
          return chosen.value;
        }
        complain(`请输入 1 至 ${numbered.length} 之间的序号。`);
      }
    },
    async checkbox<T>(o: PromptBase & { choices: Array<UiEntry<T>>; validate?: (values: T[]) => true | string }) {
      ask(o);
      const numbered = list(o.choices, (ch) => (ch.checked ? '[x] ' : '[ ] '));
      for (;;) {
        const typed = await readLine('请输入要选的序号，用空格或逗号分隔（回车保持 [x] 所示，0 表示都不选）：');
        let chosen: Array<UiChoice<T>> | undefined;
        if (typed === '') chosen = numbered.filter((ch) => ch.checked);
        else if (/^0$/.test(typed)) chosen = [];
        else {
          const parts = typed.split(/[\s,，、]+/).filter(Boolean);
          const picked = parts.map((p) => pick(numbered, p));
          if (picked.every((ch) => ch !== undefined)) chosen = [...new Set(picked as Array<UiChoice<T>>)];
        }
        if (!chosen) {
          complain(`请输入 1 至 ${numbered.length} 之间的序号，用空格或逗号分隔。`);
          continue;
        }
        const values = chosen.map((ch) => ch.value);
        const valid = o.validate ? o.validate(values) : true;
        if (valid !== true) {
          complain(valid);
          continue;
        }
        done(o, chosen.length === 0 ? '（无）' : chosen.map((ch) => ch.short ?? ch.name).join('、'));
        return values;
      }
    },
    async input(o: PromptBase & { default?: string; validate?: (value: string) => true | string }) {
      ask(o);
      // A pre-filled answer cannot be edited on a line: Enter keeps it, a single “-” clears it.
      const hint = o.default ? `（回车保留：${sanitizeForTerminal(o.default)}；输入 - 清空）` : '';
      for (;;) {
        const typed = await readLine(`${hint}> `);
        const value = o.default ? (typed === '' ? o.default : typed === '-' ? '' : typed) : typed;
        const valid = o.validate ? o.validate(value) : true;
        if (valid !== true) {
          complain(valid);
          continue;
        }
        done(o, sanitizeForTerminal(value));
        return value;
      }
    },
    async confirm(o: PromptBase & { default?: boolean }) {
      ask(o);
      const fallback = o.default ?? true;
      for (;;) {
        const typed = (await readLine(`（是 y / 否 n，回车为${fallback ? '是' : '否'}）> `)).toLowerCase();
        const value = typed === '' ? fallback : /^(y|yes|是|对)$/.test(typed) ? true : /^(n|no|否|不)$/.test(typed) ? false : undefined;
        if (value !== undefined) {
          done(o, value ? '是' : '否');
          return value;
        }
        complain('请输入 y（是）或 n（否）。');
      }
    },
  };
}
