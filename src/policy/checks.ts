// What a policy file must satisfy beyond its schema, as a list of small
// named checks (known facts and tags, unique ids, each look once, …). They
// read the well-formed parts of the document, so they run even where the
// schema found errors elsewhere, and one run reports every problem.
import { closest, describeReceived, dotPath, YAML_WORDS, type Path } from '../validation/issues.js';
import type { Draft } from '../validation/schema-walk.js';
import { FACT_NAMES, TAG_LISTS, factSpec, isFactName, isTagListName, isTagOf, type FactSpec, type KindOf } from '../vocabulary.js';
import { DISTINCTION_IDS, LOOK_IDS, type Condition, type Policy } from './schema.js';
import { RULE_GROUP_KEYS } from './sections.js';

/** A policy as far as it is well-formed: any part may be missing (see `salvage`). */
export type PolicyDraft = Draft<Policy>;

export interface CheckReport {
  /** A problem that makes the file unusable. */
  error(path: Path, message: string): void;
  /** Something probably not meant, which does not stop the file being used. */
  warning(path: Path, message: string): void;
}

interface PolicyCheck {
  name: string;
  check(policy: PolicyDraft, report: CheckReport): void;
}

const received = (value: unknown) => describeReceived(value, YAML_WORDS);

/** The entries of a list that are there (a malformed item is left out of a draft, its index kept). */
function present<T>(list: ReadonlyArray<T | undefined> | undefined): Array<[number, T]> {
  return (list ?? []).flatMap((item, i) => (item === undefined ? [] : [[i, item] as [number, T]]));
}

type DraftRule = { id?: string; when?: Draft<Condition> };

/** Every rule item with its path: the four lists of rule groups, the 容错条件, `stillAccountable` and the body options. */
function ruleItems(policy: PolicyDraft): Array<{ path: PropertyKey[]; item: DraftRule }> {
  const items: Array<{ path: PropertyKey[]; item: DraftRule }> = [];
  for (const section of RULE_GROUP_KEYS) {
    for (const [g, group] of present(policy[section])) {
      for (const [i, item] of present(group.items)) items.push({ path: [section, g, 'items', i], item });
    }
  }
  for (const [i, item] of present(policy.conditions?.items)) items.push({ path: ['conditions', 'items', i], item });
  if (policy.stillAccountable) items.push({ path: ['stillAccountable'], item: policy.stillAccountable });
  for (const [i, item] of present(policy.bodyOptions)) items.push({ path: ['bodyOptions', i], item });
  return items;
}

/** Every condition of the policy with its path: distinctions, looks and rule items. */
function conditions(policy: PolicyDraft): Array<{ path: PropertyKey[]; condition: Draft<Condition> }> {
  const found: Array<{ path: PropertyKey[]; condition: Draft<Condition> }> = [];
  const add = (path: PropertyKey[], condition: Draft<Condition> | undefined) => condition !== undefined && found.push({ path, condition });
  for (const [i, d] of present(policy.distinctions)) add(['distinctions', i, 'when'], d.when);
  for (const [i, look] of present(policy.looks?.items)) {
    add(['looks', 'items', i, 'favourable'], look.favourable);
    add(['looks', 'items', i, 'unfavourable'], look.unfavourable);
  }
  for (const { path, item } of ruleItems(policy)) add([...path, 'when'], item.when);
  return found;
}

type Leaf = { fact?: string; is?: boolean | string; in?: ReadonlyArray<string | undefined>; list?: string; has?: string };

/** The comparisons a condition is made of, through all / any / not. */
function leaves(condition: Draft<Condition>, path: PropertyKey[]): Array<{ path: PropertyKey[]; leaf: Leaf }> {
  if ('all' in condition || 'any' in condition) {
    const key = 'all' in condition ? 'all' : 'any';
    const parts = (condition as { [k: string]: ReadonlyArray<Draft<Condition> | undefined> | undefined })[key];
    return present(parts).flatMap(([i, part]) => leaves(part, [...path, key, i]));
  }
  if ('not' in condition) return condition.not === undefined ? [] : leaves(condition.not, [...path, 'not']);
  return [{ path, leaf: condition as Leaf }];
}

const ownFactIds = (policy: PolicyDraft) => new Set(present(policy.facts).flatMap(([, f]) => (f.id === undefined ? [] : [f.id])));

/** A short name the user wrote, quoted; anything longer, described. */
const named = (value: string) => (received(value).startsWith('字符串 ') ? `“${value}”` : `（${received(value)}）`);

const OWN_FACT: KindOf<FactSpec> = { kind: 'boolean' };

const orSuggest = (hint: string | undefined, otherwise: string) => (hint ? `是否应为 ${hint}？` : otherwise);

function checkLeaf(leaf: Leaf, path: PropertyKey[], own: ReadonlySet<string>, report: CheckReport): void {
  if (leaf.list !== undefined) {
    if (leaf.has === undefined || !isTagListName(leaf.list) || isTagOf(leaf.list, leaf.has)) return;
    const tags = Object.keys(TAG_LISTS[leaf.list]);
    report.error(
      [...path, 'has'],
      `未知标签${named(leaf.has)}：应为 ${leaf.list} 清单的标签（见 docs/case-format.md）。${orSuggest(closest(leaf.has, tags), `可用标签：${tags.join('、')}。`)}`,
    );
    return;
  }
  const fact = leaf.fact;
  if (fact === undefined) return;
  if (!own.has(fact) && !isFactName(fact)) {
    report.error(
      [...path, 'fact'],
      `未知事实${named(fact)}：应为 docs/case-format.md 词汇表中的事实，或在 facts 中声明的本政策事实（<policy-id>.<名称>）。${orSuggest(closest(fact, FACT_NAMES), '请改正拼写，或在 facts 中声明。')}`,
    );
    return;
  }
  // A policy's own facts are yes/no questions.
  const spec: KindOf<FactSpec> = factSpec(fact) ?? OWN_FACT;
  const name = isFactName(fact) ? fact : `政策自有事实 ${fact}`;
  if (spec.kind === 'tags') {
    report.error([...path, 'fact'], `${fact} 是标签清单，不能用 fact 读取：应为 {list: ${fact}, has: 标签}。请照此改写。`);
    return;
  }
  if (spec.kind === 'boolean') {
    if (leaf.is !== undefined && typeof leaf.is !== 'boolean') {
      report.error([...path, 'is'], `${name} 是布尔值事实：应为 true 或 false；收到${received(leaf.is)}。请改为 true 或 false，不加引号。`);
    }
    if (leaf.in !== undefined) report.error([...path, 'in'], `${name} 是布尔值事实，不能用 in：应为 is: true 或 is: false。请改用 is。`);
    return;
  }
  const values = spec.values;
  const check = (value: unknown, where: PropertyKey[]) => {
    if (typeof value === 'string' && values.includes(value)) return;
    const hint = typeof value === 'string' ? closest(value, values) : undefined;
    report.error(where, `${fact} 的取值应为以下之一：${values.join(' | ')}；收到${received(value)}。${orSuggest(hint, '请改为其中之一。')}`);
  };
  if (leaf.is !== undefined) check(leaf.is, [...path, 'is']);
  for (const [i, value] of present(leaf.in)) check(value, [...path, 'in', i]);
}

/** Each of a fixed set of ids once: a repeat is named with where it first stood, and the ids left out. */
function eachOnce(report: CheckReport, what: string, all: readonly string[], entries: Array<[number, string | undefined]>, path: (i: number) => PropertyKey[]): void {
  const seen = new Map<string, PropertyKey[]>();
  for (const [i, id] of entries) {
    if (id === undefined) continue;
    const earlier = seen.get(id);
    if (!earlier) {
      seen.set(id, path(i));
      continue;
    }
    const left = all.filter((x) => !entries.some(([, e]) => e === x));
    const fix = left.length > 0 ? `请改为尚缺的 ${left.join('、')}${left.length > 1 ? ' 之一' : ''}，或删去这一项。` : '请删去这一项。';
    report.error(path(i), `${what}应各列一次；收到重复的“${id}”（已在 ${dotPath(earlier)} 列出）。${fix}`);
  }
}

/** Ids unique among `entries`: each repeat named with the place of its first use. */
function uniqueIds(report: CheckReport, what: string, entries: Array<{ path: PropertyKey[]; id: string | undefined }>): void {
  const seen = new Map<string, PropertyKey[]>();
  for (const { path, id } of entries) {
    if (id === undefined) continue;
    const earlier = seen.get(id);
    if (earlier) report.error([...path, 'id'], `${what} id 应在文件中唯一；收到重复的“${id}”（已用于 ${dotPath(earlier)}）。请改用另一个，例如 ${id}-2。`);
    else seen.set(id, path);
  }
}

export const POLICY_CHECKS: readonly PolicyCheck[] = [
  {
    name: 'own-fact-prefix',
    check(policy, report) {
      if (policy.id === undefined) return;
      for (const [i, f] of present(policy.facts)) {
        if (f.id !== undefined && !f.id.startsWith(`${policy.id}.`)) {
          report.error(['facts', i, 'id'], `政策自有事实的 id 应以本政策的 id 开头，写作 ${policy.id}.<名称>；收到${received(f.id)}。请改为 ${policy.id}. 开头。`);
        }
      }
    },
  },
  {
    name: 'known-facts',
    check(policy, report) {
      const own = ownFactIds(policy);
      for (const { path, condition } of conditions(policy)) {
        for (const { path: at, leaf } of leaves(condition, path)) checkLeaf(leaf, at, own, report);
      }
    },
  },
  {
    name: 'unique-rule-ids',
    check(policy, report) {
      uniqueIds(report, '规则', ruleItems(policy).map(({ path, item }) => ({ path, id: item.id })));
    },
  },
  {
    name: 'unique-deadline-ids',
    check(policy, report) {
      uniqueIds(report, '期限', present(policy.procedure?.deadlines).map(([i, d]) => ({ path: ['procedure', 'deadlines', i], id: d.id })));
    },
  },
  {
    name: 'each-distinction-once',
    check(policy, report) {
      const entries = present(policy.distinctions).map(([i, d]) => [i, d.distinction] as [number, string | undefined]);
      eachOnce(report, '三个区分开来', DISTINCTION_IDS, entries, (i) => ['distinctions', i, 'distinction']);
    },
  },
  {
    name: 'each-look-once',
    check(policy, report) {
      const entries = present(policy.looks?.items).map(([i, look]) => [i, look.look] as [number, string | undefined]);
      eachOnce(report, '七看', LOOK_IDS, entries, (i) => ['looks', 'items', i, 'look']);
    },
  },
  {
    name: 'own-facts-read',
    check(policy, report) {
      const read = new Set(conditions(policy).flatMap(({ path, condition }) => leaves(condition, path).map(({ leaf }) => leaf.fact)));
      for (const [i, f] of present(policy.facts)) {
        if (f.id !== undefined && !read.has(f.id)) {
          report.warning(['facts', i, 'id'], `政策自有事实 ${f.id} 已声明，但没有任何条件读取它，声明不起作用。应在条件中使用它，或删去这项声明。`);
        }
      }
    },
  },
];
