import { Incident, Outbox, PendingEvaluation, StoredEvent, Task } from '../../model';
import { incidentWorkflowId } from '../../workflows/definitions';
import { OwnTemporal } from '../support/own-temporal';
import { TestStack, eventually } from '../support/test-stack';

/**
 * Issue 4, items 7 and 9: with Temporal down, readings are still stored and acknowledged (202) and
 * the transitions they fire wait in the outbox; when Temporal returns — the same server restarted on
 * its SQLite file — the API's dispatcher and the worker reconnect on their own, every correlation key
 * gets exactly one incident, and later readings join it. Runs on a Temporal server of its own, since
 * stopping the run's shared one would break the files running beside it.
 */
describe('outbox delivery across a Temporal restart', () => {
  let temporal: OwnTemporal;
  let stack: TestStack;
  let admin: string;
  const SOURCES = ['flood-sensor/restart-1', 'flood-sensor/restart-2', 'flood-sensor/restart-3'] as const;
  const [ONE, TWO, THREE] = SOURCES;
  const correlationKey = (source: string) => `restart:${source}`;
  const T0 = Date.now() - 3600_000;
  const reading = (source: string, n: number, value: number) => ({ id: `r-${n}`, source, metric: 'water_level_m', value, observedAt: new Date(T0 + n * 60_000).toISOString() });
  const rule = {
    name: 'Mực nước: thử khởi động lại Temporal',
    sourceType: 'flood-sensor',
    metric: 'water_level_m',
    levels: [
      { severity: 'warning', threshold: { op: '>=', value: 2.5 } },
      { severity: 'critical', threshold: { op: '>=', value: 3.0 } },
    ],
    peakSignalEvery: 'P0D',
    correlationKey: 'restart:{{source}}',
    action: { type: 'open-incident', sopKey: 'flood-response', title: 'Sông {{source}}: {{value}} m' },
  };
  const post = async (body: unknown[]) => {
    const res = await stack.request('POST', '/api/events', { token: admin, body });
    expect(res.status).toBe(202);
    return res.body as { accepted: number; duplicates: number; rejected: unknown[] };
  };
  const pendingOutbox = () => Outbox.find({ 'payload.correlationKey': { $in: SOURCES.map(correlationKey) } }).lean();
  const workflowRuns = async (source: string) => {
    const runs = [];
    for await (const wf of stack.temporalClient.workflow.list({ query: `WorkflowId = "${incidentWorkflowId(correlationKey(source))}"` })) runs.push(wf);
    return runs;
  };

  beforeAll(async () => {
    temporal = await OwnTemporal.start('restart');
    stack = await TestStack.start('temporal_restart', { temporal: { address: temporal.address, namespace: temporal.namespace } });
    await stack.startWorker();
    admin = await stack.login('admin');
    for (const id of SOURCES) {
      const res = await stack.request('POST', '/api/sources', {
        token: admin,
        body: { id, type: 'flood-sensor', name: id, unit: 'tan-phu', metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }] },
      });
      if (res.status !== 201) throw new Error(`register ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect((await stack.request('PUT', '/api/rules/restart-test', { token: admin, body: rule })).status).toBe(200);
  });
  afterAll(async () => {
    // close() ends the file's running workflows: it needs Temporal up even when a test failed while it was down.
    try {
      if (temporal && !temporal.running) await temporal.restart();
      await stack?.close();
    } finally {
      await temporal?.dispose();
    }
  });

  it('stores and acknowledges readings while Temporal is down; what they fire waits in the outbox', async () => {
    await temporal.stop();
    const health = await stack.request('GET', '/api/health');
    expect(health).toMatchObject({ status: 503, body: { temporal: 'down', database: 'up' } });

    // Every source crosses the warning level; the second also rises to critical; the rest repeats a level already fired.
    const first = [reading(ONE, 1, 2.6), reading(TWO, 1, 2.6), reading(THREE, 1, 2.7)];
    expect(await post(first)).toMatchObject({ accepted: 3, duplicates: 0, rejected: [] });
    expect(await post([reading(ONE, 2, 2.7), reading(TWO, 2, 3.1), reading(THREE, 2, 2.6), reading(ONE, 3, 2.6)])).toMatchObject({ accepted: 4, duplicates: 0 });
    // A sender retrying a batch it saw no answer for: stored once, fires nothing again.
    expect(await post(first)).toMatchObject({ accepted: 0, duplicates: 3 });

    const stored = await StoredEvent.find({ source: { $in: SOURCES } }).lean();
    expect(stored).toHaveLength(7);
    // Evaluated before the 202: no batch is left awaiting the rules.
    expect(await PendingEvaluation.countDocuments({})).toBe(0);
    const pending = await pendingOutbox();
    // What fired, by reading: each record names the reading behind it.
    expect(pending.map((r) => (r.payload as { event: { eventKey: string } }).event.eventKey).sort()).toEqual([`${ONE}|r-1`, `${THREE}|r-1`, `${TWO}|r-1`, `${TWO}|r-2`].sort());
    expect(pending.map((r) => `${(r.payload as { correlationKey: string }).correlationKey}|${r.kind}`).sort()).toEqual(
      [ONE, TWO, TWO, THREE].map((s) => `${correlationKey(s)}|incident-signal`).sort(),
    );
    // The dispatcher has tried and failed (it keeps retrying), rather than never having tried.
    const tried = await eventually('a failed delivery attempt', async () => (await pendingOutbox()).find((r) => r.attempts > 0), 45_000);
    expect(tried.lastError).toBeTruthy();
    expect(await pendingOutbox()).toHaveLength(4);
    expect(await Incident.countDocuments({ correlationKey: { $in: SOURCES.map(correlationKey) } })).toBe(0);
  });

  it('opens exactly one incident per correlation key once Temporal is back, and drains the outbox', async () => {
    await temporal.restart();
    const back = Date.now();
    await eventually('outbox drained', async () => ((await pendingOutbox()).length === 0 ? true : undefined), 30_000);
    const deliveredMs = Date.now() - back;

    // What each key's records carried: the second key's rise to critical arrives as a signal to the incident its first record opened.
    const expected = new Map([
      [correlationKey(ONE), { status: 'open', severity: 'warning', eventCount: 1 }],
      [correlationKey(TWO), { status: 'open', severity: 'critical', eventCount: 2 }],
      [correlationKey(THREE), { status: 'open', severity: 'warning', eventCount: 1 }],
    ]);
    const incidents = await eventually('one incident per key, up to date', async () => {
      const docs = await Incident.find({ correlationKey: { $in: [...expected.keys()] } }).lean();
      const current = docs.every((d) => d.severity === expected.get(d.correlationKey)?.severity && d.eventCount === expected.get(d.correlationKey)?.eventCount);
      return docs.length >= expected.size && current ? docs : undefined;
    });
    const openedMs = Date.now() - back;
    expect(incidents.map((i) => i.correlationKey).sort()).toEqual([...expected.keys()].sort());
    for (const i of incidents) expect(i).toMatchObject(expected.get(i.correlationKey)!);
    const byKey = new Map(incidents.map((i) => [i.correlationKey, i]));
    for (const source of SOURCES) {
      // One workflow execution per key, and the incident is its first run.
      const runs = await eventually(`workflow listed for ${source}`, async () => {
        const listed = await workflowRuns(source);
        return listed.length ? listed : undefined;
      });
      expect(runs.map((r) => r.status.name)).toEqual(['RUNNING']);
      expect(byKey.get(correlationKey(source))?._id).toBe(runs[0]!.runId);
    }
    // The worker did more than open the read model: each SOP reached its first human step.
    await eventually('first SOP task of each incident', async () => ((await Task.countDocuments({ incidentId: { $in: incidents.map((i) => i._id) } })) >= 3 ? true : undefined));
    expect((await stack.request('GET', '/api/health')).body).toMatchObject({ temporal: 'up' });
    console.info(`after Temporal answered again: outbox drained in ${deliveredMs} ms, incidents up to date in ${openedMs} ms`);
  });

  it('a reading after the restart joins the open incident instead of opening another', async () => {
    await post([reading(ONE, 4, 3.3)]);
    const raised = await eventually('incident raised to critical', async () => {
      const doc = await Incident.findOne({ correlationKey: correlationKey(ONE) }).lean();
      return doc?.severity === 'critical' ? doc : undefined;
    });
    expect(raised.eventCount).toBe(2);
    expect(await Incident.countDocuments({ correlationKey: correlationKey(ONE) })).toBe(1);
    expect((await workflowRuns(ONE)).map((r) => r.runId)).toEqual([raised._id]);
    await eventually('outbox drained', async () => ((await pendingOutbox()).length === 0 ? true : undefined));
  });
});
