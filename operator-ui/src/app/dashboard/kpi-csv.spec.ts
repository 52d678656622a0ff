import { kpisToCsv } from './kpi-csv';

describe('KPI tiles as CSV', () => {
  it('writes what the tiles show, quoting where needed, in the chosen language', () => {
    const csv = kpisToCsv(
      [
        {
          key: 'aqi',
          nameVi: 'Chất lượng không khí, AQI',
          nameEn: 'Air quality',
          unit: '',
          status: 'warning',
          colour: '#ef8f00',
          current: { periodStart: '2026-11-24', value: 132 },
        },
        { key: 'lights', nameVi: 'Đèn "hỏng"', nameEn: 'Lights out', unit: 'đèn', status: 'no-data', colour: '#9e9e9e', current: null },
      ],
      'vi',
    );
    expect(csv).toBe(
      '\ufeffkey,name,value,unit,status,colour,periodStart\r\naqi,"Chất lượng không khí, AQI",132,,warning,#ef8f00,2026-11-24\r\nlights,"Đèn ""hỏng""",,đèn,no-data,#9e9e9e,\r\n',
    );
  });
});
