import { CsvSyntaxError, readCsv } from './csv-reader';

/** A row the upload could not use: `row` is the file line the record starts on (the header is row 1). */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface KpiValueRow {
  row: number;
  periodStart: Date;
  value: number;
  note?: string;
}

/** Most rows in one upload (several years of daily values). */
export const MAX_CSV_ROWS = 10_000;
const MAX_NOTE = 500;
const COLUMNS = ['period_start', 'value', 'note'] as const;
const REQUIRED = ['period_start', 'value'];

/** A file-level problem (no header, unknown columns, broken quoting): the whole upload is refused. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
  constructor(
    message: string,
    readonly errors: RowError[],
  ) {
    super(message);
  }
}

/**
 * Reads `period_start,value[,note]` (header required, columns in any order). Dates are ISO 8601 with
 * an offset (`2026-03-01T00:00:00+07:00`, `…Z`) or a calendar day `YYYY-MM-DD`, which means that day's
 * midnight in Asia/Ho_Chi_Minh (UTC+7 all year: Việt Nam has no daylight saving time).
 */
export function parseKpiCsv(text: string): { rows: KpiValueRow[]; rejected: RowError[] } {
  let records;
  try {
    records = readCsv(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CsvFileError('the file is not valid CSV', [{ row: err.line, column: '(row)', message: err.message.replace(/^line \d+: /, '') }]);
    throw err;
  }
  const header = records.shift();
  if (!header) throw new CsvFileError('the file is empty', [{ row: 1, column: '(header)', message: 'expected a header: period_start,value[,note]' }]);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const problems: RowError[] = [];
  names.forEach((n) => {
    if (!(COLUMNS as readonly string[]).includes(n)) problems.push({ row: header.line, column: n || '(empty)', message: `unknown column; expected ${COLUMNS.join(', ')}` });
  });
  for (const r of REQUIRED) if (!names.includes(r)) problems.push({ row: header.line, column: r, message: 'required column missing from the header' });
  if (new Set(names).size !== names.length) problems.push({ row: header.line, column: '(header)', message: 'a column is named twice' });
  if (problems.length) throw new CsvFileError('the header is not period_start,value[,note]', problems);
  if (records.length > MAX_CSV_ROWS) throw new CsvFileError(`at most ${MAX_CSV_ROWS} rows per upload`, []);

  const col = (name: string) => names.indexOf(name);
  const rows: KpiValueRow[] = [];
  const rejected: RowError[] = [];
  const seen = new Map<number, number>();
  for (const rec of records) {
    const reject = (column: string, message: string) => rejected.push({ row: rec.line, column, message });
    if (rec.fields.length !== names.length) {
      reject('(row)', `expected ${names.length} fields, found ${rec.fields.length}`);
      continue;
    }
    const periodStart = parsePeriodStart(rec.fields[col('period_start')]!.trim());
    if (typeof periodStart === 'string') {
      reject('period_start', periodStart);
      continue;
    }
    const rawValue = rec.fields[col('value')]!.trim();
    const value = rawValue === '' ? NaN : Number(rawValue);
    if (!Number.isFinite(value)) {
      reject('value', `not a number: "${rawValue.slice(0, 40)}" (use a dot for decimals, no thousands separators)`);
      continue;
    }
    const note = col('note') >= 0 ? rec.fields[col('note')]!.trim() : '';
    if (note.length > MAX_NOTE) {
      reject('note', `longer than ${MAX_NOTE} characters`);
      continue;
    }
    const earlier = seen.get(periodStart.getTime());
    if (earlier !== undefined) {
      reject('period_start', `the same period is already given in row ${earlier}`);
      continue;
    }
    seen.set(periodStart.getTime(), rec.line);
    rows.push({ row: rec.line, periodStart, value, ...(note ? { note } : {}) });
  }
  return { rows, rejected };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A period start, or why the text is not one. */
export function parsePeriodStart(text: string): Date | string {
  const day = DAY.exec(text);
  if (day) {
    const d = new Date(`${text}T00:00:00+07:00`);
    // Date normalises 2026-02-30 to March: compare the calendar fields to catch it.
    const back = new Date(d.getTime() + 7 * 3_600_000);
    if (Number.isNaN(d.getTime()) || back.getUTCFullYear() !== Number(day[1]) || back.getUTCMonth() + 1 !== Number(day[2]) || back.getUTCDate() !== Number(day[3]))
      return `not a calendar date: "${text}"`;
    return d;
  }
  if (DATE_TIME.test(text)) {
    const d = new Date(text);
    if (!Number.isNaN(d.getTime())) return d;
  }
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(text)) return `date-time without an offset: "${text}" (add +07:00 or Z, or give just the day YYYY-MM-DD)`;
  return `not a date: "${text.slice(0, 40)}" (expected YYYY-MM-DD or an ISO date-time with offset)`;
}
