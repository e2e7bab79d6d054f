// Policy files that are wrong in every way a user can get them wrong: each
// rejected quickly, with the file, line and path.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocatedErrors, UserError } from '../src/errors.js';
import { parsePolicy } from '../src/policy/load.js';

const fuzhou = readFileSync('policies/fuzhou-2019.yaml', 'utf8');

function problems(text: string): string[] {
  try {
    parsePolicy(text, 'p.yaml');
  } catch (error) {
    if (error instanceof LocatedErrors) return error.problems.map((p) => `${p.line ?? '-'}:${p.column ?? '-'} ${p.path ?? ''} ${p.message}`);
    if (error instanceof UserError) return [error.message];
    throw error;
  }
  return [];
}

describe('policy loading', () => {
  it('accepts the bundled fuzhou-2019 policy', () => {
    expect(parsePolicy(fuzhou, 'fuzhou-2019.yaml').id).toBe('fuzhou-2019');
  });

  it('locates YAML syntax errors by line and column', () => {
    const [first] = problems('id: x\ntitle: [unclosed\n');
    expect(first).toMatch(/^\d+:\d+ /);
  });

  it('rejects a document that is not a mapping', () => {
    expect(problems('- just\n- a list\n')[0]).toContain('顶层应为映射');
    expect(problems('plain text\n')[0]).toContain('顶层应为映射');
  });

  it('rejects an alias bomb quickly', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    const found = problems(bomb.join('\n'));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(found[0]).toContain('别名');
  });

  it('rejects an oversized document before parsing it', () => {
    expect(problems(`note: "${'长'.repeat(400_000)}"\n`)[0]).toContain('上限');
  });

  it('locates schema errors by path and line', () => {
    const broken = fuzhou.replace('modality: 可以\n', 'modality: maybe\n');
    const found = problems(broken);
    expect(found.some((p) => p.includes('situations[0].modality') && p.includes('应当 | 可以'))).toBe(true);
    expect(found[0]).toMatch(/^17\d:\d+ /);
  });

  it('rejects unknown facts, unknown tags, wrong value types and duplicate ids', () => {
    const text = fuzhou
      .replace('{ fact: repeatedError, is: true }', '{ fact: repeatedErrors, is: true }')
      .replace('has: streamlined-service }', 'has: streamlined }')
      .replace('{ fact: collusion', '{ fact: collusion')
      .replace('when: { fact: vanityProject, is: true }', 'when: { fact: severity, is: huge }')
      .replace('id: art9-7', 'id: art9-6');
    const found = problems(text);
    expect(found.some((p) => p.includes('when.fact') && p.includes('repeatedErrors'))).toBe(true);
    expect(found.some((p) => p.includes('when.has') && p.includes('streamlined'))).toBe(true);
    expect(found.some((p) => p.includes('when.is') && p.includes('none | minor | major | catastrophic'))).toBe(true);
    expect(found.some((p) => p.includes('重复') && p.includes('art9-6'))).toBe(true);
  });

  it('rejects conditions written as code strings', () => {
    const text = fuzhou.replace('when: { fact: vanityProject, is: true }', 'when: "facts.vanityProject === true"');
    expect(problems(text).some((p) => p.includes('exclusions[0].items[4].when'))).toBe(true);
  });
});
