// docs/policy-format.md cannot drift from the code: its example policy is
// read with rongcuo's own policy reader, its example test cases are run
// against it, the `policies validate` output it shows is what the CLI
// prints, its condition snippets are valid, and it names every field of the
// policy and test-file schemas.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../src/policy/compile.js';
import { parsePolicy } from '../src/policy/load.js';
import { policySchema } from '../src/policy/schema.js';
import { ROOT, rongcuo, tempDir, type RunResult } from './helpers/cli.js';
import { parsePolicyTestCases, policyTestFileSchema, runPolicyTestCase } from './helpers/policies.js';

const DOC = 'docs/policy-format.md';
const doc = readFileSync(join(ROOT, DOC), 'utf8');

/** The fenced block that follows the `<!-- marker…-->` comment. */
function blockAfter(marker: string): string {
  const at = doc.indexOf(`<!-- ${marker}`);
  if (at < 0) throw new Error(`${DOC} has no <!-- ${marker} --> marker`);
  const fence = /^```[a-z]*\n([\s\S]*?)^```$/m.exec(doc.slice(at));
  if (!fence) throw new Error(`${DOC}: no fenced block after <!-- ${marker} -->`);
  return fence[1]!;
}

const examplePolicy = blockAfter('example-policy:');
const exampleTests = blockAfter('example-policy-tests:');

/**
 * A block showing a command and what it prints (`$ rongcuo …`, then the lines):
 * the command run where example-county.yaml holds `policy`, and the lines the block shows.
 */
function runTranscript(marker: string, policy = examplePolicy): { run: RunResult; lines: string[] } {
  const [command, ...lines] = blockAfter(marker).trimEnd().split('\n');
  expect(command, `${marker}: the block starts with “$ rongcuo …”`).toMatch(/^\$ rongcuo /);
  const dir = tempDir();
  writeFileSync(join(dir, 'example-county.yaml'), policy);
  return { run: rongcuo(command!.replace(/^\$ rongcuo /, '').split(' '), { cwd: dir }), lines };
}

/** Every key of every object in a zod schema, however nested (arrays, optionals, unions, lazy). */
function keysOf(schema: z.ZodType, seen = new Set<z.ZodType>()): Set<string> {
  const keys = new Set<string>();
  const visit = (s: z.ZodType) => {
    if (seen.has(s)) return;
    seen.add(s);
    if (s instanceof z.ZodObject) {
      for (const [key, value] of Object.entries(s.shape as Record<string, z.ZodType>)) {
        keys.add(key);
        visit(value);
      }
    } else if (s instanceof z.ZodArray) visit(s.element as z.ZodType);
    else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodLazy) {
      visit(s.unwrap() as z.ZodType);
    } else if (s instanceof z.ZodUnion) for (const option of s.options) visit(option as z.ZodType);
  };
  visit(schema);
  return keys;
}

describe(DOC, () => {
  it('has an example policy that rongcuo’s policy reader accepts', () => {
    const policy = parsePolicy(examplePolicy, `${DOC} (example policy)`);
    expect(policy.id).toBe('example-county');
  });

  it('has example test cases that pass against the example policy', () => {
    const compiled = compilePolicy(parsePolicy(examplePolicy, `${DOC} (example policy)`));
    const cases = parsePolicyTestCases(exampleTests, compiled.policy.id, `${DOC} (example test file)`);
    expect(cases.length).toBeGreaterThanOrEqual(5);
    for (const tc of cases) {
      const { errors, assessment } = runPolicyTestCase(compiled, tc);
      expect(errors, `facts of “${tc.name}” are valid`).toEqual([]);
      expect({ outcome: assessment.outcome, basis: assessment.basis.map((b) => b.article), missingFacts: assessment.missingFacts }, tc.name).toEqual({
        outcome: tc.outcome,
        basis: tc.basis,
        missingFacts: tc.missingFacts,
      });
    }
    // Between them, the cases reach every outcome the section on `basis` describes but `diligent` (no such list here).
    expect(new Set(cases.map((c) => c.outcome))).toEqual(new Set(['exempt', 'not-applicable', 'excluded', 'undetermined', 'mitigated', 'not-eligible']));
  });

  it('shows what `rongcuo policies validate` prints for the example, and for the example with a mistake', () => {
    const good = runTranscript('example-validate-ok');
    expect(good.run.code).toBe(0);
    expect(good.run.stdout.trimEnd().split('\n')).toEqual(good.lines);

    // The mistake the document describes: 第五条第(一)项 with full-width parentheses.
    const wrong = examplePolicy.replace('ref: 第五条第(一)项', 'ref: 第五条第（一）项');
    expect(wrong).not.toBe(examplePolicy);
    const bad = runTranscript('example-validate-error', wrong);
    expect(bad.run.code).toBe(2);
    expect(bad.run.stdout).toBe('');
    expect(bad.run.stderr.trimEnd().split('\n')).toEqual(bad.lines);
  });

  it('shows what `rongcuo policies show` prints for the example, in part (… for lines left out)', () => {
    const show = runTranscript('example-show');
    expect(show.run.code).toBe(0);
    // Each run of lines between the “…” is printed as it stands, the runs in the document's order.
    const printed = show.run.stdout.split('\n');
    let from = 0;
    for (const run of show.lines.join('\n').split(/^…$/m).map((part) => part.split('\n').filter(Boolean)).filter((part) => part.length > 0)) {
      const at = printed.findIndex((_, i) => i >= from && run.every((line, j) => printed[i + j] === line));
      expect(at, `printed, after line ${from}:\n${run.join('\n')}`).toBeGreaterThanOrEqual(0);
      from = at + run.length;
    }
  });

  it('names every field of the policy format and of a policy test file', () => {
    const fields = [...keysOf(policySchema), ...keysOf(policyTestFileSchema)];
    expect(fields.length).toBeGreaterThan(50);
    const unnamed = [...new Set(fields)].filter((field) => !doc.includes(`\`${field}\``));
    expect(unnamed, 'fields the document never names in `backticks`').toEqual([]);
  });

  it('writes only valid conditions in its tables and text', () => {
    // Every inline condition the document shows (`{ fact: severity, is: major }` and the like), but
    // placeholders (`{ fact: F, is: V }`, `…`), is put into the example policy in place of a rule's condition.
    const snippets = [...doc.matchAll(/`(\{ (?:fact|list|not): [^`]*\})`/g)].map((m) => m[1]!).filter((s) => !/fact: F\b|list: L\b|…/.test(s));
    expect(snippets.length).toBeGreaterThan(10);
    const template = parseDocument(examplePolicy);
    for (const snippet of snippets) {
      template.setIn(['situations', 0, 'items', 0, 'when'], template.createNode(parse(snippet)));
      expect(() => parsePolicy(template.toString(), `${DOC}: ${snippet}`), snippet).not.toThrow();
    }
  });

  it('shows YAML that parses in its YAML primer', () => {
    const primer = /## 3\. YAML in brief[\s\S]*?```yaml\n([\s\S]*?)^```$/m.exec(doc);
    expect(primer).not.toBeNull();
    expect(() => parse(primer![1]!)).not.toThrow();
  });
});
