// load → validate for policy files: YAML text in, `{value, warnings, errors}`
// out, every problem located by file, line and path; commands that use a
// policy throw its errors (parsePolicy, readPolicyFile).
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, visit, type Document, type ErrorCode } from 'yaml';
import { LocatedErrors, UserError, type Located } from '../errors.js';
import { decodeTextFile } from '../io/text.js';
import { dotPath, ISSUE_OPTIONS, wordIssues, YAML_WORDS, type Path } from '../validation/issues.js';
import { salvage } from '../validation/schema-walk.js';
import { POLICY_CHECKS, type CheckReport, type PolicyDraft } from './checks.js';
import { policySchema, type Policy } from './schema.js';

/** Policy files are a few tens of KiB; anything far larger is a mistake or an attack. */
const MAX_POLICY_BYTES = 1024 * 1024;
/** Real policies use no aliases at all; a handful is plenty, and it stops alias bombs early. */
const MAX_ALIAS_COUNT = 50;

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

/**
 * What a YAML syntax error means, by its code: the yaml library's own
 * messages quote the text they stumbled on (and, pretty, a frame of the
 * lines around it), and a file given as a policy may be anything at all.
 */
const YAML_ERRORS: Partial<Record<ErrorCode, string>> = {
  ALIAS_PROPS: '别名（*名称）不能带锚点或标签。请删去它前面的 & 或 !，或把别名展开书写。',
  BAD_ALIAS: '锚点或别名应有由字母、数字组成的名称，此处的名称无效。政策文件不需要别名：请展开书写。',
  BAD_COLLECTION_TYPE: '标签应与其后的映射或列表类型相符，此处不符。请删去这个以 ! 开头的标签。',
  BAD_DIRECTIVE: '此处不应有 YAML 指令（以 % 开头的行）。请删去这一行。',
  BAD_DQ_ESCAPE: '双引号字符串中的 \\ 后应为 n、t、"、\\、u 等，此处的转义无效。原样的反斜杠请改用单引号字符串。',
  BAD_INDENT: '缩进不对：同一层的项应从同一列开始，下一层应多缩进。请用空格对齐。',
  BAD_PROP_ORDER: '锚点和标签应写在指示符之后。请调换顺序，或删去锚点和标签。',
  BAD_SCALAR_START: '值不能以 @ 或 ` 开头。请给值加引号。',
  BLOCK_AS_IMPLICIT_KEY: '一行里不能嵌套映射（“键: 键: 值”）。请换行缩进，或给含冒号的值加引号。',
  BLOCK_IN_FLOW: '方括号或花括号里不能有缩进的块结构。请写在一行之内，或改为逐行缩进的写法。',
  DUPLICATE_KEY: '同一映射中的键应各不相同，此处的键前面已出现过。请删去或合并重复的键。',
  KEY_OVER_1024_CHARS: '键应不超过 1024 个字符，此处的键更长。请检查是否缺少冒号或换行。',
  MISSING_CHAR: '缺少应有的字符（结尾的引号或括号、项之间的逗号、冒号后的空格）。请补上。',
  MULTILINE_IMPLICIT_KEY: '键应写在一行之内（这一行可能缺少“: ”，或值含冒号而未加引号）。请补上“: ”，或给值加引号。',
  MULTIPLE_ANCHORS: '一个节点只能有一个锚点。请删去多余的 &名称。',
  MULTIPLE_DOCS: '一个政策文件只能有一个 YAML 文档。请删去分隔多个文档的 ---。',
  MULTIPLE_TAGS: '一个节点只能有一个标签。请删去多余的 !标签。',
  NON_STRING_KEY: '键应为文字，此处是映射或列表。请改为文字键。',
  RESOURCE_EXHAUSTION: '嵌套应在合理的深度之内，此处嵌套过深或结构过于复杂。请检查是否选错了文件。',
  TAB_AS_INDENT: '不能用制表符缩进。请改用空格。',
  TAG_RESOLVE_FAILED: '未知的 YAML 标签（以 ! 开头）。政策文件不需要标签：请删去。',
  UNEXPECTED_TOKEN: '此处不应出现这样的内容。请检查这一行的引号、括号、冒号和缩进。',
};

/** The keys `policySchema` allows at the top level: a map with none of them is not a policy file. */
const POLICY_KEYS = new Set(policySchema.keyof().options as readonly string[]);

/** What validating a policy file gives: the policy (none when there are errors), and every problem, located. */
interface PolicyValidation {
  value: Policy | undefined;
  warnings: Located[];
  errors: Located[];
}

const failed = (errors: Located[]): PolicyValidation => ({ value: undefined, warnings: [], errors });

/** The line and column of the first alias in the document (where expanding aliases went wrong). */
function firstAlias(doc: Document.Parsed, counter: LineCounter): { line?: number; column?: number } {
  let at: { line?: number; column?: number } = {};
  visit(doc, {
    Alias(_, node) {
      if (node.range) {
        const { line, col } = counter.linePos(node.range[0]);
        at = { line, column: col };
      }
      return visit.BREAK;
    },
  });
  return at;
}

/** Top of the file first, then down, so that the list reads with the file. */
function inFileOrder(problems: Located[]): Located[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i).map(({ p }) => p);
}

/**
 * Validates policy text: the schema and every check of `POLICY_CHECKS` in one
 * run, the checks on whatever parts of the document are well-formed. `file`
 * names the text in every problem.
 */
export function validatePolicy(text: string, file: string): PolicyValidation {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    return failed([{ file, message: `政策文件应在 ${MAX_POLICY_BYTES / 1024} KiB 上限之内；收到更大的文件，未读取。请检查是否选错了文件。` }]);
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    return failed(
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line,
        column: e.linePos?.[0].col,
        message: `YAML 语法错误：${YAML_ERRORS[e.code] ?? '无法解析的 YAML 结构。请检查这一行的引号、括号、冒号和缩进。'}`,
      })),
    );
  }
  if (!isMap(doc.contents)) {
    return failed([{ file, line: 1, message: `政策文件的顶层应为映射（id: …、title: … 等键值对）；收到${doc.contents === null ? '空文件（或只有注释）' : isSeq(doc.contents) ? '列表' : '一段文字'}。请照 policies/ 下的示例书写。` }]);
  }
  let raw: Record<string, unknown>;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Record<string, unknown>;
  } catch {
    return failed([
      { file, ...firstAlias(doc, counter), message: 'YAML 别名（*名称）应引用已有的锚点，且只能少量使用；收到展开过多或找不到锚点的别名。政策文件不需要别名：请展开书写。' },
    ]);
  }
  if (!Object.keys(raw).some((key) => POLICY_KEYS.has(key))) {
    return failed([{ file, line: 1, message: '应为政策文件的字段（id、title、source、situations 等）；收到的映射中一个也没有。请照 policies/ 下的示例书写。' }]);
  }
  const errors: Located[] = [];
  const warnings: Located[] = [];
  const at = (path: Path) => ({ file, ...locate(doc, counter, path), path: dotPath(path) });
  const parsed = policySchema.safeParse(raw, ISSUE_OPTIONS);
  if (!parsed.success) {
    for (const problem of wordIssues(parsed.error.issues, policySchema, YAML_WORDS)) {
      // An unknown key at its own line; the path names the map it is in, not the key (nothing of the file is quoted).
      const where = problem.key === undefined ? at(problem.path) : { ...at(problem.path), ...keyPosition(doc, counter, problem.path, problem.key) };
      errors.push({ ...where, message: problem.message });
    }
  }
  const draft: PolicyDraft = parsed.success ? parsed.data : (salvage(policySchema, raw) ?? {});
  const report: CheckReport = {
    error: (path, message) => errors.push({ ...at(path), message }),
    warning: (path, message) => warnings.push({ ...at(path), message }),
  };
  for (const check of POLICY_CHECKS) check.check(draft, report);
  if (errors.length > 0) return { value: undefined, warnings: inFileOrder(warnings), errors: inFileOrder(errors) };
  return { value: parsed.data, warnings: inFileOrder(warnings), errors: [] };
}

/** The error a command stops with when a policy it is to use has errors: every one of them, located. */
function policyError(file: string, errors: Located[]): LocatedErrors {
  return new LocatedErrors(`${file}：政策文件有 ${errors.length} 处错误，请修正后重试`, errors);
}

/** Parses and validates policy text, for a command that uses the policy: throws every error at once. */
export function parsePolicy(text: string, file: string): Policy {
  const { value, errors } = validatePolicy(text, file);
  if (!value) throw policyError(file, errors);
  return value;
}

/**
 * Reads and validates a policy file. A file that cannot be read as text at
 * all (missing, not a file, too large, not UTF-8) is a UserError; everything
 * about its content is in the result.
 */
export function validatePolicyFile(file: string): PolicyValidation {
  return validatePolicy(readPolicyText(file), file);
}

/** Reads and validates a policy file, for a command that uses the policy: throws every error at once. */
export function readPolicyFile(file: string): Policy {
  return parsePolicy(readPolicyText(file), file);
}

function readPolicyText(file: string): string {
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
  return decodeTextFile(readFileSync(file), file, '请将政策文件另存为 UTF-8 编码。');
}
