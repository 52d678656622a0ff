import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../platform/config';
import { getFreePort } from '../../scripts/stack/processes';
import { OwnTemporal } from '../support/own-temporal';
import { eventually } from '../support/test-stack';

// The embedded server's dynamic config (eager activities, and TEMPORAL_DYNAMIC_CONFIG's) is passed as
// JSON on the command line; a value the server cannot convert is not an error, only a warning in
// its log and the default used instead — so a typo would silently undo the setting.
describe('the embedded Temporal dev server', () => {
  let temporal: OwnTemporal | undefined;
  let tuned: OwnTemporal | undefined;
  afterAll(async () => {
    await temporal?.dispose();
    await tuned?.dispose();
  });

  it('accepts every dynamic config value it is started with', async () => {
    temporal = await OwnTemporal.start('settings');
    await temporal.stop();
    const log = fs.readFileSync(path.join(temporal.dataDir, 'temporal.log'), 'utf8');
    expect(log).not.toMatch(/Failed to convert value/);
  });

  it('runs with the values of TEMPORAL_DYNAMIC_CONFIG, as its metrics page shows', async () => {
    const { TEMPORAL_DYNAMIC_CONFIG } = loadConfig({ TEMPORAL_DYNAMIC_CONFIG: '{"history.hostLevelCacheMaxSize": 77}' });
    const metricsPort = await getFreePort();
    tuned = await OwnTemporal.start('tuned', { metricsPort, dynamicConfig: TEMPORAL_DYNAMIC_CONFIG });
    // The history cache reports its size once a workflow has used it: start one (no worker needed).
    const connection = await Connection.connect({ address: tuned.address });
    try {
      await new Client({ connection }).workflow.start('anyWorkflow', { taskQueue: 'nobody-polls', workflowId: 'uses-the-cache' });
    } finally {
      await connection.close();
    }
    const size = await eventually(
      'the mutable-state cache size on the metrics page',
      async () => /^cache_size\{cache_type="mutablestate",service_name="history"\} (\d+)$/m.exec(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text())?.[1],
      20_000,
    );
    expect(Number(size)).toBe(77);
  });
});
