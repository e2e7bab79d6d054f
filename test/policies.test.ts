// Runs every policy's test cases (policies/tests/<id>.yaml), checks the
// coverage of each policy's rule items, and that every quoted text is in the seed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicy, reachableOutcomes, type CompiledPolicy } from '../src/policy/compile.js';
import { readPolicyFile } from '../src/policy/load.js';
import { POLICIES_DIR, POLICY_IDS, policyTestCases, policyTestFileIds, runPolicyTestCase, type PolicyTestCase as TestCase } from './helpers/policies.js';

const sourcesDir = join(POLICIES_DIR, 'sources');

function run(compiled: CompiledPolicy, tc: TestCase) {
  const { errors, assessment } = runPolicyTestCase(compiled, tc);
  expect(errors, `facts of “${tc.name}” are valid`).toEqual([]);
  return assessment;
}

/** Whitespace plays no part in the comparison: the seeds break lines mid-sentence. */
const squash = (s: string) => s.replace(/\s+/g, '');

function quotedTexts(value: unknown, path: string, out: Array<{ path: string; text: string }>): void {
  if (Array.isArray(value)) value.forEach((v, i) => quotedTexts(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'text' && typeof v === 'string') out.push({ path: `${path}.text`, text: v });
      else quotedTexts(v, `${path}.${k}`, out);
    }
  }
}

// Each policy is read on its own, so one broken file fails only its own tests.
describe.each(POLICY_IDS)('policy %s', (id) => {
  let compiled: CompiledPolicy;
  let tests: TestCase[];
  try {
    compiled = compilePolicy(readPolicyFile(join(POLICIES_DIR, `${id}.yaml`)));
    tests = policyTestCases(id);
  } catch (error) {
    it('loads the policy and its test cases', () => {
      throw error;
    });
    return;
  }

  it('has at least 25 named test cases', () => {
    expect(tests.length).toBeGreaterThanOrEqual(25);
    const names = tests.map((t) => t.name);
    expect(new Set(names).size, 'test case names are unique').toBe(names.length);
  });

  it.each(tests.map((t) => [t.name, t] as const))('%s', (_name, tc) => {
    const result = run(compiled, tc);
    expect(result.outcome).toBe(tc.outcome);
    expect(result.basis.map((b) => b.article)).toEqual(tc.basis);
    expect(result.missingFacts).toEqual(tc.missingFacts);
    if (tc.bodyOptions) expect(result.bodyOptions.map((o) => o.article)).toEqual(tc.bodyOptions);
  });

  it('pins every body option with a test case that shows it', () => {
    const shown = tests.filter((tc) => tc.bodyOptions).map((tc) => run(compiled, tc));
    const unpinned = compiled.policy.bodyOptions.filter((o) => !shown.some((r) => r.bodyOptions.some((v) => v.id === o.id)));
    expect(unpinned.map((o) => `${o.ref} (${o.id})`), 'body options no test case shows').toEqual([]);
  });

  it('reaches every outcome the policy can reach', () => {
    const reached = new Set(tests.map((t) => t.outcome));
    for (const outcome of [...reachableOutcomes(compiled), 'undetermined' as const]) {
      expect(reached.has(outcome), `a test case reaches ${outcome}`).toBe(true);
    }
  });

  it('exercises every rule item', () => {
    const results = tests.map((tc) => run(compiled, tc));
    const unexercised: string[] = [];
    for (const rule of compiled.rules) {
      const exercised = results.some((r) => {
        if (rule.section !== 'condition') return r.basis.some((b) => b.article === rule.ref) && r.rules.find((v) => v.id === rule.id)?.verdict === true;
        // A condition is exercised where it alone fails while a situation matches.
        const conditions = r.rules.filter((v) => v.section === 'condition');
        const situationMatched = r.rules.some((v) => v.section === 'situation' && v.verdict === true);
        return situationMatched && conditions.every((v) => (v.id === rule.id ? v.verdict === false : v.verdict === true));
      });
      if (!exercised) unexercised.push(`${rule.ref} (${rule.id})`);
    }
    expect(unexercised, 'rule items no test case exercises').toEqual([]);
  });

  it('quotes its seed word for word', () => {
    const seed = squash(readFileSync(join(sourcesDir, compiled.policy.source.seed), 'utf8'));
    const texts: Array<{ path: string; text: string }> = [];
    quotedTexts(compiled.policy, id, texts);
    const notFound = texts.filter((t) => !seed.includes(squash(t.text))).map((t) => `${t.path}: ${t.text}`);
    expect(notFound).toEqual([]);
  });
});

it('every bundled policy has a test file, and every test file a policy', () => {
  expect(policyTestFileIds()).toEqual(POLICY_IDS);
});
