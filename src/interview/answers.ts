// The answer codec: how each question of the catalogue reads its answer
// from a case and records one in it (facts, tag lists, subject and matter
// details), and an answer in words for the review list. Pure: a case in, a
// new case out; “不确定” leaves the fact unknown, never false.
import { isoDateProblem } from '../case/iso-date.js';
import type { Case } from '../case/schema.js';
import type { CaseFacts } from '../evaluate/evaluate.js';
import type { ScalarValue } from '../evaluate/logic.js';
import { tagPartHolds } from '../policy/conditions.js';
import type { TagListName } from '../vocabulary.js';
import { UNKNOWN_CHOICE, type DetailPath, type Question, type TextQuestion } from './catalogue.js';

/** An answer: a value, item ids, text; null for “不确定”. */
export type Answer = string | boolean | string[] | null;

function getDetail(kase: Case, path: DetailPath): string | string[] | undefined {
  const [group, key] = path.split('.') as ['subject' | 'matter', string];
  const holder = kase[group] as Record<string, string | string[] | undefined> | undefined;
  return holder?.[key];
}

function setDetail(kase: Case, path: DetailPath, value: string | string[] | undefined): Case {
  const [group, key] = path.split('.') as ['subject' | 'matter', string];
  const holder: Record<string, unknown> = { ...(kase[group] ?? {}) };
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete holder[key];
  else holder[key] = value;
  const next: Case = { ...kase };
  if (Object.keys(holder).length === 0) delete next[group];
  else (next as unknown as Record<string, unknown>)[group] = holder;
  return next;
}

function withFacts(kase: Case, change: (facts: CaseFacts) => void): Case {
  const facts: CaseFacts = { ...kase.facts };
  change(facts);
  return { ...kase, facts };
}

const known = (v: unknown) => v !== undefined && v !== null;

/** The tags of a list the case holds, or undefined when the list is unknown. */
function listOf(kase: Case, list: TagListName): Set<string> | undefined {
  const v = kase.facts[list];
  return known(v) ? new Set(v as readonly string[]) : undefined;
}

/** The current answer to a question, from the case (null: unknown or never given). */
export function currentAnswer(q: Question, kase: Case): Answer {
  if (q.kind === 'text') {
    const v = getDetail(kase, q.detail);
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join('、') : v;
  }
  if (q.kind === 'choice') {
    const v = q.fact ? kase.facts[q.fact] : getDetail(kase, q.detail!);
    return known(v) ? (v as string | boolean) : null;
  }
  if (q.list) {
    const tags = listOf(kase, q.list);
    if (!tags) return null;
    return q.items.filter((i) => i.selectable && tagPartHolds(i.when, q.list!, tags) === true).map((i) => i.id);
  }
  if (q.facts.every((f) => !known(kase.facts[f]))) return null;
  return q.items.filter((i) => i.sets && kase.facts[i.sets.fact] === i.sets.value).map((i) => i.id);
}

/** Why a typed answer cannot be taken, so that the question is asked again (answers kept); null when it can. */
export function textAnswerProblem(q: TextQuestion, value: string): string | null {
  const text = value.trim();
  if (!q.date || text === '') return null;
  const problem = isoDateProblem(text);
  return problem === null ? null : `${problem}。请按 YYYY-MM-DD 填写，例如 2024-05-10；不清楚可留空。`;
}

/** Records an answer in the case (a new case; the old one is left as it was). */
export function applyAnswer(q: Question, kase: Case, answer: Answer): Case {
  if (q.kind === 'text') {
    const text = typeof answer === 'string' ? answer.trim() : '';
    if (text === '') return setDetail(kase, q.detail, undefined);
    if (q.multiple) {
      const parts = text
        .split(/[、,，;；\n]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      return setDetail(kase, q.detail, parts);
    }
    return setDetail(kase, q.detail, text);
  }
  if (q.kind === 'choice') {
    const value = answer === null || answer === UNKNOWN_CHOICE ? undefined : (answer as ScalarValue);
    if (q.detail) return setDetail(kase, q.detail, value === undefined ? undefined : String(value));
    return withFacts(kase, (facts) => {
      if (value === undefined) delete facts[q.fact!];
      else facts[q.fact!] = value;
    });
  }
  const ids = answer === null || answer === UNKNOWN_CHOICE ? null : (answer as string[]);
  const chosen = q.items.filter((i) => i.selectable && ids?.includes(i.id));
  if (q.list) {
    const list = q.list;
    return withFacts(kase, (facts) => {
      if (ids === null) {
        delete facts[list];
        return;
      }
      // Tags no item of this policy reads (from a case written for another policy) are kept.
      const offered = new Set(q.items.flatMap((i) => i.tags));
      const kept = [...(listOf(kase, list) ?? [])].filter((t) => !offered.has(t));
      const tags = [...kept];
      for (const i of chosen) for (const t of i.tags) if (!tags.includes(t)) tags.push(t);
      facts[list] = tags;
    });
  }
  return withFacts(kase, (facts) => {
    for (const fact of q.facts) {
      if (ids === null) {
        delete facts[fact];
        continue;
      }
      const hit = chosen.find((i) => i.sets?.fact === fact);
      const offered = q.items.find((i) => i.sets?.fact === fact)!;
      facts[fact] = hit ? hit.sets!.value : !offered.sets!.value;
    }
  });
}

/** Whether a question has an answer in the case. */
export function isAnswered(q: Question, kase: Case): boolean {
  return currentAnswer(q, kase) !== null;
}

/** An answer in words, for the review list. */
export function describeAnswer(q: Question, kase: Case): string {
  const answer = currentAnswer(q, kase);
  if (q.kind === 'text') return answer === null ? '（未填）' : String(answer);
  if (answer === null) return '不确定';
  if (q.kind === 'choice') {
    const c = q.choices.find((x) => x.value === answer);
    return c?.short ?? c?.label ?? String(answer);
  }
  const ids = answer as string[];
  if (ids.length === 0) return q.list ? '都不符合' : '都没有';
  return q.items
    .filter((i) => ids.includes(i.id))
    .map((i) => i.ref)
    .filter((ref, i, all) => all.indexOf(ref) === i)
    .join('、');
}
