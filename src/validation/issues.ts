// The wording of validation problems, in Chinese, shared by case and policy
// validation: each zod issue code, and the received value, said as what was
// expected, what was received and how to fix it. The location (file, line,
// path) is the caller's to put in front. No zod at run time.
import type { z } from 'zod';
import { acceptsNull, branchesOf, closestBranch, fieldsOf, schemaAt } from './schema-walk.js';

export type Path = ReadonlyArray<PropertyKey>;
type Schema = z.core.$ZodType;
type Issue = z.core.$ZodIssue & { input?: unknown };

/**
 * Options for `safeParse` that the wording needs: each issue with the value
 * it refused, and an empty message where the schema sets none of its own
 * (so that zod's English default never stands in for a schema's words).
 */
export const ISSUE_OPTIONS = { reportInput: true, error: () => '' } as const;

/** How a file format names its parts: a policy is YAML (映射, 列表), a case JSON (对象, 数组). */
interface Words {
  object: string;
  array: string;
  /** How to write a value of each kind, as a fix. */
  writeString: string;
  writeObject: string;
  writeArray: string;
}

export const YAML_WORDS: Words = {
  object: '映射',
  array: '列表',
  writeString: '请写成文字；含冒号、# 等符号或像数字、true 的文字请加引号',
  writeObject: '请写成“键: 值”的映射，下一层缩进书写',
  writeArray: '请写成列表：每项一行，以“- ”开头，或写作 [甲, 乙]',
};

export const JSON_WORDS: Words = {
  object: '对象',
  array: '数组',
  writeString: '请写成带双引号的字符串',
  writeObject: '请写成 {"键": 值} 形式的对象',
  writeArray: '请写成数组，如 ["甲", "乙"]',
};

/** A string is quoted only when it is short and on one line: the user's own value, never a passage of a file. */
const MAX_QUOTED = 24;

/** What was received, in a few words: its type, and a short value of the user's own. */
export function describeReceived(value: unknown, words: Words = JSON_WORDS): string {
  if (value === undefined) return '空缺';
  if (value === null) return '空值 null';
  if (typeof value === 'boolean') return `布尔值 ${value}`;
  if (typeof value === 'number') return `数字 ${value}`;
  if (typeof value === 'string') {
    if (value === '') return '空字符串';
    // eslint-disable-next-line no-control-regex
    if (value.length > MAX_QUOTED || /[\u0000-\u001f\u007f\u2028\u2029]/.test(value)) return `字符串（${value.length} 个字符）`;
    return `字符串 "${value}"`;
  }
  if (Array.isArray(value)) return value.length === 0 ? `空${words.array}` : `${words.array}（${value.length} 项）`;
  if (typeof value === 'object') return Object.keys(value).length === 0 ? `空${words.object}` : words.object;
  return typeof value;
}

/** `situations[0].items[1].ref`: the dot-path every message is located by. */
export function dotPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** “应为” and an expectation, with a space before Latin text (应为 ISO 日期…). */
const expecting = (what: string) => `应为${/^[\x21-\x7e]/.test(what) ? ' ' : ''}${what}`;

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The candidate a misspelt name most likely meant: same letters but case, else an edit or two away (one for a short name). */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === lower);
  if (same !== undefined || name.length < 3) return same;
  let best: string | undefined;
  let bestDistance = name.length < 5 ? 2 : 3;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

const TYPE_NAMES: Record<string, (w: Words) => string> = {
  string: () => '字符串',
  number: () => '数字',
  int: () => '整数',
  boolean: () => '布尔值 true 或 false',
  object: (w) => w.object,
  array: (w) => w.array,
  null: () => '空值 null',
};

const TYPE_FIXES: Record<string, (w: Words) => string> = {
  string: (w) => w.writeString,
  number: () => '请写成数字，不加引号',
  int: () => '请写成整数，不加引号',
  boolean: () => '请写 true 或 false，不加引号',
  object: (w) => w.writeObject,
  array: (w) => w.writeArray,
};

const typeName = (expected: string, words: Words) => TYPE_NAMES[expected]?.(words) ?? '另一类型的值';
const typeFix = (expected: string, words: Words) => TYPE_FIXES[expected]?.(words) ?? '请对照格式说明改正';

/** One problem, worded: where it is (relative to the validated value) and what to say. */
interface Problem {
  path: PropertyKey[];
  message: string;
  /**
   * For an unknown field: its name, for the caller to place (a case names it
   * in the path; a policy message gives its line instead, quoting nothing of
   * a file that may not be a policy at all).
   */
  key?: string;
}

/**
 * Every issue of a failed `safeParse(value, ISSUE_OPTIONS)` against `schema`,
 * worded; a union's issues become those of the branch the value follows.
 * Where a value has the wrong type, that is all that is said of it (zod may
 * go on to check, say, the length of a string where a list belongs).
 */
export function wordIssues(issues: readonly Issue[], schema: Schema, words: Words): Problem[] {
  const wrongType = new Set(issues.filter((i) => i.code === 'invalid_type').map((i) => dotPath(i.path)));
  return issues.filter((i) => i.code === 'invalid_type' || !wrongType.has(dotPath(i.path))).flatMap((issue) => wordIssue(issue, schema, [], words));
}

/** A field left out: zod reports it as a wrong type, a value not allowed or no branch of a union, with nothing received. */
const isMissing = (issue: Issue) => 'input' in issue && issue.input === undefined && ['invalid_type', 'invalid_value', 'invalid_union'].includes(issue.code);

const missingMessage = (expected: string) => `缺少这一项：${expecting(expected)}。请补上。`;

function wordIssue(issue: Issue, root: Schema | undefined, base: PropertyKey[], words: Words): Problem[] {
  const path = [...base, ...issue.path];
  const at = schemaAt(root, issue.path);
  const own = issue.message; // the schema's own words for what it expects, or ''
  const received = describeReceived(issue.input, words);
  const one = (message: string): Problem[] => [{ path, message }];
  switch (issue.code) {
    case 'invalid_type': {
      const name = own || `${typeName(issue.expected, words)}${acceptsNull(at) ? '，或 null（原文没有时）' : ''}`;
      if (isMissing(issue)) return one(missingMessage(name));
      return one(`${expecting(name)}；收到${received}。${typeFix(issue.expected, words)}。`);
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      const expected = own || (values.length === 1 ? `“${values[0]}”` : `以下之一：${values.join(' | ')}`);
      if (isMissing(issue)) return one(missingMessage(expected));
      const hint = typeof issue.input === 'string' ? closest(issue.input, values) : undefined;
      const fix = hint ? `是否应为 ${hint}？` : values.length === 1 ? `请改为 ${values[0]}。` : '请改为其中之一。';
      return one(`${expecting(expected)}；收到${received}。${fix}`);
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
      const { exact, inclusive, origin } = issue as { exact?: boolean; inclusive?: boolean; origin: string };
      if (origin === 'array') {
        const count = exact ? `正好有 ${limit} 项` : small ? `至少有 ${limit} 项` : `至多有 ${limit} 项`;
        const fix = small ? (exact ? `请补齐为 ${limit} 项，每项各列一次。` : `请至少写 ${limit} 项。`) : '请删去多余或重复的项。';
        return one(`${expecting(own || `${words.array}，${count}`)}；收到${received}。${fix}`);
      }
      if (origin === 'string') {
        const length = small ? `至少 ${limit} 个字符` : `至多 ${limit} 个字符`;
        return one(`${expecting(own || `${length}的字符串`)}；收到${received}。${small ? '请填写内容。' : '请删减。'}`);
      }
      const bound = small ? (inclusive ? '不小于' : '大于') : inclusive ? '不大于' : '小于';
      return one(`${expecting(own || `${bound} ${limit} 的数`)}；收到${received}。请改为${bound} ${limit} 的数。`);
    }
    case 'unrecognized_keys': {
      // In a union (a condition), the fields of the branch the map follows.
      const fields = fieldsOf(closestBranch(at, issue.input) ?? at);
      return issue.keys.map((key) => {
        const hint = fields ? closest(key, fields) : undefined;
        const fix = hint ? `是否应为 ${hint}？` : `${fields ? `此处可用的字段：${fields.join('、')}。` : ''}请删去，或改正拼写。`;
        return { path, key, message: `未知字段：格式中没有这个键。${fix}` };
      });
    }
    case 'invalid_format':
      return one(`${expecting(own || '规定格式的字符串')}；收到${received}。请按此格式改写。`);
    case 'custom':
      return one(`${expecting(own || '符合要求的值')}；收到${received}。请按此改正。`);
    case 'invalid_union':
      return wordUnion(issue, at, path, own, received, words);
    default:
      return one(`${expecting(own || '符合格式的值')}；收到${received}。请对照格式说明改正。`);
  }
}

/**
 * A value no branch of a union accepts. When the value has the shape of
 * exactly one branch (its issues all lie inside the value), that branch's
 * issues are the ones to fix; otherwise the union as a whole is expected.
 */
function wordUnion(issue: z.core.$ZodIssueInvalidUnion, at: Schema | undefined, path: PropertyKey[], own: string, received: string, words: Words): Problem[] {
  const branches = issue.errors as Issue[][];
  const followed = branches.flatMap((branch, i) => (branch.length > 0 && branch.every((b) => b.path.length > 0) ? [i] : []));
  const schemas = branchesOf(at);
  if (followed.length === 1) {
    const i = followed[0]!;
    return branches[i]!.flatMap((b) => wordIssue(b, schemas[i], path, words));
  }
  const rootTypes = branches.map((branch) => branch.find((b) => b.path.length === 0 && b.code === 'invalid_type') as z.core.$ZodIssueInvalidType | undefined);
  const expected = own || [...new Set(rootTypes.map((t) => (t ? typeName(t.expected, words) : '另一种写法')))].join('，或');
  if (isMissing(issue)) return [{ path, message: missingMessage(expected) }];
  // The value has the shape of several branches, each missing a field of its own: name them.
  const missing = followed.map((i) => branches[i]!.filter((b) => isMissing(b) && b.path.length === 1));
  if (followed.length > 1 && missing.every((m, k) => m.length > 0 && m.length === branches[followed[k]!]!.length)) {
    const fields = [...new Set(missing.flat().map((m) => String(m.path[0])))];
    return [{ path, message: `缺少 ${fields.join(' 或 ')}：${expecting(expected)}。请补上其中一项。` }];
  }
  return [{ path, message: `${expecting(expected)}；收到${received}。请按其中一种写法改写。` }];
}
