// Property-based tests of the evaluator (fast-check), over every bundled
// policy, and a fuzz of the case parser with arbitrary JSON values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCase } from '../src/case/schema.js';
import { evaluate, type CaseFacts } from '../src/evaluate/evaluate.js';
import { allBundledCompiled } from '../src/policy/registry.js';
import { FACTS, FACT_NAMES, type FactSpec } from '../src/vocabulary.js';

const policies = allBundledCompiled();
const policyFacts = policies.flatMap((c) => c.policy.facts.map((f) => f.id));

/**
 * A value for every fact of the vocabulary and every policy fact: a fully
 * specified case. Consistent with CASE-FORMAT's one derived reading:
 * disciplineForm `fourth` counts as seriousViolation.
 */
const fullFacts: fc.Arbitrary<CaseFacts> = fc.record(
  Object.fromEntries([
    ...FACT_NAMES.map((name) => {
      const spec: FactSpec = FACTS[name]!;
      const arb =
        spec.kind === 'boolean'
          ? fc.boolean()
          : spec.kind === 'enum'
            ? fc.constantFrom(...spec.values)
            : fc.subarray(Object.keys(spec.tags), { maxLength: 3 });
      return [name, arb];
    }),
    ...policyFacts.map((id) => [id, fc.boolean()]),
  ]) as Record<string, fc.Arbitrary<CaseFacts[string]>>,
).map((facts) => (facts.disciplineForm === 'fourth' ? { ...facts, seriousViolation: true } : facts)) as fc.Arbitrary<CaseFacts>;

const allKeys = [...FACT_NAMES, ...policyFacts];
/** Which facts a partial case hides (each key hidden or not). */
const mask = fc.array(fc.boolean(), { minLength: allKeys.length, maxLength: allKeys.length });

/**
 * The case with some facts hidden. `inScope` is never hidden: DOMAIN.md
 * assumes an absent inScope true (and says so), rather than unknown.
 */
function hide(facts: CaseFacts, hidden: boolean[]): CaseFacts {
  const out: CaseFacts = {};
  allKeys.forEach((key, i) => {
    if (!hidden[i] || key === 'inScope') out[key] = facts[key];
  });
  return out;
}

const policyIndex = fc.integer({ min: 0, max: policies.length - 1 });
const runs = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

describe('evaluator properties', () => {
  it('is deterministic: the same facts give the same result', () => {
    fc.assert(
      fc.property(policyIndex, fullFacts, mask, (p, facts, hidden) => {
        const partial = hide(facts, hidden);
        expect(evaluate(policies[p]!, partial)).toEqual(evaluate(policies[p]!, structuredClone(partial)));
      }),
      { numRuns: 100 },
    );
  });

  it('never leaves a fully specified case undetermined', () => {
    fc.assert(
      fc.property(policyIndex, fullFacts, (p, facts) => {
        const result = evaluate(policies[p]!, facts, { brief: true });
        expect(result.outcome).not.toBe('undetermined');
        expect(result.missingFacts).toEqual([]);
      }),
      runs,
    );
  });

  it('never changes a determined outcome when an unknown fact becomes known', () => {
    fc.assert(
      fc.property(policyIndex, fullFacts, mask, mask, (p, facts, hiddenA, hiddenB) => {
        // B hides a subset of what A hides: B knows more.
        const more = hiddenA.map((h, i) => h && hiddenB[i]!);
        const before = evaluate(policies[p]!, hide(facts, hiddenA), { brief: true });
        const after = evaluate(policies[p]!, hide(facts, more), { brief: true });
        const full = evaluate(policies[p]!, facts, { brief: true });
        if (before.outcome !== 'undetermined') {
          expect(after.outcome).toBe(before.outcome);
          expect(full.outcome).toBe(before.outcome);
        }
        // Whatever is still possible includes what the full facts give.
        expect(before.possibleOutcomes).toContain(full.outcome);
      }),
      runs,
    );
  });

  it('gives a brief assessment of an open case that is the full one, though shared by cases that read the same', () => {
    // Brief assessments of cases the first walk leaves open are kept by what the policy reads: many cases
    // here share one (masks hide much), others differ only in what the policy does not read, or in inScope.
    const briefFields = (a: ReturnType<typeof evaluate>) => {
      const { outcome, decidedBy, strength, basis, possibleOutcomes, missingFacts, missing, assumptions } = a;
      return { outcome, decidedBy, strength, basis, possibleOutcomes, missingFacts, missing, assumptions };
    };
    fc.assert(
      fc.property(policyIndex, fullFacts, fullFacts, mask, fc.boolean(), (p, facts, other, hidden, dropScope) => {
        const compiled = policies[p]!;
        const partial = hide(facts, hidden);
        if (dropScope) delete partial.inScope;
        // The same case but for the facts of the other policies, which this one does not read.
        const own = new Set(compiled.policy.facts.map((f) => f.id));
        const variant = { ...partial };
        for (const id of policyFacts) if (!own.has(id) && id in variant) variant[id] = other[id];
        for (const c of [partial, variant]) expect(briefFields(evaluate(compiled, c, { brief: true }))).toEqual(briefFields(evaluate(compiled, c)));
      }),
      // More than the others: a key that missed something shows only when two cases happen to meet on it.
      { numRuns: 3 * runs.numRuns },
    );
  });

  it('names at least one missing fact whenever undetermined, and only unknown ones', () => {
    fc.assert(
      fc.property(policyIndex, fullFacts, mask, (p, facts, hidden) => {
        const partial = hide(facts, hidden);
        const result = evaluate(policies[p]!, partial, { brief: true });
        if (result.outcome === 'undetermined') {
          expect(result.missingFacts.length).toBeGreaterThan(0);
          expect(result.possibleOutcomes.length).toBeGreaterThan(1);
          for (const fact of result.missingFacts) expect(partial[fact] ?? null).toBeNull();
        } else {
          expect(result.missingFacts).toEqual([]);
        }
      }),
      runs,
    );
  });
});

describe('case parser fuzz', () => {
  it('never throws on arbitrary JSON values, and reports errors as data', () => {
    const index = new Map(policyFacts.map((id) => [id, { label: id }]));
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateCase(value, index);
        if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on case-shaped objects with arbitrary fields and facts', () => {
    const index = new Map(policyFacts.map((id) => [id, { label: id }]));
    const caseLike = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        facts: fc.dictionary(fc.oneof(fc.constantFrom(...allKeys, '__proto__', 'constructor', 'toString'), fc.string()), fc.jsonValue()),
        subject: fc.jsonValue(),
        matter: fc.jsonValue(),
        expected: fc.dictionary(fc.string(), fc.jsonValue()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(caseLike, (value) => {
        const result = validateCase(JSON.parse(JSON.stringify(value)), index);
        expect(typeof result.ok).toBe('boolean');
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
    // About 1 s on an idle 2-core machine (arbitrary JSON values, some large), up to 10 s with both cores kept busy.
  }, 30_000);

  it('keeps prototype keys out of the facts it returns', () => {
    const raw = JSON.parse('{"id":"p","facts":{"__proto__":{"polluted":true},"intent":"inadvertent"}}');
    const result = validateCase(raw, new Map());
    expect(result.ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const clean = validateCase(JSON.parse('{"id":"q","facts":{"intent":"inadvertent"}}'), new Map());
    expect(clean.ok && Object.getPrototypeOf(clean.value.facts)).toBe(Object.prototype);
  });
});
