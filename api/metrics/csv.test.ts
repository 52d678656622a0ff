import { BOM, csvCell, flatten, objectsToCsv, toCsv } from './csv';

describe('CSV for Excel', () => {
  it('quotes what needs quoting and defuses formulas in text', () => {
    expect(csvCell('Phường Tân Phú')).toBe('Phường Tân Phú');
    expect(csvCell('ngập, sâu')).toBe('"ngập, sâu"');
    expect(csvCell('nói "cứu"')).toBe('"nói ""cứu"""');
    expect(csvCell('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(0.3333)).toBe('0.3333');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
  it('writes a BOM, a header and CRLF rows', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          [1, 'x'],
          [null, 'y,z'],
        ],
      ),
    ).toBe(`${BOM}a,b\r\n1,x\r\n,"y,z"\r\n`);
    expect(objectsToCsv(['ward', 'total'], [{ ward: 'tan-phu', total: 2, extra: 1 }])).toBe(`${BOM}ward,total\r\ntan-phu,2\r\n`);
  });
  it('flattens a nested view to dotted fields', () => {
    expect(flatten({ open: { total: 2, byWard: [{ ward: 'w', total: 2 }] }, sla: { ratio: null } })).toEqual([
      ['open.total', 2],
      ['open.byWard.0.ward', 'w'],
      ['open.byWard.0.total', 2],
      ['sla.ratio', null],
    ]);
  });
});
