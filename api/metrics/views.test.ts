import { INCIDENTS, PERIOD, SOP_HEADS, TASKS, UNITS } from '../../test/fixtures/metrics/handling-times';
import { OrgTree } from './org-tree';
import { incidentsView, overviewView, slaView, stepsView, trendsView } from './views';

const MIN = 60_000;
const now = new Date('2026-11-10T12:00:00Z');
const period = { from: new Date(PERIOD.from), to: new Date(PERIOD.to) };
const org = new OrgTree([{ _id: 'dong-xoai', name: 'Thành phố Đồng Xoài', kind: 'city' }, ...UNITS]);
const byId = (...ids: string[]) => INCIDENTS.filter((i) => ids.includes(i._id.slice(3)));
/** Opened within the period: A, B, C (D and E were opened before it). */
const incidents = byId('A', 'B', 'C');
const tasks = TASKS;

describe('metrics views over the hand-checked history', () => {
  it('overview: open now by severity and ward (a team counts for its ward), MTTA, MTTR, SLA', () => {
    const view = overviewView({ period, incidents, open: byId('A', 'B', 'E'), tasks, org, wards: org.wardsWithin('mx-district'), now });
    expect(view.period).toEqual({ from: '2026-10-31T17:00:00.000Z', to: '2026-11-03T16:59:59.999Z' });
    // open now: B (critical, commune) and E (critical, ward); A is resolved though passed in
    expect(view.open).toEqual({
      total: 2,
      bySeverity: { info: 0, warning: 0, critical: 2 },
      byWard: [
        { ward: 'mx-ward', name: 'Phường Thử Nghiệm', info: 0, warning: 0, critical: 1, total: 1 },
        { ward: 'mx-commune', name: 'Xã Thử Nghiệm', info: 0, warning: 0, critical: 1, total: 1 },
      ],
    });
    // MTTA: A 5, B 15, C 1 min → sorted 1, 5, 15: mean 7 min; p50 rank ⌈1.5⌉ = 2 → 5 min; p90 rank ⌈2.7⌉ = 3 → 15 min
    expect(view.mtta).toEqual({ count: 3, avgMs: 7 * MIN, p50Ms: 5 * MIN, p90Ms: 15 * MIN });
    // MTTR: A 60, C 30 min (B open) → mean 45; p50 rank 1 → 30; p90 rank ⌈1.8⌉ = 2 → 60
    expect(view.mttr).toEqual({ count: 2, avgMs: 45 * MIN, p50Ms: 30 * MIN, p90Ms: 60 * MIN });
    // a2, c1 met; a1 late, b1 overdue → 2 / 4
    expect(view.sla).toEqual({ met: 2, missed: 2, ratio: 0.5 });
  });

  it('overview: an incident outside every ward gets a ward-null row, last', () => {
    const view = overviewView({ period, incidents: [], open: [{ ...byId('C')[0]!, status: 'open' }, ...byId('E')], tasks: [], org, wards: org.wardsWithin('mx-district'), now });
    expect(view.open.byWard.map((r) => [r.ward, r.total])).toEqual([
      ['mx-ward', 1],
      ['mx-commune', 0],
      [null, 1],
    ]);
    expect(view.open.bySeverity).toEqual({ info: 1, warning: 0, critical: 1 });
  });

  it('trends: local-midnight days, the cohort opened in each, resolutions where they happened', () => {
    const view = trendsView({ period, bucket: 'day', incidents, resolved: byId('A', 'C', 'D'), tasks, now });
    expect(view.buckets).toEqual([
      // 1 Nov: A (00:00) and B (23:59:59.999) opened; A resolved 01:00. MTTA (5+15)/2 = 10 min; MTTR A 60; SLA a2 of a1, a2, b1 → 1/3
      { start: '2026-11-01T00:00:00+07:00', opened: 2, resolved: 1, mttaAvgMs: 10 * MIN, mttrAvgMs: 60 * MIN, slaRatio: 0.3333 },
      // 2 Nov: C opened 00:00 and resolved 00:30; c1 met
      { start: '2026-11-02T00:00:00+07:00', opened: 1, resolved: 1, mttaAvgMs: 1 * MIN, mttrAvgMs: 30 * MIN, slaRatio: 1 },
      // 3 Nov: nothing opened; D (opened in October) resolved 08:00
      { start: '2026-11-03T00:00:00+07:00', opened: 0, resolved: 1, mttaAvgMs: null, mttrAvgMs: null, slaRatio: null },
    ]);
    // one week bucket (Monday 26 Oct) holds the two first days, the next (Monday 2 Nov) the rest
    const weeks = trendsView({ period, bucket: 'week', incidents, resolved: byId('A', 'C', 'D'), tasks, now });
    expect(weeks.buckets.map((b) => [b.start, b.opened, b.resolved])).toEqual([
      ['2026-10-26T00:00:00+07:00', 2, 1],
      ['2026-11-02T00:00:00+07:00', 1, 2],
    ]);
  });

  it('sla: by the unit of each step and by SOP, worst first, overdue open apart', () => {
    const view = slaView({ incidents, tasks, org, sopNames: new Map(SOP_HEADS.map((s) => [s._id, s.name])), now });
    expect(view.byUnit).toEqual([
      { unit: 'mx-commune', name: 'Xã Thử Nghiệm', met: 0, missed: 1, overdueOpen: 1, ratio: 0 }, // b1
      { unit: 'mx-team', name: 'Tổ phản ứng nhanh', met: 1, missed: 1, overdueOpen: 0, ratio: 0.5 }, // a2 met, a1 late
      { unit: 'mx-ops', name: 'Tổ điều hành thử', met: 1, missed: 0, overdueOpen: 0, ratio: 1 }, // c1 (c2 has no due time)
    ]);
    expect(view.bySop).toEqual([
      { sopKey: 'mx-flood', name: 'Ứng phó ngập (thử)', met: 1, missed: 2, overdueOpen: 1, ratio: 0.3333 },
      { sopKey: 'mx-light', name: 'mx-light', met: 1, missed: 0, overdueOpen: 0, ratio: 1 },
    ]);
  });

  it('steps: wait, work and total per SOP step, slowest first', () => {
    expect(stepsView({ incidents, tasks, now }).steps).toEqual([
      // a2: wait 5, work 25, total 30 min
      { sopKey: 'mx-flood', stepId: 'warn', name: 'Cảnh báo dân', count: 1, waitAvgMs: 5 * MIN, workAvgMs: 25 * MIN, totalAvgMs: 30 * MIN, totalP90Ms: 30 * MIN, slaMissed: 0 },
      // a1 and b1: wait (5 + 15) / 2 = 10; work and total only from completed a1 (15, 20); both missed
      { sopKey: 'mx-flood', stepId: 'verify', name: 'Xác minh', count: 2, waitAvgMs: 10 * MIN, workAvgMs: 15 * MIN, totalAvgMs: 20 * MIN, totalP90Ms: 20 * MIN, slaMissed: 2 },
      // c1: wait 1, work 10, total 11
      { sopKey: 'mx-light', stepId: 'check', name: 'Kiểm tra', count: 1, waitAvgMs: 1 * MIN, workAvgMs: 10 * MIN, totalAvgMs: 11 * MIN, totalP90Ms: 11 * MIN, slaMissed: 0 },
      // c2: never claimed nor completed → last
      { sopKey: 'mx-light', stepId: 'repair', name: 'Sửa chữa', count: 1, waitAvgMs: null, workAvgMs: null, totalAvgMs: null, totalP90Ms: null, slaMissed: 0 },
    ]);
  });

  it('incidents: newest first with ward, position and handling times', () => {
    const view = incidentsView({ incidents, org, truncated: false });
    expect(view.items.map((i) => [i.id, i.ward, i.mttaMs, i.mttrMs])).toEqual([
      ['mx-C', null, 1 * MIN, 30 * MIN],
      ['mx-B', 'mx-commune', 15 * MIN, null],
      ['mx-A', 'mx-ward', 5 * MIN, 60 * MIN],
    ]);
    expect(view.items[2]).toMatchObject({ title: 'Ngập, đường Phú Riềng Đỏ', lat: 11.53, lon: 106.88, openedAt: '2026-10-31T17:00:00.000Z', unit: 'mx-team' });
    expect(view.items[1]).toMatchObject({ lat: null, lon: null });
  });
});
