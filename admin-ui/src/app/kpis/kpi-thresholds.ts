import type { KpiLevel, KpiThreshold } from './kpis-api';

/** A threshold row as edited: bounds are text so an empty field means "open end". */
export interface ThresholdRow {
  level: KpiLevel;
  from: string;
  to: string;
  colour: string;
}

/** The usual colour of each level, offered when a row is added. */
export const LEVEL_COLOURS: Readonly<Record<KpiLevel, string>> = { ok: '#2e7d32', warning: '#f9a825', critical: '#c62828' };

export function toRows(thresholds: readonly KpiThreshold[]): ThresholdRow[] {
  return thresholds.map((t) => ({ level: t.level, from: t.from === undefined ? '' : String(t.from), to: t.to === undefined ? '' : String(t.to), colour: t.colour }));
}

/** Rows → the API's thresholds. A bound that is not a number goes out as null, which the API refuses next to that field. */
export function fromRows(rows: readonly ThresholdRow[]): KpiThreshold[] {
  const bound = (text: string) => {
    const t = text.trim().replace(',', '.');
    return t === '' ? undefined : Number(t);
  };
  return rows.map((r) => {
    const from = bound(r.from);
    const to = bound(r.to);
    return { level: r.level, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), colour: r.colour };
  });
}

/** `[from, to)` as people read it: "≥ 90", "< 70", "70 – 90". */
export function rangeLabel(t: KpiThreshold): string {
  if (t.from !== undefined && t.to !== undefined) return `${t.from} – ${t.to}`;
  if (t.from !== undefined) return `≥ ${t.from}`;
  if (t.to !== undefined) return `< ${t.to}`;
  return '*';
}
