// The command line: parses arguments and hands each command to its module,
// loaded only when that command runs (start-up stays close to bare node).
// First, for its side effect: a large batch's worker threads start booting.
import './batch/prestart.js';
import { Command, CommanderError, Help, Option } from 'commander';
import { constants } from 'node:os';
import { EXIT_OK, EXIT_USAGE, UserError, systemReason } from './errors.js';
import { VERSION } from './version.js';
import { stopped } from './io/cleanup.js';
import { sanitizeLines } from './render/safe-text.js';

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

class ChineseHelp extends Help {
  override styleTitle(str: string): string {
    return TITLES[str] ?? str;
  }
  override optionDescription(option: Option): string {
    // Commander appends “(choices: "a", "b")” in English; the choices are already in our text.
    return super.optionDescription(option).replace(/ \(choices: [^)]*\)$/, '');
  }
}

/** Every command and subcommand renders its help with the Chinese titles. */
class RongcuoCommand extends Command {
  override createCommand(name?: string): Command {
    return new RongcuoCommand(name);
  }
  override createHelp(): Help {
    return Object.assign(new ChineseHelp(), this.configureHelp());
  }
}

/** Commander's own messages, in the UI language. */
function translate(error: CommanderError): string {
  const m = error.message.replace(/^error: /, '');
  const quoted = /'([^']*)'/.exec(m)?.[1] ?? '';
  switch (error.code) {
    case 'commander.unknownOption':
      return `未知选项 ${quoted}。用 --help 查看可用选项。`;
    case 'commander.unknownCommand':
      return `未知命令 ${quoted}。可用命令：assess、check、report、draft、policies；用 --help 查看说明。`;
    case 'commander.missingArgument':
      return `缺少参数 ${quoted}。用 --help 查看用法。`;
    case 'commander.optionMissingArgument':
      return `选项 ${quoted} 需要一个值。用 --help 查看用法。`;
    case 'commander.excessArguments':
      return `多余的参数。用 --help 查看用法。`;
    case 'commander.invalidArgument': {
      const choice = /option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/.exec(m);
      if (choice) return `选项 ${choice[1]} 的值“${choice[2]}”无效；可用：${choice[3]}。`;
      return `参数无效：${m}`;
    }
    default:
      return m;
  }
}

let debug = process.argv.includes('--debug');

/** Messages echo user data (file names, ids, field values): shown with controls escaped. */
function fail(error: unknown): number {
  if (error instanceof UserError) {
    process.stderr.write(`rongcuo：${sanitizeLines(error.message)}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  process.stderr.write(`rongcuo：内部错误（这是本工具的缺陷，不是您的输入问题）：${sanitizeLines((error as Error)?.message ?? String(error))}\n`);
  if (debug) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  else process.stderr.write('请加 --debug 重新运行以查看详情，并报告此问题。\n');
  return EXIT_USAGE;
}

/** `--output -` is standard output; an empty `--output` is a mistake, not standard output. */
function withOutput<T extends { output?: string }>(opts: T): T {
  if (opts.output === '') throw new UserError('--output 的值是空的。请给出输出文件名，或用 -o - 写到标准输出。');
  return opts.output === '-' ? { ...opts, output: undefined } : opts;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new RongcuoCommand();
  const action =
    <A extends unknown[]>(run: (...args: A) => Promise<number> | number) =>
    async (...args: A) => {
      setExit(await run(...args));
    };
  program
    .name('rongcuo')
    .description('容错纠错认定辅助评估：按辖区政策逐条评估案例，说明理由，并起草容错认定申请书。\n结论仅为辅助意见，是否容错由有权党组织认定。')
    .version(VERSION, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .option('--debug', '出错时显示调用栈（排查本工具缺陷用）')
    .configureHelp({ sortSubcommands: false })
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} })
    // Every command but check may read a policy file (YAML): check loads the reader only if a case needs it.
    .hook('preAction', async (_program, command) => {
      if (command.name() !== 'check') await usePolicyFiles();
    });

  program
    .command('check')
    .description('批量评估案例文件（JSON，或逐行流式读取的 NDJSON/JSONL）')
    .argument('<file>', '案例文件：.json（{"formatVersion":1,"cases":[…]} 或数组）或 .ndjson/.jsonl；- 为标准输入')
    .option('-p, --policy <id|path>', '按此政策评估：内置政策 id 或政策 YAML 文件路径（覆盖案例中的 policy）')
    .option('-a, --all-policies', '按全部内置政策逐一评估，表格中各政策并列对照')
    .addOption(new Option('-f, --format <format>', '输出格式：table | json | ndjson | csv（终端默认 table，否则 json）').choices(['table', 'json', 'ndjson', 'csv']))
    .option('-o, --output <file>', '写入文件（原子写入、仅本人可读写）；- 为标准输出；格式按扩展名推断')
    .option('--force', '允许覆盖已存在的输出文件')
    .addHelpText(
      'after',
      `
退出码：0 全部评估且符合预期；1 有案例与 expected 不符；2 用法错误、文件无法读取或有无效案例（有效案例仍会评估并输出）。

示例：
  rongcuo check fixtures/cases.json --policy fuzhou-2019
  rongcuo check fixtures/jurisdictions.json --all-policies
  rongcuo check big.ndjson --policy fuzhou-2019 --format ndjson --output results.ndjson`,
    )
    .action(
      action(async (file: string, opts) => {
        const { runCheck } = await import('./commands/check.js');
        return runCheck(file, withOutput(opts));
      }),
    );

  program
    .command('assess')
    .description('交互式问询：逐项回答问题，得出评估意见并可生成申请书草稿')
    .option('-p, --policy <id|path>', '按此政策问询（不给出则先选择政策）')
    .option('--answers <file>', '用案例文件预填答案，只问缺少的事实')
    .option('--case <id>', '与 --answers 同用：选择文件中的某个案例')
    .option('--resume <file>', '从中断时保存的会话文件继续')
    .addHelpText(
      'after',
      `
每题都可选“不确定”；按 Ctrl-C 可随时中断，已答内容保存为会话文件（仅本人可读写），用 --resume 继续。
标准输入不是终端时不能问询：请用 --answers 预填，或用 rongcuo check 批量评估。

示例：
  rongcuo assess
  rongcuo assess --policy fuzhou-2019
  rongcuo assess --answers fixtures/answers-severity-unknown.json
  rongcuo assess --resume rongcuo-session-20240510-143000.json`,
    )
    .action(
      action(async (opts) => {
        const { runAssess } = await import('./commands/assess.js');
        return runAssess(opts);
      }),
    );

  program
    .command('report')
    .description('生成评估意见书：结论、依据、七看、三个区分开来、条件清单、待补充事实、程序与期限')
    .argument('<file>', '案例文件（.json 或 .ndjson）')
    .option('-p, --policy <id|path>', '按此政策评估（默认用案例中的 policy）')
    .option('-c, --case <id>', '只输出此案例（默认输出文件中的全部案例）')
    .addOption(new Option('-f, --format <format>', '格式：text | md | json | html').choices(['text', 'md', 'json', 'html']))
    .option('-o, --output <file>', '写入文件（原子写入、仅本人可读写）；- 为标准输出')
    .option('--force', '允许覆盖已存在的输出文件')
    .addHelpText(
      'after',
      `
期限按官方节假日安排（含调休上班日）计算；设 RONGCUO_TODAY=YYYY-MM-DD 可按指定日期显示剩余天数。

示例：
  rongcuo report fixtures/cases.json --case 2024-021
  rongcuo report fixtures/report-cases.json -c gansu-2026-01
  rongcuo report fixtures/cases.json -f md -o 意见书.md`,
    )
    .action(
      action(async (file: string, opts) => {
        const { runReport } = await import('./commands/report.js');
        return runReport(file, withOutput(opts));
      }),
    );

  program
    .command('draft')
    .description('起草容错认定申请书（文本、Markdown 或符合 GB/T 9704 版式的 docx）')
    .argument('<file>', '案例文件（.json 或 .ndjson）')
    .option('-p, --policy <id|path>', '按此政策起草（默认用案例中的 policy）')
    .option('-c, --case <id>', '起草此案例（文件中有多个案例时必选）')
    .addOption(new Option('-f, --format <format>', '格式：text | md | docx').choices(['text', 'md', 'docx']))
    .option('-o, --output <file>', '写入文件（原子写入、仅本人可读写；docx 必须写入文件）；- 为标准输出')
    .option('--force', '覆盖已存在的输出文件；或为不支持申请的结论仍然起草')
    .addHelpText(
      'after',
      `
结论为不予容错、不符合容错情形或不适用时，说明理由、不起草（退出码 2），除非加 --force。
草稿中【待补充：…】处须由申请人补全；全文须核对、修改后提交。

示例：
  rongcuo draft fixtures/cases.json --case 2024-017
  rongcuo draft fixtures/cases.json --case 2024-017 -f md
  rongcuo draft fixtures/cases.json --case 2024-017 -o 申请书.docx`,
    )
    .action(
      action(async (file: string, opts) => {
        const { runDraft } = await import('./commands/draft.js');
        return runDraft(file, withOutput(opts));
      }),
    );

  const policies = program
    .command('policies')
    .description('列出、查看、校验政策文件，逐条列出本工具的理解')
    .addHelpText(
      'after',
      `
示例：
  rongcuo policies
  rongcuo policies show fuzhou-2019
  rongcuo policies readings                     # 全部政策的逐条理解，供法律审核
  rongcuo policies validate policies/*.yaml my-policy.yaml`,
    )
    // No choices here: commander reads this option after any subcommand too (\`policies readings -f md\`); each command checks its own formats.
    .addOption(new Option('-f, --format <format>', '列表格式：table | json'))
    .action(
      action(async (opts) => {
        const { runPoliciesList } = await import('./commands/policies.js');
        return runPoliciesList(opts);
      }),
    );
  policies
    .command('list')
    .description('列出内置政策（默认）')
    .addOption(new Option('-f, --format <format>', '列表格式：table | json').choices(['table', 'json']))
    .action(
      action(async (opts) => {
        const { runPoliciesList } = await import('./commands/policies.js');
        return runPoliciesList({ ...policies.opts(), ...opts });
      }),
    );
  policies
    .command('show')
    .description('显示一项政策：各条原文与对应的评估规则')
    .argument('<id|path>', '内置政策 id 或政策 YAML 文件路径')
    .action(
      action(async (ref: string) => {
        const { runPoliciesShow } = await import('./commands/policies.js');
        return runPoliciesShow(ref);
      }),
    );
  policies
    .command('readings')
    .description('逐条列出本工具对政策条文的理解：条文、原文、规则（文字表述）和理由，供法律审核')
    .argument('[id|path]', '内置政策 id 或政策 YAML 文件路径；省略则列出全部内置政策')
    .addOption(new Option('-f, --format <format>', '输出格式：text（默认，终端阅读）| md（存为文件）| json').choices(['text', 'md', 'json']))
    .addHelpText(
      'after',
      `
示例：
  rongcuo policies readings                          # 全部内置政策
  rongcuo policies readings guian-new-area           # 一项政策
  rongcuo policies readings -f md > 理解清单.md      # 存为 Markdown 文件
  rongcuo policies readings fuzhou-2019 -f json`,
    )
    .action(
      action(async (ref: string | undefined, opts) => {
        const { runPoliciesReadings } = await import('./commands/policies.js');
        return runPoliciesReadings(ref, { ...policies.opts(), ...opts });
      }),
    );
  policies
    .command('validate')
    .description('校验政策 YAML 文件，错误定位到行号和字段路径')
    .argument('<files...>', '一个或多个政策文件')
    .action(
      action(async (files: string[]) => {
        const { runPoliciesValidate } = await import('./commands/policies.js');
        return runPoliciesValidate(files);
      }),
    );
  return program;
}

/** Makes policy files (YAML) readable: loads the reader. */
async function usePolicyFiles(): Promise<void> {
  await (await import('./policy/registry.js')).usePolicyFiles();
}

async function main(argv: string[]): Promise<number> {
  debug = argv.includes('--debug');
  let exitCode = EXIT_OK;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      process.stderr.write(`rongcuo：${sanitizeLines(translate(error))}\n`);
      return EXIT_USAGE;
    }
    return fail(error);
  }
  return exitCode;
}

// A reader that goes away (`rongcuo … | head`) ends the run quietly; any other
// failure to write the results (a full disk, say) ends it loudly, exit 2.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`rongcuo：标准输出：写入失败（${systemReason(error)}），结果未能完整写出。\n`);
  process.exit(EXIT_USAGE);
});
// Nowhere left to say anything: only the exit code tells.
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  process.exit(error.code === 'EPIPE' ? (process.exitCode ?? 0) : EXIT_USAGE);
});

// Each of these stops a run as Ctrl-C does (unfinished output removed), exit 128 + its number.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
  process.on(signal, () => {
    stopped(signal);
    process.exit(128 + constants.signals[signal]);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.exitCode = fail(error);
  },
);
