import type { RequestHandler } from 'express';

/**
 * Whether this API process is stopping. Set first thing on SIGTERM/SIGINT, so readiness answers 503
 * (a load balancer stops sending new work) while in-flight requests finish.
 */
export class Lifecycle {
  private stopping = false;

  get shuttingDown(): boolean {
    return this.stopping;
  }

  beginShutdown(): void {
    this.stopping = true;
  }
}

/**
 * While stopping, every answer — including one to a request that arrived before — asks the client
 * to close its keep-alive connection, so the server can finish and no request is sent to a process
 * about to exit. Decided when the head is written (Node writes implicit heads through writeHead too).
 */
export function closeConnectionsWhenStopping(lifecycle: Lifecycle): RequestHandler {
  return (_req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
      if (lifecycle.shuttingDown && !this.headersSent) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    next();
  };
}
