// Procedure deadlines: the policy's time limits, with dates where the case
// gives the day they run from. Working days follow the official PRC holiday
// calendar with its make-up workdays (调休), from the `chinese-days` package's
// published data file (bundled at build time; nothing is fetched). Its query
// functions are not used: they read weekdays in the machine's time zone and
// are a day off west of UTC. Weekdays here are computed in UTC from ISO dates.
// Pure: dates in, dates and explanations out.
import calendarData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { isIsoDate } from '../case/iso-date.js';
import type { Deadline, Policy } from '../policy/schema.js';

/** ISO calendar date, YYYY-MM-DD. */
type IsoDate = string;

const DAY_MS = 86_400_000;
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** Dates reach here validated (case files, RONGCUO_TODAY, the interview): one that is not is a bug. */
function toUtc(date: IsoDate): number {
  if (!isIsoDate(date)) throw new Error(`internal: not an ISO date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(toUtc(date) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(date: IsoDate): number {
  return new Date(toUtc(date)).getUTCDay();
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

/** 2026年10月13日 */
export function formatChineseDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** 2026年10月13日（星期二） */
export function formatChineseDateWithWeekday(date: IsoDate): string {
  return `${formatChineseDate(date)}（${WEEKDAYS[weekdayOf(date)]}）`;
}

/** 10月13日 */
function formatMonthDay(date: IsoDate): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日`;
}

type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup-workday';

interface CalendarDay {
  date: IsoDate;
  kind: DayKind;
  /** The holiday a 休息日 or 调休上班日 belongs to (国庆节), where the calendar names one. */
  holiday?: string;
}

interface CalendarData {
  /** 休息日 of the official arrangements: date → "English,中文,days". */
  holidays: Record<string, string>;
  /** 调休上班日 (weekend days worked): date → "English,中文,days". */
  workdays: Record<string, string>;
}

const CALENDAR = calendarData as CalendarData;

let knownYearsCache: { first: number; last: number; years: Set<number> } | undefined;

/**
 * The years whose official holiday arrangement the calendar holds (国务院办公厅
 * 公布的放假安排). Outside them it can only tell weekdays from weekends.
 */
export function knownCalendarYears(): { first: number; last: number; years: ReadonlySet<number> } {
  if (!knownYearsCache) {
    const years = new Set(Object.keys(CALENDAR.holidays).map((d) => Number(d.slice(0, 4))));
    const sorted = [...years].sort((a, b) => a - b);
    knownYearsCache = { first: sorted[0] ?? 0, last: sorted[sorted.length - 1] ?? 0, years };
  }
  return knownYearsCache;
}

function isCalendarYearKnown(year: number): boolean {
  return knownCalendarYears().years.has(year);
}

/** The holiday's Chinese name from the calendar's "English,中文,n" label. */
function holidayName(label: string | undefined): string | undefined {
  const parts = (label ?? '').split(',');
  return parts.length >= 2 && parts[1] ? parts[1] : undefined;
}

export function calendarDay(date: IsoDate): CalendarDay {
  const weekend = weekdayOf(date) === 0 || weekdayOf(date) === 6;
  if (Object.prototype.hasOwnProperty.call(CALENDAR.holidays, date)) {
    const holiday = holidayName(CALENDAR.holidays[date]);
    return holiday ? { date, kind: 'holiday', holiday } : { date, kind: 'holiday' };
  }
  if (Object.prototype.hasOwnProperty.call(CALENDAR.workdays, date)) {
    const holiday = holidayName(CALENDAR.workdays[date]);
    return holiday ? { date, kind: 'makeup-workday', holiday } : { date, kind: 'makeup-workday' };
  }
  return { date, kind: weekend ? 'weekend' : 'workday' };
}

function isWorking(day: CalendarDay): boolean {
  return day.kind === 'workday' || day.kind === 'makeup-workday';
}

function calendarWarnings(dates: IsoDate[]): string[] {
  const { first, last } = knownCalendarYears();
  const warnings: string[] = [];
  const unknown = [...new Set(dates.map(yearOf))].filter((y) => !isCalendarYearKnown(y)).sort((a, b) => a - b);
  if (unknown.length > 0) {
    warnings.push(
      `所用节假日日历（chinese-days）只收录${first}—${last}年的法定节假日安排；${unknown.map((y) => `${y}年`).join('、')}按周一至周五为工作日计算，未计节假日和调休，请以国务院办公厅公布的放假安排核对。`,
    );
  }
  // The next year's 元旦 arrangement can move a late-December workday (e.g. 2011-12-31 was a 调休上班日).
  const lateDecember = unknown.length > 0 ? undefined : dates.find((d) => d.slice(5) >= '12-20' && isCalendarYearKnown(yearOf(d)) && !isCalendarYearKnown(yearOf(d) + 1));
  if (lateDecember) {
    warnings.push(
      `${yearOf(lateDecember) + 1}年的放假安排尚未收录；如该年元旦在12月下旬安排调休，期限可能不同，请核对。`,
    );
  }
  return warnings;
}

interface WorkingDayCount {
  /** The day the period runs from; it is not counted (期间开始之日不计入). */
  start: IsoDate;
  days: number;
  due: IsoDate;
  /** Rest days passed over, in order. */
  skipped: CalendarDay[];
  /** 调休上班日 counted as working days. */
  makeupWorkdays: CalendarDay[];
  warnings: string[];
}

/** The `days`-th working day after `start` (the start day itself is not counted). */
export function addWorkingDays(start: IsoDate, days: number): WorkingDayCount {
  if (!Number.isInteger(days) || days < 1) throw new Error(`internal: working days must be a positive integer, got ${days}`);
  const skipped: CalendarDay[] = [];
  const makeupWorkdays: CalendarDay[] = [];
  const seen: IsoDate[] = [start];
  let date = start;
  let counted = 0;
  while (counted < days) {
    date = addDays(date, 1);
    seen.push(date);
    const day = calendarDay(date);
    if (isWorking(day)) {
      counted++;
      if (day.kind === 'makeup-workday') makeupWorkdays.push(day);
    } else {
      skipped.push(day);
    }
  }
  return { start, days, due: date, skipped, makeupWorkdays, warnings: calendarWarnings(seen) };
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): { count: number; warnings: string[] } {
  const seen: IsoDate[] = [];
  let count = 0;
  for (let date = addDays(from, 1); date <= to; date = addDays(date, 1)) {
    seen.push(date);
    if (isWorking(calendarDay(date))) count++;
  }
  return { count, warnings: calendarWarnings(seen) };
}

/** “国庆节10月1日至10月7日，周末10月11日” */
function describeRestDays(days: CalendarDay[]): string {
  const runs: Array<{ label: string; from: IsoDate; to: IsoDate }> = [];
  for (const day of days) {
    const label = day.kind === 'holiday' ? (day.holiday ?? '法定节假日') : '周末';
    const last = runs[runs.length - 1];
    if (last && last.label === label && addDays(last.to, 1) === day.date) last.to = day.date;
    else runs.push({ label, from: day.date, to: day.date });
  }
  const byLabel = new Map<string, string[]>();
  for (const run of runs) {
    const span = run.from === run.to ? formatMonthDay(run.from) : `${formatMonthDay(run.from)}至${formatMonthDay(run.to)}`;
    byLabel.set(run.label, [...(byLabel.get(run.label) ?? []), span]);
  }
  return [...byLabel].map(([label, spans]) => `${label}${spans.join('、')}`).join('，');
}

interface DeadlineStatus {
  today: IsoDate;
  state: 'open' | 'due-today' | 'overdue';
  /** Working days (or days, for a calendar-day limit) after today up to and including the due date. */
  left: number;
  /** Days past the due date, when overdue. */
  overdueBy: number;
}

export interface ComputedDeadline {
  id: string;
  label: string;
  article: string;
  text: string;
  note?: string;
  /** null where the source leaves the number out (行政执法 第十四条). */
  days: number | null;
  unit: 'days' | 'working-days';
  from: 'accountabilityStartedOn' | 'decision';
  /** The limit in words: “启动问责程序后 7 个工作日内”. */
  rule: string;
  /** The date the period runs from, where the case gives it. */
  startDate: IsoDate | null;
  due: IsoDate | null;
  /** How the due date was counted, in words. */
  explanation: string | null;
  /** Why no date could be computed. */
  unavailable: string | null;
  status: DeadlineStatus | null;
  warnings: string[];
}

const FROM_LABEL: Record<Deadline['from'], string> = {
  accountabilityStartedOn: '启动问责程序后',
  decision: '容错决定作出后',
};

function ruleOf(d: Deadline): string {
  const amount = d.days === null ? '［日数原文缺失］' : d.unit === 'working-days' ? `${d.days}个工作日` : `${d.days}日`;
  return `${FROM_LABEL[d.from]}${amount}内`;
}

function statusOf(due: IsoDate, today: IsoDate | undefined, unit: Deadline['unit']): { status: DeadlineStatus | null; warnings: string[] } {
  if (!today) return { status: null, warnings: [] };
  if (today > due) {
    const overdueBy = Math.round((toUtc(today) - toUtc(due)) / DAY_MS);
    return { status: { today, state: 'overdue', left: 0, overdueBy }, warnings: [] };
  }
  if (today === due) return { status: { today, state: 'due-today', left: 0, overdueBy: 0 }, warnings: [] };
  if (unit === 'days') {
    return { status: { today, state: 'open', left: Math.round((toUtc(due) - toUtc(today)) / DAY_MS), overdueBy: 0 }, warnings: [] };
  }
  const between = workingDaysBetween(today, due);
  return { status: { today, state: 'open', left: between.count, overdueBy: 0 }, warnings: between.warnings };
}

/** One of the policy's deadlines, dated where the case allows. */
export function computeDeadline(d: Deadline, accountabilityStartedOn: IsoDate | undefined, today?: IsoDate): ComputedDeadline {
  const base: ComputedDeadline = {
    id: d.id,
    label: d.label,
    article: d.ref,
    text: d.text,
    days: d.days,
    unit: d.unit,
    from: d.from,
    rule: ruleOf(d),
    startDate: null,
    due: null,
    explanation: null,
    unavailable: null,
    status: null,
    warnings: [],
  };
  if (d.note) base.note = d.note;
  if (d.days === null) {
    return { ...base, unavailable: '原文缺少日数，无法计算；不推定任何数字，须向制定机关核实原件。' };
  }
  if (d.from === 'decision') {
    return { ...base, unavailable: '自作出容错决定之日起算，决定作出后方能确定日期。' };
  }
  if (!accountabilityStartedOn) {
    return { ...base, unavailable: '案例未载明启动问责程序的日期（matter.accountabilityStartedOn），无法计算截止日。' };
  }
  const start = accountabilityStartedOn;
  if (d.unit === 'working-days') {
    const count = addWorkingDays(start, d.days);
    const parts = [`自${formatChineseDate(start)}启动问责程序，次日起算，第${d.days}个工作日`];
    if (count.skipped.length > 0) parts.push(`不计休息日：${describeRestDays(count.skipped)}`);
    if (count.makeupWorkdays.length > 0) {
      parts.push(`计入调休上班日：${count.makeupWorkdays.map((m) => `${formatMonthDay(m.date)}（${WEEKDAYS[weekdayOf(m.date)]}${m.holiday ? `，${m.holiday}调休` : ''}）`).join('、')}`);
    }
    const { status, warnings } = statusOf(count.due, today, d.unit);
    return {
      ...base,
      startDate: start,
      due: count.due,
      explanation: `${parts.join('；')}。`,
      status,
      warnings: [...count.warnings, ...warnings.filter((w) => !count.warnings.includes(w))],
    };
  }
  const due = addDays(start, d.days);
  const warnings = calendarWarnings([start, due]);
  const dueDay = calendarDay(due);
  let explanation = `自${formatChineseDate(start)}启动问责程序，次日起算，第${d.days}日。`;
  if (!isWorking(dueDay)) {
    explanation += `期满日为${dueDay.kind === 'holiday' ? `${dueDay.holiday ?? '法定节假日'}假期` : '周末'}；原文未规定是否顺延。`;
  }
  const { status } = statusOf(due, today, d.unit);
  return { ...base, startDate: start, due, explanation, status, warnings };
}

export function computeDeadlines(policy: Policy, accountabilityStartedOn: IsoDate | undefined, today?: IsoDate): ComputedDeadline[] {
  return policy.procedure.deadlines.map((d) => computeDeadline(d, accountabilityStartedOn, today));
}

/** “距截止日尚有 3 个工作日（不含今日）” and the like. */
export function describeStatus(status: DeadlineStatus, unit: Deadline['unit']): string {
  const unitLabel = unit === 'working-days' ? '个工作日' : '日';
  switch (status.state) {
    case 'overdue':
      return `截至${formatChineseDate(status.today)}，已超过期限${status.overdueBy}日`;
    case 'due-today':
      return `${formatChineseDate(status.today)}即为最后一日`;
    case 'open':
      return `截至${formatChineseDate(status.today)}，距截止日尚有${status.left}${unitLabel}（不含当日）`;
  }
}
