import type { Lang } from '@ui/i18n';
import type { KpiTile } from './metrics-types';

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function field(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The KPI tiles as shown, as CSV. `/api/kpis` has no CSV form (it is not a metrics view), so the
 * file is written here from the same items; a byte-order mark lets Excel read the Vietnamese names.
 */
export function kpisToCsv(kpis: readonly KpiTile[], lang: Lang): string {
  const rows = [
    ['key', 'name', 'value', 'unit', 'status', 'colour', 'periodStart'],
    ...kpis.map((k) => [k.key, lang === 'vi' ? k.nameVi : k.nameEn, k.current?.value ?? null, k.unit, k.status, k.colour, k.current?.periodStart ?? null]),
  ];
  return `\ufeff${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}
