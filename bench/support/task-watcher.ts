import type { Collection } from 'mongoose';

/**
 * Waits for task documents to exist with one batched `{_id: {$in: …}}` query per tick for everything
 * awaited, not one query per task. On FerretDB 1.24/SQLite even an exact `_id` lookup costs time
 * proportional to the collection (measured: about 1 ms at 70 tasks, 6 ms at 5,000), so per-task
 * polling would make the bench load the database more the longer it runs.
 */
export class TaskWatcher {
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
      const found = await this.tasks.find({ _id: { $in: ids as never[] } }, { projection: { _id: 1 } }).toArray();
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
