/**
 * Notices a MongoDB driver monitor that started a heartbeat and never finished it.
 *
 * Why: the driver (mongodb 7.8/7.9) can wedge its server monitor for good when the database closes
 * the monitor's connection just as a check starts: the check writes to the destroyed socket, waits
 * for a `drain` that never comes, and with the monitor stuck every operation fails server
 * selection — while the database is long back (found by the database-restart fault test: the
 * worker's activities failed for minutes after FerretDB had restarted). A check always ends within
 * its own time-outs (connect, hello, and in streaming mode the awaited hello), so one outstanding
 * well past them is wedged, not slow.
 */
export class HeartbeatWatch {
  private readonly outstanding = new Map<string, number>();

  constructor(
    /** How long a heartbeat may stay outstanding before it counts as stalled. */
    readonly stallMs: number,
  ) {}

  /** The longest a healthy check can take: connecting and the handshake each get connectTimeoutMS, an awaited hello the heartbeat period too. */
  static stallAfter(connectTimeoutMS: number, heartbeatFrequencyMS: number): number {
    return 2 * connectTimeoutMS + heartbeatFrequencyMS + 5_000;
  }

  started(address: string, now: number): void {
    // In streaming mode a new check starts as soon as one succeeds: the clock restarts, it does not stack.
    this.outstanding.set(address, now);
  }

  finished(address: string): void {
    this.outstanding.delete(address);
  }

  /** The client was closed: nothing it had outstanding can finish any more, nor needs to. */
  clear(): void {
    this.outstanding.clear();
  }

  /** Addresses whose heartbeat has been outstanding for longer than `stallMs`, with how long. */
  stalled(now: number): { address: string; ms: number }[] {
    return [...this.outstanding].map(([address, since]) => ({ address, ms: now - since })).filter((s) => s.ms > this.stallMs);
  }
}
