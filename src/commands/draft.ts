// `rongcuo draft FILE`: the draft application (容错认定申请书) for one case,
// as text, Markdown or docx. Outcomes that support no application are
// explained and nothing is written, unless --force.
import { EXIT_OK, UserError } from '../errors.js';
import { checkOutput, writeOutput } from '../io/output.js';
import { docxRemovalNotice, draftRefusal, renderDraft, type DraftFormat } from '../render/draft.js';
import { sanitizeLines } from '../render/safe-text.js';
import { buildReportData } from './report-data.js';
import { assessCase, chooseFormat, loadCases } from './report-input.js';
import { factLabel } from '../render/phrases.js';
import { OUTCOME_LABELS } from '../vocabulary.js';

interface DraftOptions {
  policy?: string;
  case?: string;
  format?: string;
  output?: string;
  force?: boolean;
}

const DRAFT_FORMATS = ['text', 'md', 'docx'] as const;

export async function runDraft(file: string, opts: DraftOptions): Promise<number> {
  const format = chooseFormat<DraftFormat>(opts.format, opts.output, DRAFT_FORMATS, { docx: 'docx', md: 'md', markdown: 'md', txt: 'text' }, 'text');
  const force = opts.force ?? false;
  if (format === 'docx' && !opts.output) {
    throw new UserError('docx 须写入文件：请加 --output 申请书.docx。');
  }
  checkOutput(opts.output, force, file);
  const cases = await loadCases(file, opts);
  if (cases.length > 1) {
    const ids = cases.slice(0, 10).map((c) => c.kase.id).join('、');
    throw new UserError(`${file} 中有 ${cases.length} 个案例，请用 --case 选择其一：${ids}${cases.length > 10 ? ' …' : ''}`);
  }
  // Only the case drafted is assessed.
  const data = buildReportData(assessCase(cases[0]!));
  const refusal = draftRefusal(data);
  if (refusal && !force) throw new UserError(refusal);

  const a = data.assessment;
  const notes: string[] = [];
  if (refusal) notes.push(`注意：评估结论为“${OUTCOME_LABELS[a.outcome]}”，按 --force 仍起草；请据实核对后再决定是否提交。`);
  if (a.outcome === 'undetermined') {
    notes.push(`注意：结论尚待补充事实（${a.missingFacts.map((f) => factLabel(f, data)).join('、')}），草稿中以【待补充】标出。`);
  }
  notes.push('申请书草稿仅供参考：【待补充】处须补全，全文须由申请人核对、修改后提交；是否容错由有权党组织认定。');

  const removed = format === 'docx' ? docxRemovalNotice(data) : null;
  if (removed) notes.unshift(removed);

  const content = await renderDraft(data, format);
  writeOutput(opts.output, content, force, file);
  process.stderr.write(`${sanitizeLines(notes.join('\n'))}\n`);
  return EXIT_OK;
}
