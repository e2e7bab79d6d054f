// `rongcuo assess` driven key by key in a pseudo-terminal, as a user would:
// the built binary (npm run build first) runs under a pty that python3's
// standard `pty` module provides (no native Node module to compile on CI).
// Every step waits for the prompt's text, never for a fixed time.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, rongcuo, tempDir } from './helpers/cli.js';
import { Terminal, hasPython, run } from './helpers/pty.js';


const ENTER = '\r';
const CTRL_C = '\x03';

const DOWN = '\x1b[B';

/** The fact answers of the exempt case (fixtures/cases.json 2024-017) under fuzhou-2019, as keys. */
const FUZHOU_EXEMPT: Record<string, string> = {
  '看节点：': `2${ENTER}`,
  '看初衷：': `2${ENTER}`,
  '是否存在下列不予容错的情形': ENTER,
  '看缘由：': `1${ENTER}`,
  '看后果：': `2${ENTER}`,
  '看处置：': `1${ENTER}`,
  '看方向/性质：': `1${ENTER}`,
  '看结果：': `1${ENTER}`,
  '看程序：': `1${ENTER}`,
  // 第八条第(三)项 is the 13th item (第五条 4, 第六条 4, 第七条 2, then 第八条).
  '失误发生在哪类工作情境中': `${DOWN.repeat(12)} ${ENTER}`,
};

const modeOf = (path: string) => statSync(path).mode & 0o777;
const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

// Windows has no pty module; everywhere else python3 is required (CI images have it), not silently skipped.
describe.skipIf(process.platform === 'win32')('rongcuo assess in a terminal', () => {
  beforeAll(() => {
    if (!hasPython) throw new Error('python3 (with its standard pty module) is needed to drive rongcuo assess in a pseudo-terminal');
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('run npm run build first: these tests drive the built bin/rongcuo');
  });

  it('runs a whole interview key by key: policy, details, facts, review with a change, report, draft and files', async () => {
    const dir = tempDir();
    const t = new Terminal(['assess'], dir);
    await run(t, async () => {
      // The policy list shows full titles; typing the start of one jumps to it.
      await t.expect('按哪一项政策评估？');
      await t.expect('石台县生态环境分局履职尽责容错纠错实施办法');
      t.send('抚州');
      t.send(ENTER);
      await t.expect(/✔ 按哪一项政策评估？ 抚州市容错免责办法\(试行\)\n/);

      await t.answer('申请容错的是个人还是单位？', `1${ENTER}`);
      await t.answer('当事人姓名', `张某${ENTER}`);
      await t.answer('所在单位', `某县商务局${ENTER}`);
      await t.answer('职务', `副局长${ENTER}`);
      await t.answer('事项名称', `招商引资项目土地出让价格偏差${ENTER}`);
      await t.answer('失误发生日期', `2024-03-01${ENTER}`);
      await t.answer('问责程序启动日期', `2024-05-10${ENTER}`);
      await t.expect('【适用范围】');
      await t.answer('当事人是否属于《抚州市容错免责办法(试行)》的适用对象？', `1${ENTER}`);

      const order = await t.answerInAnyOrder(FUZHOU_EXEMPT, '按目前的回答，结论为“容错免责”');
      // Red lines first (a yes there decides at once); the tolerance situation, which needs the rest, last.
      expect(order[0]).toBe('看节点：');
      expect(order.at(-1)).toBe('失误发生在哪类工作情境中');
      expect(order).toHaveLength(Object.keys(FUZHOU_EXEMPT).length);

      // Review: change 后果 to a 重特大 accident → 不予容错; then back → 容错免责.
      t.send('后果');
      t.send(ENTER);
      await t.answer('看后果：', `4${ENTER}`);
      await t.expect('按目前的回答，结论为“不予容错”');
      t.send('后果');
      t.send(ENTER);
      await t.answer('看后果：', `2${ENTER}`);
      await t.expect('按目前的回答，结论为“容错免责”');
      t.send(ENTER);

      await t.expect('结论：容错免责');
      await t.expect('第八条第(三)项');
      await t.answer('是否起草容错认定申请书？', ENTER);
      await t.answer('事实经过', `经局党组集体研究，采用新的土地出让评估方式，因参数选取不当，出让价格低于评估价约4%。${ENTER}`);
      await t.answer('已采取的纠错、补救措施', `主动报告，协商补缴差价，挽回损失约80%。${ENTER}`);
      await t.answer('证明材料', `局党组会议纪要、情况说明、补缴差价凭证${ENTER}`);
      await t.answer('保存评估意见书？', `1${ENTER}`);
      await t.answer('保存到：', ENTER);
      await t.expect('已保存：');
      await t.answer('保存申请书草稿？', `1${ENTER}`);
      await t.answer('保存到：', ENTER);
      await t.expect('已保存：');
      await t.answer('保存案例文件', ENTER);
      await t.answer('保存到：', ENTER);
      await t.expect('已保存：');
    });
    expect(await t.exited).toBe(0);
    noStackTrace(t.text);

    const files = readdirSync(dir).filter((f) => !f.startsWith('.'));
    const report = files.find((f) => f.endsWith('-评估意见书.md'))!;
    const draft = files.find((f) => f.endsWith('-申请书.docx'))!;
    const caseFile = files.find((f) => /^assess-\d{8}-\d{6}\.json$/.test(f))!;
    expect(report && draft && caseFile, `files written: ${files.join(', ')}`).toBeTruthy();
    for (const f of [report, draft, caseFile]) expect(modeOf(join(dir, f))).toBe(0o600);
    expect(readFileSync(join(dir, report), 'utf8')).toContain('容错免责');
    expect(readFileSync(join(dir, draft)).subarray(0, 2).toString()).toBe('PK');
    const saved = JSON.parse(readFileSync(join(dir, caseFile), 'utf8'));
    expect(saved.cases[0].subject).toEqual({ kind: 'individual', name: '张某', unit: '某县商务局', position: '副局长' });
    expect(saved.cases[0].matter.evidence).toEqual(['局党组会议纪要', '情况说明', '补缴差价凭证']);
    expect(saved.cases[0].facts).toMatchObject({ inScope: true, severity: 'minor', situations: ['reform-pilot'], repeatedError: false });
    // The saved case is a case file: `check` reaches the same outcome.
    const check = rongcuo(['check', join(dir, caseFile), '--format', 'json']);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout).results[0].outcome).toBe('exempt');
  }, 120_000);

  it('saves the answers on Ctrl-C (exit 130, owner-only file, the exact resume command) and --resume goes on at the open question', async () => {
    const dir = tempDir();
    const t = new Terminal(['assess', '--policy', 'fuzhou-2019'], dir);
    const path = await run(t, async () => {
      await t.answer('申请容错的是个人还是单位？', `1${ENTER}`);
      await t.answer('当事人姓名', `李某${ENTER}`);
      for (const p of ['所在单位', '职务', '事项名称', '失误发生日期', '问责程序启动日期']) await t.answer(p, ENTER);
      await t.answer('的适用对象？', `1${ENTER}`);
      await t.answer('看节点：', `2${ENTER}`);
      await t.expect('看初衷：');
      t.send(CTRL_C);
      const m = (await t.expect(/继续问询：\n\s+rongcuo assess --resume (\S+)\n/)) as RegExpExecArray;
      return m[1]!;
    });
    expect(await t.exited).toBe(130);
    noStackTrace(t.text);
    expect(t.text).toContain('已中断。');
    expect(modeOf(path)).toBe(0o600);
    const session = JSON.parse(readFileSync(path, 'utf8'));
    expect(session.policy).toBe('fuzhou-2019');
    expect(session.case.subject).toEqual({ kind: 'individual', name: '李某' });
    expect(session.case.facts).toEqual({ inScope: true, prohibitedAtTime: false });
    expect(session.interview).toMatchObject({ phase: 'facts', open: 'improperBenefit' });

    const r = new Terminal(['assess', '--resume', path], dir);
    await run(r, async () => {
      // The first question after resuming is the one that was open.
      const first = (await r.expect(/\n\? ([^\n]*)/)) as RegExpExecArray;
      expect(first[1]).toMatch(/^看初衷：/);
      r.send(`2${ENTER}`);
      await r.expect(/✔[^\n]*\n/);
      const rest = { ...FUZHOU_EXEMPT };
      delete rest['看节点：'];
      delete rest['看初衷：'];
      const order = await r.answerInAnyOrder(rest, '按目前的回答，结论为“容错免责”');
      expect(order).not.toContain('看节点：');
      r.send(ENTER);
      await r.expect('结论：容错免责');
      await r.answer('是否起草容错认定申请书？', `n${ENTER}`);
      await r.answer('保存评估意见书？', `3${ENTER}`);
      await r.answer('保存案例文件', `n${ENTER}`);
      await r.expect('已删除会话文件');
    });
    expect(await r.exited).toBe(0);
    expect(existsSync(path)).toBe(false);
  }, 120_000);

  it('asks only what could change the outcome: with only severity unknown under fuzhou-2019, the first question is 后果', async () => {
    const dir = tempDir();
    const t = new Terminal(['assess', '--answers', join(ROOT, 'fixtures', 'answers-severity-unknown.json')], dir);
    await run(t, async () => {
      const first = (await t.expect(/\n\? ([^\n]*)/)) as RegExpExecArray;
      expect(first[1]).toBe('看后果：造成了怎样的损失或影响？');
      t.send(`2${ENTER}`);
      await t.expect(/✔[^\n]*\n/);
      // Decided now: straight to the review, no further fact question.
      const next = (await t.expect(/\n\? ([^\n]*)/)) as RegExpExecArray;
      expect(next[1]).toBe('按目前的回答，结论为“容错免责”。确认，或选择要修改的回答：');
      t.send(ENTER);
      await t.expect('结论：容错免责');
      await t.answer('是否起草容错认定申请书？', `n${ENTER}`);
      await t.answer('保存评估意见书？', `3${ENTER}`);
      await t.answer('保存案例文件', `n${ENTER}`);
    });
    expect(await t.exited).toBe(0);
  }, 60_000);

  it('records “不确定” as unknown and does not ask that question again', async () => {
    const dir = tempDir();
    const t = new Terminal(['assess', '--answers', join(ROOT, 'fixtures', 'answers-severity-unknown.json')], dir);
    await run(t, async () => {
      await t.answer('看后果：', `5${ENTER}`);
      await t.expect('按目前的回答，结论为“待补充事实”');
      t.send(ENTER);
      await t.expect('结论：待补充事实');
      await t.expect('暂不起草申请书');
      await t.answer('保存评估意见书？', `3${ENTER}`);
      await t.answer('保存案例文件', `n${ENTER}`);
    });
    expect(await t.exited).toBe(0);
    // Answered once: a second ✔ line would mean it was asked again.
    expect(t.text.match(/✔ 看后果：/g)).toHaveLength(1);
  }, 60_000);

  it('saves the session when the terminal closes mid-interview', async () => {
    const dir = tempDir();
    const t = new Terminal(['assess', '--policy', 'fuzhou-2019'], dir);
    await run(t, async () => {
      await t.answer('申请容错的是个人还是单位？', `2${ENTER}`);
      await t.expect('当事人姓名');
    });
    t.closeInput();
    expect(await t.exited).toBe(129);
    const sessions = readdirSync(dir).filter((f) => /^rongcuo-session-.*\.json$/.test(f));
    expect(sessions).toHaveLength(1);
    const file = join(dir, sessions[0]!);
    expect(modeOf(file)).toBe(0o600);
    const session = JSON.parse(readFileSync(file, 'utf8'));
    expect(session.case.subject).toEqual({ kind: 'unit' });
    expect(session.interview).toMatchObject({ phase: 'basics', open: 'subject.name' });
  }, 60_000);
});
