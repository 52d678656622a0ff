import { CsvSyntaxError, readCsv } from './csv-reader';

describe('readCsv', () => {
  it('reads plain records with LF or CRLF endings, with or without a final line break', () => {
    expect(readCsv('a,b\n1,2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(readCsv('a,b\r\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });
  it('keeps empty fields', () => {
    expect(readCsv('a,,c\n,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['', ''] },
    ]);
  });
  it('reads quoted fields holding commas, doubled quotes and line breaks, numbering rows by their first line', () => {
    const recs = readCsv('period_start,value,note\r\n2026-01-01,5,"ghi chú, có dấu phẩy"\r\n2026-01-02,6,"hai\r\ndòng ""trích"""\r\n2026-01-03,7,""\r\n');
    expect(recs).toEqual([
      { line: 1, fields: ['period_start', 'value', 'note'] },
      { line: 2, fields: ['2026-01-01', '5', 'ghi chú, có dấu phẩy'] },
      { line: 3, fields: ['2026-01-02', '6', 'hai\r\ndòng "trích"'] },
      { line: 5, fields: ['2026-01-03', '7', ''] },
    ]);
  });
  it('skips blank lines but counts them', () => {
    expect(readCsv('a\n\n\nb\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });
  it('strips a UTF-8 byte-order mark', () => {
    expect(readCsv('\uFEFFperiod_start,value\n')[0]!.fields).toEqual(['period_start', 'value']);
  });
  it('refuses an unterminated quote, naming the line it opened on', () => {
    expect(() => readCsv('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    expect(() => readCsv('a,b\n1,"open\n2,3\n')).toThrow(/line 2: unterminated/);
  });
  it('refuses stray quotes', () => {
    expect(() => readCsv('a,b"c\n')).toThrow(/quote inside an unquoted field/);
    expect(() => readCsv('"a"b,c\n')).toThrow(/after a closing quote/);
  });
});
