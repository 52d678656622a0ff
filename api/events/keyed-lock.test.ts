import { KeyedLock } from './keyed-lock';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('KeyedLock', () => {
  it('runs holders of one key one after the other, and of different keys side by side', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (name: string, keys: string[]) =>
      lock.run(keys, async () => {
        log.push(`${name}+`);
        await tick();
        log.push(`${name}-`);
      });
    await Promise.all([job('a', ['x']), job('b', ['x']), job('c', ['y'])]);
    expect(log.indexOf('b+')).toBeGreaterThan(log.indexOf('a-'));
    expect(log.indexOf('c+')).toBeLessThan(log.indexOf('a-'));
    expect(lock.size).toBe(0);
  });

  it('overlapping key sets in opposite orders do not deadlock, and a failing holder releases its keys', async () => {
    const lock = new KeyedLock();
    const done: string[] = [];
    await Promise.all([
      lock.run(['p', 'q'], async () => void (await tick(), done.push('pq'))),
      lock.run(['q', 'p'], async () => void (await tick(), done.push('qp'))),
      lock.run(['q'], () => Promise.reject(new Error('boom'))).catch(() => done.push('failed')),
    ]);
    await lock.run(['q'], async () => void done.push('after'));
    expect(done.sort()).toEqual(['after', 'failed', 'pq', 'qp']);
    expect(lock.size).toBe(0);
  });
});
