import { AlertStateModel, Audit, Outbox, PendingEvaluation, Source, StoredEvent } from '../../model';
import { TestStack, floodReading } from '../support/test-stack';

/** The source registry and the ingest channels against the real FerretDB (no worker needed: nothing here may open an incident). */
describe('sources and ingest', () => {
  let stack: TestStack;
  let admin: string;
  let operator: string;
  const STATION = 'flood-sensor/suoi-rat-bridge-11';
  const enc = encodeURIComponent;

  beforeAll(async () => {
    stack = await TestStack.start('sources');
    admin = await stack.login('admin');
    operator = await stack.login('operator.tanphu');
  });
  afterAll(async () => stack?.close());

  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const res = await fetch(`${stack.baseUrl}${path}`, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  };
  const aqReading = (id: string, source: string, value = 35) => ({ id, source, metric: 'pm25', value, unit: 'µg/m³', observedAt: new Date().toISOString() });

  it("lists the sources of the caller's units, and lets only admins change the registry, audited", async () => {
    const all = await stack.request('GET', '/api/sources', { token: admin });
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([STATION, 'air-quality/tan-phu-01', 'street-light/le-duan', 'citizen-report/binh-phuoc-today', 'camera-ai/cho-dong-xoai']),
    );
    // A ward operator sees the ward's sources only; another ward's is "not found", even by id or by unit filter.
    const list = await stack.request('GET', '/api/sources', { token: operator });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(new Set(list.body.items.map((s: { unit: string }) => s.unit))).toEqual(new Set(['tan-phu']));
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([STATION, 'air-quality/tan-phu-01']));
    expect((await stack.request('GET', `/api/sources/${enc(STATION)}`, { token: operator })).body).toMatchObject({ id: STATION, unit: 'tan-phu', type: 'flood-sensor' });
    expect((await stack.request('GET', `/api/sources/${enc('camera-ai/cho-dong-xoai')}`, { token: operator })).status).toBe(404);
    expect((await stack.request('GET', '/api/sources?unit=tan-binh', { token: operator })).body.items).toEqual([]);
    expect((await stack.request('GET', '/api/sources?unit=tan-binh', { token: admin })).body.items.map((s: { id: string }) => s.id)).toContain('camera-ai/cho-dong-xoai');

    const body = {
      id: 'air-quality/tien-thanh-01',
      type: 'air-quality',
      name: 'Quan trắc không khí — Tiến Thành',
      unit: 'tien-thanh',
      metrics: [{ key: 'pm25', unit: 'µg/m³', min: 0, max: 1000 }],
    };
    expect((await stack.request('POST', '/api/sources', { token: operator, body })).status).toBe(403);
    const created = await stack.request('POST', '/api/sources', { token: admin, body });
    expect(created.status).toBe(201);
    expect((await stack.request('POST', '/api/sources', { token: admin, body })).status).toBe(409);
    const bad = await stack.request('POST', '/api/sources', { token: admin, body: { ...body, id: 'air-quality/x', unit: 'nowhere', metrics: [{ key: 'water_level_m' }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['metrics.0.key', 'unit']);

    const fields = { name: body.name, unit: body.unit, metrics: body.metrics };
    const updated = await stack.request('PUT', `/api/sources/${enc(body.id)}`, { token: admin, body: { ...fields, name: 'Trạm Tiến Thành' } });
    expect(updated.status).toBe(200);
    expect(updated.body.name).toBe('Trạm Tiến Thành');
    expect((await stack.request('DELETE', `/api/sources/${enc(body.id)}`, { token: operator })).status).toBe(403);
    expect((await stack.request('DELETE', `/api/sources/${enc(body.id)}`, { token: admin })).status).toBe(204);
    expect(await Source.exists({ _id: body.id })).toBeNull();
    const trail = await Audit.find({ entity: 'source', entityId: body.id }).sort({ at: 1 }).lean();
    expect(trail.map((a) => [a.action, a.actor])).toEqual([
      ['source.created', 'admin'],
      ['source.updated', 'admin'],
      ['source.deleted', 'admin'],
    ]);
  });

  it('rejects an unknown sensor but registers an unknown citizen reporter', async () => {
    const res = await stack.request('POST', '/api/events', {
      token: admin,
      body: [
        { ...floodReading('u-1', 1), source: 'flood-sensor/unknown-bridge' },
        { id: 'rep-1', source: 'citizen-report/nguyen-van-a', metric: 'water_depth_m', value: 40, unit: 'cm', observedAt: new Date().toISOString() },
        { ...floodReading('u-2', 1), metric: 'wind_speed' },
        { ...floodReading('u-3', 1), unit: 'kg' },
      ],
    });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([
      { index: 0, error: expect.stringContaining("unknown source 'flood-sensor/unknown-bridge'") },
      { index: 2, error: expect.stringContaining("unknown metric 'wind_speed'") },
      { index: 3, error: expect.stringContaining("'kg'") },
    ]);
    const reporter = await Source.findById('citizen-report/nguyen-van-a').lean();
    expect(reporter).toMatchObject({ type: 'citizen-report', unit: 'ioc', autoRegistered: true });
    expect(await StoredEvent.findById('citizen-report/nguyen-van-a|rep-1').lean()).toMatchObject({ value: 0.4, unit: 'm', rawValue: 40, rawUnit: 'cm', orgUnit: 'ioc' });
    expect(await Audit.exists({ action: 'source.auto-registered', entityId: 'citizen-report/nguyen-van-a' })).not.toBeNull();
  });

  it('stores cm as m with the ward and type of the source, and a duplicate once', async () => {
    const reading = { ...floodReading('cm-1', 120), unit: 'cm' };
    const res = await stack.request('POST', '/api/events', { token: admin, body: [reading, reading] });
    expect(res.body).toEqual({ accepted: 1, duplicates: 1, suspect: 0, rejected: [] });
    expect(await StoredEvent.findById(`${STATION}|cm-1`).lean()).toMatchObject({ value: 1.2, unit: 'm', orgUnit: 'tan-phu', sourceType: 'flood-sensor', channel: 'http' });
    const again = await stack.request('POST', '/api/events', { token: admin, body: [reading] });
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await StoredEvent.countDocuments({ eventId: 'cm-1' })).toBe(1);
  });

  it('stores an out-of-range reading as suspect and never evaluates it: no outbox record, no incident', async () => {
    // 40 m would fire the critical flood rule (≥ 3 m) if it were evaluated.
    const res = await stack.request('POST', '/api/events', { token: admin, body: [floodReading('sus-1', 40)] });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, suspect: 1, rejected: [] });
    const stored = await StoredEvent.findById(`${STATION}|sus-1`).lean();
    expect(stored).toMatchObject({ suspect: true, suspectReason: 'value 40 m above the valid maximum 15 m' });
    expect(stored?.evaluatedAt).toBeInstanceOf(Date);
    expect(await stack.app.evaluator.sweepUnevaluated()).toBe(0);
    expect(await Outbox.countDocuments({})).toBe(0);
    expect((await stack.request('GET', '/api/incidents', { token: admin })).body.total).toBe(0);
  });

  it('takes NDJSON and reports a bad line by its number', async () => {
    const lines = [
      JSON.stringify(floodReading('nd-1', 1.1)),
      '',
      '{not json',
      JSON.stringify({ ...floodReading('nd-2', 1.2), metric: 'nope' }),
      JSON.stringify(floodReading('nd-3', 1.3)),
    ];
    const res = await post('/api/events', lines.join('\n'), { 'content-type': 'application/x-ndjson', authorization: `Bearer ${admin}` });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { line: number }) => r.line)).toEqual([3, 4]);
    expect(res.body.rejected[0].error).toContain('line 3: not valid JSON');
    expect(res.body.rejected[1].error).toContain("unknown metric 'nope'");
    expect(await StoredEvent.findById(`${STATION}|nd-3`).lean()).toMatchObject({ channel: 'ndjson' });
  });

  it('refuses 10,001 events with 413 naming the limit, as JSON and as NDJSON', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => floodReading(`big-${i}`, 1));
    const json = await stack.request('POST', '/api/events', { token: admin, body: many });
    expect(json.status).toBe(413);
    expect(json.body.error).toContain('10000');
    const nd = await post('/api/events', many.map((e) => JSON.stringify(e)).join('\n'), { 'content-type': 'application/x-ndjson', authorization: `Bearer ${admin}` });
    expect(nd.status).toBe(413);
    expect(await StoredEvent.countDocuments({ eventId: /^big-/ })).toBe(0);
  });

  it('stores and evaluates a batch of 500 readings, leaving no batch pending', async () => {
    // One update per reading in a single bulk write used to hang FerretDB 1.24 from about 100 readings on.
    const start = Date.now() - 600_000;
    const batch = Array.from({ length: 500 }, (_, i) => floodReading(`many-${i}`, 1 + (i % 10) / 10, new Date(start + i * 1000).toISOString()));
    const res = await stack.request('POST', '/api/events', { token: admin, body: batch });
    expect(res.body).toEqual({ accepted: 500, duplicates: 0, suspect: 0, rejected: [] });
    expect(await PendingEvaluation.countDocuments({})).toBe(0);
  });

  it('evaluates at start-up, once, a batch that was stored when a crash stopped its evaluation', async () => {
    const saved = await stack.request('PUT', '/api/rules/sweep-test', {
      token: admin,
      body: {
        name: 'Sweep test',
        source: STATION,
        metric: 'water_level_m',
        levels: [{ severity: 'warning', threshold: { op: '>=', value: 5 } }],
        correlationKey: 'sweep:{{source}}',
        action: { type: 'notify' },
      },
    });
    expect(saved.status).toBe(200);
    // The crash: the batch was marked pending and stored, then the process died before the rules ran.
    const receivedAt = new Date();
    await stack.app.evaluator.markPending(receivedAt);
    await StoredEvent.collection.insertOne({
      _id: `${STATION}|crash-1`,
      source: STATION,
      eventId: 'crash-1',
      sourceType: 'flood-sensor',
      orgUnit: 'tan-phu',
      metric: 'water_level_m',
      value: 6,
      unit: 'm',
      observedAt: new Date(),
      receivedAt,
      channel: 'http',
    } as never);
    expect(await stack.app.evaluator.sweepUnevaluated()).toBe(1);
    expect(await AlertStateModel.findById(`sweep-test|sweep:${STATION}`).lean()).toMatchObject({ status: 'firing', severity: 'warning' });
    expect(await PendingEvaluation.countDocuments({})).toBe(0);
    expect(await stack.app.evaluator.sweepUnevaluated()).toBe(0);
  });

  it('limits an API key to its own source and to ingest, and refuses it once revoked', async () => {
    expect((await stack.request('POST', `/api/sources/${enc('air-quality/tan-phu-01')}/keys`, { token: operator })).status).toBe(403);
    const issued = await stack.request('POST', `/api/sources/${enc('air-quality/tan-phu-01')}/keys`, { token: admin });
    expect(issued.status).toBe(201);
    const { key, keyId } = issued.body as { key: string; keyId: string };
    expect(key).toMatch(/^cok_/);
    const second = (await stack.request('POST', `/api/sources/${enc('air-quality/tan-phu-01')}/keys`, { token: admin })).body as { key: string };

    const send = (k: string, body: unknown, header: 'authorization' | 'x-api-key' = 'authorization') =>
      post('/api/events', JSON.stringify(body), { 'content-type': 'application/json', [header]: header === 'authorization' ? `ApiKey ${k}` : k });
    const res = await send(key, [aqReading('k-1', 'air-quality/tan-phu-01'), aqReading('k-2', 'air-quality/tan-binh-01')]);
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected).toEqual([{ index: 1, error: expect.stringMatching(/^forbidden: .*air-quality\/tan-binh-01/) }]);
    expect((await send(second.key, [aqReading('k-3', 'air-quality/tan-phu-01')], 'x-api-key')).body.accepted).toBe(1);

    const elsewhere = await fetch(`${stack.baseUrl}/api/incidents`, { headers: { authorization: `ApiKey ${key}` } });
    expect(elsewhere.status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/api/sources`, { headers: { 'x-api-key': key } })).status).toBe(403);
    expect((await send('cok_forged', [aqReading('k-4', 'air-quality/tan-phu-01')])).status).toBe(401);

    expect((await stack.request('DELETE', `/api/sources/${enc('air-quality/tan-phu-01')}/keys/${keyId}`, { token: admin })).status).toBe(204);
    expect((await send(key, [aqReading('k-5', 'air-quality/tan-phu-01')])).status).toBe(401);
    expect((await send(second.key, [aqReading('k-6', 'air-quality/tan-phu-01')])).status).toBe(202);
    const keys = (await stack.request('GET', `/api/sources/${enc('air-quality/tan-phu-01')}/keys`, { token: admin })).body.items as { keyId: string; revokedAt: string | null }[];
    expect(keys.find((k) => k.keyId === keyId)?.revokedAt).not.toBeNull();
    expect(JSON.stringify(keys)).not.toContain(key);
    expect(await Audit.countDocuments({ entityId: 'air-quality/tan-phu-01', action: { $in: ['source.key.created', 'source.key.revoked'] } })).toBe(3);
  });
});
