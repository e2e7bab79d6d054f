// `rongcuo check` and `rongcuo policies` driven through the built binary:
// outputs, exit codes and located errors on the fixtures.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rongcuo, tempDir } from './helpers/cli.js';
import { POLICY_IDS } from './helpers/policies.js';

interface JsonOut {
  results: Array<{ case: string | null; policy: string | null; outcome: string | null; missingFacts?: string[]; basis?: Array<{ article: string; text: string }>; expected?: string; matches?: boolean; errors?: Array<{ path: string; message: string }> }>;
  summary: { cases: number; byOutcome: Record<string, number>; mismatches: number; invalid: number };
}

const json = (stdout: string) => JSON.parse(stdout) as JsonOut;

describe('rongcuo check', () => {
  it('assesses the fixture cases under fuzhou-2019 with citations, and exits 0 when every expectation holds', () => {
    const r = rongcuo(['check', 'fixtures/cases.json', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out.results.map((x) => [x.case, x.outcome])).toEqual([
      ['2024-017', 'exempt'],
      ['2024-018', 'exempt'],
      ['2024-019', 'excluded'],
      ['2024-020', 'undetermined'],
      ['2024-021', 'not-eligible'],
      ['2024-022', 'not-applicable'],
    ]);
    expect(out.results[0]!.basis!.map((b) => b.article)).toEqual(['第八条第(三)项', '第四条']);
    expect(out.results[0]!.basis![1]!.text).toBe('容错免责必须符合以下条件:');
    expect(out.results[3]!.missingFacts).toEqual(['severity', 'fuzhou-2019.longstandingProblemSolved']);
    expect(out.results.every((x) => x.matches === true)).toBe(true);
    expect(out.summary).toEqual({
      cases: 6,
      byOutcome: { exempt: 2, excluded: 1, undetermined: 1, 'not-eligible': 1, 'not-applicable': 1 },
      mismatches: 0,
      invalid: 0,
    });
  });

  it('follows the CASE-FORMAT json contract key for key', () => {
    const out = json(rongcuo(['check', 'fixtures/cases.json', '-f', 'json']).stdout);
    expect(Object.keys(out)).toEqual(['results', 'summary']);
    expect(Object.keys(out.results[0]!)).toEqual(['case', 'policy', 'outcome', 'missingFacts', 'basis', 'expected', 'matches']);
  });

  it('exits 1 and lists the mismatch when an expectation fails', () => {
    const r = rongcuo(['check', 'fixtures/mismatch.json', '--policy', 'fuzhou-2019', '--format', 'table']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('不适用 ✗预期容错免责');
    expect(r.stdout).toContain('与预期不符 1');
  });

  it('still assesses the valid cases of a batch with invalid ones, names each field path, and exits 2', () => {
    const r = rongcuo(['check', 'fixtures/invalid.json', '--policy', 'fuzhou-2019', '--format', 'json']);
    expect(r.code).toBe(2);
    const out = json(r.stdout);
    const valid = out.results.filter((x) => x.outcome !== null);
    expect(valid.map((x) => [x.case, x.outcome])).toEqual([
      ['ok-1', 'not-applicable'],
      ['ok-2', 'excluded'],
    ]);
    const errors = Object.fromEntries(out.results.filter((x) => x.outcome === null).map((x, i) => [x.case ?? `#${i}`, x.errors!]));
    expect(errors['bad-type']![0]).toMatchObject({ path: 'facts.improperBenefit' });
    expect(errors['bad-type']![0]!.message).toContain('true 或 false');
    expect(errors['bad-enum']![0]!.message).toContain('none | minor | major | catastrophic');
    expect(errors['unknown-fact']![0]).toMatchObject({ path: 'facts.severty' });
    expect(errors['unknown-fact']![0]!.message).toContain('severity');
    expect(errors['proto']!.map((e) => e.path)).toEqual(['facts.__proto__', 'facts.constructor']);
    expect(errors['bad-tag']![0]).toMatchObject({ path: 'facts.situations[1]' });
    expect(errors['bad-date']![0]).toMatchObject({ path: 'matter.accountabilityStartedOn' });
    expect(out.summary.invalid).toBe(9);
    // Machine formats also tell stderr, one located line per problem.
    expect(r.stderr).toContain('fixtures/invalid.json cases[1]（bad-type） facts.improperBenefit：');
  });

  it('reports a bad NDJSON line by its number and assesses the other lines', () => {
    const r = rongcuo(['check', 'fixtures/cases.ndjson', '--policy', 'fuzhou-2019', '--format', 'ndjson']);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as JsonOut['results'][number] & { line?: number });
    expect(lines.map((l) => [l.case, l.outcome])).toEqual([
      ['n1', 'not-applicable'],
      [null, null],
      ['n3', 'excluded'],
    ]);
    expect(lines[1]!.line).toBe(2);
    expect(r.stderr).toContain('fixtures/cases.ndjson:2');
  });

  it('locates a JSON syntax error by line and column', () => {
    const r = rongcuo(['check', 'fixtures/broken.json', '--policy', 'fuzhou-2019']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('fixtures/broken.json:4:3');
    expect(r.stderr).toContain('多了逗号');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('lists the valid ids for an unknown policy', () => {
    const r = rongcuo(['check', 'fixtures/cases.json', '--policy', 'nowhere-2030']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知政策“nowhere-2030”');
    expect(r.stderr).toContain('fuzhou-2019');
  });

  it('puts every bundled policy side by side with --all-policies', () => {
    const r = rongcuo(['check', 'fixtures/cases.json', '--all-policies', '--format', 'table']);
    expect(r.code).toBe(0);
    const header = r.stdout.split('\n')[0]!;
    for (const name of ['抚州', '石台', '审计局', '贵安', '行政执法', '锡盟', '甘肃']) expect(header).toContain(name);
    expect(r.stdout).toMatch(new RegExp(`2024-022\\s+(不适用\\s+){${POLICY_IDS.length}}`));
    const out = json(rongcuo(['check', 'fixtures/cases.json', '--all-policies', '-f', 'json']).stdout);
    expect(out.results).toHaveLength(6 * POLICY_IDS.length);
    expect(new Set(out.results.map((x) => x.policy))).toEqual(new Set(POLICY_IDS));
  });

  it('writes csv with a header and quoted fields', () => {
    const r = rongcuo(['check', 'fixtures/cases.json', '--format', 'csv']);
    const rows = r.stdout.trim().split('\r\n');
    expect(rows[0]).toBe('case,policy,outcome,outcome_label,basis,missing_facts,expected,matches,errors');
    expect(rows[1]).toBe('2024-017,fuzhou-2019,exempt,容错免责,第八条第(三)项；第四条,,exempt,true,');
  });

  it('writes --output atomically with owner-only permissions and never overwrites without --force', () => {
    const dir = tempDir();
    const target = join(dir, 'out.json');
    const r = rongcuo(['check', 'fixtures/cases.json', '--output', target]);
    expect(r.code).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(json(readFileSync(target, 'utf8')).summary.cases).toBe(6);

    writeFileSync(target, 'keep me');
    const again = rongcuo(['check', 'fixtures/cases.json', '--output', target]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(readFileSync(target, 'utf8')).toBe('keep me');

    expect(rongcuo(['check', 'fixtures/cases.json', '--output', target, '--force']).code).toBe(0);
    expect(readFileSync(target, 'utf8')).toContain('"summary"');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('fails clearly, writing nothing, when the output directory is missing or the input is unreadable', () => {
    const dir = tempDir();
    const missing = rongcuo(['check', 'fixtures/cases.json', '--output', join(dir, 'no', 'such', 'out.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('不存在');
    const gone = rongcuo(['check', join(dir, 'nothing.json'), '--output', join(dir, 'out.json')]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('找不到文件');
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('rejects empty and binary files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.json'), '');
    writeFileSync(join(dir, 'bin.json'), Buffer.from([0x7b, 0x00, 0xff, 0x10]));
    writeFileSync(join(dir, 'latin1.json'), Buffer.from('[{"id":"\xe9"}]', 'latin1'));
    expect(rongcuo(['check', join(dir, 'empty.json'), '-p', 'fuzhou-2019']).stderr).toContain('文件是空的');
    expect(rongcuo(['check', join(dir, 'bin.json'), '-p', 'fuzhou-2019']).stderr).toContain('二进制');
    const latin = rongcuo(['check', join(dir, 'latin1.json'), '-p', 'fuzhou-2019']);
    expect(latin.code).toBe(2);
    expect(latin.stderr).toContain('UTF-8');
  });

  it('answers an unknown flag with exit 2 and a hint', () => {
    const r = rongcuo(['check', 'fixtures/cases.json', '--polcy', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('未知选项 --polcy');
  });

  it('answers an unsupported --format in Chinese, with the allowed values', () => {
    const r = rongcuo(['check', 'fixtures/cases.json', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('的值“xml”无效；可用：table, json, ndjson, csv');
    expect(rongcuo(['check', '--help']).stdout).not.toContain('choices');
  });

  it('accepts a policy file path as --policy', () => {
    const r = rongcuo(['check', 'fixtures/mismatch.json', '--policy', 'fixtures/policy-custom.yaml', '-f', 'json']);
    expect(json(r.stdout).results.map((x) => [x.policy, x.outcome])).toEqual([
      ['custom-fuzhou', 'excluded'],
      ['custom-fuzhou', 'not-applicable'],
    ]);
  });
});

describe('rongcuo policies', () => {
  it('lists the bundled policies (one a file of policies/), also as json', () => {
    const list = JSON.parse(rongcuo(['policies', '--format', 'json']).stdout) as Array<{ id: string; title: string }>;
    expect(list.map((p) => p.id).sort()).toEqual(POLICY_IDS);
    expect(rongcuo(['policies']).stdout).toContain('抚州市容错免责办法(试行)');
  });

  it('shows a policy with its articles, verbatim text and rules', () => {
    const r = rongcuo(['policies', 'show', 'fuzhou-2019']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('第九条第(五)项 打着改革创新的旗号,搞劳民伤财的“政绩工程”“形象工程”的;');
    expect(r.stdout).toContain('规则：政绩工程（vanityProject） = 是');
    expect(r.stdout).toContain('第四条第(六)项 积极主动采取措施消除负面影响或挽回损失。');
  });

  it('validates every bundled policy file', () => {
    const files = readdirSync('policies').filter((f) => f.endsWith('.yaml')).map((f) => `policies/${f}`);
    const r = rongcuo(['policies', 'validate', ...files]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${POLICY_IDS.length} 个通过，0 个失败`);
  });

  it('locates policy errors by file, line and path', () => {
    const r = rongcuo(['policies', 'validate', 'fixtures/policy-unknown-fact.yaml', 'fixtures/policy-broken-yaml.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fixtures/policy-unknown-fact.yaml:118:23 exclusions[0].items[4].when.fact：未知事实“vanityProjekt”');
    expect(r.stderr).toContain('fixtures/policy-unknown-fact.yaml:166:40 situations[0].items[3].when.has');
    expect(r.stderr).toMatch(/fixtures\/policy-broken-yaml\.yaml:\d+:\d+/);
  });

  it('reports a broken policy given as --policy PATH the same way', () => {
    const r = rongcuo(['check', 'fixtures/cases.json', '--policy', 'fixtures/policy-unknown-fact.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exclusions[0].items[4].when.fact');
  });
});
