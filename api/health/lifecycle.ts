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

/** While stopping, every answer asks the client to close its keep-alive connection, so the server can finish. */
export function closeConnectionsWhenStopping(lifecycle: Lifecycle): RequestHandler {
  return (_req, res, next) => {
    if (lifecycle.shuttingDown) res.set('Connection', 'close');
    next();
  };
}
