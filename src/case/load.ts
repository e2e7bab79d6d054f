// Whole-file case loading for commands that work on a few cases at a time
// (report, draft, assess --answers): every case valid, or a located error.
import { LocatedErrors, type Located } from '../errors.js';
import { policyFactIndex } from '../policy/registry.js';
import type { CompiledPolicy } from '../policy/compile.js';
import { inputName, readCaseFile } from './read.js';
import { validateCase, type Case } from './schema.js';

export async function loadCaseFile(path: string, extra: CompiledPolicy[] = []): Promise<Case[]> {
  const file = inputName(path);
  const index = policyFactIndex(extra);
  const cases: Case[] = [];
  const problems: Located[] = [];
  const seen = new Set<string>();
  for await (const entry of readCaseFile(path)) {
    const where = entry.line !== undefined ? { line: entry.line } : {};
    const prefix = entry.line !== undefined ? '' : `cases[${entry.index}]`;
    if (entry.kind === 'error') {
      problems.push({ file, ...where, column: entry.column, message: entry.message });
      continue;
    }
    const validation = validateCase(entry.raw, index);
    if (!validation.ok) {
      for (const e of validation.errors) problems.push({ file, ...where, path: [prefix, e.path].filter(Boolean).join('.'), message: e.message });
      continue;
    }
    if (seen.has(validation.value.id)) {
      problems.push({ file, ...where, path: [prefix, 'id'].filter(Boolean).join('.'), message: `案例 id “${validation.value.id}”重复；每个案例的 id 须唯一` });
      continue;
    }
    seen.add(validation.value.id);
    cases.push(validation.value);
  }
  if (problems.length > 0) throw new LocatedErrors(`${file}：案例文件有 ${problems.length} 处错误，请修正后重试`, problems);
  return cases;
}

/** One case by id, or the only case of the file. */
export function pickCase(cases: Case[], id: string | undefined, file: string): Case[] {
  if (id === undefined) return cases;
  const found = cases.find((c) => c.id === id);
  if (!found) {
    const ids = cases.slice(0, 10).map((c) => c.id).join('、');
    throw new LocatedErrors(`${file}：没有 id 为“${id}”的案例`, [{ file, message: `文件中的案例：${ids}${cases.length > 10 ? ' …' : ''}` }]);
  }
  return [found];
}
