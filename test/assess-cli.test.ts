// `rongcuo assess` without a terminal (the built binary, stdin a pipe):
// pre-filled answers that leave nothing open print the assessment and exit 0;
// anything that would need a prompt exits 2 and says what to do instead.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, rongcuo, tempDir } from './helpers/cli.js';


describe('rongcuo assess without a terminal', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('run npm run build first: these tests drive the built bin/rongcuo');
  });

  it('exits 2 and points to --answers and rongcuo check when stdin is not a terminal', () => {
    const r = rongcuo(['assess', '--policy', 'fuzhou-2019']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('标准输入不是终端');
    expect(r.stderr).toContain('--answers');
    expect(r.stderr).toContain('rongcuo check');
  });

  it('prints the assessment without prompting and exits 0 when the answers leave nothing missing', () => {
    const r = rongcuo(['assess', '--answers', 'fixtures/cases.json', '--case', '2024-017']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('结论：容错免责');
    expect(r.stdout).toContain('第八条第(三)项');
    expect(r.stdout).toContain('三个区分开来');
    expect(r.stdout).not.toMatch(/^\? /m);
  });

  it('takes the policy from --policy over the case’s own', () => {
    const r = rongcuo(['assess', '--answers', 'fixtures/cases.json', '--case', '2024-019', '--policy', 'guian-new-area']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('贵安新区容错纠错实施办法');
    expect(r.stdout).toContain('结论：不予容错');
  });

  it('prints the undetermined assessment and exits 2 when questions remain but cannot be asked', () => {
    const r = rongcuo(['assess', '--answers', 'fixtures/answers-severity-unknown.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('结论：待补充事实');
    expect(r.stderr).toContain('后果');
    expect(r.stderr).toContain('标准输入不是终端');
  });

  it('says which options go together', () => {
    expect(rongcuo(['assess', '--case', '2024-017']).stderr).toContain('--case 只能与 --answers 同用');
    const both = rongcuo(['assess', '--resume', 'x.json', '--policy', 'fuzhou-2019']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--resume 不能与');
    const many = rongcuo(['assess', '--answers', 'fixtures/cases.json']);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('请用 --case 选择');
  });

  it('reports a missing or foreign session file without a stack trace', () => {
    const missing = rongcuo(['assess', '--resume', 'no-such-session.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('找不到会话文件');
    const dir = tempDir();
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"hello": 1}');
    const r = rongcuo(['assess', '--resume', foreign]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不是 rongcuo assess 的会话文件');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
