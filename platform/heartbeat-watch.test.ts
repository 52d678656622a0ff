import { HeartbeatWatch } from './heartbeat-watch';

describe('HeartbeatWatch', () => {
  it('allows a healthy check its connect, handshake and awaited-hello time-outs, plus a margin', () => {
    expect(HeartbeatWatch.stallAfter(10_000, 10_000)).toBe(35_000);
    expect(HeartbeatWatch.stallAfter(5_000, 2_000)).toBe(17_000);
  });

  it('reports a heartbeat outstanding past the limit, and only that one', () => {
    const watch = new HeartbeatWatch(1_000);
    watch.started('db-a:27017', 0);
    watch.started('db-b:27017', 600);
    expect(watch.stalled(1_000)).toEqual([]);
    expect(watch.stalled(1_500)).toEqual([{ address: 'db-a:27017', ms: 1_500 }]);
    expect(watch.stalled(1_700)).toEqual([
      { address: 'db-a:27017', ms: 1_700 },
      { address: 'db-b:27017', ms: 1_100 },
    ]);
  });

  it('forgets a heartbeat that finished, succeeded or failed', () => {
    const watch = new HeartbeatWatch(1_000);
    watch.started('db:27017', 0);
    watch.finished('db:27017');
    expect(watch.stalled(10_000)).toEqual([]);
  });

  it('restarts the clock when a new check starts (streaming monitors start the next one at once)', () => {
    const watch = new HeartbeatWatch(1_000);
    watch.started('db:27017', 0);
    watch.started('db:27017', 900);
    expect(watch.stalled(1_500)).toEqual([]);
    expect(watch.stalled(2_000)).toEqual([{ address: 'db:27017', ms: 1_100 }]);
  });

  it('reports nothing once the client is closed', () => {
    const watch = new HeartbeatWatch(1_000);
    watch.started('db:27017', 0);
    watch.clear();
    expect(watch.stalled(5_000)).toEqual([]);
  });
});
