// The batch check's shape: `rongcuo check` reaches it through one door
// (src/batch/check-file.ts); the case reader has no thread or encoding
// switch of its own, only the line parser it is handed; results kept for
// speed belong to the batch (and to each renderer), never to a module or
// to what `evaluate` returns; and a case the hand-written checks refuse is
// a status the batch acts on (zod loaded, the case checked again), not a
// thrown retry.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { BriefAssessments } from '../src/batch/assessments.js';
import { entryChecker } from '../src/batch/entry.js';
import { NdjsonSplitter, type InputEntry, type LineParser } from '../src/case/read.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { policyFactIndex, resolveBundledPolicy, resolvePolicy } from '../src/policy/registry.js';
import type { CheckResult } from '../src/render/check.js';

const SRC = resolve(import.meta.dirname, '..', 'src');
const source = (path: string) => readFileSync(join(SRC, path), 'utf8');

/** The module specifiers a source file imports (static, type-only and dynamic alike). */
function specifiersOf(path: string): string[] {
  return [...source(path).matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]!);
}

describe('the batch has one door', () => {
  it('the check command imports, of the batch, only check-file.ts', () => {
    const batch = specifiersOf('commands/check.ts').filter((s) => s.startsWith('../batch/'));
    expect(batch).toEqual(['../batch/check-file.js']);
  });

  it('the case reader switches on no thread: src/case/ imports nothing of node:worker_threads', () => {
    for (const file of readdirSync(join(SRC, 'case'))) {
      expect(specifiersOf(join('case', file)), file).not.toContain('node:worker_threads');
    }
  });

  it('the check renderers keep no cache at module level (each renderer keeps its own)', () => {
    const file = ts.createSourceFile('check.ts', source('render/check.ts'), ts.ScriptTarget.Latest, true);
    const moduleMaps = file.statements
      .filter(ts.isVariableStatement)
      .flatMap((s) => s.declarationList.declarations)
      .filter((d) => d.initializer && ts.isNewExpression(d.initializer) && /^(Weak)?Map$/.test(d.initializer.expression.getText(file)))
      .map((d) => d.name.getText(file));
    expect(moduleMaps).toEqual([]);
  });
});

describe('results kept for speed belong to the batch', () => {
  const fuzhou = resolvePolicy('fuzhou-2019');
  /** A case the first walk leaves open: its outcome turns on facts it does not give. */
  const open = { intent: 'inadvertent' } as const;

  it('a brief assessment of an open case is a new object on every call, its own to change', () => {
    const first = evaluate(fuzhou, open, { brief: true });
    expect(first.outcome).toBe('undetermined');
    const second = evaluate(fuzhou, open, { brief: true });
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    first.missingFacts.push('changed');
    first.basis.push({ article: 'changed', text: 'changed' });
    expect(evaluate(fuzhou, open, { brief: true })).toEqual(second);
  });

  it("a batch's cases that read the same share one assessment within the batch, and only there", () => {
    const batch = new BriefAssessments();
    const a = batch.of(fuzhou, open);
    // Another case, the same to the policy: only the inScope it gives and the facts it reads count.
    expect(batch.of(fuzhou, { ...open })).toBe(a);
    expect(new BriefAssessments().of(fuzhou, open)).not.toBe(a);
    expect(new BriefAssessments().of(fuzhou, open)).toEqual(a);
  });
});

describe('a case the hand-written checks refuse', () => {
  const checker = () =>
    entryChecker({ fixed: undefined, resolve: resolveBundledPolicy, policyFacts: () => policyFactIndex() });
  const refused: InputEntry = { kind: 'case', raw: { id: 'x-1', policy: 'fuzhou-2019', facts: { intnet: 'inadvertent' } }, index: 0, line: 1 };

  it('is `unexplained` until zod is loaded, with nothing emitted or recorded; then explained', async () => {
    const c = checker();
    const results: CheckResult[] = [];
    expect(c.check(refused, (r) => results.push(r))).toBe('unexplained');
    expect(results).toEqual([]);
    expect(c.seenIds.size).toBe(0);
    await c.loadExplanations();
    expect(c.check(refused, (r) => results.push(r))).toBe('checked');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ case: 'x-1', outcome: null, line: 1 });
    expect(results[0]!.errors!.map((e) => e.path)).toEqual(['facts.intnet']);
  });

  it('does not hold up a valid case: checked at once, zod or not', () => {
    const results: CheckResult[] = [];
    const valid: InputEntry = { kind: 'case', raw: { id: 'x-2', policy: 'fuzhou-2019', facts: {} }, index: 1, line: 2 };
    expect(checker().check(valid, (r) => results.push(r))).toBe('checked');
    expect(results).toMatchObject([{ case: 'x-2', policy: 'fuzhou-2019', outcome: 'undetermined' }]);
  });
});

describe('NdjsonSplitter with a line parser', () => {
  it('hands the parser each line, numbered, whatever the line endings and wherever the pieces are cut', () => {
    const seen: Array<[string, number, number]> = [];
    const parser: LineParser = {
      entry(text, lineNo, index) {
        seen.push([text, lineNo, index]);
        return text.trim() === '' ? undefined : { kind: 'case', raw: text, index, line: lineNo };
      },
      byteLength: (text) => text.length,
    };
    const splitter = new NdjsonSplitter({ lines: 10, entries: 4 }, parser);
    const entries: InputEntry[] = [];
    for (const piece of ['{"a"', '}\r', '\n\n{"b"}\r{"c"', '}']) splitter.split(piece, entries);
    splitter.finish(entries);
    expect(seen).toEqual([
      ['{"a"}', 11, 4],
      ['', 12, 5],
      ['{"b"}', 13, 5],
      ['{"c"}', 14, 6],
    ]);
    expect(entries.map((e) => [e.line, e.index])).toEqual([
      [11, 4],
      [13, 5],
      [14, 6],
    ]);
  });
});
