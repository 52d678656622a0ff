import fs from 'node:fs';
import path from 'node:path';
import { OwnTemporal } from '../support/own-temporal';

// The embedded server's dynamic config (eager activities, bounded history caches) is passed as
// JSON on the command line; a value the server cannot convert is not an error, only a warning in
// its log and the default used instead — so a typo would silently undo the bounds.
describe('the embedded Temporal dev server', () => {
  let temporal: OwnTemporal | undefined;
  afterAll(async () => {
    await temporal?.dispose();
  });

  it('accepts every dynamic config value it is started with', async () => {
    temporal = await OwnTemporal.start('settings');
    await temporal.stop();
    const log = fs.readFileSync(path.join(temporal.dataDir, 'temporal.log'), 'utf8');
    expect(log).not.toMatch(/Failed to convert value/);
  });
});
