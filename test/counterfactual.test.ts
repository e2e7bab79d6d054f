// “What would change the outcome”: single-fact changes that lead to a better
// outcome, each with the articles it would satisfy or clear.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCaseFile } from '../src/case/load.js';
import type { Case } from '../src/case/schema.js';
import { bestOutcome, counterfactuals, type FactChange } from '../src/evaluate/counterfactual.js';
import { evaluate, type CaseFacts } from '../src/evaluate/evaluate.js';
import { resolvePolicy } from '../src/policy/registry.js';
import { FACTS, OUTCOME_RANK, SCALAR_FACT_NAMES, type DecidedOutcome } from '../src/vocabulary.js';

const ROOT = join(import.meta.dirname, '..');
const cases: Case[] = [...(await loadCaseFile(join(ROOT, 'fixtures/cases.json'))), ...(await loadCaseFile(join(ROOT, 'fixtures/report-cases.json')))];
const kase = (id: string) => cases.find((c) => c.id === id)!;

function analyse(id: string) {
  const c = kase(id);
  const compiled = resolvePolicy(c.policy!);
  return counterfactuals(compiled, c.facts);
}

function applyChange(facts: CaseFacts, fact: string, change: FactChange): CaseFacts {
  if (change.kind === 'set') return { ...facts, [fact]: change.value };
  const list = (facts[fact] as readonly string[]) ?? [];
  return { ...facts, [fact]: change.kind === 'add-tag' ? [...list, change.tag] : list.filter((t) => t !== change.tag) };
}

describe('counterfactuals on the fixture cases', () => {
  it('finds that proactive remediation would satisfy 抚州 第四条第(六)项 and make a not-eligible case exempt', () => {
    const cf = analyse('2024-021');
    expect(cf.status).toBe('analysed');
    expect(cf.current).toBe('not-eligible');
    expect(cf.best).toBe('exempt');
    const remediation = cf.changes.find((c) => c.fact === 'remediation');
    expect(remediation).toMatchObject({
      change: { kind: 'set', value: 'proactive' },
      outcome: 'exempt',
      strength: '可以',
      satisfies: [expect.objectContaining({ article: '第四条第(六)项' })],
      clears: [],
    });
  });

  it('says an exempt case is already at the best outcome 抚州 allows', () => {
    expect(analyse('2024-017')).toMatchObject({ status: 'at-best', best: 'exempt', changes: [] });
  });

  it('finds no single change for a case on two red lines at once', () => {
    const cf = analyse('2024-019');
    expect(cf.status).toBe('analysed');
    expect(cf.changes).toEqual([]);
  });

  it('leaves undetermined and out-of-scope cases to the missing facts and the scope', () => {
    expect(analyse('2024-020').status).toBe('undetermined');
    expect(analyse('2024-022').status).toBe('not-applicable');
  });

  it('sets no severity bar on a 甘肃 case with major consequences: exempt, at best (第十条第(五)项 is the body’s option)', () => {
    const cf = analyse('gansu-2026-02');
    expect(cf.current).toBe('exempt');
    expect(cf.status).toBe('at-best');
    expect(cf.changes).toEqual([]);
  });

  it('lists the best outcome first: 石台 due diligence (第十三条) before tolerance (第十四条第二款)', () => {
    const cf = analyse('shitai-2025-01');
    expect(cf.best).toBe('diligent');
    expect(cf.changes[0]!.outcome).toBe('diligent');
    // 免责 then still turns on 第十四条第二款第(二)项's “进行充分评估”, which the case does not state.
    expect(cf.changes[cf.changes.length - 1]).toMatchObject({ fact: 'remediation', outcome: 'undetermined', satisfies: [expect.objectContaining({ article: '第十四条第二款第(四)项' })] });
    expect(cf.changes[cf.changes.length - 1]!.possibleOutcomes).toContain('exempt');
    expect(cf.changes.filter((c) => c.fact === 'diligence').every((c) => c.change.kind === 'add-tag')).toBe(true);
  });

  it('reports a red line cleared where the outcome then depends on other unknown facts', () => {
    const cf = analyse('xilingol-2025-01');
    expect(cf.changes).toHaveLength(1);
    expect(cf.changes[0]).toMatchObject({
      fact: 'abuseOfAuthority',
      change: { kind: 'set', value: false },
      outcome: 'undetermined',
      clears: [expect.objectContaining({ article: '第十三条' })],
    });
    expect(cf.changes[0]!.possibleOutcomes.every((o) => OUTCOME_RANK[o] > OUTCOME_RANK.excluded)).toBe(true);
  });

  it('never changes the facts it is given', () => {
    const c = kase('shitai-2025-01');
    const before = JSON.stringify(c.facts);
    counterfactuals(resolvePolicy(c.policy!), c.facts);
    expect(JSON.stringify(c.facts)).toBe(before);
  });
});

describe('counterfactuals, for any facts', () => {
  const policies = ['fuzhou-2019', 'gansu-safety-2018', 'shitai-eco-2022', 'xilingol-emergency'];
  const scalar = (name: (typeof SCALAR_FACT_NAMES)[number]) => {
    const spec = FACTS[name]!;
    const values = spec.kind === 'enum' ? [...spec.values] : [true, false];
    return fc.option(fc.constantFrom(...values), { nil: undefined });
  };
  const facts = fc.record(
    {
      improperBenefit: scalar('improperBenefit'),
      prohibitedAtTime: scalar('prohibitedAtTime'),
      alignedWithDirectives: scalar('alignedWithDirectives'),
      decisionProcess: scalar('decisionProcess'),
      intent: scalar('intent'),
      severity: scalar('severity'),
      remediation: scalar('remediation'),
      promotesDevelopment: scalar('promotesDevelopment'),
      abuseOfAuthority: scalar('abuseOfAuthority'),
      seriousViolation: scalar('seriousViolation'),
      situations: fc.option(fc.subarray(['reform-pilot', 'emergency-response', 'key-tasks', 'bold-performance']), { nil: undefined }),
      diligence: fc.option(fc.subarray(['duties-performed', 'force-majeure']), { nil: undefined }),
      mitigation: fc.option(fc.subarray(['loss-averted', 'cooperated']), { nil: undefined }),
    },
    { requiredKeys: [] },
  );

  it.each(policies)('%s: every listed change leads to the outcome it states, and that outcome is better', (id) => {
    const compiled = resolvePolicy(id);
    fc.assert(
      fc.property(facts, (raw) => {
        const f = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as CaseFacts;
        const current = evaluate(compiled, f);
        const cf = counterfactuals(compiled, f, current);
        if (current.outcome === 'undetermined' || current.outcome === 'not-applicable') {
          expect(cf.changes).toEqual([]);
          return;
        }
        if (OUTCOME_RANK[current.outcome] >= OUTCOME_RANK[bestOutcome(compiled)]) expect(cf.status).toBe('at-best');
        for (const c of cf.changes) {
          const after = evaluate(compiled, applyChange(f, c.fact, c.change));
          expect(after.outcome).toBe(c.outcome);
          const better: DecidedOutcome[] = after.outcome === 'undetermined' ? after.possibleOutcomes : [after.outcome];
          expect(better.some((o) => OUTCOME_RANK[o] > OUTCOME_RANK[current.outcome as DecidedOutcome])).toBe(true);
        }
      }),
      { numRuns: 40, seed: 20261009 },
    );
  });
});
