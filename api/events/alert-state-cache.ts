import type { AlertState } from '../../rules/alert-machine';

/** How many alert states a process remembers; the least recently used go first. */
export const MAX_CACHED_STATES = 50_000;

export interface CachedState {
  state: AlertState;
  /** The stored revision (0: not stored yet). */
  rev: number;
}

/**
 * The alert states as this process last read or wrote them, so a batch reads from the database
 * only states it has not met (FerretDB 1.24 scans the collection for anything but one `_id`: the
 * per-batch read of a storm's states was a scan of thousands of documents). Safe because each
 * source is evaluated by one process (README, scaling out) under the evaluator's per-state lock;
 * the revision check on every write still catches another writer, and a failed write forgets the
 * entry. Only states with no outbox entries waiting are kept: those must be read back to copy them.
 */
export class AlertStateCache {
  private readonly entries = new Map<string, CachedState>();

  constructor(private readonly max = MAX_CACHED_STATES) {}

  get(stateId: string): CachedState | undefined {
    const hit = this.entries.get(stateId);
    if (!hit) return undefined;
    // Re-inserted: Map order is the LRU order.
    this.entries.delete(stateId);
    this.entries.set(stateId, hit);
    return { state: { ...hit.state }, rev: hit.rev };
  }

  set(stateId: string, state: AlertState, rev: number): void {
    this.entries.delete(stateId);
    this.entries.set(stateId, { state: { ...state }, rev });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(stateId: string): void {
    this.entries.delete(stateId);
  }

  get size(): number {
    return this.entries.size;
  }
}
