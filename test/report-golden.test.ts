// Golden reports: the text (colour off) and Markdown assessment of fixture
// cases under every bundled policy, pinned in test/golden/report/. After an
// intended change, review and update them with `npx vitest run -u test/report-golden.test.ts`.
// A policy added since the goldens were pinned has none: its report is
// rendered for each of its own test cases (policies/tests/<id>.yaml) instead.
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { loadCaseFile } from '../src/case/load.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { bundledPolicyIds, resolvePolicy, usePolicyFiles } from '../src/policy/registry.js';
import { buildReportData, type ReportInput } from '../src/commands/report-data.js';
import { renderReport } from '../src/render/report.js';
import { policyTestCases, runPolicyTestCase } from './helpers/policies.js';

// The policy files themselves, not a possibly stale build.
process.env.RONGCUO_NO_PRECOMPILED = '1';
// Policies from their YAML files, as the commands other than check read them.
await usePolicyFiles();

const ROOT = join(import.meta.dirname, '..');
/** A fixed “today”, so that deadline status lines are stable. */
const GOLDEN_TODAY = '2026-10-09';

const cases = [...(await loadCaseFile(join(ROOT, 'fixtures/cases.json'))), ...(await loadCaseFile(join(ROOT, 'fixtures/report-cases.json')))];
const inputs: ReportInput[] = cases
  .filter((c) => c.policy)
  .map((kase) => {
    const compiled = resolvePolicy(kase.policy!);
    return { kase, compiled, assessment: evaluate(compiled, kase.facts), today: GOLDEN_TODAY };
  });
const plain = new Chalk({ level: 0 });

const pinned = new Set(inputs.map((i) => i.compiled.policy.id));

describe('golden reports', () => {
  it('are of bundled policies', () => {
    expect([...pinned].filter((id) => !bundledPolicyIds().includes(id))).toEqual([]);
  });

  it.each(bundledPolicyIds().filter((id) => !pinned.has(id)))('%s (no golden report): renders for each of its own test cases', async (id) => {
    const compiled = resolvePolicy(id);
    for (const [i, tc] of policyTestCases(id).entries()) {
      const { facts, errors, assessment } = runPolicyTestCase(compiled, tc);
      expect(errors).toEqual([]);
      const input: ReportInput = { kase: { id: `${id}-${i + 1}`, policy: id, facts }, compiled, assessment, today: GOLDEN_TODAY };
      for (const format of ['text', 'md'] as const) expect(await renderReport(buildReportData(input), format, plain)).toContain(compiled.policy.title);
    }
  });

  it.each(inputs.map((i) => [i.kase.id, i.compiled.policy.id, i] as const))('%s (%s): text', async (id, _policy, input) => {
    await expect(renderReport(buildReportData(input), 'text', plain)).toMatchFileSnapshot(`golden/report/${id}.txt`);
  });

  it.each(inputs.map((i) => [i.kase.id, i.compiled.policy.id, i] as const))('%s (%s): Markdown', async (id, _policy, input) => {
    await expect(renderReport(buildReportData(input), 'md', plain)).toMatchFileSnapshot(`golden/report/${id}.md`);
  });
});
