// load → validate for policy files: YAML text in, a checked Policy out, or
// every problem located by file, line and path.
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, type Document, type ErrorCode } from 'yaml';
import type { z } from 'zod';
import { LocatedErrors, UserError, type Located } from '../errors.js';
import { decodeTextFile } from '../io/text.js';
import { factSpec, isTagOf } from '../vocabulary.js';
import { policySchema, type Condition, type Policy } from './schema.js';
import { RULE_GROUP_KEYS } from './sections.js';

/** Policy files are a few tens of KiB; anything far larger is a mistake or an attack. */
const MAX_POLICY_BYTES = 1024 * 1024;
/** Real policies use no aliases at all; a handful is plenty, and it stops alias bombs early. */
const MAX_ALIAS_COUNT = 50;

type Path = ReadonlyArray<PropertyKey>;

function locate(doc: Document.Parsed, counter: LineCounter, path: Path): { line?: number; column?: number } {
  // Walk up until a node with a source range is found (a missing key has none).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      const { line, col } = counter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return {};
}

/** Where `key` stands in the map at `path`: its own line, for an unknown key. */
function keyPosition(doc: Document.Parsed, counter: LineCounter, path: Path, key: string): { line?: number; column?: number } {
  const map = doc.getIn(path as unknown[], true);
  if (isMap(map)) {
    for (const pair of map.items) {
      const node = pair.key as { value?: unknown; range?: [number, number, number] } | null;
      if (node?.range && String(node.value) === key) {
        const { line, col } = counter.linePos(node.range[0]);
        return { line, column: col };
      }
    }
  }
  return locate(doc, counter, path);
}

function dotPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/**
 * What a YAML syntax error means, by its code: the yaml library's own
 * messages quote the text they stumbled on (and, pretty, a frame of the
 * lines around it), and a file given as a policy may be anything at all.
 */
const YAML_ERRORS: Partial<Record<ErrorCode, string>> = {
  ALIAS_PROPS: '别名（*名称）不能带锚点或标签',
  BAD_ALIAS: '锚点或别名的名称无效',
  BAD_COLLECTION_TYPE: '标签与映射或列表的类型不符',
  BAD_DIRECTIVE: '无效的 YAML 指令（以 % 开头的行）',
  BAD_DQ_ESCAPE: '双引号字符串中有无效的转义（\\ 后应为 n、t、"、\\\\、u 等）；原样的反斜杠请改用单引号字符串',
  BAD_INDENT: '缩进不对：同一层的项应从同一列开始，下一层应多缩进',
  BAD_PROP_ORDER: '锚点和标签应写在指示符之后',
  BAD_SCALAR_START: '值不能以 @ 或 ` 开头；请给值加引号',
  BLOCK_AS_IMPLICIT_KEY: '一行里不能嵌套映射（“键: 键: 值”）；请换行缩进，或给含冒号的值加引号',
  BLOCK_IN_FLOW: '方括号或花括号里不能有缩进的块结构',
  DUPLICATE_KEY: '同一映射中有重复的键',
  KEY_OVER_1024_CHARS: '键超过 1024 个字符',
  MISSING_CHAR: '缺少应有的字符（结尾的引号或括号、项之间的逗号、冒号后的空格）',
  MULTILINE_IMPLICIT_KEY: '键应写在一行之内（这一行可能缺少“: ”，或值含冒号而未加引号）',
  MULTIPLE_ANCHORS: '一个节点只能有一个锚点',
  MULTIPLE_DOCS: '一个政策文件只能有一个 YAML 文档（不要用 --- 分隔多个）',
  MULTIPLE_TAGS: '一个节点只能有一个标签',
  NON_STRING_KEY: '键应为字符串',
  RESOURCE_EXHAUSTION: '嵌套过深或结构过于复杂',
  TAB_AS_INDENT: '不能用制表符缩进，请改用空格',
  TAG_RESOLVE_FAILED: '未知的 YAML 标签（以 ! 开头）',
  UNEXPECTED_TOKEN: '此处不应出现这样的内容',
};

/** The keys `policySchema` allows at the top level: a map with none of them is not a policy file. */
const POLICY_KEYS = new Set(policySchema.keyof().options as readonly string[]);

function zodIssueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `应为 ${issue.expected}`;
    case 'unrecognized_keys':
      // Not the keys themselves: the file's text is not quoted; the key's line is given.
      return '未知字段（此处不应有这个键）';
    case 'invalid_value':
      return `应为以下之一：${issue.values.map(String).join(' | ')}`;
    case 'invalid_union':
      return '格式不符：条件应为 all / any / not / {fact, is} / {fact, in} / {list, has} 之一';
    default:
      return issue.message;
  }
}

/** Every fact and tag a condition reads must exist, with values of the right type. */
function checkCondition(
  condition: Condition,
  path: Path,
  policyFacts: ReadonlySet<string>,
  report: (path: Path, message: string) => void,
): void {
  if ('all' in condition) return condition.all.forEach((c, i) => checkCondition(c, [...path, 'all', i], policyFacts, report));
  if ('any' in condition) return condition.any.forEach((c, i) => checkCondition(c, [...path, 'any', i], policyFacts, report));
  if ('not' in condition) return checkCondition(condition.not, [...path, 'not'], policyFacts, report);
  if ('list' in condition) {
    if (!isTagOf(condition.list, condition.has)) report([...path, 'has'], `“${condition.has}”不是 ${condition.list} 的标签（见 docs/case-format.md）`);
    return;
  }
  const fact = condition.fact;
  if (policyFacts.has(fact)) {
    if ('is' in condition && typeof condition.is !== 'boolean') report([...path, 'is'], `政策自有事实 ${fact} 为布尔值，应写 true 或 false`);
    if ('in' in condition) report([...path, 'in'], `政策自有事实 ${fact} 为布尔值，请用 is`);
    return;
  }
  const spec = factSpec(fact);
  if (!spec) {
    report([...path, 'fact'], `未知事实“${fact}”；事实须来自 docs/case-format.md 的词汇表，或在 facts 中声明为 <policy-id>.<名称>`);
    return;
  }
  if (spec.kind === 'tags') {
    report([...path, 'fact'], `${fact} 是标签列表，请写 {list: ${fact}, has: 标签}`);
    return;
  }
  const values = 'is' in condition ? [condition.is] : condition.in;
  for (const [i, value] of values.entries()) {
    const where = 'is' in condition ? [...path, 'is'] : [...path, 'in', i];
    if (spec.kind === 'boolean' && typeof value !== 'boolean') report(where, `${fact} 为布尔值，应为 true 或 false`);
    if (spec.kind === 'enum' && (typeof value !== 'string' || !spec.values.includes(value))) {
      report(where, `${fact} 的取值应为 ${spec.values.join(' | ')}`);
    }
  }
}

/** Cross-checks zod cannot express: known facts and tags, unique ids. */
function crossCheck(policy: Policy, report: (path: Path, message: string) => void): void {
  const policyFacts = new Set(policy.facts.map((f) => f.id));
  for (const [i, f] of policy.facts.entries()) {
    if (!f.id.startsWith(`${policy.id}.`)) report(['facts', i, 'id'], `政策自有事实须以本政策 id 为前缀：${policy.id}.<名称>`);
  }
  const seen = new Map<string, string>();
  const checkId = (id: string, path: Path) => {
    const earlier = seen.get(id);
    if (earlier) report([...path, 'id'], `规则 id “${id}”重复（已用于 ${earlier}）`);
    else seen.set(id, dotPath(path));
  };
  policy.distinctions.forEach((d, i) => checkCondition(d.when, ['distinctions', i, 'when'], policyFacts, report));
  const distinctionIds = new Set<string>();
  policy.distinctions.forEach((d, i) => {
    if (distinctionIds.has(d.distinction)) report(['distinctions', i, 'distinction'], `“${d.distinction}”重复：三个区分开来各列一次`);
    distinctionIds.add(d.distinction);
  });
  const lookIds = new Set<string>();
  policy.looks.items.forEach((look, i) => {
    if (lookIds.has(look.look)) report(['looks', 'items', i, 'look'], `“${look.look}”重复：七看各列一次`);
    lookIds.add(look.look);
    checkCondition(look.favourable, ['looks', 'items', i, 'favourable'], policyFacts, report);
    checkCondition(look.unfavourable, ['looks', 'items', i, 'unfavourable'], policyFacts, report);
  });
  for (const section of RULE_GROUP_KEYS) {
    policy[section].forEach((group, g) =>
      group.items.forEach((item, i) => {
        checkId(item.id, [section, g, 'items', i]);
        checkCondition(item.when, [section, g, 'items', i, 'when'], policyFacts, report);
      }),
    );
  }
  policy.conditions?.items.forEach((item, i) => {
    checkId(item.id, ['conditions', 'items', i]);
    checkCondition(item.when, ['conditions', 'items', i, 'when'], policyFacts, report);
  });
  if (policy.stillAccountable) {
    checkId(policy.stillAccountable.id, ['stillAccountable']);
    checkCondition(policy.stillAccountable.when, ['stillAccountable', 'when'], policyFacts, report);
  }
  const deadlineIds = new Set<string>();
  policy.procedure.deadlines.forEach((d, i) => {
    if (deadlineIds.has(d.id)) report(['procedure', 'deadlines', i, 'id'], `期限 id “${d.id}”重复`);
    deadlineIds.add(d.id);
  });
}

/** Parses and validates policy text. `file` names it in every message. */
export function parsePolicy(text: string, file: string): Policy {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    throw new UserError(`${file}：政策文件超过 ${MAX_POLICY_BYTES / 1024} KiB 上限，拒绝读取。请检查是否选错了文件。`);
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    throw new LocatedErrors(
      `${file}：YAML 语法错误`,
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line,
        column: e.linePos?.[0].col,
        message: YAML_ERRORS[e.code] ?? '无法解析的 YAML 结构',
      })),
    );
  }
  if (!isMap(doc.contents)) {
    throw new LocatedErrors(`${file}：不是政策文件`, [
      { file, line: 1, message: '政策文件的顶层应为映射（id: …、title: … 等键值对），见 policies/ 下的示例' },
    ]);
  }
  let raw: Record<string, unknown>;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  } catch {
    throw new LocatedErrors(`${file}：无法读取`, [
      { file, message: '别名（alias）展开过多或引用了不存在的锚点。政策文件不需要 YAML 别名，请展开书写。' },
    ]);
  }
  if (!Object.keys(raw).some((key) => POLICY_KEYS.has(key))) {
    throw new LocatedErrors(`${file}：不是政策文件`, [
      { file, line: 1, message: '没有政策文件的任何字段（id、title、source、situations 等），见 policies/ 下的示例' },
    ]);
  }
  const problems: Located[] = [];
  const reportAt = (at: { line?: number; column?: number }, path: Path, message: string) => problems.push({ file, ...at, path: dotPath(path), message });
  const report = (path: Path, message: string) => reportAt(locate(doc, counter, path), path, message);
  const parsed = policySchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Each unknown key at its own line (the path names where it is, not the key).
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) reportAt(keyPosition(doc, counter, issue.path, key), issue.path, zodIssueMessage(issue));
      else report(issue.path, zodIssueMessage(issue));
    }
    throw new LocatedErrors(`${file}：政策文件格式有 ${problems.length} 处错误`, problems);
  }
  crossCheck(parsed.data, report);
  if (problems.length > 0) throw new LocatedErrors(`${file}：政策文件有 ${problems.length} 处错误`, problems);
  return parsed.data;
}

export function readPolicyFile(file: string): Policy {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new UserError(`${file}：不是文件。请给出政策 YAML 文件的路径，或内置政策 id（rongcuo policies 列出）。`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${file}：找不到政策文件。请检查路径，或改用内置政策 id（rongcuo policies 列出）。`);
  }
  if (size > MAX_POLICY_BYTES) {
    throw new UserError(`${file}：政策文件超过 ${MAX_POLICY_BYTES / 1024} KiB 上限，拒绝读取。请检查是否选错了文件。`);
  }
  return parsePolicy(decodeTextFile(readFileSync(file), file, '请将政策文件另存为 UTF-8 编码。'), file);
}
