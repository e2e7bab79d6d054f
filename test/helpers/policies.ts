// The bundled policies as the policies/ folder holds them, and their test
// files (policies/tests/<id>.yaml). Tests take the list of policies from
// here, never from a list of ids, so that a new policy needs no edit
// outside policies/ (its file and its tests file).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { validateFacts, type CaseError } from '../../src/case/schema.js';
import { evaluate, type Assessment, type CaseFacts } from '../../src/evaluate/evaluate.js';
import type { CompiledPolicy } from '../../src/policy/compile.js';
import { OUTCOMES } from '../../src/vocabulary.js';
import { ROOT } from './cli.js';

export const POLICIES_DIR = join(ROOT, 'policies');
export const POLICY_TESTS_DIR = join(POLICIES_DIR, 'tests');

const yamlNames = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();

/** The ids of the bundled policies: one `policies/<id>.yaml` each. */
export const POLICY_IDS: readonly string[] = yamlNames(POLICIES_DIR);

/** The ids the test files are named by (`policies/tests/<id>.yaml`). */
export const policyTestFileIds = (): string[] => yamlNames(POLICY_TESTS_DIR);

const policyTestCaseSchema = z.strictObject({
  name: z.string().min(10),
  facts: z.record(z.string(), z.unknown()),
  outcome: z.enum(OUTCOMES),
  /** The deciding citations, in the order the evaluator gives them. */
  basis: z.array(z.string()).default([]),
  missingFacts: z.array(z.string()).default([]),
  /** Where given: the articles of the body's options shown beside the outcome, in the policy's order. */
  bodyOptions: z.array(z.string()).optional(),
});
export const policyTestFileSchema = z.strictObject({
  policy: z.string(),
  /** Baselines for merge keys; not cases themselves. */
  base: z.unknown().optional(),
  bases: z.unknown().optional(),
  cases: z.array(policyTestCaseSchema),
});
export type PolicyTestCase = z.output<typeof policyTestCaseSchema>;

/** Test cases from the text of a test file for policy `id`; `where` names the text in errors. */
export function parsePolicyTestCases(text: string, id: string, where: string): PolicyTestCase[] {
  // Merge keys (`<<: *base`) let a file state a baseline once and vary one fact per case.
  const data = policyTestFileSchema.parse(parse(text, { merge: true }));
  if (data.policy !== id) throw new Error(`${where} names policy “${data.policy}”, not ${id}`);
  return data.cases;
}

/** A policy's test cases, from policies/tests/<id>.yaml; throws if the file names another policy. */
export function policyTestCases(id: string): PolicyTestCase[] {
  return parsePolicyTestCases(readFileSync(join(POLICY_TESTS_DIR, `${id}.yaml`), 'utf8'), id, `policies/tests/${id}.yaml`);
}

/** A test case evaluated under its policy: its facts as validated, their errors (none, for a good case), the assessment. */
export function runPolicyTestCase(compiled: CompiledPolicy, tc: PolicyTestCase): { facts: CaseFacts; errors: CaseError[]; assessment: Assessment } {
  const { facts, errors } = validateFacts(tc.facts, new Map(compiled.policy.facts.map((f) => [f.id, f])));
  return { facts, errors, assessment: evaluate(compiled, facts) };
}
