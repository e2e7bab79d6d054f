// What conditions read: the facts and tags of a condition as the policy file
// writes it, and of everything a compiled policy evaluates. The interview's
// questions, the evaluator's missing facts and readings, and the
// counterfactuals all ask here (the walk itself is conditionAtoms, beside
// the compiled conditions in evaluate/logic.ts).
import { atomFact, atomKey, conditionAtoms, type Atom } from '../evaluate/logic.js';
import type { TagListName } from '../vocabulary.js';
import type { CompiledPolicy } from './compile.js';
import type { Condition, Look } from './schema.js';

/** The case-format facts of some atoms (a tag atom's is its list), in reading order, without repeats. */
export function factsOfAtoms(atoms: readonly Atom[]): string[] {
  const facts: string[] = [];
  for (const atom of atoms) {
    const fact = atomFact(atom);
    if (!facts.includes(fact)) facts.push(fact);
  }
  return facts;
}

/** The tags of one list some atoms read, in reading order, without repeats. */
function tagsOfAtoms(atoms: readonly Atom[], list: TagListName): string[] {
  const tags: string[] = [];
  for (const atom of atoms) if (atom.kind === 'tag' && atom.list === list && !tags.includes(atom.tag)) tags.push(atom.tag);
  return tags;
}

/** Fact names a condition reads (tag lists by list name), in reading order. */
export function factsRead(c: Condition): string[] {
  return factsOfAtoms(conditionAtoms(c));
}

/** Tags of one list a condition reads. */
export function tagsRead(c: Condition, list: TagListName): string[] {
  return tagsOfAtoms(conditionAtoms(c), list);
}

/** The facts a look reads: its favourable pole's, then its unfavourable pole's. */
export function lookFacts(look: Look): string[] {
  return factsOfAtoms([...conditionAtoms(look.favourable), ...conditionAtoms(look.unfavourable)]);
}

/**
 * Whether the part of a condition that reads `list` holds for these tags,
 * the rest of the condition set aside: true / false, or null where the
 * condition reads no tag of the list. Shows which items a tag list amounts to.
 */
export function tagPartHolds(c: Condition, list: TagListName, tags: ReadonlySet<string>): boolean | null {
  if ('list' in c) return c.list === list ? tags.has(c.has) : null;
  if ('fact' in c || 'not' in c) return null;
  const parts = ('all' in c ? c.all : c.any).map((x) => tagPartHolds(x, list, tags)).filter((v): v is boolean => v !== null);
  if (parts.length === 0) return null;
  return 'all' in c ? parts.every(Boolean) : parts.some(Boolean);
}

const policyAtoms = new WeakMap<CompiledPolicy, Atom[]>();

/**
 * Every atom a compiled policy can read, once each: its rules' (in policy
 * order), then what only its steps read (`inScope`). Computed once per policy.
 */
export function policyAtomsRead(compiled: CompiledPolicy): readonly Atom[] {
  let atoms = policyAtoms.get(compiled);
  if (!atoms) {
    const byKey = new Map<string, Atom>();
    for (const c of [...compiled.rules, ...compiled.steps]) {
      for (const atom of c.atoms) {
        if (!byKey.has(atomKey(atom))) byKey.set(atomKey(atom), atom);
      }
    }
    policyAtoms.set(compiled, (atoms = [...byKey.values()]));
  }
  return atoms;
}

/** The tags of one list a compiled policy reads, in policy order. */
export function policyTagsRead(compiled: CompiledPolicy, list: TagListName): string[] {
  return tagsOfAtoms(policyAtomsRead(compiled), list);
}
