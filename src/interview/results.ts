// The interview's results, saved at its end: offers to save the report (md
// or json), the draft (docx, text or md) and the case file, each asked once
// (a resumed interview does not ask again what it answered). Each file is
// asked where, never written over without a yes, and written atomically,
// owner-only (io/output.ts).
import { existsSync } from 'node:fs';
import type { Case } from '../case/schema.js';
import { UserError } from '../errors.js';
import { writeFileSafely } from '../io/output.js';
import { docxRemovalNotice, renderDraft } from '../render/draft.js';
import type { ReportData } from '../render/report-data.js';
import { renderReport, renderReports } from '../render/report.js';
import { makeChalk } from '../render/style.js';
import type { Ui } from './prompts.js';
import { markAsked, type InterviewPosition } from './session.js';

/** A file-name-safe form of a case id. */
function fileStem(id: string): string {
  return id.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
}

/** Asks one offer unless this interview has already answered it; open while it is asked, for a session saved meanwhile. */
async function once(position: InterviewPosition, id: string, offer: () => Promise<void>): Promise<void> {
  if (position.asked.includes(id)) return;
  position.open = id;
  await offer();
  markAsked(position, id);
}

/** The offers to save, in order: the report, the draft where one is wanted, the case file. */
export async function offerToSave(ui: Ui, position: InterviewPosition, kase: Case, data: ReportData, withDraft: boolean): Promise<void> {
  const stem = fileStem(kase.id);
  await once(position, 'save.report', async () => {
    const format = await ui.select<string>({
      message: '保存评估意见书？',
      help: ['Markdown 便于阅读和转换；JSON 供其他程序读取。文件仅本人可读写，不会覆盖已有文件（除非您确认）。'],
      choices: [
        { value: 'md', name: '保存为 Markdown（.md）', short: 'Markdown' },
        { value: 'json', name: '保存为 JSON（.json）', short: 'JSON' },
        { value: 'none', name: '不保存', short: '不保存' },
      ],
    });
    if (format === 'md') await saveFile(ui, `${stem}-评估意见书.md`, renderReport(data, 'md', makeChalk(false)));
    // The same JSON as `rongcuo report --format json`.
    if (format === 'json') await saveFile(ui, `${stem}-评估意见书.json`, renderReports([data], 'json', makeChalk(false)));
  });
  if (withDraft) {
    await once(position, 'save.draft', async () => {
      const format = await ui.select<string>({
        message: '保存申请书草稿？',
        help: ['Word（.docx）可直接编辑打印；纯文本和 Markdown 便于复制。草稿须由申请人核实、修改后提交。'],
        choices: [
          { value: 'docx', name: 'Word 文档（.docx）', short: 'Word' },
          { value: 'text', name: '纯文本（.txt）', short: '纯文本' },
          { value: 'md', name: 'Markdown（.md）', short: 'Markdown' },
          { value: 'none', name: '不保存', short: '不保存' },
        ],
      });
      if (format === 'none') return;
      const ext = format === 'text' ? 'txt' : format;
      const content = await renderDraft(data, format as 'text' | 'md' | 'docx');
      const removed = format === 'docx' ? docxRemovalNotice(data) : null;
      if (removed) ui.print(removed, 'yellow');
      await saveFile(ui, `${stem}-申请书.${ext}`, content);
    });
  }
  await once(position, 'save.case', async () => {
    const save = await ui.confirm({
      message: '保存案例文件（以后可用 rongcuo check、report、draft 再次评估）？',
      help: ['案例格式第 1 版的 JSON 文件，含本次的全部回答。'],
      default: true,
    });
    if (save) await saveFile(ui, `${stem}.json`, `${JSON.stringify({ formatVersion: 1, cases: [kase] }, null, 2)}\n`);
  });
  position.open = null;
}

/** Asks where, never overwrites without a yes, writes atomically with owner-only permissions. */
async function saveFile(ui: Ui, defaultName: string, content: string | Uint8Array): Promise<void> {
  let suggestion = defaultName;
  for (;;) {
    const path = (
      await ui.input({
        message: '保存到：',
        help: ['文件名或路径；直接按回车用建议的文件名。'],
        default: suggestion,
        validate: (v) => (v.trim() === '' ? '请输入文件名。' : true),
      })
    ).trim();
    suggestion = path;
    let force = false;
    if (existsSync(path)) {
      force = await ui.confirm({
        message: `${path} 已存在。覆盖它？`,
        help: ['选“否”可另换一个文件名。'],
        default: false,
      });
      if (!force) continue;
    }
    try {
      writeFileSafely(path, content, force);
      ui.print(`已保存：${path}（仅本人可读写）`, 'green');
      return;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      ui.print(error.message, 'red');
    }
  }
}
