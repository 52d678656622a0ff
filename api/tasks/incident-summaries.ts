import { Incident } from '../../model';

/** What the inbox shows of a task's incident. */
export interface IncidentSummary {
  id: string;
  title: string;
  severity: string;
  status: string;
  location: { lat: number; lon: number } | null;
}

/** An entry is trusted this long even if no change of its incident was heard (another process's feed not yet polled). */
export const SUMMARY_MAX_AGE_MS = 5_000;
/** Entries kept; the inbox of a storm lists a few hundred incidents. */
export const MAX_SUMMARIES = 5_000;

interface Entry {
  summary: IncidentSummary | null;
  readAt: number;
}

/**
 * The incident summaries the inbox lists beside each task, remembered for a few seconds. The
 * inbox is fetched again on every live change, and under a storm each fetch read every listed
 * incident (a few hundred exact-`_id` reads per request, on two cores shared with the database):
 * reading the inbox was most of the time between a task's creation and an operator seeing it.
 * The live feed tells this cache of each incident change before it tells the browsers, so the
 * refetch a change triggers reads that incident afresh.
 */
export class IncidentSummaries {
  private readonly entries = new Map<string, Entry>();
  /** When each incident was last heard to change: a read that started earlier may be stale and is not kept. */
  private readonly changedAt = new Map<string, number>();

  constructor(
    private readonly maxAgeMs = SUMMARY_MAX_AGE_MS,
    private readonly max = MAX_SUMMARIES,
    private readonly now: () => number = Date.now,
  ) {}

  /** The summaries of these incidents (missing ones left out): from memory, the rest read by `_id` side by side. */
  async of(ids: Iterable<string>): Promise<Map<string, IncidentSummary>> {
    const found = new Map<string, IncidentSummary>();
    const missing: string[] = [];
    const now = this.now();
    for (const id of new Set(ids)) {
      const hit = this.entries.get(id);
      if (hit && now - hit.readAt < this.maxAgeMs) {
        if (hit.summary) found.set(id, hit.summary);
      } else missing.push(id);
    }
    const read = await Promise.all(missing.map((id) => readSummary(id)));
    missing.forEach((id, i) => {
      const summary = read[i] ?? null;
      if (summary) found.set(id, summary);
      if ((this.changedAt.get(id) ?? Number.NEGATIVE_INFINITY) < now) this.remember(id, { summary, readAt: now });
    });
    return found;
  }

  /** The incident changed (a live change named it): the next listing reads it again. */
  changed(id: string): void {
    this.entries.delete(id);
    this.changedAt.set(id, this.now());
    if (this.changedAt.size > this.max) this.forgetOldChanges();
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(id: string, entry: Entry): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** A change heard longer ago than an entry lives cannot make a read that started after it stale. */
  private forgetOldChanges(): void {
    const before = this.now() - this.maxAgeMs;
    for (const [id, at] of this.changedAt) if (at < before) this.changedAt.delete(id);
  }
}

/** By exact `_id`: FerretDB (on SQLite and PostgreSQL) runs a `$in` as a scan of the incidents, whose documents carry their whole timeline. */
async function readSummary(id: string): Promise<IncidentSummary | null> {
  const i = await Incident.findById(id, { title: 1, severity: 1, status: 1, location: 1 }).lean();
  if (!i) return null;
  const { lat, lon } = i.location ?? {};
  return { id: i._id, title: i.title, severity: i.severity, status: i.status, location: typeof lat === 'number' && typeof lon === 'number' ? { lat, lon } : null };
}
