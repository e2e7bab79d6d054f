// Question selection (src/interview/select.ts) and the question catalogue
// (src/interview/questions.ts): what is asked, in which order, and how an
// answer becomes case-format facts.
import { describe, expect, it } from 'vitest';
import type { Case } from '../src/case/schema.js';
import { evaluate, type CaseFacts } from '../src/evaluate/evaluate.js';
import { allBundledCompiled, resolvePolicy } from '../src/policy/registry.js';
import { applyAnswer, currentAnswer, describeAnswer, type Answer } from '../src/interview/answers.js';
import { UNKNOWN_CHOICE, buildQuestions, coveredFacts, type ItemsQuestion, type Question } from '../src/interview/catalogue.js';
import { factsRead } from '../src/policy/conditions.js';
import { draftSupported, nextFactQuestion, pendingDetails } from '../src/interview/select.js';
import { FUZHOU_EXEMPT } from './helpers/cases.js';

const fuzhou = resolvePolicy('fuzhou-2019');
const fuzhouQuestions = buildQuestions(fuzhou);

const EXEMPT: CaseFacts = FUZHOU_EXEMPT;

const kaseOf = (facts: CaseFacts): Case => ({ id: 't', facts });
const without = (facts: CaseFacts, ...names: string[]): CaseFacts => {
  const copy = { ...facts };
  for (const n of names) delete copy[n];
  return copy;
};
const items = (q: Question | undefined) => q as ItemsQuestion;

describe('nextFactQuestion', () => {
  it('asks 后果 first, and only that, when severity is the only unknown under fuzhou-2019', () => {
    const { question, assessment } = nextFactQuestion(fuzhou, fuzhouQuestions, kaseOf(without(EXEMPT, 'severity')), new Set());
    expect(assessment.outcome).toBe('undetermined');
    expect(assessment.missingFacts).toEqual(['severity']);
    expect(question?.id).toBe('severity');
    expect(question?.message).toBe('看后果：造成了怎样的损失或影响？');
  });

  it('stops asking facts once the outcome is decided', () => {
    expect(nextFactQuestion(fuzhou, fuzhouQuestions, kaseOf(EXEMPT), new Set()).question).toBeNull();
    // A red line decides with everything else unknown: nothing more is asked.
    const { question, assessment } = nextFactQuestion(fuzhou, fuzhouQuestions, kaseOf({ intent: 'deliberate' }), new Set());
    expect(question).toBeNull();
    expect(assessment.outcome).toBe('excluded');
  });

  it('asks the most decisive missing fact first, as the evaluator ranks them', () => {
    for (const compiled of allBundledCompiled()) {
      const catalogue = buildQuestions(compiled);
      const { question, assessment } = nextFactQuestion(compiled, catalogue, kaseOf({ inScope: true }), new Set());
      expect(question, compiled.policy.id).not.toBeNull();
      expect(coveredFacts(question!), compiled.policy.id).toContain(assessment.missingFacts[0]);
    }
  });

  it('does not ask again a question answered “不确定”; the result stays undetermined and says what is missing', () => {
    const kase = kaseOf(without(EXEMPT, 'severity'));
    const { question, assessment } = nextFactQuestion(fuzhou, fuzhouQuestions, kase, new Set(['severity']));
    expect(question).toBeNull();
    expect(assessment.outcome).toBe('undetermined');
    expect(assessment.missingFacts).toEqual(['severity']);
  });

  it('asks 适用范围 first in a fresh interview, and not when the answers came from a case file', () => {
    const fresh = nextFactQuestion(fuzhou, fuzhouQuestions, kaseOf({}), new Set(), { askScope: true });
    expect(fresh.question?.id).toBe('inScope');
    const prefilled = nextFactQuestion(fuzhou, fuzhouQuestions, kaseOf({}), new Set());
    expect(prefilled.question?.id).not.toBe('inScope');
    // Answered “不确定”: assumed in scope, as the evaluator does, and not asked again.
    const skipped = nextFactQuestion(fuzhou, fuzhouQuestions, kaseOf({}), new Set(['inScope']), { askScope: true });
    expect(skipped.question?.id).not.toBe('inScope');
    // Out of scope: decided, nothing more to ask.
    expect(nextFactQuestion(fuzhou, fuzhouQuestions, kaseOf({ inScope: false }), new Set(['inScope']), { askScope: true }).question).toBeNull();
  });

  it('reaches a decided outcome (or asks everything that could matter) under every policy, never asking twice', () => {
    for (const compiled of allBundledCompiled()) {
      const catalogue = buildQuestions(compiled);
      // Two ways through: always the first answer, always the last real answer.
      for (const pick of ['first', 'last'] as const) {
        let kase = kaseOf({});
        const asked = new Set<string>();
        for (let step = 0; ; step++) {
          expect(step, `${compiled.policy.id} terminates`).toBeLessThan(40);
          const { question, assessment } = nextFactQuestion(compiled, catalogue, kase, asked, { askScope: true });
          if (!question) {
            if (assessment.outcome === 'undetermined') {
              for (const f of assessment.missingFacts) expect(asked.has(catalogue.forFact.get(f)!.id), `${compiled.policy.id} ${f}`).toBe(true);
            }
            break;
          }
          expect(asked.has(question.id), `${compiled.policy.id} asks ${question.id} once`).toBe(false);
          let answer: Answer;
          if (question.kind === 'choice') {
            const real = question.choices.filter((c) => c.value !== UNKNOWN_CHOICE);
            answer = (pick === 'first' ? real[0] : real.at(-1))!.value;
          } else if (question.kind === 'items') {
            const selectable = question.items.filter((i) => i.selectable);
            answer = pick === 'first' ? [selectable[0]!.id] : [];
          } else answer = '';
          kase = applyAnswer(question, kase, answer);
          asked.add(question.id);
        }
      }
    }
  });
});

describe('the question catalogue', () => {
  it('has a question, with help citing an article of the policy, for every fact a policy reads', () => {
    for (const compiled of allBundledCompiled()) {
      const catalogue = buildQuestions(compiled);
      const read = new Set(compiled.rules.flatMap((r) => factsRead(r.when)));
      for (const fact of read) expect(catalogue.forFact.has(fact), `${compiled.policy.id}: ${fact}`).toBe(true);
      for (const q of [...catalogue.facts, ...catalogue.basics, ...catalogue.details]) {
        expect(q.help.length, `${compiled.policy.id} ${q.id} has help`).toBeGreaterThan(0);
      }
      for (const q of catalogue.facts) {
        expect(q.help.some((h) => /^依据：第[一二三四五六七八九十百]+条/.test(h)), `${compiled.policy.id} ${q.id} cites an article`).toBe(true);
        if (q.kind === 'choice') expect(q.choices.at(-1)!.value).toBe(UNKNOWN_CHOICE);
      }
    }
  });

  it('offers the policy’s own items, verbatim, for 容错情形, 履职尽责, 从轻减轻 and 不予容错', () => {
    for (const compiled of allBundledCompiled()) {
      const catalogue = buildQuestions(compiled);
      const pairs = [
        ['situations', 'situation'],
        ['diligence', 'diligence'],
        ['mitigation', 'mitigation'],
      ] as const;
      for (const [list, section] of pairs) {
        const q = catalogue.byId.get(list) as ItemsQuestion | undefined;
        const rules = compiled.rulesBySection[section];
        if (!q) continue;
        expect(q.items.map((i) => [i.ref, i.text]), `${compiled.policy.id} ${list}`).toEqual(rules.map((r) => [r.ref, r.text]));
      }
      const ex = catalogue.byId.get('exclusions') as ItemsQuestion | undefined;
      if (ex) expect(ex.items.map((i) => i.text)).toEqual(compiled.rulesBySection.exclusion.map((r) => r.text));
    }
    expect(fuzhouQuestions.facts.map((q) => q.section)).toEqual([...fuzhouQuestions.facts.map((q) => q.section)].sort(
      (a, b) => ['scope', 'looks', 'distinctions', 'situations', 'conditions', 'exclusions', 'diligence', 'mitigation'].indexOf(a) -
        ['scope', 'looks', 'distinctions', 'situations', 'conditions', 'exclusions', 'diligence', 'mitigation'].indexOf(b),
    ));
  });

  it('maps a selected 容错情形 item to the tags its condition reads; unselected is none, “不确定” unknown', () => {
    const q = items(fuzhouQuestions.byId.get('situations'));
    const art63 = q.items.find((i) => i.ref === '第六条第(三)项')!;
    expect(art63.tags).toEqual(['reform-pilot', 'policy-change']);
    let kase = applyAnswer(q, kaseOf({}), [art63.id]);
    expect(kase.facts.situations).toEqual(['reform-pilot', 'policy-change']);
    // Items whose tags the list now holds show as selected (第八条第(三)项 reads reform-pilot too).
    expect(describeAnswer(q, kase)).toBe('第六条第(三)项、第八条第(三)项');
    kase = applyAnswer(q, kase, []);
    expect(kase.facts.situations).toEqual([]);
    expect(describeAnswer(q, kase)).toBe('都不符合');
    kase = applyAnswer(q, kase, null);
    expect('situations' in kase.facts).toBe(false);
    expect(currentAnswer(q, kase)).toBeNull();
    // A tag no item of this policy reads (from a case written for another policy) is kept.
    kase = applyAnswer(q, kaseOf({ situations: ['cadre-management', 'key-tasks'] }), []);
    expect(kase.facts.situations).toEqual(['cadre-management']);
  });

  it('offers items that read only other facts dimmed, saying which question decides them', () => {
    const guian = buildQuestions(resolvePolicy('guian-new-area'));
    const situations = items(guian.byId.get('situations'));
    const art67 = situations.items.find((i) => i.ref === '第六条第(七)项')!;
    expect(art67.selectable).toBe(false);
    expect(art67.reason).toMatch(/^（由“.+”的回答判断）$/);
  });

  it('turns 不予容错 items that are one boolean fact into a multi-select: selected yes, unselected no', () => {
    const q = items(fuzhouQuestions.byId.get('exclusions'));
    expect(q.facts).toEqual(['vanityProject', 'reformAsPretext', 'repeatedError']);
    // 第九条第(一)项 reads prohibitedAtTime, which 看节点 asks: shown, not selectable.
    expect(q.items.find((i) => i.ref === '第九条第(一)项')!.selectable).toBe(false);
    const art95 = q.items.find((i) => i.ref === '第九条第(五)项')!;
    let kase = applyAnswer(q, kaseOf({}), [art95.id]);
    expect(kase.facts).toEqual({ vanityProject: true, reformAsPretext: false, repeatedError: false });
    expect(currentAnswer(q, kase)).toEqual([art95.id]);
    kase = applyAnswer(q, kase, null);
    expect(kase.facts).toEqual({});
    // 行政执法 第十三条 excludes acting outside statutory authority: selecting it records withinLegalAuthority false.
    const admin = buildQuestions(resolvePolicy('admin-enforcement'));
    const ex = items(admin.byId.get('exclusions'));
    expect(applyAnswer(ex, kaseOf({}), [ex.items[0]!.id]).facts).toEqual({ withinLegalAuthority: false });
    expect(applyAnswer(ex, kaseOf({}), []).facts).toEqual({ withinLegalAuthority: true });
  });

  it('records a choice, and “不确定” as unknown', () => {
    const q = fuzhouQuestions.byId.get('severity')!;
    let kase = applyAnswer(q, kaseOf({}), 'major');
    expect(kase.facts.severity).toBe('major');
    expect(describeAnswer(q, kase)).toBe('重大损失或严重不良影响');
    kase = applyAnswer(q, kase, UNKNOWN_CHOICE);
    expect('severity' in kase.facts).toBe(false);
    expect(describeAnswer(q, kase)).toBe('不确定');
  });

  it('records details for the draft: text, dates, evidence as a list; empty clears', () => {
    const evidence = fuzhouQuestions.byId.get('matter.evidence')!;
    let kase = applyAnswer(evidence, kaseOf({}), '会议纪要、情况说明，补缴凭证');
    expect(kase.matter?.evidence).toEqual(['会议纪要', '情况说明', '补缴凭证']);
    kase = applyAnswer(fuzhouQuestions.byId.get('subject.kind')!, kase, 'unit');
    expect(kase.subject).toEqual({ kind: 'unit' });
    kase = applyAnswer(evidence, kase, '  ');
    expect(kase.matter).toBeUndefined();
    expect(pendingDetails(fuzhouQuestions.details, kase, new Set(['matter.remedies'])).map((q) => q.id)).toEqual(['matter.narrative', 'matter.evidence']);
  });

  it('offers a draft only where the outcome supports an application', () => {
    expect(draftSupported(evaluate(fuzhou, EXEMPT))).toBe(true);
    expect(draftSupported(evaluate(fuzhou, { ...EXEMPT, intent: 'deliberate' }))).toBe(false);
    expect(draftSupported(evaluate(fuzhou, without(EXEMPT, 'severity')))).toBe(false);
  });
});
