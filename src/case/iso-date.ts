// ISO calendar dates (YYYY-MM-DD) naming a real day: the one definition that
// case files, the deadline arithmetic, RONGCUO_TODAY and the interview's date
// questions all use. 2024-02-30, 2023-02-29, 2024-13-01 and 2024-04-31 are
// refused everywhere, with the reason in words.

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DATE_DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9];

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => (month === 2 && !isLeapYear(year) ? 28 : MONTH_DAYS[month - 1]!);

/** The year, month and day of text shaped YYYY-MM-DD (digits and dashes), whatever their values; null otherwise. */
function dateParts(s: string): { year: number; month: number; day: number } | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  for (const i of DATE_DIGIT_POSITIONS) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const digits = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
    return n;
  };
  return { year: digits(0, 4), month: digits(5, 7), day: digits(8, 10) };
}

/** YYYY-MM-DD naming a real day of the proleptic Gregorian calendar (the batch hot path: no Date, no strings built). */
export function isIsoDate(s: string): boolean {
  const parts = dateParts(s);
  if (!parts) return false;
  const { year, month, day } = parts;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Why `s` is not such a date, in Chinese (“2023年2月只有28天”); null when it is one. */
export function isoDateProblem(s: string): string | null {
  const parts = dateParts(s);
  if (!parts) return '应为 ISO 日期 YYYY-MM-DD，例如 2024-05-10';
  const { year, month, day } = parts;
  if (month < 1 || month > 12) return `应为实际存在的日期：月份应为 01 至 12，例如 2024-05-10`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `应为实际存在的日期：${year}年${month}月只有${days}天`;
  return null;
}

/**
 * Why a date field's value is refused, worded as what it expects (the schema
 * wording in src/validation/issues.ts adds “应为” and the fix); undefined when
 * the value is not text, for the caller's own wording.
 */
export function isoDateExpectation(input: unknown): string | undefined {
  return typeof input === 'string' ? isoDateProblem(input)?.replace(/^应为/, '') : undefined;
}
