/**
 * `npm run record:histories`: runs representative incidents on the current workflow code and saves
 * their Temporal histories to test/fixtures/histories/<prefix>-*.json, where the replay test checks
 * that every later version of the workflow code still replays them.
 *
 * Record before changing what the workflow does (its commands, their order, its awaits); after the
 * change, guard the new behaviour with `patched()` so these histories keep replaying.
 * Usage: npm run record:histories -- v2
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import globalSetup from '../test/support/global-setup';
import globalTeardown from '../test/support/global-teardown';
import { TestStack, eventually, floodReading } from '../test/support/test-stack';
import { Task } from '../model';
import { provisionTemporalCli } from './stack/tools';

const OUT = path.join(__dirname, '..', 'test', 'fixtures', 'histories');
const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'sops');

async function main() {
  const prefix = process.argv[2] ?? 'v2';
  process.env.CITYOPS_TEST_RUN_ID = `record-${process.pid}`;
  await globalSetup();
  const temporalCli = await provisionTemporalCli();
  const stack = await TestStack.start('record');
  try {
    await stack.startWorker();
    const admin = await stack.login('admin');
    const op = await stack.login('operator.tanphu');
    const save = (name: string, workflowId: string) => {
      const json = execFileSync(temporalCli, ['workflow', 'show', '-w', workflowId, '--output', 'json', '--address', stack.state.temporalAddress, '--namespace', stack.namespace], {
        encoding: 'utf8',
      });
      fs.writeFileSync(path.join(OUT, `${prefix}-${name}.json`), json);
      process.stdout.write(`recorded ${prefix}-${name}.json\n`);
    };
    const task = (incidentId: string, stepId: string) => eventually(`${stepId} task`, async () => (await Task.find({ incidentId, stepId, status: 'open' }).lean())[0]);
    const work = async (taskId: string, data: Record<string, unknown>) => {
      await stack.request('POST', `/api/tasks/${encodeURIComponent(taskId)}/claim`, { token: op });
      const done = await stack.request('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, { token: op, body: { data } });
      if (done.status !== 200) throw new Error(`complete ${taskId}: ${done.status} ${JSON.stringify(done.body)}`);
    };
    const settle = () => new Promise((r) => setTimeout(r, 1500));
    for (const key of ['it-close-out', 'it-storm']) {
      const res = await stack.request('POST', `/api/sops/${key}/deploy`, { token: admin, body: { bpmnXml: fs.readFileSync(path.join(FIXTURES, `${key}.bpmn`), 'utf8') } });
      if (res.status !== 201) throw new Error(`deploy ${key}: ${JSON.stringify(res.body)}`);
    }

    // 1. The seeded flood SOP: a reading opens it, a second joins, two steps, resolved (with SLA timers armed and cancelled).
    await stack.request('POST', '/api/events', { token: admin, body: [floodReading('rec-1', 3.2)] });
    const flood = 'incident:flood:suoi-rat';
    // The outbox delivers the signal-with-start a moment after the 202.
    const floodId = await eventually(
      'flood incident started',
      async () =>
        (
          await stack.temporalClient.workflow
            .getHandle(flood)
            .describe()
            .catch(() => undefined)
        )?.runId,
    );
    const verify = await task(floodId, 'verify');
    await stack.request('POST', '/api/events', { token: admin, body: [floodReading('rec-2', 3.6)] });
    await work(verify._id, { confirmed: true, notes: 'Nước tràn mặt cầu' });
    const notify = await task(floodId, 'notify_close');
    await settle();
    save('flood-waiting-at-second-step', flood);
    await work(notify._id, { residentsNotified: true, roadClosed: true });
    await stack.temporalClient.workflow.getHandle(flood).result();
    save('flood-resolved', flood);

    // 2. Multi-instance per ward, a skipped step, a service step, a message, a call activity.
    const storm = await stack.request('POST', '/api/incidents', {
      token: admin,
      body: { sopKey: 'it-storm', title: 'Bão', severity: 'warning', correlationKey: 'record:storm', variables: { affectedWards: ['tan-phu', 'tan-dong'] } },
    });
    const stormId = storm.body.id as string;
    const warnings = await eventually('two warnings', async () => {
      const found = await Task.find({ incidentId: stormId, stepId: 'warn_ward' }).lean();
      return found.length === 2 ? found : undefined;
    });
    for (const t of warnings) {
      const token = t.unit === 'tan-phu' ? op : admin;
      await stack.request('POST', `/api/tasks/${encodeURIComponent(t._id)}/skip`, { token, body: { justification: 'Ghi lại lịch sử mẫu' } });
    }
    await eventually('waiting for the field report', async () =>
      (await stack.request('GET', `/api/incidents/${stormId}/state`, { token: admin })).body.awaitingMessages?.includes('field-report') ? true : undefined,
    );
    await stack.request('POST', `/api/incidents/${stormId}/messages/field-report`, { token: admin, body: { data: { damage: 'none' } } });
    const close = await task(stormId, 'close');
    await work(close._id, { summary: 'ổn' });
    await stack.temporalClient.workflow.getHandle('incident:record:storm').result();
    save('storm-resolved', 'incident:record:storm');

    // 3. A cancelled incident.
    const cancel = await stack.request('POST', '/api/incidents', {
      token: admin,
      body: { sopKey: 'it-close-out', title: 'Báo nhầm', severity: 'info', correlationKey: 'record:cancel' },
    });
    await task(cancel.body.id as string, 'close');
    await stack.request('POST', `/api/incidents/${cancel.body.id as string}/cancel`, { token: admin, body: { reason: 'Báo nhầm' } });
    await stack.temporalClient.workflow.getHandle('incident:record:cancel').result();
    save('cancelled', 'incident:record:cancel');
  } finally {
    await stack.close();
    await globalTeardown();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`record failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
