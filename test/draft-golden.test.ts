// Golden drafts: the text and Markdown application for every fixture case
// whose outcome supports one, pinned in test/golden/draft/; the others are
// refused with the reason. Update after an intended change with
// `npx vitest run -u test/draft-golden.test.ts`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaseFile } from '../src/case/load.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { resolvePolicy, usePolicyFiles } from '../src/policy/registry.js';
import { draftParagraphs, draftRefusal, renderDraft } from '../src/render/draft.js';
import { buildReportData } from '../src/commands/report-data.js';
import { NO_APPLICATION } from '../src/vocabulary.js';

process.env.RONGCUO_NO_PRECOMPILED = '1';
// Policies from their YAML files, as the commands other than check read them.
await usePolicyFiles();

const ROOT = join(import.meta.dirname, '..');
const cases = [...(await loadCaseFile(join(ROOT, 'fixtures/cases.json'))), ...(await loadCaseFile(join(ROOT, 'fixtures/report-cases.json')))];
const inputs = cases.map((kase) => {
  const compiled = resolvePolicy(kase.policy!);
  return buildReportData({ kase, compiled, assessment: evaluate(compiled, kase.facts) });
});
const drafted = inputs.filter((i) => !NO_APPLICATION.includes(i.assessment.outcome));
const refused = inputs.filter((i) => NO_APPLICATION.includes(i.assessment.outcome));
const byId = (id: string) => inputs.find((i) => i.case.id === id)!;

describe('golden drafts', () => {
  it('draft a case of every outcome that supports an application', () => {
    expect(new Set(drafted.map((i) => i.assessment.outcome))).toEqual(new Set(['exempt', 'mitigated', 'diligent', 'undetermined']));
  });

  it.each(drafted.map((i) => [i.case.id, i] as const))('%s: text', async (id, input) => {
    await expect(await renderDraft(input, 'text')).toMatchFileSnapshot(`golden/draft/${id}.txt`);
  });

  it.each(drafted.map((i) => [i.case.id, i] as const))('%s: Markdown', async (id, input) => {
    await expect(await renderDraft(input, 'md')).toMatchFileSnapshot(`golden/draft/${id}.md`);
  });

  it.each(refused.map((i) => [i.case.id, i.assessment.outcome, i] as const))('%s (%s) is refused with its reason and articles', (_id, _outcome, input) => {
    const why = draftRefusal(input)!;
    expect(why).toContain('未起草申请书');
    expect(why).toContain('--force');
    for (const b of input.assessment.basis) expect(why).toContain(b.article);
  });
});

describe('draft content', () => {
  it('has every part of the application in order: title, addressee, applicant, facts, grounds, remedies, request, attachments, signature, date', () => {
    const paras = draftParagraphs(byId('2024-017'));
    const roles = paras.map((p) => p.role);
    expect(roles[0]).toBe('title');
    expect(roles[1]).toBe('addressee');
    expect(roles.slice(-2)).toEqual(['signature', 'date']);
    expect(paras.filter((p) => p.role === 'h1').map((p) => p.text)).toEqual(['一、基本事实', '二、申请理由', '三、已采取的纠错措施', '四、申请事项']);
    const text = paras.map((p) => p.text).join('\n');
    expect(text).toContain(byId('2024-017').case.matter!.narrative!);
    expect(text).toContain(byId('2024-017').case.matter!.remedies!);
    for (const e of byId('2024-017').case.matter!.evidence!) expect(text).toContain(e);
    expect(text).toContain('第八条第(三)项');
    expect(text).toContain('第四条第(六)项');
    expect(text).toContain('“三个区分开来”');
    expect(text).toContain('看初衷，');
  });

  it('addresses the body the policy names, with the applicant’s unit for “本单位”', () => {
    expect(draftParagraphs(byId('2024-017'))[1]!.text).toBe('某县商务局党组织：');
    expect(draftParagraphs(byId('gansu-2026-01'))[1]!.text).toBe('局机关党委：');
  });

  it('leaves a receiver that depends on the case for the applicant to name', () => {
    expect(draftParagraphs(byId('guian-2025-01'))[1]!.text).toMatch(/^【待补充：受理机关（按照干部管理权限和问责方式，向纪检监察机关、组织人事部门或各级党委\(党组、党工委\)提出）】：$/);
  });

  it('marks every missing fact of an undetermined case as 【待补充】', () => {
    const text = draftParagraphs(byId('guian-2025-01')).map((p) => p.text).join('\n');
    expect(text).toContain('【待补充：恶意串通');
    expect(text).toContain('【待补充：后果（造成了怎样的损失或影响）】');
    expect(text).toContain('【待补充：处置（失误发生后怎样处置）】');
  });

  it('drafts a forced application for an excluded case without claiming grounds it lacks', async () => {
    const text = (await renderDraft(byId('2024-019'), 'text')) as string;
    expect(text).toContain('【请核对：按现有事实属于“明知故犯的违纪违法行为”');
    expect(text).toContain('依规对本人的情况予以研究认定');
  });
});
