// vocabulary/*.yaml → the checked Vocabulary, or every problem by file and
// path. Build time and tests only (it loads yaml and zod): the CLI gets the
// result precompiled into its bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { LocatedErrors, type Located } from '../errors.js';
import { checkVocabulary, factsFileSchema, outcomesFileSchema, readingsFileSchema, type Vocabulary } from './schema.js';

export const VOCABULARY_FILES = { facts: 'facts.yaml', outcomes: 'outcomes.yaml', readings: 'readings.yaml' } as const;

function dotPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `缺少此项（应为 ${issue.expected}）` : `应为 ${issue.expected}`;
    case 'unrecognized_keys':
      return `未知字段 ${issue.keys.join(', ')}；可用字段见文件开头的说明`;
    case 'invalid_value':
      return `应为以下之一：${issue.values.map(String).join(' | ')}`;
    case 'invalid_union':
      return 'kind 应为 boolean | enum | tags 之一，其余字段随 kind 而定（见文件开头的说明）';
    default:
      return issue.message;
  }
}

/** Reads the vocabulary of `dir` (the repository's `vocabulary/`). */
export function loadVocabulary(dir: string): Vocabulary {
  const problems: Located[] = [];
  const read = <S extends z.ZodType>(name: keyof typeof VOCABULARY_FILES, schema: S): z.output<S> | undefined => {
    const file = join(dir, VOCABULARY_FILES[name]);
    let raw: unknown;
    try {
      raw = parse(readFileSync(file, 'utf8'), { uniqueKeys: true, strict: true });
    } catch (error) {
      problems.push({ file, message: `无法读取：${(error as Error).message.split('\n')[0]}` });
      return undefined;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file, path: dotPath(issue.path), message: issueMessage(issue) });
      return undefined;
    }
    return parsed.data;
  };
  const facts = read('facts', factsFileSchema);
  const outcomes = read('outcomes', outcomesFileSchema);
  const readings = read('readings', readingsFileSchema);
  if (facts && outcomes && readings) {
    const vocabulary: Vocabulary = { facts: facts.facts, outcomes: outcomes.outcomes, steps: outcomes.steps, readings };
    for (const [name, path, message] of checkVocabulary(vocabulary)) problems.push({ file: join(dir, VOCABULARY_FILES[name]), path, message });
    if (problems.length === 0) return vocabulary;
  }
  throw new LocatedErrors(`${dir}：词汇表有 ${problems.length} 处错误`, problems);
}
