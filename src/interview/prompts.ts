// Every prompt of the interview goes through this module, the only one that
// imports @inquirer/prompts (lazily: other commands never load it). A test
// replaces the whole `Ui` with a scripted one. A cancelled prompt (Ctrl-C,
// closed input) becomes a typed `Interrupted` error, so that the interview
// can save its answers and exit cleanly.
import type { ChalkInstance } from 'chalk';

/** Why the interview stopped before its end. */
export type InterruptReason = 'interrupt' | 'closed';

export class Interrupted extends Error {
  readonly reason: InterruptReason;
  constructor(reason: InterruptReason) {
    super(reason === 'interrupt' ? '已中断（Ctrl-C）' : '输入已关闭');
    this.name = 'Interrupted';
    this.reason = reason;
  }
}

export interface UiChoice<T> {
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
export interface UiSeparator {
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
  /** A line of output between prompts (section lines, the report). */
  print(text: string): void;
}

export function isSeparator<T>(entry: UiEntry<T>): entry is UiSeparator {
  return 'separator' in entry;
}

/**
 * The terminal implementation. Help lines are part of the prompt while it is
 * open and fold away once answered, so the transcript keeps only questions
 * and answers.
 */
export interface TerminalHooks {
  /**
   * Called synchronously when standard input ends during a prompt: on a
   * terminal that means it hung up. Runs before readline's own handler,
   * which throws once the terminal is gone; the caller saves what it must here.
   */
  onInputClosed?: () => void;
}

export async function createTerminalUi(c: ChalkInstance, hooks: TerminalHooks = {}): Promise<Ui> {
  const inquirer = await import('@inquirer/prompts');

  const styleMessage = (text: string, status: string) => {
    const [head = '', ...rest] = text.split('\n');
    if (status === 'done' || rest.length === 0) return c.bold(head);
    return [c.bold(head), ...rest.map((line) => c.dim(line))].join('\n');
  };
  const withHelp = (message: string, help: string[] | undefined) =>
    help && help.length > 0 ? [message, ...help.map((h) => `  ${h}`)].join('\n') : message;
  const keys = (text: string) => () => c.dim(text);
  const entries = <T>(choices: Array<UiEntry<T>>) =>
    choices.map((entry) => (isSeparator(entry) ? new inquirer.Separator(c.dim(entry.separator)) : entry));

  /** Runs one prompt; Ctrl-C and closed input become `Interrupted`. */
  async function run<R>(start: (signal: AbortSignal) => Promise<R>): Promise<R> {
    const controller = new AbortController();
    const closed = () => {
      hooks.onInputClosed?.();
      controller.abort();
    };
    process.stdin.once('end', closed);
    process.stdin.once('close', closed);
    try {
      return await start(controller.signal);
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
      return run((signal) =>
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
          { signal },
        ),
      );
    },
    checkbox<T>(o: PromptBase & { choices: Array<UiEntry<T>>; validate?: (values: T[]) => true | string; pageSize?: number }) {
      return run((signal) =>
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
          { signal },
        ),
      );
    },
    input(o: PromptBase & { default?: string; validate?: (value: string) => true | string }) {
      return run((signal) =>
        inquirer.input(
          {
            message: withHelp(o.message, o.help),
            ...(o.default ? { default: o.default, prefill: 'editable' as const } : {}),
            ...(o.validate ? { validate: o.validate } : {}),
            theme: { style: { message: styleMessage } },
          },
          { signal },
        ),
      );
    },
    confirm(o: PromptBase & { default?: boolean }) {
      return run((signal) =>
        inquirer.confirm(
          {
            message: withHelp(o.message, o.help),
            default: o.default ?? true,
            transformer: (value: boolean) => (value ? '是' : '否'),
            theme: { style: { message: styleMessage } },
          },
          { signal },
        ),
      );
    },
    print(text: string) {
      process.stdout.write(`${text}\n`);
    },
  };
}
