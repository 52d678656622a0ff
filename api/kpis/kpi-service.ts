import { Kpi, KpiCurrent, KpiValue, audit, kpiValueId, type KpiDoc } from '../../model';
import type { AuthUser } from '../auth/middleware';
import { conflict, notFound } from '../http-errors';
import { kpiState, type CurrentValue, type KpiState } from './kpi-status';
import { MAX_HISTORY_VALUES, type KpiBody } from './kpi-schema';
import type { KpiValueRow } from './csv-values';
import type { EvaluableEvent, EventEvaluator } from '../events/event-evaluator';

export type KpiView = Omit<KpiBody, 'thresholds'> & { key: string; thresholds: KpiDoc['thresholds']; current: CurrentValue | null } & KpiState;

type StoredKpi = KpiDoc & { _id: string };

function view(kpi: StoredKpi, current: CurrentValue | undefined, now: Date): KpiView {
  return {
    key: kpi._id,
    nameVi: kpi.nameVi,
    nameEn: kpi.nameEn,
    unit: kpi.unit,
    direction: kpi.direction,
    thresholds: kpi.thresholds,
    window: kpi.window,
    noData: kpi.noData,
    current: current ? { periodStart: current.periodStart, value: current.value, ...(current.note ? { note: current.note } : {}), uploadedAt: current.uploadedAt } : null,
    ...kpiState(kpi, current, now),
  };
}

/** Both collections are one small document per KPI: read whole (FerretDB would scan either way). */
export async function listKpis(now = new Date()): Promise<KpiView[]> {
  const [kpis, currents] = await Promise.all([Kpi.find({}).sort({ _id: 1 }).lean<StoredKpi[]>(), KpiCurrent.find({}).lean()]);
  const byKey = new Map(currents.map((c) => [c._id, c]));
  return kpis.map((k) => view(k, byKey.get(k._id), now));
}

export async function getKpi(key: string, now = new Date()): Promise<KpiView> {
  const [kpi, current] = await Promise.all([Kpi.findById(key).lean<StoredKpi>(), KpiCurrent.findById(key).lean()]);
  if (!kpi) throw notFound(`KPI ${key}`);
  return view(kpi, current ?? undefined, now);
}

export async function createKpi(user: AuthUser, key: string, body: KpiBody): Promise<KpiView> {
  const now = new Date();
  try {
    await Kpi.collection.insertOne({ _id: key, ...body, createdAt: now, updatedAt: now } as never);
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict(`KPI ${key} already exists`);
    throw err;
  }
  await audit({ actor: user.username, action: 'kpi.created', entity: 'kpi', entityId: key, after: body });
  return getKpi(key);
}

export async function updateKpi(user: AuthUser, key: string, body: KpiBody): Promise<KpiView> {
  const before = await Kpi.findOneAndUpdate({ _id: key }, { $set: { ...body, updatedAt: new Date() } }, { returnDocument: 'before' }).lean<StoredKpi>();
  if (!before) throw notFound(`KPI ${key}`);
  await audit({ actor: user.username, action: 'kpi.updated', entity: 'kpi', entityId: key, before: withoutId(before), after: body });
  return getKpi(key);
}

/** Removes the KPI and its values (an admin action, rare: the value scan is acceptable). */
export async function deleteKpi(user: AuthUser, key: string): Promise<void> {
  const before = await Kpi.findOneAndDelete({ _id: key }).lean<StoredKpi>();
  if (!before) throw notFound(`KPI ${key}`);
  await KpiCurrent.deleteOne({ _id: key });
  const values = await KpiValue.deleteMany({ key });
  await audit({ actor: user.username, action: 'kpi.deleted', entity: 'kpi', entityId: key, before: { ...withoutId(before), values: values.deletedCount } });
}

function withoutId(kpi: StoredKpi): Omit<StoredKpi, '_id'> {
  const copy: Partial<StoredKpi> = { ...kpi };
  delete copy._id;
  return copy as Omit<StoredKpi, '_id'>;
}

/**
 * Writes one value per row, keyed `key|periodStart`, so a period uploaded again is replaced; then
 * moves the KPI's current value forward if the upload holds a later (or the same) period.
 * Returns how many rows were written and how many of those replaced an earlier value.
 */
export async function storeValues(user: AuthUser, key: string, rows: KpiValueRow[], rules?: KpiRuleFeed): Promise<{ stored: number; replaced: number }> {
  if (!(await Kpi.exists({ _id: key }))) throw notFound(`KPI ${key}`);
  const before = await KpiCurrent.findById(key).lean();
  const uploadedAt = new Date();
  const doc = (r: KpiValueRow) => ({ key, periodStart: r.periodStart, value: r.value, ...(r.note ? { note: r.note } : {}), uploadedAt, uploadedBy: user.username });
  let replaced = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const result = await KpiValue.collection.bulkWrite(
      chunk.map((r) => ({ replaceOne: { filter: { _id: kpiValueId(key, r.periodStart) }, replacement: doc(r), upsert: true } })) as never,
      { ordered: false },
    );
    replaced += result.matchedCount;
  }
  const latest = rows.reduce((a, b) => (b.periodStart > a.periodStart ? b : a), rows[0]!);
  await advanceCurrent(key, { periodStart: latest.periodStart, value: latest.value, ...(latest.note ? { note: latest.note } : {}), uploadedAt });
  // Only periods later than the previous current value reach the rules: re-uploading last year's figures must not open incidents for last year.
  const fresh = rows.filter((r) => !before || r.periodStart > before.periodStart);
  if (rules && fresh.length) await rules.evaluate(fresh.map((r) => kpiReading(key, r)));
  await audit({ actor: user.username, action: 'kpi.values.uploaded', entity: 'kpi', entityId: key, after: { stored: rows.length, replaced, latest: latest.periodStart } });
  return { stored: rows.length, replaced };
}

/** Where uploaded KPI values go to be judged by the threshold rules (the event evaluator). */
export type KpiRuleFeed = Pick<EventEvaluator, 'evaluate'>;

/**
 * A KPI value as the rules see it: source `kpi/<key>`, source type `kpi`, metric = the KPI key,
 * observed at the start of its period. A rule on `{sourceType: 'kpi', metric: '<key>'}` (or the exact
 * source) judges it like any reading, including `noData` when no value arrives for a while.
 */
export function kpiReading(key: string, row: KpiValueRow): EvaluableEvent {
  return { _id: `kpi:${kpiValueId(key, row.periodStart)}`, source: `kpi/${key}`, sourceType: 'kpi', metric: key, value: row.value, observedAt: row.periodStart };
}

/** A single conditional upsert by `_id`: a later period already current makes it a duplicate-key no-op. */
async function advanceCurrent(key: string, current: CurrentValue): Promise<void> {
  try {
    await KpiCurrent.collection.replaceOne({ _id: key, periodStart: { $lte: current.periodStart } } as never, current, { upsert: true });
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
}

export async function history(key: string, from: Date, to: Date) {
  if (!(await Kpi.exists({ _id: key }))) throw notFound(`KPI ${key}`);
  const values = await KpiValue.find({ key, periodStart: { $gte: from, $lt: to } }, { _id: 0, periodStart: 1, value: 1, note: 1, uploadedAt: 1, uploadedBy: 1 })
    .sort({ periodStart: 1 })
    .limit(MAX_HISTORY_VALUES + 1)
    .lean();
  const truncated = values.length > MAX_HISTORY_VALUES;
  return { key, from, to, values: truncated ? values.slice(0, MAX_HISTORY_VALUES) : values, truncated };
}
