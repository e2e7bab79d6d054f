// fixtures/jurisdictions.json: cases on which the bundled policies disagree.
// Each case states the outcome under each policy the fixture was written for,
// and a note naming (简称 + article, exactly as the policy cites it) what makes
// the difference. A bundled policy the fixture does not name (one added since)
// is left out of every comparison here: its own tests are in policies/tests/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyFactIndex } from '../src/policy/registry.js';
import { validateCase, type Case } from '../src/case/schema.js';
import { evaluate, type Assessment } from '../src/evaluate/evaluate.js';
import { allBundledCompiled } from '../src/policy/registry.js';
import { ROOT, rongcuo } from './helpers/cli.js';

const FIXTURE = 'fixtures/jurisdictions.json';
const raw = JSON.parse(readFileSync(join(ROOT, FIXTURE), 'utf8')) as { formatVersion: number; cases: unknown[] };

const bundled = allBundledCompiled();
const index = policyFactIndex();

const cases: Case[] = raw.cases.map((entry, i) => {
  const v = validateCase(entry, index);
  if (!v.ok) throw new Error(`${FIXTURE} cases[${i}] is invalid: ${JSON.stringify(v.errors)}`);
  return v.value;
});

/** The policies the fixture compares: those its first case states outcomes for (every case states the same, see below). */
const fixturePolicyIds = new Set(Object.keys(cases[0]?.expected ?? {}));
const compiled = bundled.filter((c) => fixturePolicyIds.has(c.policy.id));
const shortNameOf = new Map(compiled.map((c) => [c.policy.id, c.policy.shortName]));
const idOfShortName = new Map(compiled.map((c) => [c.policy.shortName, c.policy.id]));

/** 简称 followed by 第…条(第…款)?(第(…)项)? — longest names first, so no name shadows another. */
const names = [...idOfShortName.keys()].sort((a, b) => b.length - a.length);
const NUM = '[〇零一二三四五六七八九十百]+';
const REF = new RegExp(`(${names.join('|')})(第${NUM}条(?:第${NUM}款)?(?:第\\(${NUM}\\)项)?)`, 'g');

function refsOf(note: string): Array<{ policy: string; article: string }> {
  return [...note.matchAll(REF)].map((m) => ({ policy: idOfShortName.get(m[1]!)!, article: m[2]! }));
}

function assess(c: Case): Map<string, Assessment> {
  return new Map(compiled.map((p) => [p.policy.id, evaluate(p, c.facts)]));
}

/** Policies whose outcome is less common in this case than the most common one. */
function outliers(results: Map<string, Assessment>): string[] {
  const count = new Map<string, number>();
  for (const r of results.values()) count.set(r.outcome, (count.get(r.outcome) ?? 0) + 1);
  const top = Math.max(...count.values());
  return [...results].filter(([, r]) => count.get(r.outcome)! < top).map(([id]) => id);
}

describe(FIXTURE, () => {
  it('is case format v1 with at least 15 cases, unique ids, and at least two bundled policies to compare', () => {
    expect(raw.formatVersion).toBe(1);
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    const unknown = [...fixturePolicyIds].filter((id) => !bundled.some((c) => c.policy.id === id));
    expect(unknown, 'policies the fixture names that are not bundled').toEqual([]);
    expect(compiled.length).toBeGreaterThanOrEqual(2);
  });

  it('leaves at most two cases undetermined under any policy', () => {
    const open = cases.filter((c) => [...assess(c).values()].some((r) => r.outcome === 'undetermined'));
    expect(open.length).toBeLessThanOrEqual(2);
  });

  describe.each(cases.map((c) => [c.id, c] as const))('case %s', (_id, c) => {
    const results = assess(c);

    it('states an expected outcome for each policy the fixture compares, and each one is what the policy gives', () => {
      expect(Object.keys(c.expected ?? {}).sort()).toEqual([...fixturePolicyIds].sort());
      const actual = Object.fromEntries([...results].map(([id, r]) => [id, r.outcome]));
      expect(actual).toEqual(c.expected);
    });

    it('is decided on known facts (no fact still missing where the outcome is not undetermined)', () => {
      for (const [id, r] of results) {
        if (r.outcome !== 'undetermined') expect(r.missingFacts, `${id}`).toEqual([]);
      }
    });

    it('is a case on which the policies disagree', () => {
      expect(new Set([...results.values()].map((r) => r.outcome)).size).toBeGreaterThan(1);
    });

    it('has a note whose articles are the ones the results cite, naming every policy outside the majority', () => {
      expect(c.note, 'note').toBeTruthy();
      const refs = refsOf(c.note!);
      expect(refs.length).toBeGreaterThan(0);
      for (const { policy, article } of refs) {
        const cited = results.get(policy)!.basis.map((b) => b.article);
        expect(cited, `${shortNameOf.get(policy)}${article} is cited by ${policy} in case ${c.id}`).toContain(article);
      }
      const named = new Set(refs.map((r) => r.policy));
      for (const id of outliers(results)) {
        expect(named.has(id), `${shortNameOf.get(id)} (${results.get(id)!.outcome}) is named with an article in the note of ${c.id}`).toBe(true);
      }
    });
  });

  it('checks clean through the CLI with --all-policies, one table column per policy', () => {
    const r = rongcuo(['check', FIXTURE, '--all-policies', '--format', 'table']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const header = r.stdout.split('\n')[0]!;
    for (const { policy } of bundled) expect(header).toContain(policy.shortName);
  });
});
