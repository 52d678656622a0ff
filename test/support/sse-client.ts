import { eventually } from './test-stack';

export interface SseEvent {
  event: string;
  id?: string;
  data: any;
}

/**
 * A Server-Sent Events client as the operator app has it: `fetch` with the bearer token in a
 * header (no token in the URL), reading the body stream. Keeps every event and every comment.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retryMs: number | undefined;
  /** The id of the last event received, as a browser would send it back in `Last-Event-ID`. */
  lastEventId: string | undefined;
  ended = false;
  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
  ) {}

  static async connect(baseUrl: string, token: string, opts: { lastEventId?: string; since?: string } = {}): Promise<SseClient> {
    const abort = new AbortController();
    const url = `${baseUrl}/api/live${opts.since ? `?since=${encodeURIComponent(opts.since)}` : ''}`;
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(opts.lastEventId ? { 'last-event-id': opts.lastEventId } : {}) },
      signal: abort.signal,
    });
    const client = new SseClient(res.status, res.headers, abort);
    if (res.body) void client.read(res.body);
    else client.ended = true;
    return client;
  }

  /** The `change` events received so far. */
  get changes(): { entity: string; id: string; incidentId: string; action: string; at: string }[] {
    return this.events.filter((e) => e.event === 'change').map((e) => e.data);
  }

  /** Waits (up to the deadline) for an event matching `match`, and returns it. */
  waitFor(what: string, match: (e: SseEvent) => boolean, timeoutMs = 30_000): Promise<SseEvent> {
    return eventually(what, async () => this.events.find(match), timeoutMs);
  }

  waitForChange(action: string, id: string, timeoutMs?: number): Promise<SseEvent> {
    return this.waitFor(`${action} of ${id}`, (e) => e.event === 'change' && e.data.action === action && e.data.id === id, timeoutMs);
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      /* aborted by close(), or the server went away */
    }
    this.ended = true;
  }

  private parse(block: string): void {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry') this.retryMs = Number(value);
    }
    if (id !== undefined) this.lastEventId = id;
    if (!data.length) return;
    const text = data.join('\n');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON: keep the text */
    }
    this.events.push({ event, ...(id !== undefined ? { id } : {}), data: parsed });
  }
}
