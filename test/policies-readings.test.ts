// Every reading is visible where people read: `rongcuo policies readings`
// lists each one (article, verbatim text, the rule in words, the note), and
// a reading in words for people has no id, no ASCII word, left in it.
import { describe, expect, it } from 'vitest';
import { allBundledCompiled } from '../src/policy/registry.js';
import { asciiWords, markInferredItems, plainReading } from '../src/render/plain-reading.js';
import { itemNumbersInferred } from '../src/render/readings.js';
import { policyReadings } from '../src/render/readings.js';
import { rongcuo } from './helpers/cli.js';
import { POLICY_IDS } from './helpers/policies.js';

const compiled = allBundledCompiled();

/** Every note an encoder wrote that the views may show, with where it is. */
function everyNote(): Array<{ policy: string; where: string; note: string; own: Array<{ id: string; label: string }> }> {
  const out: Array<{ policy: string; where: string; note: string; own: Array<{ id: string; label: string }> }> = [];
  for (const { policy: p } of compiled) {
    const own = p.facts.map((f) => ({ id: f.id, label: f.label }));
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${where}[${i}]`));
      else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if ((k === 'note' || k === 'conditionsNote') && typeof v === 'string') out.push({ policy: p.id, where: `${where}.${k}`, note: v, own });
          else walk(v, `${where}.${k}`);
        }
      }
    };
    walk(p, p.id);
  }
  return out;
}

describe('readings in words for people', () => {
  it('no note of a bundled policy keeps an id or an ASCII word once put in words', () => {
    const left = everyNote()
      .map((n) => ({ where: n.where, words: asciiWords(plainReading(n.note, n.own)) }))
      .filter((n) => n.words.length > 0);
    expect(left).toEqual([]);
  });
});

describe('rongcuo policies readings', () => {
  it('lists every rule with a note, under its article, with its verbatim text and the reading in words', () => {
    const r = rongcuo(['policies', 'readings']);
    expect(r.code).toBe(0);
    for (const { policy: p } of compiled) {
      expect(r.stdout).toContain(`《${p.title}》（${p.id}）`);
      const rules = [...p.exclusions, ...p.diligence, ...p.situations, ...(p.conditions ? [p.conditions] : []), ...p.mitigation].flatMap((g) => g.items);
      for (const rule of rules.filter((x) => x.note)) {
        expect(r.stdout, `${p.id} ${rule.id}`).toContain(rule.text);
        expect(r.stdout, `${p.id} ${rule.id}`).toContain(markInferredItems(plainReading(rule.note!, p.facts), itemNumbersInferred(p)));
      }
    }
  }, 60_000);

  it('--format json: per policy, every reading with article, text, rule in words, note and reading; citations as in the policy file', () => {
    const r = rongcuo(['policies', 'readings', 'fuzhou-2019', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { policies: Array<{ id: string; readings: Array<Record<string, unknown>> }> };
    expect(out.policies.map((p) => p.id)).toEqual(['fuzhou-2019']);
    const p = compiled.find((c) => c.policy.id === 'fuzhou-2019')!.policy;
    expect(out.policies[0]!.readings).toEqual(policyReadings(p));
    const rules = [...p.exclusions, ...p.diligence, ...p.situations, ...(p.conditions ? [p.conditions] : []), ...p.mitigation].flatMap((g) => g.items);
    for (const rule of rules.filter((x) => x.note)) {
      const found = out.policies[0]!.readings.find((x) => x.rule === rule.id);
      expect(found, rule.id).toMatchObject({ article: rule.ref, text: rule.text, note: rule.note });
      expect(asciiWords(String(found!.encoded)), rule.id).toEqual([]);
    }
  });

  it('--format md writes Markdown; 贵安’s item numbers are marked as inferred', () => {
    const r = rongcuo(['policies', 'readings', 'guian-new-area', '-f', 'md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# 本工具对政策条文的理解/);
    expect(r.stdout).toContain('## 《贵安新区容错纠错实施办法(试行)》');
    expect(r.stdout).toContain('第七条第(一)项※');
    expect(r.stdout).toContain('带※的项号为本工具按顺序推定');
    expect(r.stdout).not.toMatch(/第[一二三四五六七八九十]+条第\([一二三四五六七八九十]+\)项(?!※)/);
  });

  it('an unknown id: exit 2, the bundled ids listed', () => {
    const r = rongcuo(['policies', 'readings', 'nope']);
    expect(r.code).toBe(2);
    for (const id of POLICY_IDS) expect(r.stderr).toContain(id);
    expect(r.stdout).toBe('');
  });
});

describe('readings where people read', () => {
  it('the report shows the reading of a basis item beside the conclusion, in words, and marks 贵安’s item numbers', () => {
    const fz = rongcuo(['report', 'fixtures/cases.json', '-c', '2024-017']);
    expect(fz.code).toBe(0);
    expect(fz.stdout).toContain('本工具对第八条第(三)项的理解：');
    const gu = rongcuo(['report', 'fixtures/jurisdictions.json', '-c', 'JX-03', '-p', 'guian-new-area', '-f', 'md']);
    expect(gu.code).toBe(0);
    expect(gu.stdout).toContain('本工具对第六条第(七)项※的理解：');
    expect(gu.stdout).not.toMatch(/第[一二三四五六七八九十]+条第\([一二三四五六七八九十]+\)项(?!※)/);
    const draft = rongcuo(['draft', 'fixtures/jurisdictions.json', '-c', 'JX-03', '-p', 'guian-new-area']);
    expect(draft.code).toBe(0);
    expect(draft.stdout).toContain('（本申请对第六条第(七)项※的理解：');
    expect(draft.stdout).toContain('带※的项号系按条文顺序推定');
  });

  it('policies show marks 贵安’s item numbers as inferred', () => {
    const r = rongcuo(['policies', 'show', 'guian-new-area']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('第七条第(三)项※');
    expect(r.stdout).not.toMatch(/第[一二三四五六七八九十]+条第\([一二三四五六七八九十]+\)项(?!※)/);
  });
});
