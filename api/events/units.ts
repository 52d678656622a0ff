/**
 * Unit conversion for readings: a small table of linear and affine conversions within a dimension.
 * Each unit maps to its dimension and to `base = value * factor + offset`.
 */
interface UnitDef {
  dimension: string;
  factor: number;
  offset?: number;
}

const UNITS: Record<string, UnitDef> = {
  // length (base m)
  m: { dimension: 'length', factor: 1 },
  cm: { dimension: 'length', factor: 0.01 },
  mm: { dimension: 'length', factor: 0.001 },
  km: { dimension: 'length', factor: 1000 },
  ft: { dimension: 'length', factor: 0.3048 },
  in: { dimension: 'length', factor: 0.0254 },
  // temperature (base °C)
  '°C': { dimension: 'temperature', factor: 1 },
  '°F': { dimension: 'temperature', factor: 5 / 9, offset: -32 * (5 / 9) },
  K: { dimension: 'temperature', factor: 1, offset: -273.15 },
  // mass concentration (base µg/m³)
  'µg/m³': { dimension: 'concentration', factor: 1 },
  'mg/m³': { dimension: 'concentration', factor: 1000 },
  // speed (base m/s)
  'm/s': { dimension: 'speed', factor: 1 },
  'km/h': { dimension: 'speed', factor: 1 / 3.6 },
  mph: { dimension: 'speed', factor: 0.44704 },
  // power (base W)
  W: { dimension: 'power', factor: 1 },
  kW: { dimension: 'power', factor: 1000 },
  // ratio, illuminance
  '%': { dimension: 'ratio', factor: 1 },
  lx: { dimension: 'illuminance', factor: 1 },
};

/** Spellings senders use, mapped to the table's canonical symbol. */
const ALIASES: Record<string, string> = {
  meter: 'm',
  metre: 'm',
  meters: 'm',
  feet: 'ft',
  c: '°C',
  degc: '°C',
  '℃': '°C',
  celsius: '°C',
  f: '°F',
  degf: '°F',
  '℉': '°F',
  fahrenheit: '°F',
  kelvin: 'K',
  'ug/m3': 'µg/m³',
  'μg/m³': 'µg/m³', // Greek mu (U+03BC) rather than the micro sign (U+00B5)
  'μg/m3': 'µg/m³',
  'µg/m3': 'µg/m³',
  'mg/m3': 'mg/m³',
  mps: 'm/s',
  kmh: 'km/h',
  kph: 'km/h',
  'km/hr': 'km/h',
  w: 'W',
  kw: 'kW',
  watt: 'W',
  percent: '%',
  pct: '%',
  lux: 'lx',
};

/** The canonical spelling of a unit, or the input trimmed when the table does not know it. */
export function canonicalUnit(unit: string): string {
  const trimmed = unit.trim();
  if (UNITS[trimmed]) return trimmed;
  return ALIASES[trimmed.toLowerCase()] ?? ALIASES[trimmed] ?? trimmed;
}

/**
 * Converts `value` from one unit to another; undefined when they are of different dimensions or
 * either is unknown. The same unit (after aliases) always converts, known or not.
 */
export function convertUnit(value: number, from: string, to: string): number | undefined {
  const f = canonicalUnit(from);
  const t = canonicalUnit(to);
  if (f === t) return value;
  const a = UNITS[f];
  const b = UNITS[t];
  if (!a || !b || a.dimension !== b.dimension) return undefined;
  const base = value * a.factor + (a.offset ?? 0);
  const converted = (base - (b.offset ?? 0)) / b.factor;
  // Round away binary noise (3.2 ft → 0.9753600000000001 m) without losing sensor precision.
  return Number(converted.toPrecision(12));
}
