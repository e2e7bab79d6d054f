// Facts in words, shared by the report and the draft: short readings for
// tables (“谋取私利：否”) and prose for sentences (“没有为自己、他人或单位谋取私利”),
// from the vocabulary's words (vocabulary/facts.yaml) and a policy's own facts.
import type { FactChange, FactReading } from '../evaluate/result.js';
import { TAG_LISTS, factSpec, isFactName, isTagListName, valueWords, type TagListName } from '../vocabulary.js';

/**
 * Where a policy's own facts (`<policy-id>.<name>`) are named: a compiled
 * policy and the report data both have `policy.facts`.
 */
export interface OwnFacts {
  policy: { facts: ReadonlyArray<{ id: string; label: string; question: string }> };
}

function policyFactLabel(fact: string, own: OwnFacts | undefined): string {
  return own?.policy.facts.find((f) => f.id === fact)?.label ?? fact;
}

/** “谋取私利” for a vocabulary fact; a policy's own fact by its label. */
export function factLabel(fact: string, own?: OwnFacts): string {
  return factSpec(fact)?.label ?? policyFactLabel(fact, own);
}

/** The question the interview asks for a fact. */
export function factQuestion(fact: string, own?: OwnFacts): string {
  const spec = factSpec(fact);
  if (spec) return spec.question;
  return own?.policy.facts.find((f) => f.id === fact)?.question ?? fact;
}

export function tagLabel(list: TagListName, tag: string): string {
  return (TAG_LISTS[list] as Record<string, string>)[tag] ?? tag;
}

/** A value in a few words: “否”, “无心之失”, “reform-pilot、key-tasks”. */
export function shortValue(fact: string, value: unknown): string {
  if (value === undefined || value === null) return '未知';
  if (isTagListName(fact)) {
    const tags = value as readonly string[];
    return tags.length === 0 ? '无' : tags.map((t) => tagLabel(fact, t)).join('、');
  }
  if (isFactName(fact)) return valueWords(fact, value)?.short ?? String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

/** “谋取私利：否” */
export function reading(r: FactReading, own?: OwnFacts): string {
  return `${factLabel(r.fact, own)}：${shortValue(r.fact, r.value)}`;
}

/** A fact's value as prose, or undefined where unknown. */
export function prose(fact: string, value: unknown, own?: OwnFacts): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (isTagListName(fact)) {
    const tags = value as readonly string[];
    if (tags.length === 0) return `不存在所列${factLabel(fact)}`;
    return `存在${tags.map((t) => `“${tagLabel(fact, t)}”`).join('、')}的情形`;
  }
  const text = valueWords(fact, value)?.prose;
  if (text) return text;
  const label = policyFactLabel(fact, own);
  return value === true ? label : value === false ? `并非${label}` : `${label}为${String(value)}`;
}

/** The change behind a counterfactual, after “若”: “失误发生后积极主动采取措施消除影响、挽回损失”. */
export function changePhrase(fact: string, change: FactChange, own?: OwnFacts): string {
  if (change.kind === 'set') return prose(fact, change.value, own) ?? `${factLabel(fact, own)}为${String(change.value)}`;
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
    if (tags.length === 0) return '都没有';
    return tags.map((t) => tagLabel(fact, t)).join('、');
  }
  return shortValue(fact, value);
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
