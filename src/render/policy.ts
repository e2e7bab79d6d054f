// `rongcuo policies show ID`: a policy rendered for reading — each article
// with its verbatim text and the machine-readable condition in words.
import type { ChalkInstance } from 'chalk';
import type { CompiledPolicy } from '../policy/compile.js';
import { DISTINCTION_LABELS, LOOK_LABELS, type Citation, type Condition, type RuleGroup } from '../policy/schema.js';
import { SITUATION_READING, TAG_LISTS, factSpec, valueWords } from '../vocabulary.js';
import { INFERRED_LEGEND, markInferredItems } from './plain-reading.js';
import { sanitizeLines } from './safe-text.js';

function factLabel(fact: string, policyFacts: Map<string, string>): string {
  const spec = factSpec(fact);
  if (spec) return `${spec.label}（${fact}）`;
  return `${policyFacts.get(fact) ?? fact}（${fact}）`;
}

function valueLabel(fact: string, value: unknown): string {
  const spec = factSpec(fact);
  if (!spec) return value === true ? '是' : value === false ? '否' : String(value);
  if (spec.kind === 'boolean') return value ? '是' : '否';
  if (spec.kind === 'enum') return `${String(value)}`;
  return String(value);
}

/**
 * A condition in words, e.g. “情形含 reform-pilot 且 决策程序 = followed”; `plain`:
 * for people, without ids (“情形含“改革试点” 且 “决策程序：按程序决策””).
 */
export function describeCondition(condition: Condition, policyFacts: Map<string, string> = new Map(), plain = false): string {
  const label = (fact: string) => (plain ? (factSpec(fact)?.label ?? policyFacts.get(fact) ?? fact) : factLabel(fact, policyFacts));
  const value = (fact: string, v: unknown) => (plain ? (valueWords(fact, v)?.short ?? (v === true ? '是' : v === false ? '否' : String(v))) : valueLabel(fact, v));
  const inner = (c: Condition, nested: boolean): string => {
    if ('all' in c) {
      const text = c.all.map((x) => inner(x, true)).join(' 且 ');
      return nested && c.all.length > 1 ? `（${text}）` : text;
    }
    if ('any' in c) {
      const text = c.any.map((x) => inner(x, true)).join(' 或 ');
      return nested && c.any.length > 1 ? `（${text}）` : text;
    }
    if ('not' in c) return `并非${inner(c.not, true)}`;
    if ('list' in c) {
      const tag = (TAG_LISTS[c.list] as Record<string, string>)[c.has] ?? c.has;
      return plain ? `${factSpec(c.list)!.label}含“${tag}”` : `${factSpec(c.list)!.label}含 ${c.has}（${tag}）`;
    }
    if ('is' in c) return plain ? `“${label(c.fact)}：${value(c.fact, c.is)}”` : `${label(c.fact)} = ${value(c.fact, c.is)}`;
    if (plain) return `“${label(c.fact)}：${c.in.map((v) => value(c.fact, v)).join('或')}”`;
    return `${label(c.fact)} ∈ {${c.in.join(', ')}}`;
  };
  return inner(condition, false);
}

/** Every string in `value`, deep, with controls escaped: a policy file's texts are shown, never acted on. */
function shownDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitizeLines(value) as T;
  if (Array.isArray(value)) return value.map(shownDeep) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [sanitizeLines(k), shownDeep(v)])) as T;
  }
  return value;
}

export function renderPolicy(compiled: CompiledPolicy, c: ChalkInstance): string {
  const p = shownDeep(compiled.policy);
  const policyFacts = new Map(p.facts.map((f) => [f.id, f.label]));
  const out: string[] = [];
  const heading = (text: string) => out.push('', c.bold.underline(text));
  const citation = (x: Citation, indent = '  ') => {
    out.push(`${indent}${c.cyan(x.ref)} ${x.text}`);
    if (x.note) out.push(`${indent}  ${c.yellow(`注：${x.note}`)}`);
  };
  const group = (g: RuleGroup, extra?: string) => {
    out.push(`  ${c.cyan(g.ref)} ${g.text}${g.modality ? c.dim(`（${g.modality}）`) : ''}`);
    if (g.note) out.push(`    ${c.yellow(`注：${g.note}`)}`);
    for (const item of g.items) {
      out.push(`    ${c.cyan(item.ref)} ${item.text}`);
      out.push(`      ${c.dim('规则：')}${describeCondition(item.when, policyFacts)}${item.needsJudgement ? c.yellow(' ［兜底条款：需认定机关研究判断］') : ''}`);
      if (extra) out.push(`      ${c.dim(extra)}`);
      if (item.note) out.push(`      ${c.yellow(`解读：${item.note}`)}`);
    }
  };

  out.push(c.bold(p.title), `${p.issuer}${p.documentNumber ? `　${p.documentNumber}` : ''}　${p.date ?? '日期不详'}　${p.status}`);
  if (p.documentNumberNote) out.push(c.dim(p.documentNumberNote));
  if (p.dateNote) out.push(c.dim(p.dateNote));
  out.push(c.dim(`id：${p.id}　来源：${p.source.seed}${p.source.part ? `（${p.source.part}）` : ''}`));
  if (p.source.itemNumbersInferred) out.push(c.yellow(INFERRED_LEGEND));

  heading('适用范围');
  citation(p.scope);
  heading('认定主体');
  citation(p.authority);

  heading('三个区分开来');
  for (const d of p.distinctions) {
    const [good, bad] = DISTINCTION_LABELS[d.distinction];
    out.push(`  ${c.cyan(d.ref)} ${good} ⟷ ${bad}`);
    out.push(`    ${d.text}`);
    out.push(`    ${c.dim('红线：')}${describeCondition(d.when, policyFacts)}`);
    if (d.note) out.push(`    ${c.yellow(`注：${d.note}`)}`);
  }

  heading(p.looks.mappedFromFactors ? '七看（由综合研判因素对应）' : '七看');
  if (p.looks.ref) out.push(`  ${c.cyan(p.looks.ref)} ${p.looks.text ?? ''}`);
  if (p.looks.note) out.push(`  ${c.yellow(`注：${p.looks.note}`)}`);
  for (const look of p.looks.items) {
    out.push(`  ${c.bold(LOOK_LABELS[look.look])} ${look.ref ? c.cyan(look.ref) : c.yellow('本办法未列')} ${look.text ?? ''}`);
    out.push(`    ${c.dim('有利：')}${describeCondition(look.favourable, policyFacts)}　${c.dim('不利：')}${describeCondition(look.unfavourable, policyFacts)}`);
    if (look.note) out.push(`    ${c.yellow(`注：${look.note}`)}`);
  }

  if (p.exclusions.length) {
    heading('不予容错');
    p.exclusions.forEach((g) => group(g));
  }
  if (p.diligence.length) {
    heading('履职尽责（不予追究）');
    p.diligence.forEach((g) => group(g));
  }
  heading('容错情形');
  out.push(c.dim(`  每项情形均以“${describeCondition(SITUATION_READING.when)}”为前提（${SITUATION_READING.why}）。`));
  p.situations.forEach((g) => group(g));
  heading('容错条件');
  if (p.conditions) group(p.conditions, '须全部满足');
  else out.push(`  ${c.yellow(p.conditionsNote ?? '本办法未列容错条件。')}`);
  if (p.situationAlone) {
    out.push(`  ${c.cyan(p.situationAlone.ref)} ${p.situationAlone.text}`);
    out.push(`    ${c.dim('符合情形但条件未全部满足时：从轻、减轻处理（')}${p.situationAlone.modality}${c.dim('）')}`);
  }
  if (p.stillAccountable) {
    heading('确需追究责任（从轻减轻）');
    const clause = p.stillAccountable;
    out.push(`  ${c.cyan(clause.ref)} ${clause.text}${c.dim(`（${clause.modality}）`)}`);
    out.push(`    ${c.dim('规则：')}符合容错情形且 ${describeCondition(clause.when, policyFacts)} 时，不作容错免责，从轻减轻`);
    if (clause.note) out.push(`    ${c.yellow(`解读：${clause.note}`)}`);
  }
  if (p.mitigation.length) {
    heading('从轻减轻');
    p.mitigation.forEach((g) => group(g));
  }
  if (p.notEligible) {
    heading('不符合容错情形');
    citation(p.notEligible);
  }

  heading('程序');
  out.push(`  受理：${p.procedure.receiver.body}`);
  citation(p.procedure.receiver, '  ');
  for (const step of p.procedure.steps) citation({ ...step, text: `【${step.name}】${step.text}` });
  for (const d of p.procedure.deadlines) {
    const days = d.days === null ? c.yellow('［日数原文缺失］') : `${d.days} 个${d.unit === 'working-days' ? '工作日' : '日'}`;
    out.push(`  期限：${d.label} — ${days}（${c.cyan(d.ref)}）`);
    if (d.note) out.push(`    ${c.yellow(`注：${d.note}`)}`);
  }
  for (const n of p.procedure.notes) citation(n);
  if (p.procedure.note) out.push(`  ${c.yellow(`注：${p.procedure.note}`)}`);

  const simple = (title: string, list: Citation[], empty: string) => {
    heading(title);
    if (list.length === 0) out.push(`  ${c.dim(empty)}`);
    list.forEach((x) => citation(x));
  };
  simple('结果运用', p.resultUse, '本办法未规定。');
  simple('纠错', p.correction, '本办法未规定纠错程序。');
  simple('澄清保护', p.clarification, '本办法未规定。');
  if (p.formConversion) {
    heading('四种形态转化');
    citation({ ...p.formConversion, text: `【${p.formConversion.modality}转化：第二种→第一种、第三种→第二种】${p.formConversion.text}` });
  }
  if (p.otherArticles.length) {
    heading('其他条款');
    for (const a of p.otherArticles) citation({ ...a, text: `【${a.topic}】${a.text}` });
  }
  if (p.gaps.length) {
    heading('原文缺漏与说明');
    for (const g of p.gaps) out.push(`  ${c.yellow(g)}`);
  }
  out.push('');
  // Item numbers the seed lost are marked wherever they are cited (the legend is never marked: it cites none).
  return `${markInferredItems(out.join('\n'), p.source.itemNumbersInferred === true)}\n`;
}
