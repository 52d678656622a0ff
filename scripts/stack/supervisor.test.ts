import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProcess } from './processes';
import { restartBackoffMs, supervise } from './supervisor';

describe('supervisor', () => {
  it('backs off 1 s doubling to 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map(restartBackoffMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('restarts a process that dies and logs the restart with its back-off as JSON fields', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-supervisor-'));
    const logFile = path.join(dir, 'dies.log');
    const lines: { msg: string; fields: Record<string, unknown> }[] = [];
    const capture = (msg: string, fields: Record<string, unknown> = {}) => lines.push({ msg, fields });
    let launches = 0;
    const supervised = supervise(
      'dies',
      () => {
        launches++;
        // The first run dies with a message; the second stays up until stopped.
        const script = launches === 1 ? 'console.log("boom"); process.exit(3)' : 'setInterval(() => undefined, 1000)';
        return startProcess('dies', process.execPath, ['-e', script], { logFile });
      },
      { isStopping: () => false, log: { debug: capture, info: capture, warn: capture, error: capture } },
    );
    try {
      while (launches < 2) await new Promise((r) => setTimeout(r, 50));
      expect(supervised.restarts).toBe(1);
      expect(lines).toEqual([
        {
          msg: 'process exited; restarting after back-off',
          fields: expect.objectContaining({ process: 'dies', exitCode: 3, backoffMs: 1000, restart: 1, restartsInARow: 1, lastLog: expect.stringContaining('boom') }),
        },
      ]);
    } finally {
      await supervised.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(launches).toBe(2);
  });
});
