import { Audit, KpiValue } from '../../model';
import { TestStack } from '../support/test-stack';

/** KPIs on the real FerretDB: catalogue CRUD and roles, CSV uploads, status and colour, history. */
describe('KPIs', () => {
  let stack: TestStack;
  let admin: string;
  let leader: string;
  let operator: string;

  beforeAll(async () => {
    stack = await TestStack.start('kpis');
    admin = await stack.login('admin');
    leader = await stack.login('leader');
    operator = await stack.login('operator.tanphu');
  });
  afterAll(async () => stack?.close());

  const kpi = {
    key: 'test-noise',
    nameVi: 'Tiếng ồn trung bình',
    nameEn: 'Average noise',
    unit: 'dB',
    direction: 'lower-is-better',
    thresholds: [
      { level: 'ok', to: 60, colour: '#2e7d32' },
      { level: 'warning', from: 60, to: 75, colour: '#f9a825' },
      { level: 'critical', from: 75, colour: '#c62828' },
    ],
    window: 'P1D',
    noData: 'alerting',
  };

  const upload = async (key: string, csv: string, token = admin, contentType = 'text/csv') => {
    const res = await fetch(`${stack.baseUrl}/api/kpis/${key}/values`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body: csv });
    return { status: res.status, body: (await res.json()) as any };
  };
  /** A calendar day in Asia/Ho_Chi_Minh, `days` from today. */
  const vnDay = (days: number) => new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

  it('lets admins create, update and delete KPIs, audited; others only read', async () => {
    expect((await stack.request('POST', '/api/kpis', { token: leader, body: kpi })).status).toBe(403);
    expect((await stack.request('POST', '/api/kpis', { token: admin, body: { ...kpi, window: 'one day' } })).status).toBe(400);
    const created = await stack.request('POST', '/api/kpis', { token: admin, body: kpi });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'test-noise', status: 'no-data', colour: '#9e9e9e', current: null });
    expect((await stack.request('POST', '/api/kpis', { token: admin, body: kpi })).status).toBe(409);

    const body: Partial<typeof kpi> = { ...kpi };
    delete body.key;
    expect((await stack.request('PUT', '/api/kpis/test-noise', { token: operator, body })).status).toBe(403);
    const updated = await stack.request('PUT', '/api/kpis/test-noise', { token: admin, body: { ...body, nameEn: 'Average street noise' } });
    expect(updated.status).toBe(200);
    expect(updated.body.nameEn).toBe('Average street noise');
    expect((await stack.request('GET', '/api/kpis/test-noise', { token: operator })).body.nameEn).toBe('Average street noise');

    expect((await stack.request('POST', '/api/kpis', { token: admin, body: { ...kpi, key: 'test-gone' } })).status).toBe(201);
    expect((await stack.request('DELETE', '/api/kpis/test-gone', { token: leader })).status).toBe(403);
    expect((await stack.request('DELETE', '/api/kpis/test-gone', { token: admin })).status).toBe(204);
    expect((await stack.request('GET', '/api/kpis/test-gone', { token: admin })).status).toBe(404);

    const actions = (await Audit.find({ entity: 'kpi' }).lean()).map((a) => `${a.action} ${a.entityId}`);
    expect(actions).toEqual(expect.arrayContaining(['kpi.created test-noise', 'kpi.updated test-noise', 'kpi.created test-gone', 'kpi.deleted test-gone']));
  });

  it('lists the seeded demo KPIs with Vietnamese and English names', async () => {
    const list = await stack.request('GET', '/api/kpis', { token: leader });
    expect(list.status).toBe(200);
    const keys = list.body.items.map((k: any) => k.key);
    expect(keys).toEqual(expect.arrayContaining(['overdue-dossiers', 'pm25-daily-average', 'street-lights-working', 'citizen-reports-on-time']));
    for (const k of list.body.items) expect(k.nameVi && k.nameEn).toBeTruthy();
  });

  it('stores the valid rows of a CSV and reports the bad ones by file row and column', async () => {
    const csv = `period_start,value,note\r\n${vnDay(-3)},55,"yên tĩnh, ổn"\r\n${vnDay(-2)},loud,\r\n${vnDay(-1)},70,\r\n`;
    const res = await upload('test-noise', csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ stored: 2, replaced: 0, rejected: [{ row: 3, column: 'value', message: expect.stringContaining('not a number') }] });

    const view = (await stack.request('GET', '/api/kpis/test-noise', { token: operator })).body;
    expect(view).toMatchObject({ status: 'warning', colour: '#f9a825', current: { value: 70 } });
  });

  it('replaces a period uploaded again instead of duplicating it, and moves the status', async () => {
    const res = await upload('test-noise', `period_start,value\n${vnDay(-1)},80\n`);
    expect(res.body).toEqual({ stored: 1, replaced: 1, rejected: [] });
    expect(await KpiValue.countDocuments({ key: 'test-noise' })).toBe(2);
    const list = (await stack.request('GET', '/api/kpis', { token: leader })).body.items;
    expect(list.find((k: any) => k.key === 'test-noise')).toMatchObject({ status: 'critical', colour: '#c62828', current: { value: 80 } });
    // An older period does not become the current value.
    await upload('test-noise', `period_start,value\n${vnDay(-10)},10\n`);
    expect((await stack.request('GET', '/api/kpis/test-noise', { token: leader })).body.current.value).toBe(80);
  });

  it('refuses a CSV without valid rows, a bad header, the wrong content type and non-admins', async () => {
    const none = await upload('test-noise', 'period_start,value\n2026-13-01,5\n');
    expect(none.status).toBe(400);
    expect(none.body.details.rejected).toEqual([{ row: 2, column: 'period_start', message: expect.any(String) }]);
    expect((await upload('test-noise', 'day,amount\n2026-01-01,5\n')).status).toBe(400);
    expect((await upload('test-noise', 'period_start,value\n', admin, 'text/plain')).status).toBe(415);
    expect((await upload('test-noise', `period_start,value\n${vnDay(-1)},5\n`, leader)).status).toBe(403);
    expect((await upload('no-such-kpi', `period_start,value\n${vnDay(-1)},5\n`)).status).toBe(404);
    const big = 'period_start,value,note\n' + `${vnDay(-1)},5,${'x'.repeat(400)}\n`.repeat(3000);
    expect((await upload('test-noise', big)).status).toBe(413);
  });

  it('shows grey no-data, with what the policy means, when nothing arrived in the current window', async () => {
    expect((await stack.request('POST', '/api/kpis', { token: admin, body: { ...kpi, key: 'test-stale', noData: 'keep-last' } })).status).toBe(201);
    await upload('test-stale', `period_start,value\n${vnDay(-5)},65\n`);
    const view = (await stack.request('GET', '/api/kpis/test-stale', { token: leader })).body;
    expect(view).toMatchObject({ status: 'no-data', colour: '#9e9e9e', lastLevel: 'warning', current: { value: 65 }, noDataMeans: { policy: 'keep-last', treatAs: 'warning' } });
  });

  it('returns the values of a range in order, bounded', async () => {
    const from = new Date(`${vnDay(-4)}T00:00:00+07:00`).toISOString();
    const to = new Date(`${vnDay(-1)}T00:00:00+07:00`).toISOString();
    const res = await stack.request('GET', `/api/kpis/test-noise/history?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { token: operator });
    expect(res.status).toBe(200);
    expect(res.body.values.map((v: any) => v.value)).toEqual([55]);
    expect(res.body.values[0].note).toBe('yên tĩnh, ổn');
    const all = await stack.request('GET', `/api/kpis/test-noise/history?from=${encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString())}`, { token: operator });
    expect(all.body.values.map((v: any) => v.value)).toEqual([10, 55, 80]);
    expect((await stack.request('GET', `/api/kpis/test-noise/history?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`, { token: operator })).status).toBe(400);
    expect((await stack.request('GET', `/api/kpis/test-noise/history`, { token: operator })).status).toBe(400);
  });
});
