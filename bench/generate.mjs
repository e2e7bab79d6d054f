// Bench data: realistic cases (≈750 bytes each, subject and matter text,
// every fact fuzhou-2019 reads known), from a fixed seed so every run of the
// bench reads the same bytes. Run alone: node bench/generate.mjs N FILE [SEED]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SEED = 20190122;
/** Bump when the generator changes, so cached data files are made again. */
export const GENERATOR_VERSION = 1;

/** mulberry32: small, fast, and the same sequence on every platform. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const COUNTIES = ['临川区', '东乡区', '南城县', '黎川县', '南丰县', '崇仁县', '乐安县', '宜黄县', '金溪县', '资溪县', '广昌县'];
const BODIES = ['商务局', '发展和改革委员会', '自然资源局', '生态环境局', '住房和城乡建设局', '农业农村局', '应急管理局', '行政审批局', '市场监督管理局', '人民政府'];
const POSITIONS = ['局长', '副局长', '主任', '副主任', '科长', '副科长', '镇长', '副镇长', '股长', '四级主任科员'];
const MATTERS = [
  ['招商引资土地出让价格偏差', '推进招商引资项目时采用新的土地评估方式，参数选取不当，出让价低于评估价约{n}%'],
  ['容缺受理企业开办申请', '对材料不全的企业开办申请容缺受理，申请人未按期补正，{n}户登记需撤销'],
  ['防汛转移中临机决断', '汛期紧急转移群众时临机征用场地和车辆，未按程序报批，产生补偿约{n}万元'],
  ['老旧小区改造超预算', '推进老旧小区改造时突破常规施工，因设计变更造价超出预算约{n}%'],
  ['历史遗留征地补偿', '化解历史遗留征地纠纷时按新办法核定补偿，{n}户群众提出异议'],
  ['审批精简后监管缺位', '取消{n}项前置审批，事中事后监管未及时跟上，部分企业违规经营'],
  ['科技成果转化未达预期', '投入引导资金支持成果转化，因市场变化产值仅达计划的{n}%'],
  ['产业扶贫项目亏损', '组织合作社发展特色种植，因连续干旱减产，亏损约{n}万元'],
];
const REMEDIES = [
  '主动报告并协商补救，已挽回损失约{n}%。',
  '召开专题会议整改，已完成整改{n}项。',
  '已如实报告，配合调查，整改中。',
  '未采取有效措施。',
];
const EVIDENCE = ['党组会议纪要', '情况说明', '补缴凭证', '专家论证意见', '整改报告', '审批档案', '现场照片', '财务凭证'];
const SITUATIONS = [
  'directive-implementation', 'reform-pilot', 'innovation-drive', 'key-tasks', 'major-projects', 'streamlined-service',
  'approval-reform', 'emergency-response', 'legacy-issues', 'policy-change', 'force-majeure', 'bold-performance',
  'misunderstood-or-accused', 'self-raised-targets', 'law-at-the-time', 'cadre-management', 'drafting-publicity',
];

/** The cases of one seed, one at a time. */
export function* generateCases(count, seed = DEFAULT_SEED) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const chance = (p) => rand() < p;
  /** Picks from [value, weight] pairs. */
  const weighted = (pairs) => {
    let r = rand() * pairs.reduce((n, [, w]) => n + w, 0);
    for (const [value, w] of pairs) if ((r -= w) < 0) return value;
    return pairs[pairs.length - 1][0];
  };
  const date = (year, from, to) => {
    const month = from + Math.floor(rand() * (to - from + 1));
    return `${year}-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  };
  for (let i = 1; i <= count; i++) {
    const [title, narrative] = pick(MATTERS);
    const name = `${pick(SURNAMES)}某`;
    const year = 2019 + Math.floor(rand() * 6);
    const situations = chance(0.12) ? [] : [pick(SITUATIONS)];
    if (chance(0.25)) {
      const second = pick(SITUATIONS);
      if (!situations.includes(second)) situations.push(second);
    }
    const evidence = (chance(0.5) ? [pick(EVIDENCE)] : [pick(EVIDENCE), pick(EVIDENCE)]).filter((e, j, all) => all.indexOf(e) === j);
    yield {
      id: `B${String(i).padStart(7, '0')}`,
      policy: 'fuzhou-2019',
      subject: { name, unit: `${pick(COUNTIES)}${pick(BODIES)}`, position: pick(POSITIONS) },
      matter: {
        title,
        narrative: `${name}${narrative.replace('{n}', String(2 + Math.floor(rand() * 30)))}。`,
        occurredOn: date(year, 1, 6),
        accountabilityStartedOn: date(year, 7, 12),
        remedies: pick(REMEDIES).replace('{n}', String(50 + Math.floor(rand() * 50))),
        evidence,
      },
      facts: {
        inScope: chance(0.96),
        improperBenefit: chance(0.05),
        prohibitedAtTime: chance(0.05),
        alignedWithDirectives: chance(0.92),
        decisionProcess: weighted([['followed', 70], ['emergency-ratified', 15], ['arbitrary', 15]]),
        intent: weighted([['inadvertent', 78], ['negligent', 16], ['deliberate', 6]]),
        severity: weighted([['none', 20], ['minor', 55], ['major', 20], ['catastrophic', 5]]),
        remediation: weighted([['proactive', 75], ['none', 18], ['concealed', 7]]),
        promotesDevelopment: chance(0.92),
        repeatedError: chance(0.04),
        vanityProject: chance(0.03),
        reformAsPretext: chance(0.03),
        situations,
      },
    };
  }
}

/** Writes `count` cases as NDJSON; resolves with the bytes written. */
export async function writeNdjson(file, count, seed = DEFAULT_SEED) {
  const out = createWriteStream(file);
  let bytes = 0;
  let chunk = '';
  for (const kase of generateCases(count, seed)) {
    chunk += `${JSON.stringify(kase)}\n`;
    if (chunk.length > 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return bytes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [count = '100000', file = 'bench/data/cases.ndjson', seed = String(DEFAULT_SEED)] = process.argv.slice(2);
  const bytes = await writeNdjson(file, Number(count), Number(seed));
  process.stdout.write(`${count} cases, ${(bytes / 1e6).toFixed(1)} MB → ${file}\n`);
}
