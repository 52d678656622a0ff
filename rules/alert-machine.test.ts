import { INITIAL_STATE, advance } from './alert-machine';
import { backtest, type EvaluableEvent } from './evaluation';
import { RuleIndex, type RuleDefinition } from './rule-index';

const SOURCE = 'flood-sensor/suoi-rat-bridge-11';
const T0 = Date.parse('2026-11-25T03:00:00Z'); // 10:00 in Đồng Xoài

const flood = (over: Partial<RuleDefinition> = {}): RuleDefinition => ({
  key: 'flood',
  name: 'Flood',
  enabled: true,
  priority: 1,
  source: SOURCE,
  metric: 'water_level_m',
  levels: [
    { severity: 'warning', threshold: { op: '>=', value: 2.5 } },
    { severity: 'critical', threshold: { op: '>=', value: 3.0 } },
  ],
  correlationKey: 'flood:{{source}}',
  action: { type: 'open-incident', sopKey: 'flood-response' },
  ...over,
});

/** One reading per minute from T0 (or at the given minute offsets). */
const stream = (values: number[], opts: { every?: number; orgUnit?: string; source?: string } = {}): EvaluableEvent[] =>
  values.map((value, i) => ({
    _id: `${opts.source ?? SOURCE}|r${i}`,
    source: opts.source ?? SOURCE,
    metric: 'water_level_m',
    value,
    observedAt: new Date(T0 + i * (opts.every ?? 60_000)),
    ...(opts.orgUnit ? { orgUnit: opts.orgUnit } : {}),
  }));

const run = async (rule: RuleDefinition, events: EvaluableEvent[], until?: number) => (await backtest(new RuleIndex([rule]), events, until)).transitions;
const kinds = (ts: { kind: string }[]) => ts.map((t) => t.kind);
const signalled = (ts: { kind: string; signalled: boolean; severity?: string }[]) => ts.filter((t) => t.signalled).map((t) => `${t.kind}${t.severity ? `:${t.severity}` : ''}`);

describe('alert state machine over scripted streams', () => {
  it('fires at once without a pending period, then stays quiet at the same level', async () => {
    const ts = await run(flood({ peakSignalEvery: 'P0D' }), stream([2.0, 2.6, 2.7, 2.6, 2.8]));
    expect(signalled(ts)).toEqual(['fired:warning']);
  });

  it('sustainedFor: fires only once the condition held for the pending period; a dip resets it', async () => {
    const ts = await run(flood({ sustainedFor: 'PT5M' }), stream([2.6, 2.6, 2.6, 2.0, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6, 2.6]));
    expect(kinds(ts)).toEqual(['pending', 'reset', 'pending', 'fired']);
    const fired = ts.find((t) => t.kind === 'fired')!;
    expect(fired.at - T0).toBe(9 * 60_000); // pending since minute 4, held 5 minutes
  });

  it('hysteresis: a flapping value fires once and clears only after the clear condition held', async () => {
    const flapping = [3.1, 2.9, 3.05, 2.95, 3.1, 2.8, 3.0, 2.9, 3.02, 2.95];
    const clearing = [2.2, 2.1, 2.2, 2.0, 2.1, 2.2];
    const ts = await run(flood({ clear: { threshold: { op: '<', value: 2.3 }, for: 'PT4M' }, peakSignalEvery: 'P0D' }), stream([...flapping, ...clearing]));
    expect(signalled(ts)).toEqual(['fired:critical', 'cleared:critical']);
    expect(kinds(ts)).toEqual(['fired', 'recovering', 'cleared']);
    expect(ts[2]!.at - ts[1]!.at).toBe(4 * 60_000);
  });

  it('hysteresis: going back above the clear threshold during recovery resumes firing without a signal', async () => {
    const ts = await run(flood({ clear: { threshold: { op: '<', value: 2.3 }, for: 'PT5M' }, peakSignalEvery: 'P0D' }), stream([3.1, 2.2, 2.2, 2.6, 2.2, 2.2, 2.2, 2.2, 2.2, 2.2]));
    expect(kinds(ts)).toEqual(['fired', 'recovering', 'resumed', 'recovering', 'cleared']);
    expect(signalled(ts)).toEqual(['fired:critical', 'cleared:critical']);
  });

  it('level escalation: a higher level while firing raises severity once; a lower one does not lower it', async () => {
    const ts = await run(flood({ peakSignalEvery: 'P0D' }), stream([2.6, 2.7, 3.1, 3.2, 2.7, 3.3]));
    expect(signalled(ts)).toEqual(['fired:warning', 'level-raised:critical']);
  });

  it('keepFiringFor: a short drop below every level does not clear', async () => {
    const ts = await run(flood({ keepFiringFor: 'PT3M', peakSignalEvery: 'P0D' }), stream([2.6, 2.0, 2.0, 2.6, 2.0, 2.0, 2.0, 2.0]));
    expect(kinds(ts)).toEqual(['fired', 'recovering', 'resumed', 'recovering', 'cleared']);
    expect(ts[4]!.at - ts[3]!.at).toBe(3 * 60_000);
  });

  it('forwards new peaks while firing, at most once per peakSignalEvery', async () => {
    const ts = await run(flood({ peakSignalEvery: 'PT2M' }), stream([3.0, 3.1, 3.2, 3.3, 3.2, 3.4]));
    expect(signalled(ts)).toEqual(['fired:critical', 'peak:critical', 'peak:critical']);
    expect(ts.filter((t) => t.kind === 'peak').map((t) => t.value)).toEqual([3.2, 3.4]);
  });

  it('maintenance window: no firing inside it; fires on the first reading after it if the condition still holds', async () => {
    // 10:02–10:05 local (Asia/Ho_Chi_Minh).
    const rule = flood({ maintenanceWindows: [{ start: '2026-11-25T10:02', end: '2026-11-25T10:05' }] });
    const ts = await run(rule, stream([2.0, 2.0, 2.6, 2.7, 2.8, 2.9]));
    expect(kinds(ts)).toEqual(['fired']);
    expect(ts[0]!.at - T0).toBe(5 * 60_000);
  });

  it('schedule: fires only inside the daily schedule', async () => {
    const ts = await run(flood({ schedule: [{ from: '22:00', to: '06:00' }] }), stream([2.6, 2.7]));
    expect(ts).toEqual([]);
  });

  it('correlation by template: one state machine per ward', async () => {
    const rule = flood({ correlationKey: 'flood:{{unit}}', peakSignalEvery: 'P0D' });
    const a = stream([2.6, 2.7], { orgUnit: 'tan-phu' });
    const b = stream([2.6, 2.7], { orgUnit: 'tan-dong', source: SOURCE }).map((e) => ({ ...e, _id: `${e._id}-b` }));
    const ts = await run(
      rule,
      [...a, ...b].sort((x, y) => x.observedAt.getTime() - y.observedAt.getTime()),
    );
    expect(ts.filter((t) => t.kind === 'fired').map((t) => t.correlationKey)).toEqual(['flood:tan-phu', 'flood:tan-dong']);
  });

  it('forecastExceeds: a steadily rising level fires before it reaches the threshold', async () => {
    const rule = flood({
      levels: [
        { severity: 'warning', conditions: { all: [{ fact: 'window', params: { minutes: 30 }, operator: 'forecastExceeds', value: { threshold: 3.0, horizon: 'PT30M' } }] } },
      ],
    });
    const rising = Array.from({ length: 15 }, (_, i) => 2.0 + i * 0.03); // +1.8 m/h, 2.42 m after 14 minutes
    const ts = await run(rule, stream(rising));
    const fired = ts.find((t) => t.kind === 'fired')!;
    expect(fired).toBeDefined();
    expect(fired.value as number).toBeLessThan(3.0);
    expect(await run(rule, stream(Array.from({ length: 15 }, () => 2.0)))).toEqual([]);
  });

  it('ignores a repeated or older reading (re-evaluation after a crash is idempotent)', async () => {
    const s = stream([3.1, 2.0]);
    const ts = await run(flood({ peakSignalEvery: 'P0D' }), [s[0]!, s[0]!, s[1]!, s[0]!]);
    expect(kinds(ts)).toEqual(['fired', 'recovering', 'cleared']);
  });

  it('never evaluates a suspect reading', async () => {
    const [first] = stream([3.1]);
    expect(await run(flood(), [{ ...first!, suspect: true }])).toEqual([]);
  });

  it('notify-only rules record transitions but signal nothing', async () => {
    const ts = await run(flood({ action: { type: 'notify' } }), stream([3.1]));
    expect(kinds(ts)).toEqual(['fired']);
    expect(signalled(ts)).toEqual([]);
  });

  describe('the clock moves states between readings', () => {
    const minutes = (m: number) => T0 + m * 60_000;

    it('a pending period that runs out fires when due, without another reading', async () => {
      const ts = await run(flood({ sustainedFor: 'PT5M' }), stream([2.6]), minutes(30));
      expect(kinds(ts)).toEqual(['pending', 'fired']);
      expect(ts[1]!.at).toBe(minutes(5));
      expect(ts[1]!.eventKey).toBe(`tick@${new Date(minutes(5)).toISOString()}`);
      expect(ts[1]!.value).toBe(2.6);
    });

    it('a recovery hold that runs out clears when due', async () => {
      const ts = await run(flood({ clear: { threshold: { op: '<', value: 2.3 }, for: 'PT10M' }, peakSignalEvery: 'P0D' }), stream([3.1, 2.1]), minutes(60));
      expect(kinds(ts)).toEqual(['fired', 'recovering', 'cleared']);
      expect(ts[2]!.at).toBe(minutes(11));
    });

    it('does not move a state before it is due', async () => {
      expect(kinds(await run(flood({ sustainedFor: 'PT5M' }), stream([2.6]), minutes(4)))).toEqual(['pending']);
    });

    it('a pending period running out inside a maintenance window does not fire', async () => {
      const rule = flood({ sustainedFor: 'PT1M', maintenanceWindows: [{ start: '2026-11-25T10:00', end: '2026-11-25T11:00' }] });
      expect(kinds(await run(rule, stream([2.6]), minutes(50)))).toEqual(['pending']);
    });

    it('no data → alerting: a silent gauge fires at the rule lowest level, and recovers when readings return', async () => {
      const rule = flood({ noData: { after: 'PT15M', treatAs: 'alerting' }, peakSignalEvery: 'P0D' });
      const ts = await run(rule, [...stream([2.0, 2.0]), ...stream([2.0]).map((e) => ({ ...e, _id: 'back', observedAt: new Date(minutes(40)) }))]);
      expect(signalled(ts)).toEqual(['fired:warning', 'cleared:warning']);
      expect(ts[0]!.at).toBe(minutes(16));
      expect(ts[0]!.eventKey).toMatch(/^no-data@/);
      expect(ts[0]!.value).toBeNull();
    });

    it('no data → alerting with a pending period waits it out', async () => {
      const rule = flood({ noData: { after: 'PT15M', treatAs: 'alerting', severity: 'critical' }, pendingFor: 'PT5M' });
      const ts = await run(rule, stream([2.0]), minutes(60));
      expect(kinds(ts)).toEqual(['pending', 'fired']);
      expect(ts.map((t) => t.at)).toEqual([minutes(15), minutes(20)]);
      expect(ts[1]!.severity).toBe('critical');
    });

    it('no data → normal: a firing alert whose gauge went silent clears', async () => {
      const ts = await run(flood({ noData: { after: 'PT15M', treatAs: 'normal' }, keepFiringFor: 'PT5M' }), stream([3.2]), minutes(60));
      expect(kinds(ts)).toEqual(['fired', 'recovering', 'cleared']);
      expect(ts.map((t) => t.at)).toEqual([minutes(0), minutes(15), minutes(20)]);
    });

    it('no data → keep-last: a firing alert stays firing through the silence', async () => {
      const ts = await run(flood({ noData: { after: 'PT15M', treatAs: 'keep-last' } }), stream([3.2]), minutes(600));
      expect(kinds(ts)).toEqual(['fired']);
    });
  });

  describe('advance', () => {
    const timing = { pendingForMs: 60_000, keepFiringForMs: 0, hasClear: false, clearForMs: 0, peakSignalMs: 0 };
    const pending = { status: 'pending' as const, severity: 'warning' as const, since: T0, episode: 0, lastAt: T0, lastEventKey: 'r0' };

    it('keeps the last-reading marks, so silence is measured from the last real reading', () => {
      const { state, transitions } = advance(pending, { now: T0 + 120_000, key: 'tick@x', suppressed: false, value: 2.7 }, timing);
      expect(kinds(transitions)).toEqual(['fired']);
      expect(state).toMatchObject({ status: 'firing', episode: 1, lastAt: T0, lastEventKey: 'r0', since: T0 + 120_000, peak: 2.7 });
    });

    it('ignores a tick older than the last reading', () => {
      const { state, transitions } = advance(pending, { now: T0 - 1, key: 'tick@x', suppressed: false }, timing);
      expect(transitions).toEqual([]);
      expect(state).toBe(pending);
    });

    it('leaves normal and firing states alone when there is no silence to judge', () => {
      const firing = { ...pending, status: 'firing' as const, episode: 1 };
      expect(advance(firing, { now: T0 + 3600_000, key: 't', suppressed: false }, timing).transitions).toEqual([]);
      expect(advance(INITIAL_STATE, { now: T0 + 3600_000, key: 't', suppressed: false }, timing).transitions).toEqual([]);
    });
  });
});
