import fs from 'node:fs';
import type { EmbeddedServers } from '../../scripts/stack/embedded';
import { STACK_STATE_FILE } from './stack-state';

export default async function globalTeardown(): Promise<void> {
  const held = (globalThis as { __cityopsServers?: { servers: EmbeddedServers; dataDir: string } }).__cityopsServers;
  if (!held) return;
  await held.servers.stop();
  fs.rmSync(held.dataDir, { recursive: true, force: true });
  fs.rmSync(STACK_STATE_FILE, { force: true });
}
