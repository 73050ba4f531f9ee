// Calendar periods of SPEC.md §2 as the API writes them: 2023, 2023-Q4, 2023-11.
// Local dates are those of Asia/Ho_Chi_Minh, whatever the browser's own time zone.

import { t, monthName } from './i18n.js';

const FORMAT = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

/** {kind: 'year'|'quarter'|'month', year, index} or null when the text is not a period. */
export function parsePeriod(text) {
  const m = FORMAT.exec(String(text ?? '').trim().toUpperCase());
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) return { kind: 'quarter', year, index: Number(m[2]) };
  if (m[3]) return { kind: 'month', year, index: Number(m[3]) };
  return { kind: 'year', year, index: 1 };
}

export function periodText(p) {
  switch (p.kind) {
    case 'quarter': return `${p.year}-Q${p.index}`;
    case 'month': return `${p.year}-${String(p.index).padStart(2, '0')}`;
    default: return String(p.year);
  }
}

export function periodLabel(p) {
  switch (p.kind) {
    case 'quarter': return t('periodOfQuarter', { q: p.index, year: p.year });
    case 'month': return t('periodOfMonth', { m: p.index, monthName: monthName(p.index), year: p.year });
    default: return t('periodOfYear', { year: p.year });
  }
}

export function monthPeriod(year, month) {
  return { kind: 'month', year, index: month };
}

/** The first and last month (1..12) of a period. */
export function monthRange(p) {
  switch (p.kind) {
    case 'quarter': return [p.index * 3 - 2, p.index * 3];
    case 'month': return [p.index, p.index];
    default: return [1, 12];
  }
}

/** The twelve months that end with the period's last month, oldest first. */
export function trendMonths(p) {
  const last = monthRange(p)[1];
  const months = [];
  for (let back = 11; back >= 0; back--) {
    const serial = p.year * 12 + (last - 1) - back;
    months.push(monthPeriod(Math.floor(serial / 12), (serial % 12) + 1));
  }
  return months;
}

export function containsMonth(p, month) {
  if (month.year !== p.year) return false;
  const [first, last] = monthRange(p);
  return month.index >= first && month.index <= last;
}

/** The period of the same kind `step` periods later (negative: earlier). */
export function shift(p, step) {
  const size = { year: 1, quarter: 4, month: 12 }[p.kind];
  if (p.kind === 'year') return { ...p, year: p.year + step };
  const serial = p.year * size + (p.index - 1) + step;
  return { kind: p.kind, year: Math.floor(serial / size), index: (serial % size) + 1 };
}

/** The same moment seen as a period of another kind: the quarter or month that holds its end. */
export function asKind(p, kind) {
  const last = monthRange(p)[1];
  if (kind === 'year') return { kind, year: p.year, index: 1 };
  if (kind === 'quarter') return { kind, year: p.year, index: Math.ceil(last / 3) };
  return { kind, year: p.year, index: last };
}

/** Today's year and month in Asia/Ho_Chi_Minh. */
export function today() {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: 'numeric' })
    .formatToParts(new Date());
  const get = (type) => Number(parts.find((x) => x.type === type).value);
  return { year: get('year'), month: get('month') };
}
