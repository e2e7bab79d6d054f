// The vocabulary files (vocabulary/*.yaml): the zod schemas, and the checks
// across files zod cannot express. Used at build time (precompiled to
// dist/vocabulary.json and bundled), by the tests and by scripts/gen-docs.mjs;
// the CLI itself never loads zod for the vocabulary (src/vocabulary.ts).
import { z } from 'zod';
import { TAG_LIST_NAMES } from '../policy/sections.js';

/** Outcome ids, in the order of case format v1 (docs/case-format.md). A contract: never rename one. */
export const outcomeIdSchema = z.enum(['not-applicable', 'diligent', 'exempt', 'mitigated', 'excluded', 'not-eligible', 'undetermined']);
/** The tag lists: each is also a section of the policy files and of the interview. */
export const tagListNameSchema = z.enum(TAG_LIST_NAMES);
/** The steps of the decision procedure (src/policy/compile.ts), as `decidedBy` names them. */
export const stepIdSchema = z.enum(['scope', 'red-lines', 'diligence', 'still-accountable', 'tolerance', 'situation-alone', 'mitigation']);

const text = z.string().min(1, { message: '不能为空' });
const factName = z.string().regex(/^[a-z][A-Za-z0-9]*$/, { message: '事实名应为 camelCase，例如 improperBenefit' });
const kebabId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: '取值和标签应为 kebab-case，例如 emergency-ratified' });
const scalarValue = z.union([z.boolean(), z.string()]);

/** A value's words: the interview's choice, the tables' short form, and prose for sentences. */
const valueWordsSchema = z.strictObject({
  /** The interview's choice: “一定损失或一般不良影响，可控”. */
  label: text,
  /** Tables and readings: “后果：一定损失、可控”. */
  short: text,
  /** A sentence part, after “（失误）” or “若”: “造成一定损失或一般不良影响，总体可控”. */
  prose: text,
});

const factWords = {
  /** A short name: tables, the review list, section lines. */
  label: text,
  /** The question: the report's missing facts, the draft's gaps, the interview. */
  question: text,
  /** The interview's own question, where it differs; `{title}` is the policy's title. */
  interviewQuestion: text.optional(),
  /** What the term means (the interview's help, before the articles that read it). */
  help: text,
  /** Its meaning in English, for docs/case-format.md. */
  doc: text,
};

const factSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('boolean'), ...factWords, values: z.strictObject({ true: valueWordsSchema, false: valueWordsSchema }) }),
  z.strictObject({ kind: z.literal('enum'), ...factWords, values: z.record(kebabId, valueWordsSchema) }),
  z.strictObject({ kind: z.literal('tags'), ...factWords, tags: z.record(kebabId, text) }),
]);

export const factsFileSchema = z.strictObject({ facts: z.record(factName, factSchema) });

const outcomeSchema = z.strictObject({
  /** The full name: reports, summaries, the interview. */
  label: text,
  /** The check table's column. */
  short: text,
  /** For colour: good (green), mid (cyan), bad (red), unknown (yellow), neutral. */
  tone: z.enum(['good', 'mid', 'bad', 'unknown', 'neutral']),
  /** How good for the applicant (higher is better): “what would change the outcome” looks for a higher rank. */
  rank: z.number().int().min(0).optional(),
  /** Where the outcome stands when possible outcomes are listed: the order of the decision procedure. */
  order: z.number().int().min(0).optional(),
  /** supported: the interview offers a draft; refused: `draft` explains and writes none; open: facts missing. */
  application: z.enum(['supported', 'refused', 'open']),
  /** The report's explanation of the conclusion; `{outcomes}`: the outcomes still possible. */
  explanation: text,
  /** The explanation under a policy that lists no 容错条件. */
  explanationWithoutConditions: text.optional(),
  /** The explanation where another step than the outcome's usual one decided. */
  explanationBy: z.partialRecord(stepIdSchema, text).optional(),
  /** Why `draft` writes no application; `{refs}`: the articles, `{（refs）}`: the same in brackets, or nothing. */
  refusal: text.optional(),
  /** What the draft applies for; `{self}`: 本人 or 本单位. */
  request: text,
  /** Its meaning in English, for docs/case-format.md. */
  doc: text,
});

export const outcomesFileSchema = z.strictObject({
  outcomes: z.record(outcomeIdSchema, outcomeSchema),
  /** The report's name for each step of the decision procedure. */
  steps: z.record(stepIdSchema, text),
});

/** `fact` is `is`: the one comparison a shared reading makes. */
const factIsSchema = z.strictObject({ fact: factName, is: scalarValue });

export const readingsFileSchema = z.strictObject({
  /** A fact that, absent, is read as a value (not as unknown), with the report's sentence saying so. */
  defaults: z.array(
    z.strictObject({
      fact: factName,
      value: scalarValue,
      /** The report's assumption; `{scope}`: the policy's 适用范围 article. */
      assumption: text,
      doc: text,
    }),
  ),
  /** A fact that, absent, is derived from another. */
  derived: z.array(z.strictObject({ fact: factName, value: scalarValue, when: factIsSchema, doc: text })),
  /** What every 容错情形 item needs besides its own condition. */
  situationPrerequisite: z.strictObject({ when: factIsSchema, why: text, doc: text }),
  /** Facts “what would change the outcome” never proposes to change. */
  fixed: z.array(z.strictObject({ fact: factName, doc: text })),
});

export type Outcome = z.output<typeof outcomeIdSchema>;
export type StepName = z.output<typeof stepIdSchema>;
export type FactData = z.output<typeof factSchema>;
export type OutcomeData = z.output<typeof outcomeSchema>;
export type OutcomeTone = OutcomeData['tone'];
type ReadingsData = z.output<typeof readingsFileSchema>;

/** The three files together: what dist/vocabulary.json holds. */
export interface Vocabulary {
  facts: Record<string, FactData>;
  outcomes: Record<Outcome, OutcomeData>;
  steps: Record<StepName, string>;
  readings: ReadingsData;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The checks across entries and files: every problem as [file, path, message]. */
export function checkVocabulary(v: Vocabulary): Array<[file: 'facts' | 'outcomes' | 'readings', path: string, message: string]> {
  const problems: Array<['facts' | 'outcomes' | 'readings', string, string]> = [];
  const placeholders = (file: 'facts' | 'outcomes' | 'readings', path: string, value: string | undefined, allowed: string[], required: string[] = []) => {
    if (value === undefined) return;
    const used = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    for (const p of used) if (!allowed.includes(p)) problems.push([file, path, `未知占位符 {${p}}；可用：${allowed.map((a) => `{${a}}`).join(' ') || '无'}`]);
    for (const p of required) if (!used.includes(p)) problems.push([file, path, `缺少占位符 {${p}}`]);
  };

  const tagLists = Object.entries(v.facts).filter(([, f]) => f.kind === 'tags').map(([name]) => name);
  for (const name of tagLists) if (!tagListNameSchema.safeParse(name).success) problems.push(['facts', `facts.${name}`, `标签列表只能是 ${tagListNameSchema.options.join(', ')}（也是政策文件和问询的分节）`]);
  for (const list of tagListNameSchema.options) if (v.facts[list]?.kind !== 'tags') problems.push(['facts', `facts.${list}`, '缺少此标签列表（kind: tags）']);
  for (const [name, f] of Object.entries(v.facts)) {
    if (f.kind === 'enum' && Object.keys(f.values).length < 2) problems.push(['facts', `facts.${name}.values`, '枚举事实至少要有两个取值']);
    if (f.kind === 'tags' && Object.keys(f.tags).length === 0) problems.push(['facts', `facts.${name}.tags`, '标签列表不能为空']);
    placeholders('facts', `facts.${name}.interviewQuestion`, f.interviewQuestion, ['title']);
  }

  /** Whether `fact` (at `at`) is a scalar fact of the vocabulary and `value` (at `at` + `key`) one of its values. */
  const checkValue = (at: string, key: 'value' | 'is', fact: string, value: boolean | string) => {
    const f = v.facts[fact];
    if (!f) return problems.push(['readings', `${at}fact`, `未知事实“${fact}”；事实须在 vocabulary/facts.yaml 中`]);
    if (f.kind === 'tags') return problems.push(['readings', `${at}fact`, `${fact} 是标签列表；共同解读只能读取单值事实`]);
    const ok = f.kind === 'boolean' ? typeof value === 'boolean' : typeof value === 'string' && value in f.values;
    if (!ok) problems.push(['readings', `${at}${key}`, `${fact} 的取值应为 ${f.kind === 'boolean' ? 'true | false' : Object.keys(f.values).join(' | ')}`]);
  };
  const r = v.readings;
  r.defaults.forEach((d, i) => {
    checkValue(`defaults[${i}].`, 'value', d.fact, d.value);
    placeholders('readings', `defaults[${i}].assumption`, d.assumption, ['scope']);
  });
  r.derived.forEach((d, i) => {
    checkValue(`derived[${i}].`, 'value', d.fact, d.value);
    checkValue(`derived[${i}].when.`, 'is', d.when.fact, d.when.is);
  });
  checkValue('situationPrerequisite.when.', 'is', r.situationPrerequisite.when.fact, r.situationPrerequisite.when.is);
  r.fixed.forEach((d, i) => {
    if (!v.facts[d.fact]) problems.push(['readings', `fixed[${i}].fact`, `未知事实“${d.fact}”；事实须在 vocabulary/facts.yaml 中`]);
  });

  const ranks = new Map<number, string>();
  const orders = new Map<number, string>();
  for (const [id, o] of Object.entries(v.outcomes) as Array<[Outcome, OutcomeData]>) {
    const at = `outcomes.${id}`;
    const decided = id !== 'undetermined';
    for (const [field, seen] of [['rank', ranks], ['order', orders]] as const) {
      const n = o[field];
      if (decided && n === undefined) problems.push(['outcomes', `${at}.${field}`, `缺少 ${field}：每个确定的结论都有`]);
      if (!decided && n !== undefined) problems.push(['outcomes', `${at}.${field}`, `待补充事实（undetermined）不是确定的结论，不应有 ${field}`]);
      if (n !== undefined && seen.has(n)) problems.push(['outcomes', `${at}.${field}`, `${field} ${n} 与 ${seen.get(n)} 重复`]);
      if (n !== undefined) seen.set(n, id);
    }
    if ((o.application === 'refused') !== (o.refusal !== undefined)) {
      problems.push(['outcomes', `${at}.refusal`, 'application: refused 的结论须写 refusal（draft 拒绝起草的理由），其他结论不写']);
    }
    if ((o.application === 'open') !== !decided) problems.push(['outcomes', `${at}.application`, 'open 只用于待补充事实（undetermined）']);
    placeholders('outcomes', `${at}.explanation`, o.explanation, decided ? [] : ['outcomes'], decided ? [] : ['outcomes']);
    placeholders('outcomes', `${at}.refusal`, o.refusal, ['refs', '（refs）']);
    placeholders('outcomes', `${at}.request`, o.request, ['self'], ['self']);
  }
  return problems;
}
