import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadStackState } from '../support/stack-state';

/**
 * Recorded histories — incidents started by earlier versions of the workflow code — must replay on
 * the current code without a non-determinism error: running incidents survive every deploy.
 * Record new ones with `npm run record:histories` before changing the workflow's commands.
 */
const HISTORIES = path.join(__dirname, '..', 'fixtures', 'histories');
const files = fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

describe('replay of recorded incident histories', () => {
  const state = loadStackState();

  it('has histories of every engine generation to replay', () => {
    expect(files.some((f) => f.startsWith('v1-'))).toBe(true);
    expect(files.some((f) => f.startsWith('v2-'))).toBe(true);
  });

  it.each(files)('%s replays on the current workflow code', async (file) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'replay-history.ts'), state.workflowBundle, path.join(HISTORIES, file)], { encoding: 'utf8' });
    expect({ status: run.status, output: `${run.stdout}${run.stderr}`.trim() }).toEqual({ status: 0, output: 'replayed' });
  });
});
