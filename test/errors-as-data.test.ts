// Errors as data: policy validation returns {value, warnings, errors}, its
// checks beyond the schema are named rules that run alongside the schema
// (one run reports every problem), and every message, for policies and
// cases alike, is Chinese, starts with its location and says what was
// expected, what was received and how to fix it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { validateCaseWithZod } from '../src/case/schema.js';
import { caseSchema } from '../src/case/schema.js';
import { formatLocated, LocatedErrors, type Located } from '../src/errors.js';
import { POLICY_CHECKS } from '../src/policy/checks.js';
import { parsePolicy, validatePolicy } from '../src/policy/load.js';
import { policySchema } from '../src/policy/schema.js';
import { ISSUE_OPTIONS, JSON_WORDS, wordIssues, YAML_WORDS } from '../src/validation/issues.js';
import { rongcuo, tempDir } from './helpers/cli.js';
import { POLICY_IDS } from './helpers/policies.js';

const fuzhou = readFileSync('policies/fuzhou-2019.yaml', 'utf8');
const SPAWNS = 120_000;

/** fuzhou-2019 with each `[from, to]` replaced once; each must be there. */
function edited(...edits: Array<[string, string]>): string {
  let text = fuzhou;
  for (const [from, to] of edits) {
    expect(text, `fuzhou-2019.yaml contains ${from}`).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

/** A wrong type in one field, and an unknown fact in a condition far below it. */
const TWO_KINDS = edited(['shortName: 抚州', 'shortName: 123'], ['{ fact: repeatedError, is: true }', '{ fact: repeatedErrors, is: true }']);

/** What a command that uses the policy throws: every problem, located (works on any version of the reader). */
function thrown(text: string, file = 'p.yaml'): Located[] {
  try {
    parsePolicy(text, file);
  } catch (error) {
    if (error instanceof LocatedErrors) return error.problems;
    throw error;
  }
  return [];
}

/** Words of zod's English messages (“Invalid input: expected string, received number”). */
const ZOD_ENGLISH = /\b(invalid|expected|received|string|number)\b/i;

/**
 * The message with its list of allowed field names taken out: field names
 * are the format's own words (a case has a field `expected`). The list is
 * checked to hold field names only, so that taking it out hides no prose.
 */
function prose(message: string, fields: ReadonlySet<string>): string {
  return message.replace(/此处可用的字段：([^。]*)。/g, (_, list: string) => {
    for (const name of list.split('、')) expect(fields.has(name), `${name} is a field name`).toBe(true);
    return '';
  });
}

/** Every key of every object in a zod schema, however nested. */
function fieldNames(schema: z.ZodType, names = new Set<string>(), seen = new Set<z.ZodType>()): Set<string> {
  if (seen.has(schema)) return names;
  seen.add(schema);
  if (schema instanceof z.ZodObject) {
    for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      names.add(key);
      fieldNames(value, names, seen);
    }
  } else if (schema instanceof z.ZodArray) fieldNames(schema.element as z.ZodType, names, seen);
  else if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodLazy) {
    fieldNames(schema.unwrap() as z.ZodType, names, seen);
  } else if (schema instanceof z.ZodUnion) for (const option of schema.options) fieldNames(option as z.ZodType, names, seen);
  else if (schema instanceof z.ZodRecord) fieldNames(schema.valueType as z.ZodType, names, seen);
  return names;
}

const POLICY_FIELDS = fieldNames(policySchema);
const CASE_FIELDS = fieldNames(caseSchema);

/** A message says what was expected (what should be, or cannot be; or that something is missing or unknown), and ends with how to fix it. */
function expectWorded(message: string, fields: ReadonlySet<string>): void {
  expect(prose(message, fields), message).not.toMatch(ZOD_ENGLISH);
  expect(message, message).toMatch(/[\u4e00-\u9fff]/);
  expect(message, message).toMatch(/应|不能|缺少|未知/);
  expect(message, message).toMatch(/[。？]$/);
}

/** Broken policy files: syntax, shape, every zod issue code, and every cross-check. */
const BROKEN_POLICIES: Record<string, string> = {
  'yaml syntax': 'id: x\ntitle: [a, b\n',
  'not a mapping': '- a\n- b\n',
  'no policy field': 'name: x\nvalue: 1\n',
  'alias bomb': ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n'),
  'wrong type': edited(['shortName: 抚州', 'shortName: 123']),
  'missing field': edited(['shortName: 抚州\n', '']),
  'list for a string': edited(['status: 试行', 'status: [试行]']),
  'quoted boolean': edited(['  mappedFromFactors: false', '  mappedFromFactors: "no"']),
  'enum value': edited(['modality: 可以\n', 'modality: maybe\n']),
  'date format': edited(['date: 2019-01-22', 'date: 2019年1月22日']),
  'article reference': edited(['ref: 第五条第(一)项', 'ref: 第五条第（一）项']),
  'rule id format': edited(['id: art5-1', 'id: Art5-1']),
  'empty text': edited(['text: 在落实市委、市政府决策部署中,出现一定工作失误或偏差的,但没有为自己、他人及单位谋取不正当利益,且积极主动消除负面影响或挽回损失的;', 'text: ""']),
  'unknown field': edited(['title: 抚州市容错免责办法(试行)', 'title: 抚州市容错免责办法(试行)\ntitel: x']),
  'unknown field in a condition': edited(['{ fact: improperBenefit, is: false }', '{ fact: improperBenefit, is: false, extra: 1 }']),
  'condition as code': edited(['{ fact: improperBenefit, is: false }', '"facts.improperBenefit === false"']),
  'condition without a value': edited(['{ fact: improperBenefit, is: false }', '{ fact: improperBenefit }']),
  'number for a value': edited(['{ fact: improperBenefit, is: false }', '{ fact: improperBenefit, is: 1 }']),
  'empty all': edited(['{ fact: improperBenefit, is: false }', '{ all: [] }']),
  'missing condition': edited(['        when: { fact: vanityProject, is: true }\n', '']),
  'eighth look': edited(['    - look: motive\n', '    - look: motive\n      favourable: { fact: intent, is: inadvertent }\n      unfavourable: { fact: intent, is: deliberate }\n    - look: motive\n']),
  'deadlines wrong in every way': edited([
    '  deadlines: []',
    '  deadlines:\n    - { id: d1, label: x, ref: 第十一条, text: t, days: -3, unit: weeks, from: decision }\n    - { id: d1, label: x, ref: 第十一条, text: t, days: 2.5, unit: days, from: decision }\n    - { id: d2, label: x, ref: 第十一条, text: t, unit: days, from: decision }',
  ]),
  'unknown fact': edited(['{ fact: repeatedError, is: true }', '{ fact: repeatedErrors, is: true }']),
  'unknown tag': edited(['has: streamlined-service }', 'has: streamlined }']),
  'enum fact value': edited(['when: { fact: vanityProject, is: true }', 'when: { fact: severity, in: [none, small] }']),
  'boolean fact with a string': edited(['{ fact: improperBenefit, is: false }', '{ fact: improperBenefit, is: "false" }']),
  'tag list read as a fact': edited(['{ fact: improperBenefit, is: false }', '{ fact: situations, is: x }']),
  'duplicate rule id': edited(['id: art9-7', 'id: art9-6']),
  'repeated look': edited(['    - look: timing', '    - look: motive']),
  'repeated distinction': edited(['  - distinction: development-vs-gain', '  - distinction: pilot-vs-knowing']),
  'own fact of another policy': edited(['id: fuzhou-2019', 'id: fuzhou-2019\nfacts:\n  - { id: other.thing, kind: boolean, label: a, question: b, ref: 第一条 }']),
};

/** Broken cases, each a JSON value as a case file would hold it. */
const BROKEN_CASES: Record<string, unknown> = {
  'not an object': 'not a case',
  'a list': [1, 2],
  'no id': { facts: {} },
  'empty id': { id: '' },
  'id a number': { id: 7 },
  'policy a number': { id: 'a', policy: 3 },
  'unknown top-level field': { id: 'a', fcts: {} },
  'unknown top-level field, far off': { id: 'a', zzz: 1 },
  'subject kind': { id: 'a', subject: { kind: 'person' } },
  'subject unknown field': { id: 'a', subject: { nam: 'x' } },
  'subject a string': { id: 'a', subject: '张某' },
  'impossible date': { id: 'a', matter: { occurredOn: '2024-02-30' } },
  'date a number': { id: 'a', matter: { accountabilityStartedOn: 20240510 } },
  'evidence a string': { id: 'a', matter: { evidence: '纪要' } },
  'evidence of numbers': { id: 'a', matter: { evidence: [1] } },
  'expected outcome misspelt': { id: 'a', expected: { 'fuzhou-2019': 'exmpt' } },
  'expected a list': { id: 'a', expected: ['exempt'] },
  'note a number': { id: 'a', note: 5 },
  'facts a list': { id: 'a', facts: [] },
  'boolean fact a string': { id: 'a', facts: { improperBenefit: 'no' } },
  'enum fact out of range': { id: 'a', facts: { severity: 'huge' } },
  'unknown fact': { id: 'a', facts: { severty: 'minor' } },
  'unknown tag': { id: 'a', facts: { situations: ['reform-pilot', 'moonshot'] } },
  'tags a string': { id: 'a', facts: { mitigation: 'x' } },
  'long text where a date goes': { id: 'a', matter: { occurredOn: '这是一段很长的说明文字，不是日期，而是整段叙述，写错了位置' } },
};

describe('policy validation as data', () => {
  it('returns the policy and no problems for a good file, no policy and every error for a broken one', () => {
    for (const id of POLICY_IDS) {
      const good = validatePolicy(readFileSync(`policies/${id}.yaml`, 'utf8'), `${id}.yaml`);
      expect(good.errors).toEqual([]);
      expect(good.warnings).toEqual([]);
      expect(good.value?.id).toBe(id);
    }

    const bad = validatePolicy(TWO_KINDS, 'p.yaml');
    expect(bad.value).toBeUndefined();
    expect(bad.errors.length).toBe(2);
  });

  it('reports a schema error and a cross-check error elsewhere in one run, in file order, each located', () => {
    const found = thrown(TWO_KINDS).map(formatLocated);
    expect(found).toEqual([
      'p.yaml:7:12 shortName：应为字符串；收到数字 123。请写成文字；含冒号、# 等符号或像数字、true 的文字请加引号。',
      expect.stringMatching(/^p\.yaml:\d+:\d+ exclusions\[0\]\.items\[\d\]\.when\.fact：未知事实“repeatedErrors”：.*是否应为 repeatedError？$/),
    ]);
  });

  it('checks the well-formed parts of a malformed rule item: a bad reference and an unknown fact in the same item', () => {
    const text = edited(['ref: 第九条第(一)项', 'ref: 第九条(一)'], ['id: art9-2', 'id: art9-1']);
    const item = edited(['ref: 第五条第(一)项', 'ref: 5-1'], ['            - { fact: improperBenefit, is: false }', '            - { fact: improperBenefitt, is: 1 }']);
    const both = thrown(text).map((p) => `${p.path} ${p.message}`);
    expect(both).toEqual([expect.stringMatching(/^exclusions\[0\]\.items\[0\]\.ref 应为条文引用/), expect.stringMatching(/^exclusions\[0\]\.items\[1\]\.id 规则 id 应在文件中唯一；收到重复的“art9-1”（已用于 exclusions\[0\]\.items\[0\]）/)]);
    const inItem = thrown(item).map((p) => `${p.path} ${p.message}`);
    expect(inItem).toEqual([
      expect.stringMatching(/^situations\[0\]\.items\[0\]\.ref 应为条文引用.*收到字符串 "5-1"/),
      expect.stringMatching(/^situations\[0\]\.items\[0\]\.when\.all\[1\]\.fact 未知事实“improperBenefitt”.*是否应为 improperBenefit？/),
      expect.stringMatching(/^situations\[0\]\.items\[0\]\.when\.all\[1\]\.is 应为布尔值 true 或 false，或字符串；收到数字 1/),
    ]);
  });

  it('runs each cross-check as a named rule, also on a document with whole sections malformed', () => {
    const names = POLICY_CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['known-facts', 'unique-rule-ids', 'each-look-once', 'each-distinction-once', 'unique-deadline-ids', 'own-fact-prefix']));
    // The looks are no list at all, the distinctions a string: the known-facts rule still reads the situations.
    const text = edited(['    - look: motive', '    - lok: motive'], ['distinctions:\n', 'distinctions: x\nold:\n'], ['has: streamlined-service }', 'has: streamlined }']);
    const found = thrown(text).map((p) => p.path);
    expect(found.some((p) => /^situations\[\d\]\.items\[\d\]\.when\.has$/.test(p ?? ''))).toBe(true);
    expect(found.some((p) => p?.startsWith('looks.items[0]'))).toBe(true);
    expect(found).toContain('distinctions');
  });

  it('warns of a declared fact no condition reads, and the file still validates', { timeout: SPAWNS }, () => {
    // fuzhou-2019 declares facts of its own: renamed with the policy, and one unused fact first.
    const text = edited(['id: fuzhou-2019', 'id: fuzhou-2019-local'], ['facts:\n', 'facts:\n  - { id: fuzhou-2019-local.unused, kind: boolean, label: 未用, question: 是否？, ref: 第一条 }\n'])
      .replaceAll('fuzhou-2019.', 'fuzhou-2019-local.');
    const result = validatePolicy(text, 'p.yaml');
    expect(result.errors).toEqual([]);
    expect(result.value?.id).toBe('fuzhou-2019-local');
    expect(result.warnings.map(formatLocated)).toEqual([expect.stringMatching(/^p\.yaml:35:11 facts\[0\]\.id：政策自有事实 fuzhou-2019-local\.unused 已声明，但没有任何条件读取它/)]);
    const file = join(tempDir(), 'local.yaml');
    writeFileSync(file, text);
    const r = rongcuo(['policies', 'validate', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`✓ ${file}：fuzhou-2019-local（抚州市容错免责办法(试行)），29 条规则；1 处提醒`);
    expect(r.stderr).toContain(`⚠ ${file}:35:11 facts[0].id：政策自有事实`);
  });

  it('prints every problem at once from `policies validate`, and `--policy FILE` stops with all of them', { timeout: SPAWNS }, () => {
    const file = join(tempDir(), 'two.yaml');
    writeFileSync(file, TWO_KINDS);
    const validate = rongcuo(['policies', 'validate', file]);
    expect(validate.code).toBe(2);
    const lines = validate.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`✗ ${file}：政策文件有 2 处错误`);
    expect(lines[1]).toContain(`${file}:7:12 shortName：应为字符串；收到数字 123。`);
    expect(lines[2]).toMatch(/when\.fact：未知事实“repeatedErrors”/);
    const check = rongcuo(['check', 'fixtures/cases.json', '--policy', file, '-f', 'json']);
    expect(check.code).toBe(2);
    expect(check.stdout).toBe('');
    expect(check.stderr).toContain(`${file}：政策文件有 2 处错误`);
    expect(check.stderr).toContain('shortName：应为字符串');
    expect(check.stderr).toContain('未知事实“repeatedErrors”');
  });
});

describe('every message Chinese, located, and saying expected, received and the fix', () => {
  it('for a battery of broken policy files', () => {
    for (const [name, text] of Object.entries(BROKEN_POLICIES)) {
      const problems = thrown(text);
      expect(problems.length, `${name}: rejected`).toBeGreaterThan(0);
      for (const p of problems) {
        const line = formatLocated(p);
        // file:line:col and the dot-path of the field (a problem of the whole file has no path, a top-level one line 1).
        expect(line, name).toMatch(/^p\.yaml:\d+(:\d+)?( [\w.[\]-]+)?：/);
        if (!/YAML|映射|政策文件的字段/.test(p.message)) {
          expect(p.column, `${name}: ${line}`).toBeDefined();
        }
        expectWorded(p.message, POLICY_FIELDS);
      }
    }
  });

  it('for a battery of broken cases, through validation and through the CLI', { timeout: SPAWNS }, () => {
    for (const [name, raw] of Object.entries(BROKEN_CASES)) {
      const result = validateCaseWithZod(raw, new Map());
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      for (const e of result.errors) expectWorded(e.message, CASE_FIELDS);
    }
    const dir = tempDir();
    const cases = Object.values(BROKEN_CASES);
    const json = join(dir, 'cases.json');
    const ndjson = join(dir, 'cases.ndjson');
    writeFileSync(json, JSON.stringify({ formatVersion: 1, cases }, null, 2));
    writeFileSync(ndjson, `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`);
    for (const [file, where] of [
      [json, String.raw`cases\[\d+\]`],
      [ndjson, String.raw`:\d+`],
    ] as const) {
      const r = rongcuo(['check', file, '-p', 'fuzhou-2019', '-f', 'json']);
      expect(r.code).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(cases.length);
      const located = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( ?${where})(（[^）]*）)?( [\\w.[\\]-]+)?：`);
      for (const line of lines) {
        expect(line).toMatch(located);
        expectWorded(line.slice(line.indexOf('：') + 1), CASE_FIELDS);
      }
    }
  });

  it('for every zod issue code, in the wording of the file’s format', () => {
    const schema = z.strictObject({
      text: z.string(),
      count: z.number().int().positive(),
      kind: z.enum(['a', 'b']),
      exactly: z.literal('x'),
      items: z.array(z.string()).min(1).max(2),
      code: z.string().regex(/^\d+$/),
      day: z.string().refine((s) => s.length === 10),
      either: z.union([z.boolean(), z.string()]),
    });
    const parsed = schema.safeParse({ text: 1, count: 0.5, kind: 'c', exactly: 'y', items: [], code: 'x', day: 'x', either: 1, extra: 1 }, ISSUE_OPTIONS);
    expect(parsed.success).toBe(false);
    const codes = new Set(parsed.error!.issues.map((i) => i.code));
    expect(codes).toEqual(new Set(['invalid_type', 'invalid_value', 'too_small', 'invalid_format', 'custom', 'invalid_union', 'unrecognized_keys']));
    const tooBig = schema.shape.items.safeParse(['a', 'b', 'c'], ISSUE_OPTIONS);
    const fields = new Set(Object.keys(schema.shape));
    for (const words of [YAML_WORDS, JSON_WORDS]) {
      const problems = [...wordIssues(parsed.error!.issues, schema, words), ...wordIssues(tooBig.error!.issues, schema.shape.items, words)];
      expect(problems.length).toBe(10);
      for (const p of problems) expectWorded(p.message, fields);
    }
    const yaml = wordIssues(parsed.error!.issues, schema, YAML_WORDS).map((p) => p.message);
    expect(yaml).toContain('应为列表，至少有 1 项；收到空列表。请至少写 1 项。');
    expect(wordIssues(parsed.error!.issues, schema, JSON_WORDS).map((p) => p.message)).toContain('应为数组，至少有 1 项；收到空数组。请至少写 1 项。');
  });

  it('for policy files broken at random: never a crash, every message located and worded', () => {
    const base = parseDocument(fuzhou).toJS() as Record<string, unknown>;
    /** Every path into the policy object, to the leaves. */
    const paths: Array<Array<string | number>> = [];
    const walk = (value: unknown, path: Array<string | number>) => {
      paths.push(path);
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(base, []);
    const junk = fc.constantFrom<unknown>(1, -2, 2.5, true, null, '', 'x', 'Art-1', [], [1], {}, { fact: 'nope', is: 1 }, { all: [] });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths.filter((p) => p.length > 0)), junk), { minLength: 1, maxLength: 3 }), (edits) => {
        const doc = parseDocument(fuzhou);
        for (const [path, value] of edits) if (doc.hasIn(path)) doc.setIn(path, doc.createNode(value));
        const result = validatePolicy(doc.toString(), 'r.yaml');
        if (result.errors.length === 0) expect(result.value).toBeDefined();
        else expect(result.value).toBeUndefined();
        for (const p of [...result.errors, ...result.warnings]) {
          expect(formatLocated(p)).toMatch(/^r\.yaml:\d+:\d+( [\w.[\]-]+)?：/);
          expectWorded(p.message, POLICY_FIELDS);
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});
