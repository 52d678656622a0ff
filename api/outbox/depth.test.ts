import { HttpError } from '../http-errors';
import { IngestBackPressure, OUTBOX_FULL } from './back-pressure';
import { OutboxDepth } from './depth';

describe('OutboxDepth', () => {
  it('reads the count at most once per period and follows what this process queues and delivers in between', async () => {
    let now = 0;
    let stored = 10;
    let reads = 0;
    const depth = new OutboxDepth(
      1000,
      async () => {
        reads++;
        return stored;
      },
      () => now,
    );
    expect(await depth.current()).toBe(10);
    depth.added(3);
    depth.removed(1);
    stored = 500; // another process's work: not seen until the next read
    now = 999;
    expect(await depth.current()).toBe(12);
    expect(reads).toBe(1);
    now = 1000;
    expect(await depth.current()).toBe(500);
    expect(reads).toBe(2);
    depth.removed(1000);
    expect(await depth.current()).toBe(0); // never below zero
  });

  it('shares one read between concurrent callers and keeps the last estimate when a read fails', async () => {
    let reads = 0;
    let fail = false;
    let now = 0;
    const depth = new OutboxDepth(
      1000,
      async () => {
        reads++;
        if (fail) throw new Error('database down');
        return 7;
      },
      () => now,
    );
    expect(await Promise.all([depth.current(), depth.current(), depth.current()])).toEqual([7, 7, 7]);
    expect(reads).toBe(1);
    fail = true;
    now = 5000;
    expect(await depth.refresh()).toBe(7);
    fail = false;
    expect(await depth.sync()).toBe(7);
    expect(reads).toBe(3);
  });

  it('reads less often when counting is slow, spending at most a tenth of the time counting', async () => {
    let now = 0;
    let reads = 0;
    const depth = new OutboxDepth(
      1000,
      async () => {
        reads++;
        now += 300; // a slow count (a deep outbox on a database that scans)
        return 5000;
      },
      () => now,
    );
    await depth.current(); // read at 0–300: next read due 3,000 ms after it ended
    now = 3299;
    await depth.current();
    expect(reads).toBe(1);
    now = 3300;
    await depth.current();
    expect(reads).toBe(2);
  });
});

describe('IngestBackPressure', () => {
  it('lets batches through below the limit and refuses with 429, Retry-After and the reason at it', async () => {
    let depth = 4;
    const guard = new IngestBackPressure({ current: async () => depth }, 5, 7);
    await expect(guard.check()).resolves.toBeUndefined();
    depth = 5;
    const err = (await guard.check().catch((e: unknown) => e)) as HttpError;
    expect(err).toBeInstanceOf(HttpError);
    expect(err.status).toBe(429);
    expect(err.headers).toEqual({ 'Retry-After': '7' });
    expect(err.details).toEqual({ reason: OUTBOX_FULL, depth: 5, limit: 5 });
  });
});
