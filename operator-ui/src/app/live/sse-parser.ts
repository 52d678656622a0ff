/** One dispatched Server-Sent Events message (`event` defaults to `message`), with the stream's last event id at that moment. */
export interface SseMessage {
  kind: 'message';
  event: string;
  data: string;
  lastEventId: string;
}

/** The server's `retry:` field: how long to wait before reconnecting. */
export interface SseRetry {
  kind: 'retry';
  ms: number;
}

export type SseItem = SseMessage | SseRetry;

/**
 * Incremental parser for a `text/event-stream` body, following the HTML standard's rules: lines end
 * with CRLF, LF or CR (a CRLF may be split across chunks), `:` lines are comments, one space after
 * the colon is dropped, `data:` lines join with `\n`, a blank line dispatches, an `id` holding NUL
 * is ignored, `retry` must be digits. Feed it decoded text in whatever pieces the network delivers.
 */
export class SseParser {
  private buffer = '';
  private afterCr = false;
  private started = false;
  private event = '';
  private data: string[] = [];
  /** Survives dispatches, as in EventSource; the caller sends it back as `Last-Event-ID`. */
  lastEventId: string;

  constructor(lastEventId = '') {
    this.lastEventId = lastEventId;
  }

  /** Parses one chunk; returns the messages and retry settings it completed, in order. */
  push(chunk: string): SseItem[] {
    let text = chunk;
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a leading byte-order mark is not content
    }
    // A CR ended the previous chunk: an LF starting this one belongs to the same line break.
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = false;
    const out: SseItem[] = [];
    this.buffer += text;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(this.buffer.slice(start, i), out);
      if (c === '\r') {
        if (i + 1 === this.buffer.length) this.afterCr = true;
        else if (this.buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string, out: SseItem[]): void {
    if (line === '') return this.dispatch(out);
    if (line.startsWith(':')) return; // comment (the server's pings)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) out.push({ kind: 'retry', ms: Number(value) });
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  private dispatch(out: SseItem[]): void {
    // A block without data lines dispatches nothing (its id still counts, set above).
    if (this.data.length) out.push({ kind: 'message', event: this.event || 'message', data: this.data.join('\n'), lastEventId: this.lastEventId });
    this.event = '';
    this.data = [];
  }
}
