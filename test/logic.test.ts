// Unit tests of the three-valued (Kleene) logic the evaluator rests on.
import { describe, expect, it } from 'vitest';
import { FALSE, TRUE, UNKNOWN, compileCondition, emptyState, setValue, slotOf, type FactState, type ScalarValue } from '../src/evaluate/logic.js';
import type { Condition } from '../src/policy/schema.js';

const state = (values: Record<string, ScalarValue>, lists: FactState['lists'] = {}): FactState => {
  const s = emptyState();
  for (const [fact, value] of Object.entries(values)) setValue(s, fact, value);
  s.lists = lists;
  return s;
};
const run = (c: Condition, s: FactState) => compileCondition(c).evaluate(s);

const T: Condition = { fact: 'a', is: true };
const F: Condition = { fact: 'b', is: true };
const U: Condition = { fact: 'u', is: true };
const s0 = state({ a: true, b: false });

describe('three-valued logic', () => {
  it('reads an absent fact as unknown, never false', () => {
    expect(run({ fact: 'intent', is: 'deliberate' }, state({}))).toBe(UNKNOWN);
    expect(run({ not: { fact: 'intent', is: 'deliberate' } }, state({}))).toBe(UNKNOWN);
    expect(run({ fact: 'intent', in: ['negligent', 'deliberate'] }, state({ intent: 'inadvertent' }))).toBe(FALSE);
    expect(run({ fact: 'intent', in: ['negligent', 'deliberate'] }, state({ intent: 'negligent' }))).toBe(TRUE);
  });

  it('follows Kleene truth tables for all, any and not', () => {
    expect(run({ all: [T, T] }, s0)).toBe(TRUE);
    expect(run({ all: [T, U] }, s0)).toBe(UNKNOWN);
    expect(run({ all: [U, F] }, s0)).toBe(FALSE); // a known false decides regardless of unknowns
    expect(run({ any: [F, F] }, s0)).toBe(FALSE);
    expect(run({ any: [F, U] }, s0)).toBe(UNKNOWN);
    expect(run({ any: [U, T] }, s0)).toBe(TRUE); // a known true decides regardless of unknowns
    expect(run({ not: T }, s0)).toBe(FALSE);
    expect(run({ not: F }, s0)).toBe(TRUE);
    expect(run({ not: U }, s0)).toBe(UNKNOWN);
  });

  it('reads tag lists: an absent list is unknown, [] means none of them', () => {
    const has: Condition = { list: 'situations', has: 'reform-pilot' };
    expect(run(has, state({}))).toBe(UNKNOWN);
    expect(run(has, state({}, { situations: [] }))).toBe(FALSE);
    expect(run(has, state({}, { situations: ['reform-pilot'] }))).toBe(TRUE);
    const fixed = emptyState();
    fixed.tagAtoms[slotOf('situations:reform-pilot')] = true;
    expect(run(has, fixed)).toBe(TRUE);
  });

  it('lists the atoms a condition reads, once each, in reading order', () => {
    const c: Condition = { all: [{ fact: 'x', is: true }, { any: [{ list: 'mitigation', has: 'cooperated' }, { fact: 'x', is: false }] }] };
    expect(compileCondition(c).atoms).toEqual([
      { kind: 'fact', fact: 'x', slot: slotOf('x') },
      { kind: 'tag', list: 'mitigation', tag: 'cooperated', slot: slotOf('mitigation:cooperated') },
    ]);
  });
});
