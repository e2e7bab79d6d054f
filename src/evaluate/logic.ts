// Three-valued (Kleene) logic over case facts. A fact that is absent is
// unknown, never false: "until we have full knowledge, we report that we don't know".
import type { Condition } from '../policy/schema.js';
import type { TagListName } from '../vocabulary.js';

/** FALSE < UNKNOWN < TRUE, so that AND is min, OR is max and NOT is 2 - x. */
export const FALSE = 0;
export const UNKNOWN = 1;
export const TRUE = 2;
export type Tri = 0 | 1 | 2;

export type ScalarValue = boolean | string;

/**
 * Every fact name and every single tag gets a numbered slot, once per
 * process, so that the evaluator's closures read arrays, not string-keyed
 * objects (the hot path of a batch and of the search over unknowns).
 */
const slots = new Map<string, number>();
export function slotOf(key: string): number {
  let slot = slots.get(key);
  if (slot === undefined) {
    slot = slots.size;
    slots.set(key, slot);
  }
  return slot;
}

/** What the evaluator reads: scalar facts and tag lists, any of them unknown. */
export interface FactState {
  /** Scalar facts by slot (shared vocabulary and policy facts); undefined means unknown. */
  values: Array<ScalarValue | undefined>;
  /** Tag lists (a handful of tags each: an array beats a Set); undefined means the whole list is unknown. */
  lists: Partial<Record<TagListName, readonly string[]>>;
  /** Single tag memberships, by slot, fixed while exploring an unknown list. */
  tagAtoms: Array<boolean | undefined>;
}

export function emptyState(): FactState {
  return { values: [], lists: {}, tagAtoms: [] };
}

export function getValue(state: FactState, fact: string): ScalarValue | undefined {
  return state.values[slotOf(fact)];
}

export function setValue(state: FactState, fact: string, value: ScalarValue | undefined): void {
  state.values[slotOf(fact)] = value;
}

/** An atom is one unknown the evaluator can branch on: a scalar fact or one tag of a list. */
export type Atom =
  | { kind: 'fact'; fact: string; slot: number }
  | { kind: 'tag'; list: TagListName; tag: string; slot: number };

export function factAtom(fact: string): Atom {
  return { kind: 'fact', fact, slot: slotOf(fact) };
}

function tagAtom(list: TagListName, tag: string): Atom {
  return { kind: 'tag', list, tag, slot: slotOf(`${list}:${tag}`) };
}

export function atomKey(atom: Atom): string {
  return atom.kind === 'fact' ? atom.fact : `${atom.list}:${atom.tag}`;
}

/** The case-format fact an atom belongs to (a tag atom belongs to its list). */
export function atomFact(atom: Atom): string {
  return atom.kind === 'fact' ? atom.fact : atom.list;
}

export function readTag(state: FactState, list: TagListName, tag: string, slot: number): Tri {
  const known = state.lists[list];
  if (known !== undefined) return known.includes(tag) ? TRUE : FALSE;
  const fixed = state.tagAtoms[slot];
  if (fixed === undefined) return UNKNOWN;
  return fixed ? TRUE : FALSE;
}

export function isAtomKnown(state: FactState, atom: Atom): boolean {
  if (atom.kind === 'fact') return state.values[atom.slot] !== undefined;
  return readTag(state, atom.list, atom.tag, atom.slot) !== UNKNOWN;
}

export interface CompiledCondition {
  evaluate: (state: FactState) => Tri;
  /** Every atom the condition reads, in reading order, without repeats. */
  atoms: Atom[];
}

/** Every atom a condition reads, in reading order, without repeats: the one walk for what a condition reads. */
export function conditionAtoms(condition: Condition): Atom[] {
  const atoms = new Map<string, Atom>();
  const visit = (c: Condition): void => {
    if ('all' in c) c.all.forEach(visit);
    else if ('any' in c) c.any.forEach(visit);
    else if ('not' in c) visit(c.not);
    else {
      const atom = 'list' in c ? tagAtom(c.list, c.has) : factAtom(c.fact);
      const key = atomKey(atom);
      if (!atoms.has(key)) atoms.set(key, atom);
    }
  };
  visit(condition);
  return [...atoms.values()];
}

/**
 * Turns a condition (plain data from the policy file) into a closure, once,
 * at load time. Nothing from the file is ever evaluated as code.
 */
export function compileCondition(condition: Condition): CompiledCondition {
  const build = (c: Condition): ((state: FactState) => Tri) => {
    if ('all' in c) {
      const parts = c.all.map(build);
      return (state) => {
        let result: Tri = TRUE;
        for (const part of parts) {
          const v = part(state);
          if (v === FALSE) return FALSE;
          if (v === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    if ('any' in c) {
      const parts = c.any.map(build);
      return (state) => {
        let result: Tri = FALSE;
        for (const part of parts) {
          const v = part(state);
          if (v === TRUE) return TRUE;
          if (v === UNKNOWN) result = UNKNOWN;
        }
        return result;
      };
    }
    if ('not' in c) {
      const inner = build(c.not);
      return (state) => (2 - inner(state)) as Tri;
    }
    if ('list' in c) {
      const { list, has } = c;
      const slot = tagAtom(list, has).slot;
      return (state) => readTag(state, list, has, slot);
    }
    const slot = factAtom(c.fact).slot;
    if ('is' in c) {
      const expected = c.is;
      return (state) => {
        const v = state.values[slot];
        if (v === undefined) return UNKNOWN;
        return v === expected ? TRUE : FALSE;
      };
    }
    const allowed = new Set<ScalarValue>(c.in);
    return (state) => {
      const v = state.values[slot];
      if (v === undefined) return UNKNOWN;
      return allowed.has(v) ? TRUE : FALSE;
    };
  };
  return { evaluate: build(condition), atoms: conditionAtoms(condition) };
}

export function triToVerdict(v: Tri): boolean | null {
  return v === TRUE ? true : v === FALSE ? false : null;
}
