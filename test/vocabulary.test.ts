// The vocabulary as data (vocabulary/*.yaml): every fact, value, tag,
// outcome and step has all its words; the checks refuse data that lacks
// any; the accessor (src/vocabulary.ts), the build's precompiled copy and
// the code's contracts agree with the data.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { LocatedErrors } from '../src/errors.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { allBundledCompiled } from '../src/policy/registry.js';
import {
  DEFAULTS,
  DERIVATIONS,
  FACTS,
  FACT_NAMES,
  FIXED_FACTS,
  NO_APPLICATION,
  OUTCOMES,
  OUTCOME_LABELS,
  OUTCOME_ORDER,
  OUTCOME_RANK,
  OUTCOME_SHORT,
  OUTCOME_TONES,
  OUTCOME_WORDS,
  SITUATION_READING,
  STEP_LABELS,
  SUPPORTS_APPLICATION,
  TAG_LISTS,
  TAG_LIST_NAMES,
  factSpec,
  factValues,
  valueWords,
} from '../src/vocabulary.js';
import { loadVocabulary } from '../src/vocabulary/load.js';
import { outcomeIdSchema, stepIdSchema, tagListNameSchema, type Vocabulary } from '../src/vocabulary/schema.js';
import { ROOT } from './helpers/cli.js';

const DIR = join(ROOT, 'vocabulary');
const data = loadVocabulary(DIR);

describe('every entry of the vocabulary has all its words', () => {
  it('each fact: a label, a question and help; each value: a label, a short form and prose; each tag: its text', () => {
    expect(FACT_NAMES.length).toBeGreaterThan(0);
    for (const name of FACT_NAMES) {
      const spec = factSpec(name)!;
      for (const word of [spec.label, spec.question, spec.help]) expect(word, name).toMatch(/\S/);
      if (spec.kind === 'tags') {
        expect(Object.keys(spec.tags).length, name).toBeGreaterThan(0);
        for (const [tag, text] of Object.entries(spec.tags)) expect(text, `${name}.${tag}`).toMatch(/\S/);
        continue;
      }
      expect(spec.words.map((w) => w.value)).toEqual([...factValues(name)]);
      for (const w of spec.words) for (const word of [w.label, w.short, w.prose]) expect(word, `${name}.${String(w.value)}`).toMatch(/\S/);
    }
  });

  it('each outcome: label, short label, tone, explanation, request; rank and order when decided; refusal when it supports no application', () => {
    expect(OUTCOMES).toEqual(outcomeIdSchema.options);
    for (const o of OUTCOMES) {
      const words = OUTCOME_WORDS[o];
      for (const word of [OUTCOME_LABELS[o], OUTCOME_SHORT[o], words.explanation, words.request]) expect(word, o).toMatch(/\S/);
      expect(['good', 'mid', 'bad', 'unknown', 'neutral']).toContain(OUTCOME_TONES[o]);
      expect(words.refusal !== undefined, o).toBe(NO_APPLICATION.includes(o));
    }
    expect(Object.keys(OUTCOME_RANK).sort()).toEqual(OUTCOMES.filter((o) => o !== 'undetermined').sort());
    expect(OUTCOME_ORDER).toEqual(['not-applicable', 'excluded', 'diligent', 'exempt', 'mitigated', 'not-eligible']);
    expect([...SUPPORTS_APPLICATION].sort()).toEqual(['diligent', 'exempt', 'mitigated']);
  });

  it('each decision step every bundled policy compiles to has its label', () => {
    const steps = new Set(allBundledCompiled().flatMap((c) => c.steps.map((s) => s.id)));
    expect([...steps].sort()).toEqual([...stepIdSchema.options].sort());
    for (const step of steps) expect(STEP_LABELS[step], step).toMatch(/\S/);
  });

  it('every fact a bundled policy reads is worded: by the vocabulary, or by the policy itself', () => {
    for (const compiled of allBundledCompiled()) {
      const own = new Map(compiled.policy.facts.map((f) => [f.id, f]));
      for (const atom of [...compiled.steps, ...compiled.rules].flatMap((c) => c.atoms)) {
        const fact = atom.kind === 'tag' ? atom.list : atom.fact;
        const worded = factSpec(fact) !== undefined || (own.get(fact)?.label ?? '') !== '';
        expect(worded, `${compiled.policy.id}: ${fact}`).toBe(true);
        if (atom.kind === 'tag') expect(TAG_LISTS[atom.list][atom.tag], `${atom.list}.${atom.tag}`).toMatch(/\S/);
      }
    }
  });
});

describe('the accessor agrees with the data', () => {
  it('facts, values and tags, in the data’s order', () => {
    expect(FACT_NAMES).toEqual(Object.keys(data.facts));
    for (const [name, fact] of Object.entries(data.facts)) {
      const spec = FACTS[name]!;
      expect(spec.kind).toBe(fact.kind);
      expect([spec.label, spec.question, spec.help, spec.interviewQuestion]).toEqual([fact.label, fact.question, fact.help, fact.interviewQuestion]);
      if (fact.kind === 'tags') expect(spec.kind === 'tags' && spec.tags).toEqual(fact.tags);
      else for (const [value, words] of Object.entries(fact.values)) expect(valueWords(name, value === 'true' ? true : value === 'false' ? false : value)).toMatchObject(words);
    }
    expect(TAG_LIST_NAMES).toEqual(tagListNameSchema.options);
  });

  it('outcomes and steps', () => {
    for (const [id, o] of Object.entries(data.outcomes) as Array<[keyof typeof data.outcomes, Vocabulary['outcomes'][keyof Vocabulary['outcomes']]]>) {
      expect([OUTCOME_LABELS[id], OUTCOME_SHORT[id], OUTCOME_TONES[id], OUTCOME_WORDS[id]]).toEqual([o.label, o.short, o.tone, o]);
      if (o.rank !== undefined) expect(OUTCOME_RANK[id as keyof typeof OUTCOME_RANK]).toBe(o.rank);
    }
    expect(STEP_LABELS).toEqual(data.steps);
  });

  it('the readings, which the evaluator applies as the data says', () => {
    expect(DEFAULTS).toEqual(data.readings.defaults);
    expect(DERIVATIONS).toEqual(data.readings.derived);
    expect(SITUATION_READING).toEqual(data.readings.situationPrerequisite);
    expect([...FIXED_FACTS]).toEqual(data.readings.fixed.map((f) => f.fact));
    const fuzhou = allBundledCompiled().find((c) => c.policy.id === 'fuzhou-2019')!;
    // A defaulted fact left out is assumed, in the data's words, with the policy's scope article.
    const a = evaluate(fuzhou, {});
    for (const d of DEFAULTS) expect(a.assumptions).toContain(d.assumption.replace('{scope}', fuzhou.policy.scope.ref));
    expect(evaluate(fuzhou, { inScope: true }).assumptions).toEqual([]);
  });

  it('the build’s precompiled vocabulary (what the CLI bundles) is the data', () => {
    const built = join(ROOT, 'dist', 'vocabulary.json');
    expect(existsSync(built), 'dist/vocabulary.json: run npm run build').toBe(true);
    expect(JSON.parse(readFileSync(built, 'utf8'))).toEqual(data);
  });
});

describe('the checks refuse vocabulary data that lacks a word or does not agree', () => {
  const temps: string[] = [];
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** The vocabulary with one file changed; the problems loadVocabulary reports, as “file path：message”. */
  function problemsWith(file: 'facts' | 'outcomes' | 'readings', change: (doc: Record<string, any>) => void): string[] {
    const dir = mkdtempSync(join(tmpdir(), 'rongcuo-vocabulary-'));
    temps.push(dir);
    cpSync(DIR, dir, { recursive: true });
    const path = join(dir, `${file}.yaml`);
    const doc = parse(readFileSync(path, 'utf8'));
    change(doc);
    writeFileSync(path, stringify(doc));
    try {
      loadVocabulary(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(LocatedErrors);
      return (error as LocatedErrors).problems.map((p) => `${p.file.slice(dir.length + 1)} ${p.path}：${p.message}`);
    }
    return [];
  }

  it('accepts the bundled vocabulary', () => {
    expect(problemsWith('facts', () => {})).toEqual([]);
  });

  type Change = [what: string, file: 'facts' | 'outcomes' | 'readings', change: (doc: any) => unknown, place: string];
  it.each<Change>([
    ['a fact without help', 'facts', (d: any) => delete d.facts.severity.help, 'facts.yaml facts.severity.help'],
    ['a fact with an empty question', 'facts', (d: any) => (d.facts.intent.question = ''), 'facts.yaml facts.intent.question'],
    ['a value without its short form', 'facts', (d: any) => delete d.facts.severity.values.minor.short, 'facts.yaml facts.severity.values.minor.short'],
    ['a boolean fact without prose for false', 'facts', (d: any) => delete d.facts.collusion.values.false.prose, 'facts.yaml facts.collusion.values.false.prose'],
    ['a boolean fact without its false value', 'facts', (d: any) => delete d.facts.collusion.values.false, 'facts.yaml facts.collusion.values.false'],
    ['a tag without its text', 'facts', (d: any) => (d.facts.situations.tags['reform-pilot'] = ''), 'facts.yaml facts.situations.tags.reform-pilot'],
    ['a tag list missing', 'facts', (d: any) => delete d.facts.mitigation, 'facts.yaml facts.mitigation'],
    ['an outcome missing', 'outcomes', (d: any) => delete d.outcomes.exempt, 'outcomes.yaml outcomes.exempt'],
    ['an outcome without its short label', 'outcomes', (d: any) => delete d.outcomes.mitigated.short, 'outcomes.yaml outcomes.mitigated.short'],
    ['an outcome without its request', 'outcomes', (d: any) => delete d.outcomes.diligent.request, 'outcomes.yaml outcomes.diligent.request'],
    ['a decided outcome without a rank', 'outcomes', (d: any) => delete d.outcomes.excluded.rank, 'outcomes.yaml outcomes.excluded.rank'],
    ['a refused outcome without its refusal', 'outcomes', (d: any) => delete d.outcomes['not-eligible'].refusal, 'outcomes.yaml outcomes.not-eligible.refusal'],
    ['a request that does not say who applies', 'outcomes', (d: any) => (d.outcomes.exempt.request = '予以容错免责'), 'outcomes.yaml outcomes.exempt.request'],
    ['an unknown placeholder', 'outcomes', (d: any) => (d.outcomes.excluded.refusal = '触及红线（{articles}）'), 'outcomes.yaml outcomes.excluded.refusal'],
    ['a step without its label', 'outcomes', (d: any) => delete d.steps['situation-alone'], 'outcomes.yaml steps.situation-alone'],
    ['a default of a fact the vocabulary lacks', 'readings', (d: any) => (d.defaults[0].fact = 'inscope'), 'readings.yaml defaults[0].fact'],
    ['a derived value the fact cannot take', 'readings', (d: any) => (d.derived[0].when.is = 'fifth'), 'readings.yaml derived[0].when.is'],
    ['a prerequisite on a value the fact cannot take', 'readings', (d: any) => (d.situationPrerequisite.when.is = 'innocent'), 'readings.yaml situationPrerequisite.when.is'],
  ])('refuses %s, naming the file and the place', (_what, file, change, place) => {
    const problems = problemsWith(file, change);
    expect(problems.some((p) => p.startsWith(`${place}：`)), problems.join('\n')).toBe(true);
  });
});
