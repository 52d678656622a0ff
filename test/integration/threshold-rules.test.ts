import { AlertStateModel, Incident, Outbox, Rule, bumpRulesCounter } from '../../model';
import { RULES } from '../../demo/rules';
import { recoverPendingOutbox } from '../../api/events/event-evaluator';
import { TestStack, eventually } from '../support/test-stack';

/**
 * Threshold rules end to end: the alert state machine turns a stream of readings into incident
 * transitions (open, severity raised, cleared) and only those reach Temporal.
 */
describe('threshold rules', () => {
  let stack: TestStack;
  let admin: string;
  let operator: string;
  const SOURCE = 'flood-sensor/test-river-1';
  const WORKFLOW = `incident:river:${SOURCE}`;
  const T0 = Date.now() - 3 * 3600_000;
  const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
  const reading = (id: string, value: number, minute: number, source = SOURCE) => ({ id, source, metric: 'water_level_m', value, observedAt: at(minute) });
  const post = async (body: unknown[]) => {
    const res = await stack.request('POST', '/api/events', { token: admin, body });
    expect(res.status).toBe(202);
    return res.body;
  };
  const rule = {
    name: 'Mực nước sông thử nghiệm',
    source: SOURCE,
    metric: 'water_level_m',
    levels: [
      { severity: 'warning', threshold: { op: '>=', value: 2.5 } },
      { severity: 'critical', threshold: { op: '>=', value: 3.0 } },
    ],
    clear: { threshold: { op: '<', value: 2.3 }, for: 'PT10M' },
    peakSignalEvery: 'P0D',
    correlationKey: 'river:{{source}}',
    action: { type: 'open-incident', sopKey: 'flood-response', title: 'Sông {{source}}: {{value}} m', variables: { level: '{{value}}' } },
  };
  const signals = async (name: string) => (await stack.signalsOf(WORKFLOW, name)).length;

  beforeAll(async () => {
    stack = await TestStack.start('threshold_rules');
    await stack.startWorker();
    admin = await stack.login('admin');
    operator = await stack.login('operator.tanphu');
    // Readings must name registered sources: register the test gauges like an admin would.
    for (const id of [SOURCE, 'flood-sensor/test-river-2']) {
      const res = await stack.request('POST', '/api/sources', {
        token: admin,
        body: { id, type: 'flood-sensor', name: id, unit: 'tan-phu', metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }] },
      });
      if (res.status !== 201) throw new Error(`register ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  afterAll(async () => stack?.close());

  it('lets admins create a rule as a new version, others only read', async () => {
    expect((await stack.request('PUT', '/api/rules/river-test', { token: operator, body: rule })).status).toBe(403);
    const bad = await stack.request('PUT', '/api/rules/river-test', { token: admin, body: { ...rule, keepFiringFor: 'two minutes' } });
    expect(bad.status).toBe(400);
    const saved = await stack.request('PUT', '/api/rules/river-test', { token: admin, body: rule });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ key: 'river-test', version: 1, enabled: true });
    const list = await stack.request('GET', '/api/rules', { token: operator });
    expect(list.body.items.map((r: { key: string }) => r.key).sort()).toEqual(['river-test', ...RULES.map((r) => r._id)].sort());
  });

  it('a flapping sensor opens one incident with one signal, not fifty', async () => {
    // Flaps around the warning threshold (2.4 ↔ 2.6) for 50 minutes; hysteresis: only below 2.3 for 10 minutes clears.
    const flapping = Array.from({ length: 50 }, (_, i) => reading(`f-${i}`, i % 2 ? 2.4 : 2.6, i));
    for (let i = 0; i < 50; i += 10) await post(flapping.slice(i, i + 10));
    const incident = await eventually('incident opened', async () => (await Incident.findOne({ correlationKey: `river:${SOURCE}` }).lean()) ?? undefined);
    expect(incident.severity).toBe('warning');
    expect(await Incident.countDocuments({ correlationKey: `river:${SOURCE}` })).toBe(1);
    const state = await AlertStateModel.findById(`river-test|river:${SOURCE}`).lean();
    expect(state).toMatchObject({ status: 'firing', severity: 'warning', episode: 1, outbox: [] });
    expect(await signals('incidentEvent')).toBe(1);
  });

  it('a rising level raises the incident severity with one more signal', async () => {
    await post([reading('up-1', 3.1, 51), reading('up-2', 3.2, 52), reading('up-3', 3.15, 53)]);
    const raised = await eventually('severity raised', async () => {
      const doc = await Incident.findOne({ correlationKey: `river:${SOURCE}` }).lean();
      return doc?.severity === 'critical' ? doc : undefined;
    });
    expect(raised.eventCount).toBe(2);
    expect(await signals('incidentEvent')).toBe(2);
  });

  it('sends the cleared signal once the clear condition held for its period', async () => {
    await post([reading('down-1', 2.2, 60), reading('down-2', 2.5, 62), reading('down-3', 2.1, 64), reading('down-4', 2.0, 70)]);
    expect((await AlertStateModel.findById(`river-test|river:${SOURCE}`).lean())?.status).toBe('recovering');
    await post([reading('down-5', 2.0, 74)]);
    expect((await AlertStateModel.findById(`river-test|river:${SOURCE}`).lean())?.status).toBe('normal');
    await eventually('cleared signal', async () => ((await signals('incidentCleared')) === 1 ? true : undefined));
    expect(await signals('incidentEvent')).toBe(2);
  });

  it('backtests a stored rule and an unsaved one over the stored events', async () => {
    const range = { from: at(-1), to: at(80) };
    const stored = await stack.request('POST', '/api/rules/river-test/backtest', { token: admin, body: range });
    expect(stored.status).toBe(200);
    expect(stored.body.events).toBe(58);
    const signalled = stored.body.transitions.filter((t: { signalled: boolean }) => t.signalled);
    expect(signalled.map((t: { kind: string; severity: string }) => `${t.kind}:${t.severity}`)).toEqual(['fired:warning', 'level-raised:critical', 'cleared:critical']);
    expect(signalled[0]).toMatchObject({ at: at(0), value: 2.6 });
    expect(signalled[2]).toMatchObject({ at: at(74), value: 2 });
    // The metric itself comes along for the chart: every reading of the range, oldest first.
    expect(stored.body.series).toHaveLength(58);
    expect(stored.body.series[0]).toEqual([at(0), 2.6]);

    const unsaved = await stack.request('POST', '/api/rules/backtest', {
      token: admin,
      body: { ...range, rule: { ...rule, levels: [{ severity: 'critical', threshold: { op: '>=', value: 3.0 } }] } },
    });
    expect(unsaved.status).toBe(200);
    expect(unsaved.body.transitions.filter((t: { signalled: boolean }) => t.signalled).map((t: { kind: string }) => t.kind)).toEqual(['fired', 'cleared']);
    expect((await stack.request('POST', '/api/rules/backtest', { token: operator, body: { ...range, rule } })).status).toBe(403);
  });

  it('applies a rule changed by another process without restart', async () => {
    const other = 'flood-sensor/test-river-2';
    await post([reading('o-1', 9, 0, other)]);
    expect(await Incident.countDocuments({ correlationKey: `river:${other}` })).toBe(0);
    // Another API process writes the rule and bumps the counter; this one polls it by _id.
    await Rule.collection.insertOne({ _id: 'river-other', ...rule, source: other, version: 1, enabled: true, priority: 1 } as never);
    await bumpRulesCounter();
    await new Promise((r) => setTimeout(r, 3500));
    await post([reading('o-2', 9, 1, other)]);
    await eventually('incident from the new rule', async () => ((await Incident.countDocuments({ correlationKey: `river:${other}` })) === 1 ? true : undefined));
    // Disabling through the API takes effect at once here (and within a poll elsewhere).
    expect((await stack.request('POST', '/api/rules/river-other/disable', { token: admin })).body).toMatchObject({ enabled: false, version: 2 });
    const versions = await stack.request('GET', '/api/rules/river-other/versions', { token: admin });
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2]);
  });

  it('after a crash between the state write and the outbox copy, start-up queues the entries left in the state', async () => {
    const entry = {
      _id: 'crash|x|1|cleared|e1',
      kind: 'incident-cleared',
      attempts: 0,
      createdAt: new Date(),
      payload: { workflowId: 'incident:nobody', ruleKey: 'x', correlationKey: 'nobody', eventKey: 'e1', value: 1, clearedAt: at(0) },
    };
    await AlertStateModel.collection.insertOne({ _id: 'crash|x', ruleKey: 'crash', correlationKey: 'x', status: 'normal', episode: 1, rev: 3, outbox: [entry] } as never);
    expect(await recoverPendingOutbox()).toBe(1);
    expect((await AlertStateModel.findById('crash|x').lean())?.outbox).toEqual([]);
    // Copying again is harmless (deterministic id); the dispatcher drops a clear for an incident that does not exist.
    expect(await recoverPendingOutbox()).toBe(0);
    stack.app.dispatcher.kick();
    await eventually('outbox drained', async () => ((await Outbox.countDocuments({ _id: entry._id })) === 0 ? true : undefined));
  });

  it('stores an inArea rule whose GeoJSON polygon nests arrays, and fires only for gauges inside it', async () => {
    // A box around the Suối Rạt bridge; FerretDB refuses arrays in arrays, so the trees are stored as text.
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [106.88, 11.53],
          [106.89, 11.53],
          [106.89, 11.54],
          [106.88, 11.54],
          [106.88, 11.53],
        ],
      ],
    };
    for (const [id, lat, lon] of [
      ['flood-sensor/test-inside', 11.535, 106.885],
      ['flood-sensor/test-outside', 11.6, 106.95],
    ] as const) {
      const res = await stack.request('POST', '/api/sources', {
        token: admin,
        body: { id, type: 'flood-sensor', name: id, unit: 'tan-phu', location: { lat, lon }, metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }] },
      });
      expect(res.status).toBe(201);
    }
    const saved = await stack.request('PUT', '/api/rules/river-area', {
      token: admin,
      body: {
        ...rule,
        source: undefined,
        sourceType: 'flood-sensor',
        conditions: { all: [{ fact: 'location', operator: 'inArea', value: polygon }] },
        correlationKey: 'area:{{source}}',
      },
    });
    expect(saved.status).toBe(200);
    expect((await stack.request('GET', '/api/rules/river-area', { token: admin })).body.conditions.all[0].value).toEqual(polygon);
    await post([reading('in-1', 3.2, 90, 'flood-sensor/test-inside'), reading('out-1', 3.2, 90, 'flood-sensor/test-outside')]);
    await eventually('incident inside the area', async () => ((await Incident.countDocuments({ correlationKey: 'area:flood-sensor/test-inside' })) === 1 ? true : undefined));
    expect(await Incident.countDocuments({ correlationKey: 'area:flood-sensor/test-outside' })).toBe(0);
  });
});
