// The hand-written fast path of validateCase must agree with zod exactly:
// same verdict, same errors, the same case value (fast-check, JSON-shaped input).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCase, validateCaseWithZod } from '../src/case/schema.js';

const noPolicyFacts = new Map<string, { label: string }>();
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
/** Mostly the good value, now and then a bad one. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: good, weight: 30 }, { arbitrary: bad, weight: 1 });
/** An object with some of the fields, in any order (JSON.parse never leaves a field undefined). */
const some = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .record(Object.fromEntries(Object.entries(fields).map(([k, a]) => [k, maybe(a)])))
    .chain((o) => {
      const entries = Object.entries(o).filter(([, v]) => v !== undefined);
      return fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }).map((e) => Object.fromEntries(e));
    });

const text = fc.oneof(fc.string(), fc.constantFrom('', 'a', '张某'));
const junk = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), text);
const ymd = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const goodDate = fc.tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => ymd(y, m, d));
const anyDate = fc.oneof(
  fc.constantFrom('2024-02-29', '2023-02-29', '1900-02-29', '2000-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-1-1', '0000-01-01', '9999-12-31', '2024-06-00', ' 2024-01-01', '2024-01-01T00:00'),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => ymd(y, m, d)),
  junk,
);
const outcomes = fc.dictionary(
  fc.oneof(fc.constantFrom('fuzhou-2019', '__proto__', 'constructor'), fc.string()),
  mostly(fc.constantFrom('exempt', 'excluded', 'undetermined', 'not-eligible'), fc.oneof(fc.constant('nope'), junk)),
  { noNullPrototype: true },
);
const facts = fc.oneof(fc.constant({ intent: 'inadvertent', situations: ['reform-pilot'] }), fc.constant({ intent: 'oops' }), fc.constant({}), junk);

/** Case-shaped objects, mostly valid. */
const validish = some({
  id: mostly(fc.string({ minLength: 1 }), junk),
  policy: mostly(text, junk),
  subject: mostly(some({ kind: mostly(fc.constantFrom('individual', 'unit'), text), name: mostly(text, junk), unit: text, position: text }), junk),
  matter: mostly(some({ title: text, narrative: text, occurredOn: mostly(goodDate, anyDate), accountabilityStartedOn: mostly(goodDate, anyDate), remedies: text, evidence: mostly(fc.array(text), fc.array(junk)) }), junk),
  facts,
  expected: mostly(outcomes, junk),
  note: mostly(text, junk),
});
/** Case-shaped objects, often wrong anywhere, with unknown fields. */
const wrongish = some({
  id: fc.oneof(text, junk),
  policy: fc.oneof(text, junk),
  subject: fc.oneof(some({ kind: fc.oneof(fc.constantFrom('individual', 'unit', 'x'), junk), name: fc.oneof(text, junk), unit: text, extra: text }), junk),
  matter: fc.oneof(some({ title: fc.oneof(text, junk), occurredOn: anyDate, accountabilityStartedOn: anyDate, evidence: fc.oneof(fc.array(text), fc.array(junk), junk), bogus: text }), junk),
  facts,
  expected: fc.oneof(outcomes, junk),
  note: fc.oneof(text, junk),
  extra: junk,
});

describe('validateCase fast path', () => {
  it('agrees with zod on every case-shaped object', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(validish, validish, wrongish, junk, fc.jsonValue()), (raw) => {
        const slow = validateCaseWithZod(raw, noPolicyFacts);
        const fast = validateCase(raw, noPolicyFacts);
        expect(fast).toStrictEqual(slow);
        // Key order too: a saved or printed case reads the same either way.
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
        if (slow.ok) valid++;
      }),
      { numRuns: 20_000 },
    );
    // The property compared enough valid cases to mean something.
    expect(valid).toBeGreaterThan(1000);
    // 2.5 s on an idle 2-core machine, up to 21 s with both cores kept busy.
  }, 60_000);

  it('agrees with zod on JSON-parsed __proto__ keys', () => {
    for (const json of ['{"id":"a","expected":{"__proto__":"exempt"}}', '{"id":"a","__proto__":{"x":1}}', '{"id":"a","subject":{"__proto__":"x"}}', '{"id":"a","matter":{"__proto__":"x"}}']) {
      const raw = JSON.parse(json);
      expect(validateCase(raw, noPolicyFacts)).toStrictEqual(validateCaseWithZod(raw, noPolicyFacts));
    }
  });
});
