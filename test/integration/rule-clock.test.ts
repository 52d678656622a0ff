import fs from 'node:fs';
import path from 'node:path';
import { AlertStateModel, Incident, Task } from '../../model';
import { TestStack, eventually } from '../support/test-stack';

/**
 * The rule evaluator's clock on the real FerretDB and Temporal: a pending period or a silence runs
 * out without another reading, and KPI uploads are judged by the same rules. The test calls
 * `tick(now)` itself (the API ticks every CITYOPS_RULE_TICK_MS) so it can step the clock forward.
 */
describe('rule clock: time passes without readings', () => {
  let stack: TestStack;
  let admin: string;
  const GAUGE = 'flood-sensor/test-clock-1';
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const post = async (body: unknown[]) => {
    const res = await stack.request('POST', '/api/events', { token: admin, body });
    expect(res.status).toBe(202);
  };
  const putRule = async (key: string, body: object) => {
    const res = await stack.request('PUT', `/api/rules/${key}`, { token: admin, body });
    if (res.status !== 200) throw new Error(`rule ${key}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const state = (id: string) => AlertStateModel.findById(id).lean();
  const signalsOf = (workflowId: string, name: string) => stack.signalsOf(workflowId, name);
  const incidentFor = (key: string) => eventually(`incident ${key}`, async () => (await Incident.findOne({ correlationKey: key }).lean()) ?? undefined);

  beforeAll(async () => {
    stack = await TestStack.start('rule_clock');
    await stack.startWorker();
    admin = await stack.login('admin');
    const res = await stack.request('POST', '/api/sources', {
      token: admin,
      body: { id: GAUGE, type: 'flood-sensor', name: 'Clock gauge', unit: 'tan-phu', metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }] },
    });
    if (res.status !== 201) throw new Error(`register source: ${res.status} ${JSON.stringify(res.body)}`);
  });
  afterAll(async () => stack?.close());

  it('a pending period that ran out fires on the tick, and the backtest places it where it fell due', async () => {
    await putRule('clock-pending', {
      name: 'Pending runs out',
      source: GAUGE,
      metric: 'water_level_m',
      levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }],
      sustainedFor: 'PT5M',
      correlationKey: 'clock:{{source}}',
      action: { type: 'open-incident', sopKey: 'flood-response' },
    });
    const readingAt = minutesAgo(10);
    await post([{ id: 'p-1', source: GAUGE, metric: 'water_level_m', value: 2.7, observedAt: readingAt }]);
    expect(await state(`clock-pending|clock:${GAUGE}`)).toMatchObject({ status: 'pending', lastEventKey: expect.any(String), reading: { value: 2.7 } });

    expect(await stack.app.evaluator.tick(Date.parse(readingAt) + 4 * 60_000)).toBe(0);
    expect(await stack.app.evaluator.tick()).toBe(1);
    expect(await stack.app.evaluator.tick()).toBe(0); // firing now: the next tick has nothing to do
    expect(await state(`clock-pending|clock:${GAUGE}`)).toMatchObject({ status: 'firing', episode: 1, outbox: [] });
    const incident = await incidentFor(`clock:${GAUGE}`);
    expect(incident.severity).toBe('warning');

    // The same rule by source type (the type-indexed path) over the stored readings.
    const byType = { name: 'x', sourceType: 'flood-sensor', metric: 'water_level_m', levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }] };
    const res = await stack.request('POST', '/api/rules/backtest', {
      token: admin,
      body: { from: minutesAgo(20), to: new Date().toISOString(), rule: { ...byType, sustainedFor: 'PT5M', correlationKey: 'clock:{{source}}', action: { type: 'notify' } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.transitions.map((t: { kind: string; at: string }) => [t.kind, Date.parse(t.at) - Date.parse(readingAt)])).toEqual([
      ['pending', 0],
      ['fired', 5 * 60_000],
    ]);
  });

  it('no data → normal: a firing alert whose gauge went silent clears and tells the incident', async () => {
    await putRule('clock-silent', {
      name: 'Silent gauge clears',
      source: GAUGE,
      metric: 'water_level_m',
      levels: [{ severity: 'critical', threshold: { op: '>=', value: 3.5 } }],
      noData: { after: 'PT10M', treatAs: 'normal' },
      correlationKey: 'silent:{{source}}',
      action: { type: 'open-incident', sopKey: 'flood-response' },
    });
    const readingAt = Date.now() - 60_000;
    await post([{ id: 's-1', source: GAUGE, metric: 'water_level_m', value: 3.8, observedAt: new Date(readingAt).toISOString() }]);
    await incidentFor(`silent:${GAUGE}`);
    expect(await stack.app.evaluator.tick(readingAt + 9 * 60_000)).toBe(0);
    expect(await stack.app.evaluator.tick(readingAt + 11 * 60_000)).toBe(1);
    expect(await state(`clock-silent|silent:${GAUGE}`)).toMatchObject({ status: 'normal', episode: 1 });
    // The outbox hands it on at once (the dispatcher runs): look where it lands, in the incident's history.
    const [cleared] = await eventually('cleared signal delivered', async () =>
      (await signalsOf(`incident:silent:${GAUGE}`, 'incidentCleared')).length ? signalsOf(`incident:silent:${GAUGE}`, 'incidentCleared') : undefined,
    );
    expect(cleared).toMatchObject({ ruleKey: 'clock-silent', eventKey: expect.stringMatching(/^no-data@/) });
  });

  describe('KPI values reach the rules', () => {
    const kpi = (key: string) => ({
      key,
      nameVi: 'Tỷ lệ hồ sơ trễ hạn',
      nameEn: 'Overdue applications',
      unit: '%',
      direction: 'lower-is-better',
      thresholds: [
        { level: 'ok', to: 5, colour: '#2e7d32' },
        { level: 'critical', from: 5, colour: '#c62828' },
      ],
      window: 'P1D',
      noData: 'alerting',
    });
    const upload = async (key: string, csv: string) => {
      const res = await fetch(`${stack.baseUrl}/api/kpis/${key}/values`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin}` }, body: csv });
      expect(res.status).toBe(200);
    };
    const kpiRule = (key: string, extra: object = {}) => ({
      name: `KPI ${key}`,
      sourceType: 'kpi',
      metric: key,
      levels: [{ severity: 'warning', threshold: { op: '>=', value: 5 } }],
      correlationKey: 'kpi:{{metric}}',
      action: { type: 'open-incident', sopKey: 'flood-response', title: 'KPI {{metric}} = {{value}}' },
      ...extra,
    });
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);

    it('an uploaded value over the threshold opens an incident; re-uploading old periods does not', async () => {
      expect((await stack.request('POST', '/api/kpis', { token: admin, body: kpi('test-overdue') })).status).toBe(201);
      await putRule('kpi-overdue', kpiRule('test-overdue'));
      await upload('test-overdue', `period_start,value\n${day(3)},2\n${day(2)},7.5\n`);
      const incident = await incidentFor('kpi:test-overdue');
      expect(incident.title).toBe('KPI test-overdue = 7.5');
      // An older period uploaded again (a correction) is stored but not judged.
      await upload('test-overdue', `period_start,value\n${day(5)},9\n`);
      const s = await state('kpi-overdue|kpi:test-overdue');
      expect(s).toMatchObject({ status: 'firing', episode: 1, reading: { source: 'kpi/test-overdue', value: 7.5 } });
    });

    it('no data → alerting: a KPI nobody reported for longer than its period opens an incident', async () => {
      expect((await stack.request('POST', '/api/kpis', { token: admin, body: kpi('test-silent-kpi') })).status).toBe(201);
      await putRule('kpi-silent', kpiRule('test-silent-kpi', { noData: { after: 'P1D', treatAs: 'alerting', severity: 'warning' }, correlationKey: 'kpi-missing:{{metric}}' }));
      await upload('test-silent-kpi', `period_start,value\n${day(3)},1\n`);
      // A normal value, but the rule watches for silence: when the stream was last heard of is kept.
      expect(await state('kpi-silent|kpi-missing:test-silent-kpi')).toMatchObject({ status: 'normal', episode: 0, lastEventKey: expect.stringContaining('test-silent-kpi') });
      expect(await stack.app.evaluator.tick()).toBe(1); // three days without a value, the rule allows one
      expect(await state('kpi-silent|kpi-missing:test-silent-kpi')).toMatchObject({ status: 'firing', severity: 'warning', episode: 1 });
      const incident = await incidentFor('kpi-missing:test-silent-kpi');
      expect(incident).toMatchObject({ title: 'KPI test-silent-kpi = không có dữ liệu', severity: 'warning' });
      const [opening] = await signalsOf('incident:kpi-missing:test-silent-kpi', 'incidentEvent');
      expect(opening).toMatchObject({ eventKey: expect.stringMatching(/^no-data@/), source: 'kpi/test-silent-kpi', value: null });
      // The value arrives: the alert clears, and the incident hears it.
      await upload('test-silent-kpi', `period_start,value\n${day(0)},1\n`);
      expect(await state('kpi-silent|kpi-missing:test-silent-kpi')).toMatchObject({ status: 'normal', episode: 1 });
      await eventually('cleared signal delivered', async () => ((await signalsOf('incident:kpi-missing:test-silent-kpi', 'incidentCleared')).length === 1 ? true : undefined));
    });
  });

  it('hysteresis: the cleared alert reaches the SOP, which here closes the incident by itself', async () => {
    const xml = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sops', 'it-auto-resolve.bpmn'), 'utf8');
    expect((await stack.request('POST', '/api/sops/it-auto-resolve/deploy', { token: admin, body: { bpmnXml: xml } })).status).toBe(201);
    await putRule('clock-auto-resolve', {
      name: 'Auto-resolving gauge',
      source: GAUGE,
      metric: 'water_level_m',
      levels: [{ severity: 'warning', threshold: { op: '>=', value: 5 } }],
      clear: { threshold: { op: '<', value: 4.5 }, for: 'PT5M' },
      correlationKey: 'auto:{{source}}',
      action: { type: 'open-incident', sopKey: 'it-auto-resolve' },
    });
    const t = Date.now() - 30 * 60_000;
    const at = (m: number) => new Date(t + m * 60_000).toISOString();
    await post([{ id: 'a-1', source: GAUGE, metric: 'water_level_m', value: 5.2, observedAt: at(0) }]);
    const opened = await incidentFor(`auto:${GAUGE}`);
    await eventually('monitoring task open', async () => ((await Task.countDocuments({ incidentId: opened._id, status: 'open' })) === 1 ? true : undefined));
    // Below the clear threshold, then the clear period runs out on the clock.
    await post([{ id: 'a-2', source: GAUGE, metric: 'water_level_m', value: 4.0, observedAt: at(2) }]);
    expect(await stack.app.evaluator.tick()).toBeGreaterThanOrEqual(1);
    const closed = await eventually('resolved by the SOP', async () => {
      const doc = await Incident.findById(opened._id).lean();
      return doc?.status === 'resolved' ? doc : undefined;
    });
    expect(closed.resolution).toBe('Tự động đóng khi hết cảnh báo');
    expect(await Task.countDocuments({ incidentId: opened._id, status: 'open' })).toBe(0);
  });

  it('refuses a no-data period shorter than the clock can judge', async () => {
    const res = await stack.request('PUT', '/api/rules/clock-too-short', {
      token: admin,
      body: {
        name: 'x',
        source: GAUGE,
        metric: 'water_level_m',
        levels: [{ severity: 'warning', threshold: { op: '>=', value: 1 } }],
        noData: { after: 'PT30S', treatAs: 'alerting' },
        correlationKey: 'x',
        action: { type: 'notify' },
      },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/noData\.after/);
  });

  it('a pending state keeps its last reading fresh every half minute, not on every reading, and the tick words its signal from it', async () => {
    const gauge = 'flood-sensor/test-clock-marks';
    const registered = await stack.request('POST', '/api/sources', {
      token: admin,
      body: { id: gauge, type: 'flood-sensor', name: 'Marks gauge', unit: 'tan-phu', metrics: [{ key: 'water_level_m', unit: 'm', min: -1, max: 15 }] },
    });
    expect(registered.status).toBe(201);
    await putRule('clock-marks', {
      name: 'Pending marks',
      source: gauge,
      metric: 'water_level_m',
      levels: [{ severity: 'warning', threshold: { op: '>=', value: 2.5 } }],
      sustainedFor: 'PT5M',
      correlationKey: 'marks:{{source}}',
      action: { type: 'open-incident', sopKey: 'flood-response', title: 'Mực nước {{value}} m' },
    });
    const t0 = Date.now() - 10 * 60_000;
    const reading = (id: string, value: number, afterMs: number) => ({ id, source: gauge, metric: 'water_level_m', value, observedAt: new Date(t0 + afterMs).toISOString() });
    const id = `clock-marks|marks:${gauge}`;
    await post([reading('m-1', 2.7, 0)]);
    const pending = await state(id);
    expect(pending).toMatchObject({ status: 'pending', reading: { value: 2.7 } });

    // Ten seconds later: still pending, nothing worth a write.
    await post([reading('m-2', 2.8, 10_000)]);
    expect(await state(id)).toMatchObject({ rev: pending!.rev, reading: { value: 2.7 } });

    // Over half a minute after the last mark: the mark is refreshed.
    await post([reading('m-3', 2.9, 31_000)]);
    expect(await state(id)).toMatchObject({ status: 'pending', rev: pending!.rev + 1, reading: { value: 2.9 } });

    expect(await stack.app.evaluator.tick()).toBe(1);
    const incident = await incidentFor(`marks:${gauge}`);
    expect(incident.title).toBe('Mực nước 2.9 m');
  });
});
