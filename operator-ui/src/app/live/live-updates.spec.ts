import { provideZonelessChangeDetection, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';
import { Auth } from '@ui/auth';
import { LIVE_BACKOFF, LIVE_FETCH, LiveUpdates, reconnectDelay, type LiveChange, type LiveFetch } from './live-updates';

/** One request the live service made, with the stream the test writes the server's frames into. */
interface Call {
  headers: Record<string, string>;
  signal: AbortSignal;
  send(text: string): void;
  close(): void;
}

const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 200; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('reconnectDelay', () => {
  const backoff = { initialMs: 1000, maxMs: 10_000 };
  it('doubles from one second to ten', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => reconnectDelay(n, backoff))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });
  it('starts from the server’s retry when it asks for longer, and never goes below it', () => {
    expect(reconnectDelay(0, backoff, 2000)).toBe(2000);
    expect(reconnectDelay(2, backoff, 2000)).toBe(8000);
    expect(reconnectDelay(0, backoff, 200)).toBe(1000);
    expect(reconnectDelay(3, backoff, 30_000)).toBe(30_000);
  });
});

describe('LiveUpdates', () => {
  let calls: Call[];
  let failNext: number;
  let refuse: boolean;
  let refusals: number;
  /** Short waits, and silence tolerated for a minute (one test shortens it). */
  const backoff = { initialMs: 2, maxMs: 8, idleMs: 60_000 };
  const token = signal<string | null>(null);
  const logout = jest.fn();
  /** Auth.refresh: by default refused (Auth then ends the session); a test may make it hand out a new token. */
  let refreshTo: string | null;
  const refresh = jest.fn(async () => {
    if (refreshTo === null) {
      logout('expired');
      token.set(null);
      return false;
    }
    refuse = false;
    token.set(refreshTo);
    return true;
  });
  let live: LiveUpdates;
  const changes: LiveChange[] = [];
  let resyncs = 0;

  const fakeFetch: LiveFetch = async (_url, init) => {
    if (refuse) {
      refusals++;
      return { ok: false, status: 401, body: null };
    }
    if (failNext > 0) {
      failNext--;
      throw new TypeError('network error');
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const encoder = new TextEncoder();
    init.signal.addEventListener('abort', () => controller.error(new Error('aborted')));
    calls.push({ headers: init.headers, signal: init.signal, send: (t) => controller.enqueue(encoder.encode(t)), close: () => controller.close() });
    return { ok: true, status: 200, body };
  };

  beforeEach(() => {
    calls = [];
    failNext = 0;
    refuse = false;
    refusals = 0;
    refreshTo = null;
    refresh.mockClear();
    logout.mockClear();
    backoff.idleMs = 60_000;
    changes.length = 0;
    resyncs = 0;
    token.set(null);
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        { provide: Auth, useValue: { token, logout, refresh } },
        { provide: LIVE_FETCH, useValue: fakeFetch },
        { provide: LIVE_BACKOFF, useValue: backoff },
      ],
    });
    live = TestBed.inject(LiveUpdates);
    live.changes.subscribe((c) => changes.push(c));
    live.resyncs.subscribe(() => resyncs++);
  });
  afterEach(() => {
    token.set(null);
    TestBed.tick();
  });

  const change = (id: string, cursor: number) =>
    `event: change\nid: ${cursor}\ndata: ${JSON.stringify({ entity: 'task', id, incidentId: 'inc-1', action: 'task.created', at: '2026-11-25T10:00:00.000Z' })}\n\n`;

  it('opens only while signed in, with the bearer token', async () => {
    TestBed.tick();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(0);
    token.set('tok-1');
    TestBed.tick();
    await until('the stream to open', () => calls.length === 1 && live.connected());
    expect(calls[0]!.headers['authorization']).toBe('Bearer tok-1');
    expect(calls[0]!.headers['last-event-id']).toBeUndefined();
  });

  it('emits changes, and after a drop reconnects with Last-Event-ID and asks views to resync', async () => {
    token.set('tok-1');
    TestBed.tick();
    await until('the first stream', () => calls.length === 1);
    calls[0]!.send('retry: 3\n\nevent: hello\nid: 100\ndata: {"serverTime":"x"}\n\n: ping\n\n');
    calls[0]!.send(change('t1', 105).slice(0, 20));
    calls[0]!.send(change('t1', 105).slice(20));
    await until('the first change', () => changes.length === 1);
    expect(changes[0]).toMatchObject({ entity: 'task', id: 't1', action: 'task.created' });
    expect(resyncs).toBe(0); // the first connection is not a reconnect

    calls[0]!.close(); // the API restarts
    await until('a reconnect', () => calls.length === 2);
    expect(calls[1]!.headers['last-event-id']).toBe('105');
    expect(live.connected()).toBe(true);
    calls[1]!.send('event: hello\nid: 105\ndata: {}\n\n');
    await until('a resync', () => resyncs === 1);
    calls[1]!.send(change('t2', 110));
    await until('the replayed change', () => changes.length === 2);
    expect(resyncs).toBe(1);
  });

  it('keeps trying after failed attempts, with the same cursor', async () => {
    token.set('tok-1');
    TestBed.tick();
    await until('the first stream', () => calls.length === 1);
    calls[0]!.send('event: hello\nid: 200\ndata: {}\n\n');
    await until('the hello', () => live.connected());
    failNext = 3;
    calls[0]!.close();
    await until('the reconnect after three failures', () => calls.length === 2);
    expect(failNext).toBe(0);
    expect(calls[1]!.headers['last-event-id']).toBe('200');
  });

  it('takes a stream silent for too long (no ping) for dead, and reconnects with the cursor', async () => {
    backoff.idleMs = 100;
    token.set('tok-1');
    TestBed.tick();
    await until('the first stream', () => calls.length === 1);
    calls[0]!.send('event: hello\nid: 400\ndata: {}\n\n');
    await until('the hello', () => live.connected());
    await until('the silent stream aborted and a new one', () => calls.length === 2);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.headers['last-event-id']).toBe('400');
  });

  it('passes on the server’s resync event', async () => {
    token.set('tok-1');
    TestBed.tick();
    await until('the first stream', () => calls.length === 1);
    calls[0]!.send('event: hello\nid: 1\ndata: {}\n\nevent: resync\ndata: {"reason":"gone"}\n\n');
    await until('the resync', () => resyncs === 1);
  });

  it('closes on sign-out and does not reconnect; a new sign-in starts afresh', async () => {
    token.set('tok-1');
    TestBed.tick();
    await until('the first stream', () => calls.length === 1);
    calls[0]!.send('event: hello\nid: 300\ndata: {}\n\n');
    await until('connected', () => live.connected());
    token.set(null);
    TestBed.tick();
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(live.connected()).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toHaveLength(1);
    token.set('tok-2');
    TestBed.tick();
    await until('a new stream', () => calls.length === 2);
    expect(calls[1]!.headers['authorization']).toBe('Bearer tok-2');
    expect(calls[1]!.headers['last-event-id']).toBeUndefined();
  });

  it('refreshes once when the token is refused; when that is refused too the session ends', async () => {
    refuse = true;
    logout.mockClear();
    token.set('tok-old');
    TestBed.tick();
    await until('sign-out', () => logout.mock.calls.length === 1);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(logout).toHaveBeenCalledWith('expired');
    await new Promise((r) => setTimeout(r, 30));
    expect(refusals).toBe(1); // no retry loop against a refused token
  });

  it('after a refresh reconnects with the new token and resumes from the last event', async () => {
    token.set('tok-1');
    TestBed.tick();
    await until('the first stream', () => calls.length === 1);
    calls[0]!.send('event: hello\nid: 500\ndata: {}\n\n');
    await until('connected', () => live.connected());
    // The server ends the stream when its token expires; the reconnect is refused and refreshing helps.
    refuse = true;
    refreshTo = 'tok-2';
    calls[0]!.close();
    await until('a stream with the new token', () => {
      TestBed.tick(); // runs the effect that follows the token
      return calls.length === 2;
    });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls[1]!.headers['authorization']).toBe('Bearer tok-2');
    expect(calls[1]!.headers['last-event-id']).toBe('500');
    expect(logout).not.toHaveBeenCalled();
  });
});
