import { MetricsService } from '../../api/metrics/metrics-service';
import { metricsQuery } from '../../api/metrics/schemas';
import { Incident, SopHead, SopVersion, Task, Unit, sopVersionId } from '../../model';
import { DISTRICT, INCIDENTS, PERIOD, SOP_HEADS, TASKS, UNITS } from '../fixtures/metrics/handling-times';
import { TestStack } from '../support/test-stack';

const MIN = 60_000;
const BOM = '\uFEFF';
const VIEWS = ['overview', 'trends', 'sla', 'steps', 'incidents'];

/**
 * The leaders' metrics API on the real FerretDB, against numbers worked out by hand from the
 * history in test/fixtures/metrics/handling-times.ts (inserted directly with known timestamps, in
 * a district and SOPs of its own, in the past, so B's step is overdue whenever this runs).
 */
describe('metrics API', () => {
  let stack: TestStack;
  let leader: string;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    stack = await TestStack.start('metrics');
    await Unit.insertMany(UNITS);
    await SopHead.insertMany(SOP_HEADS);
    await Incident.insertMany(INCIDENTS);
    await Task.insertMany(TASKS);
    [leader, admin, operator] = await Promise.all([stack.login('leader'), stack.login('admin'), stack.login('operator.ioc')]);
  });
  afterAll(async () => stack?.close());

  /** The period and the district unless overridden; `+07:00` must be URL-encoded. */
  const url = (view: string, params: Record<string, string> = {}) => `/api/metrics/${view}?${new URLSearchParams({ ...PERIOD, unit: DISTRICT, ...params })}`;
  const get = async (view: string, params: Record<string, string> = {}, token = leader) => {
    const res = await stack.request('GET', url(view, params), { token });
    expect(res.status).toBe(200);
    return res.body;
  };
  const csv = async (view: string, params: Record<string, string> = {}) => {
    const res = await fetch(`${stack.baseUrl}${url(view, { ...params, format: 'csv' })}`, { headers: { authorization: `Bearer ${leader}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM Excel needs
    return { disposition: res.headers.get('content-disposition'), text: bytes.toString('utf8') };
  };

  it('answers leaders and admins, refuses operators (403) and anonymous callers (401)', async () => {
    for (const view of VIEWS) {
      expect((await stack.request('GET', url(view))).status).toBe(401);
      expect((await stack.request('GET', url(view), { token: operator })).status).toBe(403);
      expect((await stack.request('GET', url(view), { token: admin })).status).toBe(200);
    }
  });

  it('overview: open now by severity and ward, MTTA, MTTR and SLA of the period', async () => {
    expect(await get('overview')).toEqual({
      period: { from: '2026-10-31T17:00:00.000Z', to: '2026-11-03T16:59:59.999Z' },
      // open now, whenever opened: B (critical, commune) and E (critical, opened in September, ward); A, C, D resolved
      open: {
        total: 2,
        bySeverity: { info: 0, warning: 0, critical: 2 },
        byWard: [
          { ward: 'mx-ward', name: 'Phường Thử Nghiệm', info: 0, warning: 0, critical: 1, total: 1 },
          { ward: 'mx-commune', name: 'Xã Thử Nghiệm', info: 0, warning: 0, critical: 1, total: 1 },
        ],
      },
      // opened in the period: A, B, C. MTTA 5, 15, 1 min → mean 7; p50 = 2nd of (1, 5, 15) = 5; p90 = 3rd = 15
      mtta: { count: 3, avgMs: 7 * MIN, p50Ms: 5 * MIN, p90Ms: 15 * MIN },
      // MTTR A 60, C 30 (B open) → mean 45; p50 = 1st of (30, 60) = 30; p90 = 2nd = 60
      mttr: { count: 2, avgMs: 45 * MIN, p50Ms: 30 * MIN, p90Ms: 60 * MIN },
      // met a2 (on the dot), c1; missed a1 (5 min late), b1 (still claimed, overdue); c2 has no due time → 2 / 4
      sla: { met: 2, missed: 2, ratio: 0.5 },
    });
  });

  it('overview: the severity, unit and SOP filters', async () => {
    // critical only: B in the period (MTTA 15, never resolved, b1 overdue); B and E open
    const critical = await get('overview', { severity: 'critical' });
    expect(critical.open.total).toBe(2);
    expect(critical.mtta).toEqual({ count: 1, avgMs: 15 * MIN, p50Ms: 15 * MIN, p90Ms: 15 * MIN });
    expect(critical.mttr).toEqual({ count: 0, avgMs: null, p50Ms: null, p90Ms: null });
    expect(critical.sla).toEqual({ met: 0, missed: 1, ratio: 0 });
    // the team's subtree: A only (MTTA 5, MTTR 60, a1 late and a2 met); nothing of it open; its ward still listed
    const team = await get('overview', { unit: 'mx-team' });
    expect(team.open).toEqual({
      total: 0,
      bySeverity: { info: 0, warning: 0, critical: 0 },
      byWard: [{ ward: 'mx-ward', name: 'Phường Thử Nghiệm', info: 0, warning: 0, critical: 0, total: 0 }],
    });
    expect([team.mtta.avgMs, team.mttr.avgMs, team.sla]).toEqual([5 * MIN, 60 * MIN, { met: 1, missed: 1, ratio: 0.5 }]);
    // mx-light: C only (MTTA 1, MTTR 30, c1 met)
    const light = await get('overview', { sop: 'mx-light' });
    expect([light.open.total, light.mtta.avgMs, light.mttr.avgMs, light.sla]).toEqual([0, 1 * MIN, 30 * MIN, { met: 1, missed: 0, ratio: 1 }]);
  });

  it('trends: every Đồng Xoài day of the period, by day and by week, also as CSV', async () => {
    expect((await get('trends', { bucket: 'day' })).buckets).toEqual([
      // 1 Nov: A (00:00) and B (23:59:59.999 local) opened; A resolved at 01:00. MTTA (5 + 15) / 2; SLA a2 of a1, a2, b1
      { start: '2026-11-01T00:00:00+07:00', opened: 2, resolved: 1, mttaAvgMs: 10 * MIN, mttrAvgMs: 60 * MIN, slaRatio: 0.3333 },
      // 2 Nov: C opened at local midnight, resolved 00:30, c1 met
      { start: '2026-11-02T00:00:00+07:00', opened: 1, resolved: 1, mttaAvgMs: 1 * MIN, mttrAvgMs: 30 * MIN, slaRatio: 1 },
      // 3 Nov: nothing opened; D, opened in October, resolved at 08:00
      { start: '2026-11-03T00:00:00+07:00', opened: 0, resolved: 1, mttaAvgMs: null, mttrAvgMs: null, slaRatio: null },
    ]);
    // weeks start on Monday: 26 Oct holds 1 Nov (a Sunday), 2 Nov the rest
    expect((await get('trends', { bucket: 'week' })).buckets.map((b: any) => [b.start, b.opened, b.resolved])).toEqual([
      ['2026-10-26T00:00:00+07:00', 2, 1],
      ['2026-11-02T00:00:00+07:00', 1, 2],
    ]);
    const file = await csv('trends');
    expect(file.disposition).toBe('attachment; filename="cityops-trends-day-2026-11-01-2026-11-03.csv"');
    expect(file.text).toBe(
      `${BOM}start,opened,resolved,mttaAvgMs,mttrAvgMs,slaRatio\r\n` +
        '2026-11-01T00:00:00+07:00,2,1,600000,3600000,0.3333\r\n' +
        '2026-11-02T00:00:00+07:00,1,1,60000,1800000,1\r\n' +
        '2026-11-03T00:00:00+07:00,0,1,,,\r\n',
    );
  });

  it('sla: by unit and by SOP, worst first, overdue open tasks apart; CSV of both', async () => {
    const sla = await get('sla');
    expect(sla).toEqual({
      byUnit: [
        { unit: 'mx-commune', name: 'Xã Thử Nghiệm', met: 0, missed: 1, overdueOpen: 1, ratio: 0 }, // b1
        { unit: 'mx-team', name: 'Tổ phản ứng nhanh', met: 1, missed: 1, overdueOpen: 0, ratio: 0.5 }, // a2 met, a1 late
        { unit: 'mx-ops', name: 'Tổ điều hành thử', met: 1, missed: 0, overdueOpen: 0, ratio: 1 }, // c1
      ],
      bySop: [
        { sopKey: 'mx-flood', name: 'Ứng phó ngập (thử)', met: 1, missed: 2, overdueOpen: 1, ratio: 0.3333 },
        { sopKey: 'mx-light', name: 'mx-light', met: 1, missed: 0, overdueOpen: 0, ratio: 1 }, // no SOP head: its key
      ],
    });
    expect((await csv('sla')).text).toBe(
      `${BOM}by,id,name,met,missed,overdueOpen,ratio\r\n` +
        'unit,mx-commune,Xã Thử Nghiệm,0,1,1,0\r\n' +
        'unit,mx-team,Tổ phản ứng nhanh,1,1,0,0.5\r\n' +
        'unit,mx-ops,Tổ điều hành thử,1,0,0,1\r\n' +
        'sop,mx-flood,Ứng phó ngập (thử),1,2,1,0.3333\r\n' +
        'sop,mx-light,mx-light,1,0,0,1\r\n',
    );
  });

  it('steps: slowest first, and with an SOP its latest deployed diagram', async () => {
    const flood = await get('steps', { sop: 'mx-flood' });
    expect(flood).toEqual({
      steps: [
        // a2: wait 5, work 25, total 30 min
        { sopKey: 'mx-flood', stepId: 'warn', name: 'Cảnh báo dân', count: 1, waitAvgMs: 5 * MIN, workAvgMs: 25 * MIN, totalAvgMs: 30 * MIN, totalP90Ms: 30 * MIN, slaMissed: 0 },
        // a1, b1: wait (5 + 15) / 2 = 10; work 15 and total 20 from a1, the only one completed; both missed
        { sopKey: 'mx-flood', stepId: 'verify', name: 'Xác minh', count: 2, waitAvgMs: 10 * MIN, workAvgMs: 15 * MIN, totalAvgMs: 20 * MIN, totalP90Ms: 20 * MIN, slaMissed: 2 },
      ],
      diagram: null, // a head without a deployed version
    });
    const all = await get('steps');
    expect(all.diagram).toBeUndefined();
    expect(all.steps.map((s: any) => `${s.stepId}:${s.totalAvgMs}`)).toEqual([`warn:${30 * MIN}`, `verify:${20 * MIN}`, `check:${11 * MIN}`, 'repair:null']);
    // a seeded SOP: no incidents of it in the period, but its diagram
    const head = await SopHead.findById('flood-response').lean();
    const deployed = await SopVersion.findById(sopVersionId('flood-response', head!.latestVersion)).lean();
    const demo = await get('steps', { sop: 'flood-response' });
    expect(demo).toEqual({ steps: [], diagram: { version: head!.latestVersion, xml: deployed!.bpmnXml } });
    expect(demo.diagram.xml).toContain('bpmn:definitions');
    const file = await csv('steps', { sop: 'mx-flood' });
    expect(file.text).toBe(
      `${BOM}sopKey,stepId,name,count,waitAvgMs,workAvgMs,totalAvgMs,totalP90Ms,slaMissed\r\n` +
        'mx-flood,warn,Cảnh báo dân,1,300000,1500000,1800000,1800000,0\r\n' +
        'mx-flood,verify,Xác minh,2,600000,900000,1200000,1200000,2\r\n',
    );
  });

  it('incidents: the period newest first with ward and times, for the map; CSV keeps Vietnamese and commas', async () => {
    const { items, truncated } = await get('incidents');
    expect(truncated).toBe(false);
    expect(items).toEqual([
      {
        id: 'mx-C',
        title: 'Mất điện đèn Lê Duẩn',
        severity: 'info',
        status: 'resolved',
        sopKey: 'mx-light',
        unit: 'mx-ops',
        ward: null,
        lat: 11.54,
        lon: 106.89,
        openedAt: '2026-11-01T17:00:00.000Z',
        mttaMs: 1 * MIN,
        mttrMs: 30 * MIN,
      },
      {
        id: 'mx-B',
        title: 'Ngập cầu 11',
        severity: 'critical',
        status: 'open',
        sopKey: 'mx-flood',
        unit: 'mx-commune',
        ward: 'mx-commune',
        lat: null,
        lon: null,
        openedAt: '2026-11-01T16:59:59.999Z',
        mttaMs: 15 * MIN,
        mttrMs: null,
      },
      // the team's incident is in its ward
      {
        id: 'mx-A',
        title: 'Ngập, đường Phú Riềng Đỏ',
        severity: 'warning',
        status: 'resolved',
        sopKey: 'mx-flood',
        unit: 'mx-team',
        ward: 'mx-ward',
        lat: 11.53,
        lon: 106.88,
        openedAt: '2026-10-31T17:00:00.000Z',
        mttaMs: 5 * MIN,
        mttrMs: 60 * MIN,
      },
    ]);
    expect((await get('incidents', { severity: 'info' })).items.map((i: any) => i.id)).toEqual(['mx-C']);
    const file = await csv('incidents');
    expect(file.disposition).toBe('attachment; filename="cityops-incidents-2026-11-01-2026-11-03.csv"');
    const lines = file.text.split('\r\n');
    expect(lines[0]).toBe(`${BOM}id,title,severity,status,sopKey,unit,ward,lat,lon,openedAt,mttaMs,mttrMs`);
    expect(lines[3]).toBe('mx-A,"Ngập, đường Phú Riềng Đỏ",warning,resolved,mx-flood,mx-team,mx-ward,11.53,106.88,2026-10-31T17:00:00.000Z,300000,3600000');
    expect(lines).toHaveLength(5); // header, three rows, the empty string after the last CRLF
  });

  it('counts a city-wide incident (no unit) under the city, not under a district', async () => {
    await Incident.create({
      _id: 'mx-F',
      workflowId: 'incident-mx-F',
      correlationKey: 'mx-F',
      title: 'Toàn thành phố',
      severity: 'info',
      status: 'open',
      sopKey: 'mx-light',
      sopVersion: 1,
      openedAt: new Date('2026-11-02T03:00:00Z'),
    });
    try {
      expect((await get('incidents', { unit: 'dong-xoai' })).items.map((i: any) => i.id)).toEqual(['mx-F', 'mx-C', 'mx-B', 'mx-A']);
      expect((await get('incidents')).items.map((i: any) => i.id)).toEqual(['mx-C', 'mx-B', 'mx-A']);
      // open now city-wide: B, E and F; F in the ward-null row, last
      const city = await get('overview', { unit: 'dong-xoai' });
      expect(city.open.total).toBe(3);
      expect(city.open.byWard.at(-1)).toEqual({ ward: null, name: null, info: 1, warning: 0, critical: 0, total: 1 });
    } finally {
      await Incident.deleteOne({ _id: 'mx-F' });
    }
  });

  it('refuses to count past its bound and lists only the newest past its own', async () => {
    const small = new MetricsService({ maxIncidents: 2, maxListed: 2 });
    const q = metricsQuery.parse({ ...PERIOD, unit: DISTRICT });
    const filter = small.filter({ username: 'leader', roles: ['leader'], unit: 'dong-xoai', scopeUnits: [] }, q, await small.org());
    // A, B and C are in the period: one more than two
    await expect(small.periodIncidents(filter, q)).rejects.toMatchObject({ status: 422 });
    const listed = await small.newestIncidents(filter, q);
    expect([listed.incidents.map((i) => i._id), listed.truncated]).toEqual([['mx-C', 'mx-B'], true]);
  });

  it('overview CSV: every number of the view as field,value rows', async () => {
    const rows = (await csv('overview')).text.slice(1).split('\r\n');
    expect(rows[0]).toBe('field,value');
    expect(rows).toEqual(
      expect.arrayContaining(['open.total,2', 'open.byWard.0.name,Phường Thử Nghiệm', 'open.byWard.1.critical,1', 'mtta.avgMs,420000', 'mttr.p90Ms,3600000', 'sla.ratio,0.5']),
    );
  });

  it('defaults to the last 30 days and rejects bad filters with the field at fault', async () => {
    const before = Date.now();
    const { period } = (await stack.request('GET', '/api/metrics/overview', { token: leader })).body;
    const from = Date.parse(period.from);
    const to = Date.parse(period.to);
    expect(to - from).toBe(30 * 24 * 60 * MIN);
    expect(to).toBeGreaterThanOrEqual(before);
    expect(to).toBeLessThanOrEqual(Date.now());

    const bad = async (view: string, params: Record<string, string>) => (await stack.request('GET', url(view, params), { token: leader })).body;
    expect((await stack.request('GET', url('trends', { bucket: 'month' }), { token: leader })).status).toBe(400);
    expect((await bad('trends', { bucket: 'month' })).details).toEqual([expect.objectContaining({ field: 'bucket' })]);
    expect((await bad('sla', { from: '2026-11-05T00:00:00+07:00' })).details).toEqual([{ field: 'from', message: 'from must not be after to' }]);
    expect((await bad('overview', { severity: 'huge' })).details).toEqual([expect.objectContaining({ field: 'severity' })]);
    expect((await bad('steps', { bucket: 'day' })).details).toEqual([expect.objectContaining({ field: '(body)' })]); // unknown parameter
    expect((await bad('overview', { from: '2024-01-01T00:00:00Z' })).details).toEqual([{ field: 'from', message: 'the period may span at most 370 days' }]);
    const unknownUnit = await stack.request('GET', url('incidents', { unit: 'nowhere' }), { token: leader });
    expect(unknownUnit.status).toBe(422);
    expect(unknownUnit.body.details).toEqual([{ field: 'unit', message: 'no such unit' }]);
  });
});
