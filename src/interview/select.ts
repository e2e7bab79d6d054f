// Which question comes next. Pure: policy, questions and the answers so far
// in; the next question (or none) out. The evaluator decides what still
// matters: only facts whose answer could change the outcome are asked, most
// decisive first (evaluate().missingFacts), and the fact questions stop once
// the outcome is decided.
import type { Case } from '../case/schema.js';
import { evaluate, type Assessment } from '../evaluate/evaluate.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { SUPPORTS_APPLICATION } from '../vocabulary.js';
import { isAnswered } from './answers.js';
import type { Catalogue, Question } from './catalogue.js';

interface SelectOptions {
  /**
   * Ask 适用范围 first while it is unknown. The evaluator assumes an absent
   * `inScope` (so never lists it as missing); a fresh interview asks it anyway,
   * an interview pre-filled from --answers keeps the assumption.
   */
  askScope?: boolean;
}

interface Selection {
  /** The next fact question, or null when nothing left to ask could change the outcome. */
  question: Question | null;
  /** The assessment of the answers so far. */
  assessment: Assessment;
}

/**
 * The next fact question: the question for the most decisive missing fact
 * that has not been asked yet. A question answered “不确定” is not asked
 * again (its fact stays unknown, and the result says so).
 */
export function nextFactQuestion(
  compiled: CompiledPolicy,
  catalogue: Catalogue,
  kase: Case,
  asked: ReadonlySet<string>,
  options: SelectOptions = {},
): Selection {
  const assessment = evaluate(compiled, kase.facts);
  if (options.askScope && !asked.has('inScope')) {
    const scope = catalogue.forFact.get('inScope');
    if (scope && !isAnswered(scope, kase)) return { question: scope, assessment };
  }
  for (const fact of assessment.missingFacts) {
    const question = catalogue.forFact.get(fact);
    if (question && !asked.has(question.id)) return { question, assessment };
  }
  return { question: null, assessment };
}

/** Detail questions not answered yet and not asked yet, in order. */
export function pendingDetails(questions: readonly Question[], kase: Case, asked: ReadonlySet<string>): Question[] {
  return questions.filter((q) => !asked.has(q.id) && !isAnswered(q, kase));
}

/** Outcomes for which an application for 容错 makes sense, so a draft is offered. */
export function draftSupported(assessment: Assessment): boolean {
  return SUPPORTS_APPLICATION.has(assessment.outcome);
}
