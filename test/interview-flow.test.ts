// The interview flow with the one prompt module replaced by a script: the
// order of questions, review and changes, interruption and the session file.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaseFile } from '../src/case/load.js';
import type { Case } from '../src/case/schema.js';
import { Interview } from '../src/interview/flow.js';
import { UserError } from '../src/errors.js';
import type { CaseFacts } from '../src/evaluate/evaluate.js';
import { resolvePolicy } from '../src/policy/registry.js';
import { makeChalk } from '../src/render/style.js';
import { Interrupted, type Ui, type UiEntry } from '../src/interview/prompts.js';
import { UNKNOWN_CHOICE } from '../src/interview/catalogue.js';
import { readSessionFile, resumeCommand, saveSession, sessionCase, type InterviewPosition } from '../src/interview/session.js';
import { ROOT, tempDir } from './helpers/cli.js';
import { FUZHOU_EXEMPT } from './helpers/cases.js';


const INTERRUPT = Symbol('interrupt');
type Step = [RegExp, unknown];

/** A Ui that answers from a script, checking each prompt's message, and records what it was asked and shown. */
class ScriptedUi implements Ui {
  readonly asked: string[] = [];
  readonly printed: string[] = [];
  readonly choices: Array<Array<UiEntry<unknown>>> = [];
  constructor(private readonly script: Step[]) {}

  private next(o: { message: string; choices?: Array<UiEntry<unknown>> }): Promise<never> {
    this.asked.push(o.message);
    if (o.choices) this.choices.push(o.choices);
    const step = this.script.shift();
    if (!step) throw new Error(`no scripted answer for: ${o.message}`);
    expect(o.message).toMatch(step[0]);
    if (step[1] === INTERRUPT) return Promise.reject(new Interrupted('interrupt'));
    return Promise.resolve(step[1] as never);
  }

  select<T>(o: { message: string; choices: Array<UiEntry<T>> }): Promise<T> {
    return this.next(o as { message: string; choices: Array<UiEntry<unknown>> });
  }
  checkbox<T>(o: { message: string; choices: Array<UiEntry<T>> }): Promise<T[]> {
    return this.next(o as { message: string; choices: Array<UiEntry<unknown>> });
  }
  input(o: { message: string }): Promise<string> {
    return this.next(o);
  }
  confirm(o: { message: string }): Promise<boolean> {
    return this.next(o);
  }
  print(text: string): void {
    this.printed.push(text);
  }
  get left(): number {
    return this.script.length;
  }
}

const fuzhou = resolvePolicy('fuzhou-2019');
const c = makeChalk(false);

const EXEMPT: CaseFacts = FUZHOU_EXEMPT;

function position(over: Partial<InterviewPosition>): InterviewPosition {
  return { mode: 'answers', phase: 'facts', open: null, asked: [], draftWanted: null, ...over };
}

function interview(ui: Ui, kase: Case, pos: InterviewPosition): Interview {
  return new Interview({ ui, c, kase, position: pos, policyRef: 'fuzhou-2019', compiled: fuzhou, today: '2024-06-10' });
}

const NO_SAVES: Step[] = [
  [/^保存评估意见书？/, 'none'],
  [/^保存案例文件/, false],
];

describe('the interview flow', () => {
  it('asks only the missing 后果 for the fixture case, then review, report and the offers', async () => {
    const [kase] = await loadCaseFile(join(ROOT, 'fixtures', 'answers-severity-unknown.json'));
    const ui = new ScriptedUi([
      [/^看后果：/, 'minor'],
      [/结论为“容错免责”/, '__confirm__'],
      [/^是否起草容错认定申请书？/, false],
      ...NO_SAVES,
    ]);
    const run = interview(ui, kase!, position({}));
    await run.run();
    expect(ui.left).toBe(0);
    expect(run.kase.facts.severity).toBe('minor');
    expect(ui.printed.join('\n')).toContain('结论：容错免责');
  });

  it('lets the review change an answer, re-evaluates, and asks what became relevant', async () => {
    const kase: Case = { id: 'r', facts: { ...EXEMPT, intent: 'deliberate', situations: null } };
    const ui = new ScriptedUi([
      [/结论为“不予容错”/, 'intent'],
      [/^看缘由：/, 'inadvertent'],
      // 容错情形 now decides between 容错免责 and 不符合容错情形: asked before going back to the review.
      [/^失误发生在哪类工作情境中/, ['art8-3']],
      [/结论为“容错免责”/, 'severity'],
      [/^看后果：/, 'catastrophic'],
      [/结论为“不予容错”/, '__confirm__'],
      ...NO_SAVES,
    ]);
    const run = interview(ui, kase, position({ phase: 'review' }));
    await run.run();
    expect(ui.left).toBe(0);
    expect(run.kase.facts).toMatchObject({ intent: 'inadvertent', severity: 'catastrophic', situations: ['reform-pilot'] });
    const printed = ui.printed.join('\n');
    expect(printed).toContain('结论：不予容错');
    expect(printed).toContain('不支持提出容错申请');
    // The review lists each answer by its title, the answer and the section.
    const review = ui.choices[0]!;
    expect(review[0]).toMatchObject({ value: '__confirm__' });
    expect(review).toContainEqual(expect.objectContaining({ value: 'intent', name: '主观缘由：明知故犯、主观故意' }));
  });

  it('records “不确定” and does not ask it again; the conclusion lists it as missing', async () => {
    const ui = new ScriptedUi([[/^看后果：/, UNKNOWN_CHOICE], [/结论为“待补充事实”/, '__confirm__'], ...NO_SAVES]);
    const run = interview(ui, { id: 'u', facts: { ...EXEMPT, severity: null } }, position({}));
    await run.run();
    expect(ui.left).toBe(0);
    expect(run.position.asked).toContain('severity');
    expect(ui.printed.join('\n')).toContain('结论：待补充事实');
  });

  it('saves an interrupted interview to an owner-only session file and resumes at the open question', async () => {
    const ui = new ScriptedUi([
      [/^申请容错的是个人还是单位？/, 'individual'],
      [/^当事人姓名/, '王某'],
      [/^所在单位/, ''],
      [/^职务/, ''],
      [/^事项名称/, ''],
      [/^失误发生日期/, ''],
      [/^问责程序启动日期/, ''],
      [/的适用对象？$/, true],
      [/^看节点：/, false],
      [/^看初衷：/, INTERRUPT],
    ]);
    const first = new Interview({ ui, c, kase: { id: 's', facts: {} }, position: position({ mode: 'fresh', phase: 'basics' }), policyRef: 'fuzhou-2019', compiled: fuzhou });
    await expect(first.run()).rejects.toBeInstanceOf(Interrupted);
    const dir = tempDir();
    const file = join(dir, 'session.json');
    const path = saveSession(first.session(), file);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(resumeCommand(path)).toBe(`rongcuo assess --resume ${path}`);
    expect(resumeCommand('/tmp/my session.json')).toBe(`rongcuo assess --resume '/tmp/my session.json'`);

    const saved = readSessionFile(path);
    expect(saved.policy).toBe('fuzhou-2019');
    expect(saved.position).toMatchObject({ mode: 'fresh', phase: 'facts', open: 'improperBenefit' });
    const kase = sessionCase(path, saved.rawCase, fuzhou);
    expect(kase.facts).toEqual({ inScope: true, prohibitedAtTime: false });
    expect(kase.subject).toEqual({ kind: 'individual', name: '王某' });

    const ui2 = new ScriptedUi([[/^看初衷：/, INTERRUPT]]);
    const resumed = new Interview({ ui: ui2, c, kase, position: saved.position, policyRef: saved.policy, compiled: fuzhou });
    await expect(resumed.run()).rejects.toBeInstanceOf(Interrupted);
    expect(ui2.asked).toHaveLength(1);
    // Saved back to the same file (a resumed session is overwritten in place).
    expect(saveSession(resumed.session(), path)).toBe(path);
  });

  it('rejects a file that is not a session, and a session whose case is invalid, saying where', () => {
    const dir = tempDir();
    const bad = join(dir, 'cases.json');
    writeFileSync(bad, readFileSync(join(ROOT, 'fixtures', 'cases.json')));
    expect(() => readSessionFile(bad)).toThrow(UserError);
    expect(() => readSessionFile(bad)).toThrow(/不是 rongcuo assess 的会话文件/);
    expect(() => readSessionFile(join(dir, 'missing.json'))).toThrow(/找不到会话文件/);
    expect(() => sessionCase(bad, { id: 'x', facts: { severity: 'huge' } }, fuzhou)).toThrow(/case\.facts\.severity/);
  });
});
