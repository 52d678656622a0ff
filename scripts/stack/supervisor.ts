import { createLogger, type Logger } from '../../platform/log';
import { tail, type ManagedProcess } from './processes';

/** A run this long counts as healthy: the back-off starts again from the first step. */
export const HEALTHY_RUN_MS = 60_000;
const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

/** Wait before the `restarts`-th restart in a row (0-based): 1 s doubling to 30 s. */
export function restartBackoffMs(restarts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(restarts, 15));
}

export interface Supervised {
  /** Stops the process (SIGTERM, SIGKILL after `stopGraceMs`) and any restart pending. */
  stop(): Promise<void>;
  /** How many times it was restarted. */
  readonly restarts: number;
}

/**
 * Runs a process and restarts it with back-off when it exits while the stack is up. Each restart is
 * one JSON log line (`component: supervisor`) with the process, its exit code or signal, the
 * back-off, the restart count and the last lines of its log.
 */
export function supervise(
  name: string,
  launch: () => ManagedProcess,
  opts: { isStopping: () => boolean; log?: Logger; now?: () => number; stopGraceMs?: number } = { isStopping: () => false },
): Supervised {
  const log = opts.log ?? createLogger('supervisor');
  const now = opts.now ?? Date.now;
  let current: ManagedProcess;
  let inARow = 0;
  let total = 0;
  let pending: NodeJS.Timeout | undefined;
  let stopped = false;
  const start = () => {
    current = launch();
    const startedAt = now();
    void current.exited.then((code) => {
      if (stopped || opts.isStopping()) return;
      if (now() - startedAt > HEALTHY_RUN_MS) inARow = 0;
      const backoffMs = restartBackoffMs(inARow++);
      total++;
      log.warn('process exited; restarting after back-off', {
        process: name,
        pid: current.child.pid,
        exitCode: code,
        signal: current.child.signalCode,
        backoffMs,
        restart: total,
        restartsInARow: inARow,
        lastLog: tail(current.logFile, 800),
      });
      pending = setTimeout(() => {
        pending = undefined;
        if (!stopped && !opts.isStopping()) start();
      }, backoffMs);
    });
  };
  start();
  return {
    get restarts() {
      return total;
    },
    stop: async () => {
      stopped = true;
      if (pending) clearTimeout(pending);
      await current.stop('SIGTERM', opts.stopGraceMs ?? 15_000);
    },
  };
}
