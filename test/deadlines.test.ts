// Working-day deadlines on the official PRC holiday calendar (with 调休
// make-up workdays), the dated procedure of each policy, and the warnings
// outside the years the calendar knows.
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarDay,
  computeDeadline,
  computeDeadlines,
  describeStatus,
  knownCalendarYears,
  workingDaysBetween,
} from '../src/procedure/deadlines.js';
import { resolvePolicy } from '../src/policy/registry.js';
import type { Deadline } from '../src/policy/schema.js';

const gansuApplication: Deadline = {
  id: 'application',
  label: '提出容错申请',
  ref: '第八条第(一)项',
  text: '应在启动问责程序后7个工作日内……提出书面申请。',
  days: 7,
  unit: 'working-days',
  from: 'accountabilityStartedOn',
};

describe('addWorkingDays across holiday periods', () => {
  it('counts 7 working days from 2026-09-28 over the National Day holiday and its Saturday make-up workday to 2026-10-13', () => {
    const count = addWorkingDays('2026-09-28', 7);
    expect(count.due).toBe('2026-10-13');
    expect(count.skipped.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(count.skipped.every((d) => d.kind !== 'holiday' || d.holiday === '国庆节')).toBe(true);
    expect(count.makeupWorkdays).toEqual([{ date: '2026-10-10', kind: 'makeup-workday', holiday: '国庆节' }]);
    expect(count.warnings).toEqual([]);
  });

  it('counts the two Spring Festival make-up Saturdays of 2026 as working days', () => {
    // 2026-02-13 Fri, 02-14 Sat (调休), 02-15…23 春节, 02-24…27, 02-28 Sat (调休)
    const count = addWorkingDays('2026-02-12', 7);
    expect(count.due).toBe('2026-02-28');
    expect(count.makeupWorkdays.map((d) => d.date)).toEqual(['2026-02-14', '2026-02-28']);
  });

  it('skips the 2026 Labour Day holiday and counts its make-up Saturday (2026-04-29 → 2026-05-12)', () => {
    expect(addWorkingDays('2026-04-29', 7).due).toBe('2026-05-12');
  });

  it('handles the eight-day 2025 National Day and Mid-Autumn holiday with make-up days on both sides (2025-09-26 → 2025-10-13)', () => {
    const count = addWorkingDays('2025-09-26', 7);
    expect(count.due).toBe('2025-10-13');
    expect(count.makeupWorkdays.map((d) => d.date)).toEqual(['2025-09-28', '2025-10-11']);
  });

  it('counts ordinary weeks as Monday to Friday, the start day not counted', () => {
    expect(addWorkingDays('2026-06-01', 5).due).toBe('2026-06-08');
    expect(addWorkingDays('2026-06-05', 1).due).toBe('2026-06-08');
  });

  it('gives the same dates whatever the machine time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'UTC']) {
        process.env.TZ = tz;
        expect(addWorkingDays('2026-09-28', 7).due, tz).toBe('2026-10-13');
        expect(calendarDay('2026-10-12').kind, tz).toBe('workday');
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('the calendar’s years', () => {
  it('knows 2026 (the library is current) and reports the range it holds', () => {
    const years = knownCalendarYears();
    expect(years.years.has(2026)).toBe(true);
    expect(years.first).toBeLessThanOrEqual(2018);
  });

  it('warns when a period runs into a year whose holidays it does not know, and still counts weekdays there', () => {
    const { last } = knownCalendarYears();
    const start = `${last}-12-28`;
    const count = addWorkingDays(start, 7);
    expect(count.warnings.length).toBe(1);
    expect(count.warnings[0]).toContain(`${last + 1}年按周一至周五为工作日计算`);
    expect(count.due > `${last + 1}-01-01`).toBe(true);
  });

  it('warns for a year before the calendar’s first', () => {
    const { first } = knownCalendarYears();
    expect(addWorkingDays(`${first - 1}-03-02`, 3).warnings[0]).toContain(`${first - 1}年`);
  });

  it('warns that late December may move when the next year’s 元旦 arrangement is not yet known', () => {
    const { last } = knownCalendarYears();
    const count = addWorkingDays(`${last}-12-17`, 7);
    expect(count.warnings).toEqual([expect.stringContaining(`${last + 1}年的放假安排尚未收录`)]);
  });
});

describe('computeDeadline', () => {
  it('dates 甘肃 第八条第(一)项 from accountabilityStartedOn and explains the count', () => {
    const d = computeDeadline(gansuApplication, '2026-09-28');
    expect(d.due).toBe('2026-10-13');
    expect(d.rule).toBe('启动问责程序后7个工作日内');
    expect(d.explanation).toBe(
      '自2026年9月28日启动问责程序，次日起算，第7个工作日；不计休息日：国庆节10月1日至10月7日，周末10月11日；计入调休上班日：10月10日（星期六，国庆节调休）。',
    );
    expect(d.status).toBeNull();
  });

  it('reports how many working days are left, the last day, or the days overdue, given today', () => {
    const open = computeDeadline(gansuApplication, '2026-09-28', '2026-10-09');
    expect(open.status).toEqual({ today: '2026-10-09', state: 'open', left: 3, overdueBy: 0 });
    expect(describeStatus(open.status!, 'working-days')).toBe('截至2026年10月9日，距截止日尚有3个工作日（不含当日）');
    expect(computeDeadline(gansuApplication, '2026-09-28', '2026-10-13').status?.state).toBe('due-today');
    const late = computeDeadline(gansuApplication, '2026-09-28', '2026-10-16').status!;
    expect([late.state, late.overdueBy]).toEqual(['overdue', 3]);
  });

  it('says why no date can be given: no start date, a deadline from the decision, a number missing in the source', () => {
    expect(computeDeadline(gansuApplication, undefined).unavailable).toContain('matter.accountabilityStartedOn');
    const notify: Deadline = { id: 'n', label: '告知', ref: '第十四条', text: '应当于7日内告知', days: 7, unit: 'days', from: 'decision' };
    expect(computeDeadline(notify, '2026-09-28')).toMatchObject({ due: null, rule: '容错决定作出后7日内', unavailable: expect.stringContaining('决定作出后') });
    const gap: Deadline = { ...notify, days: null };
    expect(computeDeadline(gap, '2026-09-28')).toMatchObject({ due: null, rule: '容错决定作出后［日数原文缺失］内', unavailable: expect.stringContaining('不推定任何数字') });
  });

  it('counts calendar days for a limit in 日 and notes a due date on a rest day', () => {
    const days: Deadline = { ...gansuApplication, unit: 'days' };
    const d = computeDeadline(days, '2026-09-28');
    expect(d.due).toBe('2026-10-05');
    expect(d.explanation).toContain('期满日为国庆节假期；原文未规定是否顺延');
  });

  it('counts working days between two dates', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-13').count).toBe(5);
    expect(workingDaysBetween('2026-10-13', '2026-10-13').count).toBe(0);
  });
});

describe('computeDeadlines for the bundled policies', () => {
  it('dates 甘肃’s application deadline and leaves 行政执法’s missing number visible', () => {
    const gansu = computeDeadlines(resolvePolicy('gansu-safety-2018').policy, '2026-09-28');
    expect(gansu.map((d) => [d.id, d.due])).toEqual([['application', '2026-10-13']]);
    const admin = computeDeadlines(resolvePolicy('admin-enforcement').policy, '2026-09-28');
    expect(admin.every((d) => d.due === null)).toBe(true);
    expect(admin.some((d) => d.days === null)).toBe(true);
  });
});
