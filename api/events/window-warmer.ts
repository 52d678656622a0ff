import { StoredEvent } from '../../model';
import type { RuleIndex } from '../../rules/rule-index';
import { WindowStore } from '../../rules/window';

/** A rule group: the rules on one source (or, without one, one source type) and one metric. */
export interface RuleGroupRef {
  source?: string;
  sourceType?: string;
  metric: string;
}

interface Warmed {
  lookbackMs: number;
  loading: Promise<void>;
}

/**
 * Fills the in-memory windows of rule groups a batch meets for the first time in this process from
 * the stored events, as far back as the group's rules look (RuleIndex.lookbackMs) — so an average
 * over the last hour holds right after a restart. Groups whose rules read only the reading itself
 * are never loaded. All of a batch's new groups come in one query (FerretDB scans the events
 * collection per query: one query per group made a storm's first seconds crawl), and a batch that
 * meets a group still loading waits for it rather than evaluating over an empty window.
 */
export class WindowWarmer {
  private readonly warmed = new Map<string, Warmed>();

  constructor(private readonly windows: WindowStore) {}

  async warm(index: RuleIndex, groups: RuleGroupRef[]): Promise<void> {
    const waits: Promise<void>[] = [];
    const load = new Map<string, { group: RuleGroupRef; lookbackMs: number }>();
    for (const group of groups) {
      const key = groupKey(group);
      const lookbackMs = index.groupLookbackMs(group);
      if (lookbackMs === 0 || load.has(key)) continue;
      const known = this.warmed.get(key);
      if (known && known.lookbackMs >= lookbackMs) waits.push(known.loading);
      else load.set(key, { group, lookbackMs });
    }
    if (load.size) {
      const loading = this.load(index, [...load.values()]);
      for (const [key, { lookbackMs }] of load) this.warmed.set(key, { lookbackMs, loading });
      // A failed load (the database went away) is tried again by the next batch.
      loading.catch(() => {
        for (const key of load.keys()) if (this.warmed.get(key)?.loading === loading) this.warmed.delete(key);
      });
      waits.push(loading);
    }
    await Promise.all(waits);
  }

  private async load(index: RuleIndex, groups: { group: RuleGroupRef; lookbackMs: number }[]): Promise<void> {
    const now = Date.now();
    const filters = groups.map(({ group, lookbackMs }) => ({
      ...(group.source ? { source: group.source } : { sourceType: group.sourceType }),
      metric: group.metric,
      observedAt: { $gte: new Date(now - lookbackMs) },
      suspect: { $ne: true },
    }));
    const cursor = StoredEvent.collection
      .find((filters.length === 1 ? filters[0] : { $or: filters }) as never, { projection: { source: 1, sourceType: 1, metric: 1, value: 1, observedAt: 1 } })
      .sort({ observedAt: 1 });
    for await (const e of cursor) {
      if (typeof e.value !== 'number') continue;
      const stream = { source: String(e.source), metric: String(e.metric), ...(e.sourceType ? { type: String(e.sourceType) } : {}) };
      this.windows.add(WindowStore.key(stream.source, stream.metric), { t: (e.observedAt as Date).getTime(), v: e.value }, index.lookbackMs(stream));
    }
  }
}

function groupKey(g: RuleGroupRef): string {
  return g.source ? `s|${g.source}|${g.metric}` : `t|${g.sourceType}|${g.metric}`;
}
