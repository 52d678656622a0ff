import { CsvFileError, parseKpiCsv, parsePeriodStart } from './csv-values';

describe('parsePeriodStart', () => {
  it('reads a calendar day as midnight in Asia/Ho_Chi_Minh', () => {
    expect(parsePeriodStart('2026-03-01')).toEqual(new Date('2026-02-28T17:00:00Z'));
  });
  it('reads ISO date-times with an offset', () => {
    expect(parsePeriodStart('2026-03-01T08:00:00+07:00')).toEqual(new Date('2026-03-01T01:00:00Z'));
    expect(parsePeriodStart('2026-03-01T01:00Z')).toEqual(new Date('2026-03-01T01:00:00Z'));
  });
  it('refuses impossible days, missing offsets and other text', () => {
    expect(parsePeriodStart('2026-02-30')).toMatch(/not a calendar date/);
    expect(parsePeriodStart('2026-03-01T08:00:00')).toMatch(/without an offset/);
    expect(parsePeriodStart('01/03/2026')).toMatch(/not a date/);
  });
});

describe('parseKpiCsv', () => {
  it('returns valid rows and row-level errors numbered as in the file', () => {
    const csv = 'period_start,value,note\r\n2026-03-01,12,"đầu tháng, ổn"\r\n2026-03-02,abc,\r\n\r\n2026-03-03,"1\n0"\r\n2026-03-04,9,x\r\n2026-03-01,13,\r\n';
    const { rows, rejected } = parseKpiCsv(csv);
    expect(rows).toEqual([
      { row: 2, periodStart: new Date('2026-02-28T17:00:00Z'), value: 12, note: 'đầu tháng, ổn' },
      { row: 7, periodStart: new Date('2026-03-03T17:00:00Z'), value: 9, note: 'x' },
    ]);
    expect(rejected).toEqual([
      { row: 3, column: 'value', message: expect.stringContaining('not a number') },
      { row: 5, column: '(row)', message: 'expected 3 fields, found 2' },
      { row: 8, column: 'period_start', message: 'the same period is already given in row 2' },
    ]);
  });
  it('accepts the columns in any order, note optional', () => {
    expect(parseKpiCsv('value,period_start\n5,2026-01-01\n').rows).toEqual([{ row: 2, periodStart: new Date('2025-12-31T17:00:00Z'), value: 5 }]);
  });
  it('refuses a file without the required header', () => {
    expect(() => parseKpiCsv('')).toThrow(CsvFileError);
    expect(() => parseKpiCsv('2026-01-01,5\n')).toThrow(/header/);
    try {
      parseKpiCsv('period_start,amount\n');
    } catch (err) {
      expect((err as CsvFileError).errors).toEqual(
        expect.arrayContaining([
          { row: 1, column: 'amount', message: expect.stringContaining('unknown column') },
          { row: 1, column: 'value', message: 'required column missing from the header' },
        ]),
      );
    }
  });
  it('refuses broken quoting as a whole', () => {
    expect(() => parseKpiCsv('period_start,value\n2026-01-01,"5\n')).toThrow(CsvFileError);
  });
});
