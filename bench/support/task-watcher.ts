import type { Collection } from 'mongoose';

/**
 * Waits for task documents to exist, polling each tick for everything awaited: one exact-`_id` read
 * per task while a few are awaited, one batched `{_id: {$in: …}}` query beyond that. On FerretDB 1.24
 * an `$in` is filtered after every document is decoded (on PostgreSQL the floor's polls were a sixth
 * of all rows FerretDB decoded in a storm), while an exact `_id` is filtered by the backend; on
 * SQLite even that costs time proportional to the collection (about 1 ms at 70 tasks, 6 ms at
 * 5,000), so many waiting tasks share one query.
 */
export class TaskWatcher {
  /** Up to this many awaited tasks are read one by one. */
  private static readonly ONE_BY_ONE = 4;
  private readonly waiting = new Map<string, { resolve: () => void; reject: (err: Error) => void }>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly tasks: Collection,
    private readonly intervalMs = 100,
  ) {}

  /** Resolves once a task with this `_id` exists. */
  wait(taskId: string): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('task watcher stopped'));
    const found = new Promise<void>((resolve, reject) => this.waiting.set(taskId, { resolve, reject }));
    this.timer ??= setTimeout(() => void this.tick(), this.intervalMs);
    return found;
  }

  forget(taskId: string): void {
    this.waiting.delete(taskId);
  }

  /** Rejects everything still awaited (on interrupt). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const w of this.waiting.values()) w.reject(new Error('task watcher stopped'));
    this.waiting.clear();
  }

  private async tick(): Promise<void> {
    const ids = [...this.waiting.keys()];
    try {
      const found =
        ids.length <= TaskWatcher.ONE_BY_ONE
          ? (await Promise.all(ids.map((_id) => this.tasks.findOne({ _id: _id as never }, { projection: { _id: 1 } })))).filter((d) => d !== null)
          : await this.tasks.find({ _id: { $in: ids as never[] } }, { projection: { _id: 1 } }).toArray();
      for (const doc of found) {
        const id = String(doc._id);
        this.waiting.get(id)?.resolve();
        this.waiting.delete(id);
      }
    } catch (err) {
      if (!this.stopped) process.stderr.write(`[bench] task poll failed (retrying): ${(err as Error).message}\n`);
    }
    this.timer = !this.stopped && this.waiting.size ? setTimeout(() => void this.tick(), this.intervalMs) : undefined;
  }
}
