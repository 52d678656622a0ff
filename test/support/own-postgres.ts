import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getFreePort, startProcess, waitUntil, type ManagedProcess } from '../../scripts/stack/processes';

/**
 * A throw-away PostgreSQL cluster (Debian's `postgresql` package) for one test file, on 127.0.0.1 and a
 * free port, trusting local connections, without fsync. PostgreSQL refuses to run as root, so under
 * root (CI) the cluster belongs to the package's `postgres` user.
 */
export class OwnPostgres {
  private constructor(
    private readonly process: ManagedProcess,
    private readonly binDir: string,
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(): Promise<OwnPostgres> {
    const binDir = postgresBinDir();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-pg-'));
    const owner = os.userInfo().uid === 0 ? postgresUser() : undefined;
    if (owner) fs.chownSync(dataDir, owner.uid, owner.gid);
    const asOwner = (bin: string, args: string[]): [string, string[]] =>
      owner ? ['setpriv', [`--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups', path.join(binDir, bin), ...args]] : [path.join(binDir, bin), args];

    const cluster = path.join(dataDir, 'cluster');
    execFileSync(...asOwner('initdb', ['-D', cluster, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']), { stdio: 'pipe', cwd: dataDir });
    const port = await getFreePort();
    const proc = startProcess('postgres', ...asOwner('postgres', ['-D', cluster, '-h', '127.0.0.1', '-p', String(port), '-k', dataDir, '-F']), {
      logFile: path.join(dataDir, 'postgres.log'),
      cwd: dataDir,
    });
    const server = new OwnPostgres(proc, binDir, port, dataDir);
    await waitUntil(`PostgreSQL on 127.0.0.1:${port}`, async () => server.ready(), { timeoutMs: 30_000, process: proc });
    return server;
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Runs psql against `database`, stopping at the first error; returns its output, or throws with it when psql fails. */
  psql(database: string, args: string[]): { stdout: string; stderr: string } {
    const result = this.psqlStatus(database, ['-v', 'ON_ERROR_STOP=1', ...args]);
    if (result.status !== 0) throw new Error(`psql exited ${result.status}: ${result.stderr}`);
    return result;
  }

  /** psql's exit status and output, failing or not. */
  psqlStatus(database: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
    return runTool(path.join(this.binDir, 'psql'), [this.url(database), '-X', ...args]);
  }

  async dispose(): Promise<void> {
    await this.process.stop('SIGINT', 15_000); // PostgreSQL's "fast" shutdown
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private ready(): boolean {
    return runTool(path.join(this.binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres']).status === 0;
  }
}

/** Runs one of PostgreSQL's client tools to its end. */
function runTool(bin: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, PGCONNECT_TIMEOUT: '5' } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** The newest Debian PostgreSQL server installed (`/usr/lib/postgresql/<major>/bin`). */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres'))) : [];
  if (!majors.length) throw new Error('PostgreSQL server not installed: `apt-get install postgresql` (.ci/run does)');
  return path.join(root, majors.sort((a, b) => Number(b) - Number(a))[0]!, 'bin');
}

/** The `postgres` system user the Debian package creates. */
function postgresUser(): { uid: number; gid: number } {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error("no `postgres` user to run PostgreSQL as (root may not): install Debian's postgresql package");
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
