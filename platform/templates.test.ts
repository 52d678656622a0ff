import { formatValue, lookupPath, renderDeep, renderTemplate } from './templates';

const vars = {
  ward: 'tan-phu',
  incident: { title: 'Ngập cầu 11', severity: 'critical', location: { lat: 11.53, lon: 106.88 } },
  verify: { level: 3.2, confirmed: true, notes: null },
  teams: ['a', 'b'],
  at: new Date('2026-11-25T06:00:00.000Z'),
  'odd-name': 'yes',
};

describe('renderTemplate', () => {
  it('fills flat and nested paths, with or without spaces inside the braces', () => {
    expect(renderTemplate('{{incident.title}} ở {{ ward }}: {{verify.level}} m ({{verify.confirmed}})', vars)).toBe('Ngập cầu 11 ở tan-phu: 3.2 m (true)');
  });
  it('leaves unknown and null paths visible as written', () => {
    expect(renderTemplate('{{incident.nope}} {{nope.deeper}} {{verify.notes}} {{ ward.x }}', vars)).toBe('{{incident.nope}} {{nope.deeper}} {{verify.notes}} {{ ward.x }}');
  });
  it('renders objects and arrays as JSON, dates as ISO 8601', () => {
    expect(renderTemplate('{{incident.location}} {{teams}} {{at}}', vars)).toBe('{"lat":11.53,"lon":106.88} ["a","b"] 2026-11-25T06:00:00.000Z');
  });
  it('indexes arrays by position and accepts hyphenated names', () => {
    expect(renderTemplate('{{teams.1}} {{odd-name}}', vars)).toBe('b yes');
  });
  it('does not read inherited properties', () => {
    expect(renderTemplate('{{ward.length}} {{incident.constructor}}', vars)).toBe('{{ward.length}} {{incident.constructor}}');
  });
  it('leaves text that is not a placeholder alone', () => {
    expect(renderTemplate('{ward} {{}} {{ two words }} plain', vars)).toBe('{ward} {{}} {{ two words }} plain');
  });
});

describe('lookupPath and formatValue', () => {
  it('walks nested objects', () => {
    expect(lookupPath(vars, 'incident.location.lat')).toBe(11.53);
    expect(lookupPath(vars, 'incident.location.alt')).toBeUndefined();
    expect(lookupPath(undefined, 'a')).toBeUndefined();
  });
  it('formats scalars with String()', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(false)).toBe('false');
  });
});

describe('renderDeep', () => {
  it('renders strings at any depth and keeps other values', () => {
    expect(renderDeep({ a: '{{ward}}', b: [1, '{{verify.level}}'], c: { d: null, e: true } }, vars)).toEqual({ a: 'tan-phu', b: [1, '3.2'], c: { d: null, e: true } });
  });
});
