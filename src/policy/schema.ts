// The policy file format. The zod schemas here are the single definition:
// TypeScript types are inferred from them, and `policies validate` reports
// their errors located by path and line.
import { z } from 'zod';
import { isIsoDate, isoDateExpectation } from '../case/iso-date.js';
import { TAG_LIST_NAMES, type TagListName } from './sections.js';
import { OUTCOMES, type DecidedOutcome } from '../vocabulary.js';

/** A citation: article reference (第X条第(Y)项) and the verbatim source text. */
const refSchema = z
  .string()
  .regex(/^第[一二三四五六七八九十百零〇]+条(第[一二三四五六七八九十]+款)?(第\([一二三四五六七八九十]+\)项)?$/, {
    message: '条文引用，写作“第X条”“第X条第Y款”或“第X条第(Y)项”（半角括号），例如 第九条第(二)项',
  });

const textSchema = z.string().min(1, { message: '原文（照录条文，不能为空）' });

/** Conditions are data, never code: all / any / not over fact comparisons and tag membership. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { fact: string; is: boolean | string }
  | { fact: string; in: string[] }
  | { list: TagListName; has: string };

const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ fact: z.string(), is: z.union([z.boolean(), z.string()]) }),
    z.strictObject({ fact: z.string(), in: z.array(z.string()).min(1) }),
    z.strictObject({ list: z.enum(TAG_LIST_NAMES), has: z.string() }),
  ], {
    message:
      '条件，写作 {fact: 事实, is: 值}、{fact: 事实, in: [值, …]}、{list: 清单, has: 标签}，或以 {all: [条件, …]}、{any: [条件, …]}、{not: 条件} 组合（条件是数据，不是代码或表达式）',
  }),
);

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, { message: 'id：小写字母或数字开头，只用小写字母、数字、连字符和点，例如 art9-1' });

/** One article or item of the source, quoted. */
const citationSchema = z.strictObject({
  ref: refSchema,
  text: textSchema,
  /** A reading or gap the encoder wants visible (not policy text). */
  note: z.string().optional(),
});

/** A rule item: an enumerated item of an article with its machine-readable condition. */
const ruleSchema = z.strictObject({
  id: idSchema,
  ref: refSchema,
  text: textSchema,
  when: conditionSchema,
  /** Catch-all items ("其他…情形") only the deciding body can apply. */
  needsJudgement: z.boolean().optional(),
  note: z.string().optional(),
});

const modalitySchema = z.enum(['应当', '可以']);

/** An article that introduces a list of rule items ("符合下列情形之一的，…"). */
const ruleGroupSchema = z.strictObject({
  ref: refSchema,
  /** The article's lead sentence, verbatim. */
  text: textSchema,
  modality: modalitySchema.optional(),
  items: z.array(ruleSchema).min(1),
  note: z.string().optional(),
});

const lookIds = ['motive', 'timing', 'direction', 'procedure', 'cause', 'consequence', 'handling'] as const;
export const LOOK_IDS = lookIds;
export const LOOK_LABELS: Record<(typeof lookIds)[number], string> = {
  motive: '看初衷',
  timing: '看节点',
  direction: '看方向（性质）',
  procedure: '看程序',
  cause: '看缘由',
  consequence: '看后果（结果）',
  handling: '看处置',
};

const lookSchema = z.strictObject({
  look: z.enum(lookIds),
  /** Absent where the policy lists no such look or factor: the gap stays visible through `note`. */
  ref: refSchema.optional(),
  text: textSchema.optional(),
  favourable: conditionSchema,
  unfavourable: conditionSchema,
  note: z.string().optional(),
});

const distinctionIds = ['pilot-vs-knowing', 'exploration-vs-defiance', 'development-vs-gain'] as const;
export const DISTINCTION_IDS = distinctionIds;
export const DISTINCTION_LABELS: Record<(typeof distinctionIds)[number], [string, string]> = {
  'pilot-vs-knowing': ['因缺乏经验、先行先试出现的失误和错误', '明知故犯的违纪违法行为'],
  'exploration-vs-defiance': ['上级尚无明确限制的探索性试验中的失误和错误', '上级明令禁止后依然我行我素的违纪违法行为'],
  'development-vs-gain': ['为推动发展的无意过失', '为谋取私利的违纪违法行为'],
};

const distinctionSchema = z.strictObject({
  distinction: z.enum(distinctionIds),
  ref: refSchema,
  text: textSchema,
  /** The wrong side: a red line that leads to `excluded`. */
  when: conditionSchema,
  note: z.string().optional(),
});

const deadlineSchema = z.strictObject({
  id: idSchema,
  label: z.string(),
  ref: refSchema,
  text: textSchema,
  /** null where the source leaves the number out (行政执法 第十四条 “应当于日内告知”). */
  days: z.number().int().positive().nullable(),
  unit: z.enum(['days', 'working-days']),
  from: z.enum(['accountabilityStartedOn', 'decision']),
  note: z.string().optional(),
});

/**
 * Whom the draft application is addressed to: the applicant's own unit
 * (“向本单位党组织提出”), a body the policy names (`body`), or a body that
 * depends on the case (“按照干部管理权限…向…或…提出”), left for the applicant.
 */
const ADDRESSEE_KINDS = ['own-unit', 'named', 'case-dependent'] as const;
const addresseeSchema = z
  .strictObject({
    kind: z.enum(ADDRESSEE_KINDS),
    /** The body's name as the draft writes it: for `named` only. */
    body: z.string().min(1, { message: '非空的受理机关名称，例如 body: 县纪委监委' }).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'named' && a.body === undefined) ctx.addIssue({ code: 'custom', path: ['body'], message: 'kind: named 时写明 body，即申请书的主送机关名称，例如 body: 县纪委监委' });
    if (a.kind !== 'named' && a.body !== undefined) ctx.addIssue({ code: 'custom', path: ['body'], message: `kind: ${a.kind} 时不写 body（只有 kind: named 才写明受理机关名称）` });
  });

/** The outcomes a body option can sit beside or lead to. */
const OPTION_OUTCOMES = OUTCOMES.filter((o) => o !== 'undetermined' && o !== 'not-applicable') as [DecidedOutcome, ...DecidedOutcome[]];

const bodyOptionSchema = citationSchema.extend({
  id: idSchema,
  /** The reached outcomes beside which the text leaves the body this choice. */
  appliesTo: z.array(z.enum(OPTION_OUTCOMES)).min(1),
  /** What the body may decide instead. */
  instead: z.enum(OPTION_OUTCOMES),
  modality: modalitySchema,
});

const policyFactSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+\.[a-zA-Z][a-zA-Z0-9]*$/, { message: '政策自有事实 id，写作 <policy-id>.<camelCase>，例如 fuzhou-2019.reportedInTime' }),
  kind: z.enum(['boolean']),
  label: z.string(),
  question: z.string(),
  ref: refSchema,
});

export const policySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: '政策 id：小写字母和数字，以连字符分隔，例如 fuzhou-2019' }),
  title: z.string(),
  shortName: z.string(),
  issuer: z.string(),
  /** null where the seed shows none; `documentNumberNote` says so. */
  documentNumber: z.string().nullable(),
  documentNumberNote: z.string().optional(),
  /** The date of issue: a real day, YYYY-MM-DD (the one date check, case/iso-date.ts). */
  date: z
    .string()
    .refine(isIsoDate, {
      // “2023年2月只有28天”: why the date is refused, not only its form (the wording module adds 应为 and the fix), as in case/schema.ts.
      error: (issue) =>
        isoDateExpectation(issue.input) ?? '日期，写作 YYYY-MM-DD，例如 2019-01-22',
    })
    .nullable(),
  dateNote: z.string().optional(),
  status: z.string(),
  source: z.strictObject({
    seed: z.string(),
    part: z.string().optional(),
    note: z.string().optional(),
    /** True where the seed lost the item numbers (“()…”) and the file numbers them by order: every view marks them as inferred. */
    itemNumbersInferred: z.boolean().optional(),
  }),
  supersedes: citationSchema.optional(),
  scope: citationSchema.extend({ persons: z.string() }),
  purpose: citationSchema.optional(),
  principles: z.array(citationSchema).default([]),
  /** Who decides (实施主体 / 认定主体). */
  authority: citationSchema.extend({ body: z.string() }),
  distinctions: z.array(distinctionSchema).length(3),
  looks: z.strictObject({
    ref: refSchema.optional(),
    text: textSchema.optional(),
    /** True where the policy lists 综合研判因素 rather than 七看, mapped here onto the seven looks. */
    mappedFromFactors: z.boolean(),
    note: z.string().optional(),
    items: z.array(lookSchema).length(7),
  }),
  facts: z.array(policyFactSchema).default([]),
  exclusions: z.array(ruleGroupSchema).default([]),
  diligence: z.array(ruleGroupSchema).default([]),
  situations: z.array(ruleGroupSchema).min(1),
  /** 容错条件: all must hold. null for a policy with no such list (甘肃). */
  conditions: ruleGroupSchema.nullable(),
  conditionsNote: z.string().optional(),
  /**
   * Where a situation matches but not every condition holds, and the policy's
   * own words still provide lighter handling (石台 第十四条, 行政执法 第十一条, 锡盟 第十一条).
   */
  situationAlone: citationSchema.extend({ outcome: z.literal('mitigated'), modality: modalitySchema }).optional(),
  /**
   * A tolerated case (a matched situation and every 容错条件) that the text's
   * own words take out of 容错免责 (贵安 第十二条 “只适用一次容错免责”): where
   * `when` holds it leads to `mitigated` before the tolerance step. Never for a
   * choice the text leaves to the body (“确需追究责任的”): that is a `bodyOptions` entry.
   */
  stillAccountable: citationSchema.extend({ id: idSchema, when: conditionSchema, modality: modalitySchema }).optional(),
  mitigation: z.array(ruleGroupSchema).default([]),
  /**
   * The deciding body's options: where the text leaves the body a choice
   * beside the outcome it supports (“确需追究责任的,可酌情从轻或减轻处理”,
   * “可以容错免责或减轻责任”). Never decided by the tool: an assessment whose
   * outcome is in `appliesTo` shows the option, as the body's judgement.
   */
  bodyOptions: z.array(bodyOptionSchema).default([]),
  /**
   * “四种形态”转化 for a case within a 容错情形 (石台 第十七条): the form that would
   * otherwise apply (`disciplineForm`) becomes the one below it: 第二种→第一种,
   * 第三种→第二种. `modality` is the text's (“可以转化”): the body's option.
   */
  formConversion: citationSchema.extend({ modality: modalitySchema }).optional(),
  /** What the policy says of an application that fails (审计 第十条). */
  notEligible: citationSchema.optional(),
  procedure: z.strictObject({
    receiver: citationSchema.extend({ body: z.string(), addressee: addresseeSchema.default({ kind: 'case-dependent' }) }),
    /** Empty where the policy sets out no steps (审计); `note` then says so. */
    steps: z.array(citationSchema.extend({ name: z.string() })).default([]),
    deadlines: z.array(deadlineSchema).default([]),
    notes: z.array(citationSchema).default([]),
    note: z.string().optional(),
  }),
  resultUse: z.array(citationSchema).default([]),
  correction: z.array(citationSchema).default([]),
  /** Gaps in the source worth showing (a chapter the policy does not have, say). */
  gaps: z.array(z.string()).default([]),
  clarification: z.array(citationSchema).default([]),
  /** Articles the assessment cites that fit none of the slots above. */
  otherArticles: z.array(citationSchema.extend({ topic: z.string() })).default([]),
});

export type Policy = z.output<typeof policySchema>;
export type Rule = z.output<typeof ruleSchema>;
export type RuleGroup = z.output<typeof ruleGroupSchema>;
export type Citation = z.output<typeof citationSchema>;
export type Addressee = z.output<typeof addresseeSchema>;
export type Look = z.output<typeof lookSchema>;
export type LookId = (typeof lookIds)[number];
export type DistinctionId = (typeof distinctionIds)[number];
export type Deadline = z.output<typeof deadlineSchema>;
type BodyOption = z.output<typeof bodyOptionSchema>;
