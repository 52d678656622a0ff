/**
 * `GET /api/live` read as the operator app reads it: `fetch` with the bearer token, Server-Sent
 * Events parsed from the body. Reconnects when the stream ends (a token expires, the API restarts)
 * and says so, so the reader reloads what it shows, as the app does on a resync.
 */
export interface LiveChange {
  entity: string;
  id: string;
  incidentId: string;
  action: string;
}

export interface LiveStreamHandlers {
  change(change: LiveChange): void;
  /** The stream (re)opened: changes meanwhile may be missed, so reload. */
  opened(): void;
  error(message: string): void;
}

export class LiveStream {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly apiUrl: string,
    private readonly token: () => string,
    private readonly on: LiveStreamHandlers,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const res = await fetch(`${this.apiUrl}/api/live`, { headers: { authorization: `Bearer ${this.token()}`, accept: 'text/event-stream' }, signal: this.abort.signal });
        if (res.status !== 200 || !res.body) {
          this.on.error(`GET /api/live answered ${res.status}`);
        } else {
          this.on.opened();
          await this.read(res.body);
        }
      } catch (err) {
        if (!this.abort.signal.aborted) this.on.error(`GET /api/live failed: ${(err as Error).message}`);
      }
      if (!this.abort.signal.aborted) await new Promise((r) => setTimeout(r, 500));
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        if (!lines.includes('event: change')) continue;
        const data = lines.find((l) => l.startsWith('data:'));
        if (data) this.on.change(JSON.parse(data.slice(5)) as LiveChange);
      }
    }
  }
}
