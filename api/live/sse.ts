import type { Response } from 'express';

/** One Server-Sent Events frame: `event:`, `id:` and one `data:` line per line of the payload, then a blank line. */
export function sseFrame(frame: { event?: string; id?: string; data: unknown }): string {
  const text = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
  const lines: string[] = [];
  if (frame.event) lines.push(`event: ${oneLine(frame.event)}`);
  if (frame.id !== undefined) lines.push(`id: ${oneLine(frame.id)}`);
  for (const line of text.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return lines.join('\n') + '\n\n';
}

/** A comment line: ignored by clients, keeps proxies and load balancers from closing an idle stream. */
export const sseComment = (text: string) => `: ${oneLine(text)}\n\n`;

/** How long a client waits before reconnecting. */
export const sseRetry = (ms: number) => `retry: ${Math.max(0, Math.round(ms))}\n\n`;

/** Field values may not hold line breaks (they would end the field); ids may not hold NUL. */
const oneLine = (s: string) => s.replace(/[\r\n\0]/g, ' ');

/** Past this much unsent output the client is not keeping up: drop it, it reconnects and catches up. */
const MAX_BUFFERED_BYTES = 1 << 20;

/** Writes frames to one response and says when the stream should be given up. */
export class SseWriter {
  constructor(private readonly res: Response) {}

  /** Opens the stream: headers out at once (no buffering by Express or a proxy in front). */
  open(): void {
    this.res.status(200);
    this.res.set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    this.res.flushHeaders();
  }

  get closed(): boolean {
    return this.res.writableEnded || this.res.destroyed;
  }

  /** Writes raw frame text; false when the stream is closed or the client is too far behind (then it is ended). */
  write(text: string): boolean {
    if (this.closed) return false;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.end();
      return false;
    }
    this.res.write(text);
    return true;
  }

  end(): void {
    if (!this.closed) this.res.end();
  }
}
