import { login } from '../ingest/api-throughput';

/** Signs in again this often: well inside the access token's lifetime (CITYOPS_TOKEN_TTL_SECONDS, 15 minutes by default). */
const RENEW_EVERY_MS = 5 * 60_000;

/**
 * A bench's signed-in user over a long run: `token` is always a live access token — it signs in
 * again every few minutes, as the apps refresh theirs — so a 30-minute soak is not refused with 401s
 * halfway through. `stop()` ends the renewals.
 */
export class BenchSession {
  private current = '';
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly apiUrl: string,
    private readonly username: string,
    private readonly password: string,
  ) {}

  static async start(apiUrl: string, username: string, password: string): Promise<BenchSession> {
    const session = new BenchSession(apiUrl, username, password);
    session.current = await login(apiUrl, username, password);
    session.timer = setInterval(() => void session.renew(), RENEW_EVERY_MS);
    session.timer.unref();
    return session;
  }

  get token(): string {
    return this.current;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async renew(): Promise<void> {
    try {
      this.current = await login(this.apiUrl, this.username, this.password);
    } catch (err) {
      process.stderr.write(`[bench] signing ${this.username} in again failed (${(err as Error).message}); the old token stays until the next try\n`);
    }
  }
}
