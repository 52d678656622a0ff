import { Injectable, InjectionToken, effect, inject, signal, untracked } from '@angular/core';
import { Subject, type Observable } from 'rxjs';
import { Auth } from '@ui/auth';
import { SseParser } from './sse-parser';

/** One change announced by `GET /api/live` (Server-Sent Events): ids and the action only — refetch the entity through the scoped REST API. */
export interface LiveChange {
  entity: 'task' | 'incident' | 'comment';
  id: string;
  incidentId: string;
  /** e.g. task.created, task.claimed, task.completed, incident.opened, incident.resolved, comment.added, directive.added */
  action: string;
  at: string;
}

/** The bits of `fetch` the live connection uses (a fake in tests). */
export type LiveFetch = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal; cache: 'no-store' },
) => Promise<{
  ok: boolean;
  status: number;
  body: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } } | null;
}>;

export const LIVE_FETCH = new InjectionToken<LiveFetch>('cityops.live.fetch', { providedIn: 'root', factory: () => (url, init) => fetch(url, init) });

/** Reconnect timing: the first wait and the longest, and the longest silence a stream may keep (the server pings every 15 s). */
export interface LiveBackoff {
  initialMs: number;
  maxMs: number;
  idleMs: number;
}
export const LIVE_BACKOFF = new InjectionToken<LiveBackoff>('cityops.live.backoff', { providedIn: 'root', factory: () => ({ initialMs: 1000, maxMs: 10_000, idleMs: 45_000 }) });

/**
 * How long to wait before reconnect attempt number `failures` (0 = the first after a drop): doubles
 * from the initial wait (or the server's `retry:`, when it asks for longer) up to the cap.
 */
export function reconnectDelay(failures: number, backoff: Pick<LiveBackoff, 'initialMs' | 'maxMs'>, serverRetryMs?: number): number {
  const base = Math.max(backoff.initialMs, serverRetryMs ?? 0);
  const cap = Math.max(backoff.maxMs, base);
  return Math.min(cap, base * 2 ** Math.min(failures, 20));
}

/**
 * The app's one live connection (CONTRACT — implementation owned by the inbox work): reads
 * `GET /api/live` with `fetch` and the bearer token (no token in URLs), reconnects with back-off,
 * resumes with `Last-Event-ID`, and after any reconnect emits `resyncs` so views refetch what they show.
 * Open only while someone is signed in: it follows `Auth.token()`, so sign-out ends it and a new
 * sign-in starts a fresh one.
 */
@Injectable({ providedIn: 'root' })
export class LiveUpdates {
  private readonly changeStream = new Subject<LiveChange>();
  private readonly resyncStream = new Subject<void>();
  /** Every change the server sends this user. */
  readonly changes: Observable<LiveChange> = this.changeStream.asObservable();
  /** After a reconnect: changes may have been missed, refetch. */
  readonly resyncs: Observable<void> = this.resyncStream.asObservable();
  /** Whether the stream is open now (shown in the shell). */
  readonly connected = signal(false);

  private readonly auth = inject(Auth);
  private readonly fetch = inject(LIVE_FETCH);
  private readonly backoff = inject(LIVE_BACKOFF);
  /** Bumped on every start and stop: a loop whose generation is stale ends itself. */
  private generation = 0;
  private abort: AbortController | undefined;
  private wake: (() => void) | undefined;
  private lastEventId = '';

  constructor() {
    effect(() => {
      const token = this.auth.token();
      untracked(() => (token ? this.start(token) : this.stop()));
    });
  }

  /** (Re)opens the stream with `token`; after a refresh it resumes from the last event seen. */
  private start(token: string): void {
    this.halt();
    void this.run(token, this.generation);
  }

  private stop(): void {
    this.halt();
    this.lastEventId = ''; // the next user starts from now, not from someone else's cursor
  }

  private halt(): void {
    this.generation++;
    this.abort?.abort();
    this.abort = undefined;
    this.wake?.();
    this.connected.set(false);
  }

  private async run(token: string, generation: number): Promise<void> {
    let failures = 0;
    let serverRetryMs: number | undefined;
    let everOpened = false;
    while (generation === this.generation) {
      const abort = new AbortController();
      this.abort = abort;
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${token}` };
        if (this.lastEventId) headers['last-event-id'] = this.lastEventId;
        const res = await this.fetch('/api/live', { headers, signal: abort.signal, cache: 'no-store' });
        if (generation !== this.generation) return;
        if (res.status === 401) {
          // The token is no longer accepted: refresh once (the new token restarts this stream through
          // the effect above); if that is refused, Auth has ended the session.
          if ((await this.auth.refresh()) || !this.auth.token()) return;
          throw new Error('refresh failed'); // not refused, just unreachable: back off and try again
        }
        if (!res.ok || !res.body) throw new Error(`live stream answered ${res.status}`);
        this.connected.set(true);
        failures = 0;
        const reconnected = everOpened;
        everOpened = true;
        serverRetryMs = (await this.read(res.body, abort, generation, reconnected)) ?? serverRetryMs;
      } catch {
        failures++; // refused or broken before it opened: back off further
      }
      if (generation !== this.generation) return;
      this.connected.set(false);
      await this.sleep(reconnectDelay(Math.max(0, failures - 1), this.backoff, serverRetryMs));
    }
  }

  /**
   * Reads one open stream to its end; returns the server's last `retry:` if it sent one. A stream
   * silent for longer than `idleMs` (no change, no ping) is taken for dead — a dropped network does
   * not always close the connection — and aborted, so the loop reconnects.
   */
  private async read(body: NonNullable<Awaited<ReturnType<LiveFetch>>['body']>, abort: AbortController, generation: number, reconnected: boolean): Promise<number | undefined> {
    const reader = body.getReader();
    let idle: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(), this.backoff.idleMs);
    };
    const decoder = new TextDecoder();
    const parser = new SseParser(this.lastEventId);
    let retryMs: number | undefined;
    let greeted = false;
    try {
      for (;;) {
        watch();
        const { done, value } = await reader.read();
        if (generation !== this.generation) return retryMs;
        const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
        for (const item of parser.push(text)) {
          if (item.kind === 'retry') {
            retryMs = item.ms;
            continue;
          }
          this.lastEventId = item.lastEventId;
          if (item.event === 'hello' && !greeted) {
            greeted = true;
            if (reconnected) this.resyncStream.next(); // we were away: views refetch what they show
          } else if (item.event === 'resync') {
            this.resyncStream.next(); // the server could not replay everything we missed
          } else if (item.event === 'change') {
            const change = parseChange(item.data);
            if (change) this.changeStream.next(change);
          }
        }
        if (done) return retryMs;
      }
    } finally {
      clearTimeout(idle);
      void reader.cancel().catch(() => undefined);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function parseChange(data: string): LiveChange | null {
  try {
    const c = JSON.parse(data) as Partial<LiveChange>;
    return typeof c.entity === 'string' && typeof c.id === 'string' && typeof c.action === 'string' ? (c as LiveChange) : null;
  } catch {
    return null; // a frame we cannot read is skipped, not fatal
  }
}
