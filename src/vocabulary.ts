// The shared fact vocabulary of case format v1 (../shared/CASE-FORMAT.md).
// Ids here are a contract with users' case files: never rename one.

export const OUTCOMES = [
  'not-applicable',
  'diligent',
  'exempt',
  'mitigated',
  'excluded',
  'not-eligible',
  'undetermined',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Outcomes a fully known case can reach (everything but `undetermined`). */
export type DecidedOutcome = Exclude<Outcome, 'undetermined'>;

export const OUTCOME_LABELS: Record<Outcome, string> = {
  'not-applicable': '不适用',
  diligent: '尽职免责（不予追究）',
  exempt: '容错免责',
  mitigated: '从轻、减轻处理',
  excluded: '不予容错',
  'not-eligible': '不符合容错情形',
  undetermined: '待补充事实',
};

export const DECISION_PROCESS = ['followed', 'emergency-ratified', 'arbitrary'] as const;
export const INTENT = ['inadvertent', 'negligent', 'deliberate'] as const;
export const SEVERITY = ['none', 'minor', 'major', 'catastrophic'] as const;
export const REMEDIATION = ['proactive', 'none', 'concealed'] as const;
export const DISCIPLINE_FORM = ['first', 'second', 'third', 'fourth'] as const;

export const SITUATION_TAGS = {
  'directive-implementation': '贯彻落实上级决策部署、攻坚克难中出现失误',
  'reform-pilot': '改革创新、体制机制创新、试点试验中先行先试、突破常规、探索性失误',
  'innovation-drive': '新发展理念、创新驱动、科技成果转化、产业转型升级中积极探索',
  'key-tasks': '高质量发展、污染防治攻坚、民生保障、脱贫攻坚等重点工作中大胆履职',
  'major-projects': '推动重大项目、政府投资项目、招商引资中大胆履职、大力推进',
  'streamlined-service': '服务企业群众中容缺受理、容缺审查、精简监管环节',
  'approval-reform': '简政放权、行政审批制度改革中突破现行规程',
  'emergency-response': '处置突发事件、急难险重任务中临机决断',
  'legacy-issues': '解决历史遗留问题、化解矛盾纠纷、破除障碍触及固有利益',
  'policy-change': '国家政策或法律法规调整、上级部署变化，或政策界限不明确',
  'force-majeure': '自然灾害等不可抗力或不可预见因素',
  'cadre-management': '干部队伍建设中探索创新',
  'mixed-ownership': '发展混合所有制中经验不足出现偏差',
  'bold-performance': '依法履职、大胆作为、大力推进中失误或引发矛盾',
  'misunderstood-or-accused': '依法依规履职中出现意外、受工作对象诬告陷害或不理解',
  'self-raised-targets': '自我加压、主动提高标准，经努力未实现预期目标',
  'law-at-the-time': '按事发当时法律法规和有关规定不应追究或应从轻追究',
  'rectification-in-progress': '已下达监察意见等执法文书，对象正在整改或已立案',
  'enforcement-judgment': '执法中为防止执法风险临机决断',
  'counterparty-concealment': '执法对象故意隐瞒或未如实反映情况，致未及时发现问题',
  'counterparty-deliberate': '相对人主观故意违法，执法人员已采取法定措施仍发生事故',
  'drafting-publicity': '起草文稿、编发信息、公众号发布、调查研究中经验不足、考虑不周',
  other: '其他符合容错情形（需组织研究认定）',
} as const;

export const DILIGENCE_TAGS = {
  'duties-performed': '已按法定职责、法定程序、岗位职责和检查计划履行职责',
  'counterparty-deception': '相对人隐瞒、伪造、毁灭证据或提供虚假材料',
  'applicant-delay': '已一次性告知补正，申请人拖延致未按时办结',
  'enforcement-escalated': '相对人拒不执行，已提请政府责令停业关闭或申请法院强制执行',
  'seized-items-tampered': '当事人擅自隐匿、转移、变卖、损毁查封扣押物品',
  'force-majeure': '不能预见、不能避免并不能克服的不可抗力',
  'third-party-error': '其他部门错误或不当行政行为，或检测、鉴定、认证机构原因',
  'technical-limits': '标准缺失或科学技术、监管手段限制，无法发现或定性',
  'rectification-defied': '已查处并责令改正，整改期间不执行整改要求导致事故',
  'in-legal-process': '已调查并责令改正，在依法办理或移送过程中发生事故',
  'not-own-duty': '按事发当时规定不应追究，或不属于“三定”职责',
  'unclear-legal-basis': '执法依据不明确或对事实和依据理解不一致致偏差',
  'relied-on-expert-reports': '依据检验、检测、鉴定、评价报告或专家意见作出决定且已认真审查',
  'undetected-unlicensed': '相对人未依法申请许可或备案，未接投诉或因客观原因未能发现',
  'within-inspection-plan': '已按检查计划履行检查职责，或未超过检查时限',
  'new-evidence': '出现新证据致原认定事实、案件性质变化',
  'minor-promptly-corrected': '不当执法情节显著轻微并及时纠正，未造成危害后果',
  other: '其他依法不应追究责任的情形',
} as const;

export const MITIGATION_TAGS = {
  'loss-averted': '主动采取措施有效避免损失或挽回影响',
  cooperated: '积极配合问责调查，如实说明情况，主动承担责任',
  'self-reported': '主动、及时报告过错行为并采取补救措施',
  meritorious: '检举他人应追责问题或有其他立功表现，经查证属实',
  'returned-gains': '主动上交或退赔违法所得',
  other: '其他依法可以从轻、减轻的情形',
} as const;

export const TAG_LISTS = {
  situations: SITUATION_TAGS,
  diligence: DILIGENCE_TAGS,
  mitigation: MITIGATION_TAGS,
} as const;
export type TagListName = keyof typeof TAG_LISTS;
export const TAG_LIST_NAMES = Object.keys(TAG_LISTS) as TagListName[];

export type FactSpec =
  | { kind: 'boolean'; label: string; question: string }
  | { kind: 'enum'; label: string; question: string; values: readonly string[]; valueLabels: Record<string, string> }
  | { kind: 'tags'; label: string; question: string; tags: Record<string, string> };

/** Every fact of case format v1, in the order the vocabulary lists them. */
export const FACTS = {
  inScope: {
    kind: 'boolean',
    label: '适用范围',
    question: '当事人是否属于本办法的适用对象（适用范围）？',
  },
  improperBenefit: {
    kind: 'boolean',
    label: '谋取私利',
    question: '看初衷：是否为自己、他人、单位或特定关系人谋取私利或不正当利益？',
  },
  prohibitedAtTime: {
    kind: 'boolean',
    label: '明令禁止',
    question: '看节点：行为发生时，党纪、法律法规或上级是否已明令禁止？',
  },
  alignedWithDirectives: {
    kind: 'boolean',
    label: '符合决策部署',
    question: '看方向/性质：是否符合中央和上级决策部署（而非上有政策、下有对策，打折扣、搞变通）？',
  },
  decisionProcess: {
    kind: 'enum',
    label: '决策程序',
    question: '看程序：决策是怎样作出的？',
    values: ['followed', 'emergency-ratified', 'arbitrary'],
    valueLabels: {
      followed: '履行了决策程序（集体研究、民主决策、“三重一大”、请示报告，或职权内的规定程序）',
      'emergency-ratified': '紧急情况下临机决断，事后及时报告并获追认或纠正',
      arbitrary: '个人专断、暗箱操作，或不经论证盲目决策',
    },
  },
  intent: {
    kind: 'enum',
    label: '主观缘由',
    question: '看缘由：失误是怎样发生的？',
    values: ['inadvertent', 'negligent', 'deliberate'],
    valueLabels: {
      inadvertent: '无心之失（经验不足、先行先试、客观或不可预见因素）',
      negligent: '失职渎职（应履行而未履行、不当履行）',
      deliberate: '明知故犯、主观故意',
    },
  },
  severity: {
    kind: 'enum',
    label: '后果',
    question: '看后果：造成了怎样的损失或影响？',
    values: ['none', 'minor', 'major', 'catastrophic'],
    valueLabels: {
      none: '没有造成损失或不良影响',
      minor: '一定损失或一般不良影响，可控',
      major: '重大损失或严重不良影响',
      catastrophic: '直接造成重大及以上（重特大）安全、质量、食品药品事故，严重环境污染、生态破坏，或重大群体性事件',
    },
  },
  remediation: {
    kind: 'enum',
    label: '处置',
    question: '看处置：失误发生后怎样处置？',
    values: ['proactive', 'none', 'concealed'],
    valueLabels: {
      proactive: '积极主动采取措施消除影响、挽回损失',
      none: '没有采取措施',
      concealed: '掩盖过失、瞒报不报、知错不改',
    },
  },
  promotesDevelopment: {
    kind: 'boolean',
    label: '有利于发展',
    question: '看结果：是否有利于改革创新和发展大局（而非阻碍、破坏经济建设和社会秩序）？',
  },
  collusion: {
    kind: 'boolean',
    label: '恶意串通',
    question: '是否与其他组织或个人恶意串通，损害公共利益和他人正当利益？',
  },
  repeatedError: {
    kind: 'boolean',
    label: '重复失误',
    question: '是否在同一问题上重复出现失误，或在给予容错免责后再次出现同样失误？',
  },
  vanityProject: {
    kind: 'boolean',
    label: '政绩工程',
    question: '是否打着改革创新旗号搞劳民伤财的“政绩工程”“形象工程”？',
  },
  reformAsPretext: {
    kind: 'boolean',
    label: '借改革之名',
    question: '是否借改革之名抬高办事门槛、损害群众利益、降低行政效能？',
  },
  seriousViolation: {
    kind: 'boolean',
    label: '严重违纪',
    question: '是否严重违纪涉嫌违法（应适用“第四种形态”），或错误情节严重、明显构成违纪？',
  },
  politicalDeviation: {
    kind: 'boolean',
    label: '政治偏差',
    question: '是否背离“两个维护”，在政治立场、政治方向、政治原则、政治道路上存在问题？',
  },
  abuseOfAuthority: {
    kind: 'boolean',
    label: '滥用职权',
    question: '是否滥用法定职权或不履行法定职责，致使公民、法人和其他组织的合法权益受到损害？',
  },
  withinLegalAuthority: {
    kind: 'boolean',
    label: '法定职责和程序',
    question: '是否在法定的职责范围内、按法定程序履职？',
  },
  disciplineForm: {
    kind: 'enum',
    label: '四种形态',
    question: '如不容错，本应适用监督执纪“四种形态”中的哪一种？',
    values: ['first', 'second', 'third', 'fourth'],
    valueLabels: { first: '第一种形态', second: '第二种形态', third: '第三种形态', fourth: '第四种形态' },
  },
  situations: {
    kind: 'tags',
    label: '容错情形',
    question: '失误发生在哪类工作情境中（容错情形）？',
    tags: SITUATION_TAGS,
  },
  diligence: {
    kind: 'tags',
    label: '履职尽责情形',
    question: '是否存在下列履职尽责（不予追究）情形？',
    tags: DILIGENCE_TAGS,
  },
  mitigation: {
    kind: 'tags',
    label: '从轻减轻情形',
    question: '是否存在下列从轻、减轻情形？',
    tags: MITIGATION_TAGS,
  },
} as const satisfies Record<string, FactSpec>;

export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as FactName[];
export type ScalarFactName = Exclude<FactName, TagListName>;
export const SCALAR_FACT_NAMES = FACT_NAMES.filter(
  (name): name is ScalarFactName => FACTS[name].kind !== 'tags',
);

export function isFactName(name: string): name is FactName {
  return Object.prototype.hasOwnProperty.call(FACTS, name);
}

export function isTagListName(name: string): name is TagListName {
  return Object.prototype.hasOwnProperty.call(TAG_LISTS, name);
}

export function isTagOf(list: TagListName, tag: string): boolean {
  return Object.prototype.hasOwnProperty.call(TAG_LISTS[list], tag);
}

/** The Chinese label of a fact value, for reports and the interview. */
export function describeValue(fact: FactName, value: unknown): string {
  if (value === undefined || value === null) return '未知';
  const spec: FactSpec = FACTS[fact];
  if (spec.kind === 'boolean') return value ? '是' : '否';
  if (spec.kind === 'enum') return spec.valueLabels[String(value)] ?? String(value);
  const tags = value as readonly string[];
  if (tags.length === 0) return '无';
  return tags.map((t) => spec.tags[t] ?? t).join('；');
}
