import fs from 'node:fs';
import type { EmbeddedServers } from '../../scripts/stack/embedded';
import { STACK_STATE_FILE } from './stack-state';

export default async function globalTeardown(): Promise<void> {
  const held = (globalThis as { __cityopsServers?: { servers: EmbeddedServers; dataDir: string } }).__cityopsServers;
  if (!held) return;
  await held.servers.stop();
  // CITYOPS_KEEP_TEST_DATA=1 keeps the servers' files and the workers' logs for a post-mortem.
  if (process.env.CITYOPS_KEEP_TEST_DATA) console.info(`test data kept in ${held.dataDir}`);
  else fs.rmSync(held.dataDir, { recursive: true, force: true });
  fs.rmSync(STACK_STATE_FILE, { force: true });
}
