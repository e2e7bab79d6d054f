// Whom the draft application is addressed to, from the policy's structured
// receiver (`procedure.receiver.addressee`: own-unit, named or
// case-dependent) rather than from the receiver's prose: what each bundled
// policy declares, what the schema accepts, and the addressee line drafted.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { policySchema } from '../src/policy/schema.js';
import { draftParagraphs } from '../src/render/draft.js';
import type { ReportData } from '../src/render/report-data.js';
import { ROOT, rongcuo, tempDir } from './helpers/cli.js';

const policyYaml = (id: string) => parse(readFileSync(join(ROOT, 'policies', `${id}.yaml`), 'utf8')) as Record<string, any>;

describe('the bundled policies’ receivers', () => {
  it('each declare whom the draft is addressed to, chosen from the receiver’s own words', () => {
    const declared = Object.fromEntries(
      ['admin-enforcement', 'audit-bureau', 'fuzhou-2019', 'gansu-safety-2018', 'guian-new-area', 'shitai-eco-2022', 'xilingol-emergency'].map((id) => [id, policyYaml(id).procedure.receiver.addressee]),
    );
    expect(declared).toEqual({
      'admin-enforcement': { kind: 'own-unit' }, // 个人也可以直接向单位提出容错认定申请
      'audit-bureau': { kind: 'named', body: '审计局党组' }, // 容错纠错的实施主体为审计局党组
      'fuzhou-2019': { kind: 'own-unit' }, // 向本单位党组织提出书面申请
      'gansu-safety-2018': { kind: 'named', body: '局机关党委' }, // 向局机关党委提出书面申请
      'guian-new-area': { kind: 'case-dependent' }, // 按照干部管理权限和问责方式,可向纪检监察机关,组织人事部门,各级党委…
      'shitai-eco-2022': { kind: 'own-unit' }, // 个人也可以直接向所在单位提出容错认定申请
      'xilingol-emergency': { kind: 'own-unit' }, // 个人也可以直接向单位提出容错认定申请
    });
  });
});

describe('the addressee in the policy format', () => {
  const receiverIssues = (addressee: unknown) => {
    const policy = policyYaml('gansu-safety-2018');
    if (addressee === undefined) delete policy.procedure.receiver.addressee;
    else policy.procedure.receiver.addressee = addressee;
    const parsed = policySchema.safeParse(policy);
    return { parsed, issues: parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [] };
  };

  it('is case-dependent when left out: the draft then leaves the addressee to the applicant', () => {
    const { parsed } = receiverIssues(undefined);
    expect(parsed.success).toBe(true);
    expect(parsed.data!.procedure.receiver.addressee).toEqual({ kind: 'case-dependent' });
  });

  it('needs the body’s name for `named`, and no name for the other kinds', () => {
    expect(receiverIssues({ kind: 'named' }).issues).toEqual(['procedure.receiver.addressee.body: kind: named 时写明 body，即申请书的主送机关名称，例如 body: 县纪委监委']);
    expect(receiverIssues({ kind: 'own-unit', body: '局机关党委' }).issues).toEqual(['procedure.receiver.addressee.body: kind: own-unit 时不写 body（只有 kind: named 才写明受理机关名称）']);
    expect(receiverIssues({ kind: 'unit' }).issues).toHaveLength(1);
    expect(receiverIssues({ kind: 'named', body: '局机关党委', note: 'x' }).issues).toHaveLength(1);
  });

  it('is checked by `rongcuo policies validate`, located at its line', () => {
    const dir = tempDir();
    const file = join(dir, 'local.yaml');
    const text = readFileSync(join(ROOT, 'policies', 'gansu-safety-2018.yaml'), 'utf8');
    const broken = text.replace('addressee: { kind: named, body: 局机关党委 }', 'addressee: { kind: named }');
    expect(broken).not.toBe(text);
    writeFileSync(file, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('addressee:')) + 1;
    const r = rongcuo(['policies', 'validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`local.yaml:${line}:`);
    expect(r.stderr).toContain('procedure.receiver.addressee.body：应为 kind: named 时写明 body，即申请书的主送机关名称');
  }, 30_000);
});

describe('the draft’s addressee line', () => {
  /** The saved report of 2024-017 (fuzhou-2019, own-unit), with the receiver and the applicant as a test sets them. */
  const saved = () => {
    const r = rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017', '-f', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { reports: ReportData[] }).reports[0]!;
  };
  const data = saved();
  const addressee = (receiver: Partial<ReportData['procedure']['receiver']>, subject: ReportData['case']['subject'] = data.case.subject) =>
    draftParagraphs({ ...data, case: { ...data.case, subject }, procedure: { ...data.procedure, receiver: { ...data.procedure.receiver, ...receiver } } })[1]!.text;

  it('own-unit: the applicant’s unit and 党组织; a unit applying, its own name; a gap where the case names no unit', () => {
    expect(addressee({})).toBe('某县商务局党组织：');
    expect(addressee({}, { kind: 'unit', name: '某县商务局' })).toBe('某县商务局党组织：');
    expect(addressee({}, { kind: 'individual', name: '张某' })).toBe('【待补充：所在单位】党组织：');
    expect(addressee({}, null)).toBe('【待补充：所在单位】党组织：');
  });

  it('named: the body as the policy names it, whatever the receiver’s prose says', () => {
    expect(addressee({ body: '由所在处室和单位向县纪委监委或其派驻机构提出', addressee: { kind: 'named', body: '县纪委监委' } })).toBe('县纪委监委：');
  });

  it('case-dependent: left for the applicant, with the receiver as the policy words it', () => {
    expect(addressee({ body: '本单位党组织（按干部管理权限）', addressee: { kind: 'case-dependent' } })).toBe('【待补充：受理机关（本单位党组织（按干部管理权限））】：');
  });

  it('from the CLI: a case without the applicant’s unit is addressed to a gap, not to the policy’s wording', () => {
    const dir = tempDir();
    const file = join(dir, 'case.json');
    const kase = { id: 'no-unit', policy: 'xilingol-emergency', subject: { kind: 'individual', name: '李某' }, facts: {} };
    writeFileSync(file, JSON.stringify({ formatVersion: 1, cases: [kase] }));
    const r = rongcuo(['draft', file, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toContain('【待补充：所在单位】党组织：');
  }, 30_000);
});
