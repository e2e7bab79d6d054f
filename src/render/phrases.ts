// Facts in words, shared by the report and the draft: short readings for
// tables (“谋取私利：否”) and prose for sentences (“没有为自己、他人或单位谋取私利”).
import type { FactChange } from '../evaluate/counterfactual.js';
import type { FactReading } from '../evaluate/evaluate.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { FACTS, TAG_LISTS, isFactName, isTagListName, type FactName, type Outcome, type TagListName } from '../vocabulary.js';

/** Short value labels for enumerated facts (tables, one line each). */
const SHORT_VALUES: Partial<Record<FactName, Record<string, string>>> = {
  decisionProcess: { followed: '履行决策程序', 'emergency-ratified': '临机决断、事后追认', arbitrary: '个人专断' },
  intent: { inadvertent: '无心之失', negligent: '失职渎职', deliberate: '明知故犯' },
  severity: { none: '无损失', minor: '一定损失、可控', major: '重大损失', catastrophic: '重特大事故' },
  remediation: { proactive: '主动挽回', none: '未采取措施', concealed: '掩盖、瞒报' },
  disciplineForm: { first: '第一种形态', second: '第二种形态', third: '第三种形态', fourth: '第四种形态' },
};

/** Prose for each value of the shared vocabulary, written to follow “（失误）” or stand after “若”. */
const PROSE: Partial<Record<FactName, Record<string, string>>> = {
  inScope: { true: '属于本办法的适用对象', false: '不属于本办法的适用对象' },
  improperBenefit: { false: '没有为自己、他人或单位谋取私利或不正当利益', true: '为自己、他人或单位谋取了私利或不正当利益' },
  prohibitedAtTime: { false: '行为发生时党纪、法律法规和上级均未明令禁止', true: '行为发生时已被明令禁止' },
  alignedWithDirectives: { true: '符合中央和上级决策部署', false: '不符合中央和上级决策部署' },
  decisionProcess: {
    followed: '履行了集体研究、民主决策等决策程序',
    'emergency-ratified': '系紧急情况下临机决断，事后及时报告并获追认',
    arbitrary: '个人专断或未经论证盲目决策',
  },
  intent: {
    inadvertent: '属于经验不足、先行先试或客观、不可预见因素造成的无心之失',
    negligent: '属于应履行而未履行或不当履行职责的失职渎职',
    deliberate: '属于明知故犯、主观故意',
  },
  severity: {
    none: '没有造成损失或不良影响',
    minor: '造成一定损失或一般不良影响，总体可控',
    major: '造成重大损失或严重不良影响',
    catastrophic: '直接造成重特大事故、严重环境污染或重大群体性事件',
  },
  remediation: {
    proactive: '失误发生后积极主动采取措施消除影响、挽回损失',
    none: '失误发生后未采取补救措施',
    concealed: '失误发生后掩盖过失、瞒报不报或知错不改',
  },
  promotesDevelopment: { true: '有利于改革创新和发展大局', false: '不利于改革创新和发展大局' },
  collusion: { false: '没有与他人恶意串通', true: '与他人恶意串通、损害公共利益和他人正当利益' },
  repeatedError: { false: '不属于在同一问题上重复出现的失误', true: '属于在同一问题上重复出现的失误' },
  vanityProject: { false: '不属于“政绩工程”“形象工程”', true: '属于打着改革创新旗号搞的“政绩工程”“形象工程”' },
  reformAsPretext: { false: '没有借改革之名抬高办事门槛、损害群众利益', true: '借改革之名抬高办事门槛、损害群众利益' },
  seriousViolation: { false: '不属于严重违纪涉嫌违法', true: '属于严重违纪涉嫌违法或错误情节严重、明显构成违纪' },
  politicalDeviation: { false: '不存在政治立场、方向、原则、道路上的问题', true: '存在背离“两个维护”等政治问题' },
  abuseOfAuthority: { false: '没有滥用职权或不履行法定职责', true: '滥用职权或不履行法定职责，损害了他人合法权益' },
  withinLegalAuthority: { true: '在法定职责范围内按法定程序履职', false: '超出法定职责范围或未按法定程序履职' },
  disciplineForm: {
    first: '如不容错本应适用第一种形态',
    second: '如不容错本应适用第二种形态',
    third: '如不容错本应适用第三种形态',
    fourth: '如不容错本应适用第四种形态',
  },
};

function policyFactLabel(fact: string, compiled: CompiledPolicy | undefined): string {
  return compiled?.policy.facts.find((f) => f.id === fact)?.label ?? fact;
}

/** “谋取私利” for a vocabulary fact; a policy's own fact by its label. */
export function factLabel(fact: string, compiled?: CompiledPolicy): string {
  if (isFactName(fact)) return FACTS[fact].label;
  return policyFactLabel(fact, compiled);
}

/** The question the interview asks for a fact. */
export function factQuestion(fact: string, compiled?: CompiledPolicy): string {
  if (isFactName(fact)) return FACTS[fact].question;
  return compiled?.policy.facts.find((f) => f.id === fact)?.question ?? fact;
}

export function tagLabel(list: TagListName, tag: string): string {
  return (TAG_LISTS[list] as Record<string, string>)[tag] ?? tag;
}

/** A value in a few words: “否”, “无心之失”, “reform-pilot、key-tasks”. */
export function shortValue(fact: string, value: unknown): string {
  if (value === undefined || value === null) return '未知';
  if (isTagListName(fact)) {
    const tags = value as readonly string[];
    return tags.length === 0 ? '无' : tags.join('、');
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (isFactName(fact)) return SHORT_VALUES[fact]?.[String(value)] ?? String(value);
  return String(value);
}

/** “谋取私利：否” */
export function reading(r: FactReading, compiled?: CompiledPolicy): string {
  return `${factLabel(r.fact, compiled)}：${shortValue(r.fact, r.value)}`;
}

/** A fact's value as prose, or undefined where unknown. */
export function prose(fact: string, value: unknown, compiled?: CompiledPolicy): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isTagListName(fact)) {
    const tags = value as readonly string[];
    if (tags.length === 0) return `不存在所列${FACTS[fact].label}`;
    return `存在${tags.map((t) => `“${tagLabel(fact, t)}”`).join('、')}的情形`;
  }
  if (isFactName(fact)) {
    const text = PROSE[fact]?.[String(value)];
    if (text) return text;
  }
  const label = policyFactLabel(fact, compiled);
  return value === true ? label : value === false ? `并非${label}` : `${label}为${String(value)}`;
}

/** The change behind a counterfactual, after “若”: “失误发生后积极主动采取措施消除影响、挽回损失”. */
export function changePhrase(fact: string, change: FactChange, compiled?: CompiledPolicy): string {
  if (change.kind === 'set') return prose(fact, change.value, compiled) ?? `${factLabel(fact, compiled)}为${String(change.value)}`;
  if (!isTagListName(fact)) return `${fact} ${change.tag}`;
  const label = tagLabel(fact, change.tag);
  return change.kind === 'add-tag' ? `存在“${label}”的情形` : `不存在“${label}”的情形`;
}

/** The machine form of a change, for readers who keep case files: “remediation = proactive”. */
export function changeCode(fact: string, change: FactChange): string {
  if (change.kind === 'set') return `${fact} = ${String(change.value)}`;
  return `${fact} ${change.kind === 'add-tag' ? '+' : '−'} ${change.tag}`;
}

/** A value a missing fact could take, in words: “一定损失、可控（minor）”. */
export function answerLabel(fact: string, value: unknown): string {
  if (isTagListName(fact)) {
    const tags = value as readonly string[];
    if (tags.length === 0) return '都没有（[]）';
    return tags.map((t) => `${tagLabel(fact, t)}（${t}）`).join('、');
  }
  if (typeof value === 'boolean') return value ? '是（true）' : '否（false）';
  return `${shortValue(fact, value)}（${String(value)}）`;
}

/** Chinese ordinal for section numbers: 1 → 一. */
export function chineseNumber(n: number): string {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 10) return digits[n]!;
  if (n < 20) return `十${n % 10 === 0 ? '' : digits[n % 10]}`;
  return `${digits[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : digits[n % 10]}`;
}

/** Drops the trailing “;”“；”“。” of a quoted item so it can sit inside a sentence. */
export function stripEnd(text: string): string {
  return text.replace(/[;；。,，:：]+$/u, '');
}
