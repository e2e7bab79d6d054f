// docs/case-format.md, the project's copy of the case format: its fact
// vocabulary and outcomes sections are generated from vocabulary/*.yaml
// (scripts/gen-docs.mjs) and must match the data; messages point to it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_SECTIONS, beginMarker, endMarker, updateCaseFormat } from '../src/vocabulary/doc.js';
import { loadVocabulary } from '../src/vocabulary/load.js';
import { ROOT, rongcuo } from './helpers/cli.js';

const DOC = join(ROOT, 'docs', 'case-format.md');
const data = loadVocabulary(join(ROOT, 'vocabulary'));
const doc = readFileSync(DOC, 'utf8');

function section(name: (typeof GENERATED_SECTIONS)[number]): string {
  return doc.slice(doc.indexOf(beginMarker(name)), doc.indexOf(endMarker(name)));
}

describe('docs/case-format.md', () => {
  it('is in sync with vocabulary/*.yaml (else: node scripts/gen-docs.mjs)', () => {
    for (const name of GENERATED_SECTIONS) {
      expect(doc.indexOf(beginMarker(name)), name).toBeGreaterThan(-1);
      expect(doc.indexOf(endMarker(name)), name).toBeGreaterThan(doc.indexOf(beginMarker(name)));
    }
    expect(updateCaseFormat(doc, data)).toBe(doc);
  });

  it('lists every fact with its values, every tag and every outcome of the data', () => {
    const facts = section('facts');
    for (const [name, fact] of Object.entries(data.facts)) {
      expect(facts, name).toContain(`| \`${name}\` |`);
      if (fact.kind === 'enum') for (const value of Object.keys(fact.values)) expect(facts, `${name}.${value}`).toContain(`\`${value}\``);
      if (fact.kind === 'tags') for (const [tag, text] of Object.entries(fact.tags)) expect(facts, `${name}.${tag}`).toContain(`\`${tag}\` ${text}`);
    }
    for (const d of data.readings.defaults) expect(facts).toContain(d.doc);
    for (const d of data.readings.derived) expect(facts).toContain(d.doc);
    expect(facts).toContain(data.readings.situationPrerequisite.doc);
    const outcomes = section('outcomes');
    for (const [id, o] of Object.entries(data.outcomes)) expect(outcomes, id).toContain(`| \`${id}\` | ${o.label} | ${o.doc} |`);
  });
});

describe('messages point to docs/case-format.md', () => {
  it('for an unknown fact in a case file', () => {
    const r = rongcuo(['check', 'fixtures/invalid.json', '--policy', 'fuzhou-2019', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('facts.severty：未知事实：应为 docs/case-format.md 词汇表中的事实');
    expect(r.stderr).toContain('是否应为 severity？');
    expect(r.stderr).not.toContain('CASE-FORMAT');
  });

  it('for an unknown fact or tag in a policy file', () => {
    const r = rongcuo(['policies', 'validate', 'fixtures/policy-unknown-fact.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('应为 docs/case-format.md 词汇表中的事实');
    expect(r.stderr).toContain('应为 situations 清单的标签（见 docs/case-format.md）');
    expect(r.stderr).not.toContain('CASE-FORMAT');
  });

  it('and the document is there, in the repository; no source names the shared copy any more', () => {
    expect(existsSync(DOC)).toBe(true);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));
    const naming = files(join(ROOT, 'src')).filter((f) => readFileSync(f, 'utf8').includes('CASE-FORMAT'));
    expect(naming).toEqual([]);
  });
});
