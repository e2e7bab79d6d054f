// `rongcuo policies`: list, show and validate policy files, and list their readings.
import { EXIT_OK, EXIT_USAGE, UserError, formatLocated } from '../errors.js';
import { openSink } from '../io/output.js';
import { validatePolicyFile } from '../policy/load.js';
import { policyMetadata } from '../policy/metadata.js';
import { listBundledPolicies, resolvePolicy } from '../policy/registry.js';
import { renderMarkdown, renderText } from '../render/blocks.js';
import { renderPolicy } from '../render/policy.js';
import { readingsBlocks, readingsOf } from '../render/readings.js';
import { sanitizeLines } from '../render/safe-text.js';
import { makeChalk } from '../render/style.js';
import { formatTable } from '../render/style.js';

interface ListOptions {
  format?: string;
}

export function runPoliciesList(opts: ListOptions): number {
  const policies = listBundledPolicies();
  const format = opts.format ?? 'table';
  const sink = openSink(undefined, false);
  if (format === 'json') {
    const list = policies.map(policyMetadata);
    sink.write(`${JSON.stringify(list, null, 2)}\n`);
  } else if (format === 'table') {
    const c = makeChalk(sink.isTerminal);
    const rows = policies.map((p) => [
      [p.id, c.cyan(p.id)] as [string, string],
      [p.shortName, p.shortName] as [string, string],
      [p.title, p.title] as [string, string],
      [p.date ?? '日期不详', p.date ?? c.dim('日期不详')] as [string, string],
      [p.documentNumber ?? '—', p.documentNumber ?? '—'] as [string, string],
    ]);
    sink.write(`${formatTable(['id', '简称', '名称', '日期', '文号'], rows, c)}\n`);
    sink.write(c.dim('用 rongcuo policies show <id> 查看全文条款与规则。\n'));
  } else {
    throw new UserError(`--format ${format}：不支持。可用：table | json。`);
  }
  sink.commit();
  return EXIT_OK;
}

export function runPoliciesShow(ref: string): number {
  const compiled = resolvePolicy(ref);
  const sink = openSink(undefined, false);
  sink.write(renderPolicy(compiled, makeChalk(sink.isTerminal)));
  sink.commit();
  return EXIT_OK;
}

/** Checks each file; reports every problem and warning located, and exits 2 if any file has errors. */
export function runPoliciesValidate(files: string[]): number {
  let failed = 0;
  const c = makeChalk(Boolean(process.stdout.isTTY));
  for (const file of files) {
    let validation;
    try {
      validation = validatePolicyFile(file);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failed++;
      process.stderr.write(`${c.red('✗')} ${error.message}\n`);
      continue;
    }
    const { value: policy, warnings, errors } = validation;
    const noted = warnings.length > 0 ? `；${warnings.length} 处提醒` : '';
    if (policy) {
      const rules = [...policy.exclusions, ...policy.diligence, ...policy.situations, ...policy.mitigation].reduce(
        (n, g) => n + g.items.length,
        policy.conditions?.items.length ?? 0,
      );
      process.stdout.write(`${c.green('✓')} ${sanitizeLines(`${file}：${policy.id}（${policy.title}），${rules} 条规则${noted}`)}\n`);
    } else {
      failed++;
      process.stderr.write(`${c.red('✗')} ${sanitizeLines(`${file}：政策文件有 ${errors.length} 处错误${noted}`)}\n`);
      for (const e of errors) process.stderr.write(`    ${sanitizeLines(formatLocated(e))}\n`);
    }
    for (const w of warnings) process.stderr.write(`    ${c.yellow('⚠')} ${formatLocated(w)}\n`);
  }
  if (files.length > 1) {
    const line = `${files.length - failed} 个通过，${failed} 个失败`;
    (failed ? process.stderr : process.stdout).write(`${line}\n`);
  }
  return failed > 0 ? EXIT_USAGE : EXIT_OK;
}

interface ReadingsOptions {
  format?: string;
}

/** `policies readings [ID]`: every reading of every bundled policy (or one), for a legal reviewer. */
export function runPoliciesReadings(ref: string | undefined, opts: ReadingsOptions): number {
  const format = opts.format ?? 'text';
  if (!['text', 'md', 'json'].includes(format)) throw new UserError(`--format ${format}：不支持。可用：text | md | json。`);
  const policies = ref === undefined ? listBundledPolicies() : [resolvePolicy(ref).policy];
  const list = policies.map(readingsOf);
  const sink = openSink(undefined, false);
  if (format === 'json') sink.write(`${JSON.stringify({ policies: list }, null, 2)}\n`);
  else if (format === 'md') sink.write(renderMarkdown(readingsBlocks(list)));
  else sink.write(renderText(readingsBlocks(list), makeChalk(sink.isTerminal)));
  sink.commit();
  return EXIT_OK;
}
