import { stepStates } from './diagram';
import { MAX_POINTS_PER_SERIES, chartValue, readingsWindow, sourceOfKey, toSeries } from './readings';
import { mergeTimeline } from './timeline';

const t = (iso: string) => new Date(`2026-11-25T${iso}:00Z`);

describe('incident readings helpers', () => {
  it('takes the source from an event key', () => {
    expect(sourceOfKey('flood-sensor/suoi-rat-bridge-11|r-100')).toBe('flood-sensor/suoi-rat-bridge-11');
    expect(sourceOfKey('citizen-report/a|b|c')).toBe('citizen-report/a');
  });

  it('spans two hours before detection (or opening, if earlier) to the end, or now', () => {
    const now = t('12:00');
    expect(readingsWindow({ openedAt: t('10:05'), detectedAt: t('10:00') }, now)).toEqual({ from: t('08:00'), to: now });
    expect(readingsWindow({ openedAt: t('10:05'), resolvedAt: t('11:00') }, now)).toEqual({ from: t('08:05'), to: t('11:00') });
    expect(readingsWindow({ openedAt: t('10:05'), closedAt: t('10:30') }, now).to).toEqual(t('10:30'));
  });

  it('draws numbers and booleans, not text', () => {
    expect(chartValue(3.2)).toBe(3.2);
    expect(chartValue(true)).toBe(1);
    expect(chartValue(false)).toBe(0);
    expect(chartValue('fault')).toBeUndefined();
    expect(chartValue(Number.NaN)).toBeUndefined();
  });

  it('groups readings per source and metric in time order, with names and units from the registry', () => {
    const names = new Map([['flood-sensor/a', { name: 'Trạm A', units: new Map([['water_level_m', 'm']]) }]]);
    const series = toSeries(
      [
        { source: 'flood-sensor/a', metric: 'water_level_m', value: 3.4, observedAt: t('10:10') },
        { source: 'flood-sensor/a', metric: 'water_level_m', value: 3.2, observedAt: t('10:00') },
        { source: 'street-light/b', metric: 'lamp_status', value: 'fault', observedAt: t('10:00') },
        { source: 'camera-ai/c', metric: 'intrusion', value: true, unit: '', observedAt: t('10:05') },
      ],
      names,
    );
    expect(series).toEqual([
      { source: 'camera-ai/c', sourceName: 'camera-ai/c', metric: 'intrusion', unit: '', points: [[t('10:05').toISOString(), 1]] },
      {
        source: 'flood-sensor/a',
        sourceName: 'Trạm A',
        metric: 'water_level_m',
        unit: 'm',
        points: [
          [t('10:00').toISOString(), 3.2],
          [t('10:10').toISOString(), 3.4],
        ],
      },
    ]);
  });

  it('thins a long series to the bound, keeping its peak', () => {
    const start = t('00:00').getTime();
    const readings = Array.from({ length: 10_000 }, (_, i) => ({ source: 's/x', metric: 'm', value: i === 7777 ? 99 : 1, observedAt: new Date(start + i * 1000) }));
    const [series] = toSeries(readings, new Map());
    expect(series!.points.length).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES);
    expect(series!.points.some(([, v]) => v === 99)).toBe(true);
  });
});

describe('incident timeline', () => {
  const task = { _id: 'inc:verify:1', stepId: 'verify', name: 'Xác minh', createdAt: t('10:01') };
  const base = {
    incident: { openedAt: t('10:00') },
    readings: [{ source: 'flood-sensor/a', eventId: 'r-1', metric: 'water_level_m', value: 3.2, unit: 'm', observedAt: t('09:59') }],
    incidentAudits: [
      { at: t('10:00'), actor: 'system', action: 'incident.opened', entityId: 'inc', after: { severity: 'critical' } },
      { at: t('10:03'), actor: 'leader', action: 'incident.directive', entityId: 'inc', after: { text: 'dup of the comment' } },
      { at: t('10:06'), actor: 'system', action: 'incident.resolved', entityId: 'inc', after: { resolution: 'Đã xử lý' } },
    ],
    tasks: [task],
    taskAudits: [
      { at: t('10:01'), actor: 'system', action: 'task.created', entityId: 'inc:verify:1', after: {} },
      { at: t('10:02'), actor: 'operator.tanphu', action: 'task.claimed', entityId: 'inc:verify:1', after: { assignee: 'operator.tanphu' } },
      { at: t('10:04'), actor: 'system', action: 'task.reminded', entityId: 'inc:verify:1:inc:verify:1:reminder', after: {} },
      { at: t('10:05'), actor: 'operator.tanphu', action: 'task.completed', entityId: 'inc:verify:1', after: {} },
      { at: t('10:05'), actor: 'system', action: 'task.claimed', entityId: 'inc:verify:10', after: {} },
    ],
    comments: [{ _id: 'c1', author: 'leader', kind: 'directive', text: 'Phong tỏa cầu 11', createdAt: t('10:03') }],
  };

  it('merges readings, incident changes, steps and comments in time order, each once', () => {
    const { items, truncated } = mergeTimeline(base);
    expect(truncated).toBe(false);
    expect(items.map((i) => [i.kind, i.actor])).toEqual([
      ['reading', 'flood-sensor/a'],
      ['incident.opened', 'system'],
      ['task.created', 'system'],
      ['task.claimed', 'operator.tanphu'],
      ['directive', 'leader'],
      ['task.reminded', 'system'],
      ['task.completed', 'operator.tanphu'],
      ['incident.resolved', 'system'],
    ]);
    expect(items[3]).toMatchObject({ taskId: 'inc:verify:1', stepId: 'verify', text: 'Xác minh' });
    expect(items[4]).toMatchObject({ text: 'Phong tỏa cầu 11' });
    expect(items[7]).toMatchObject({ text: 'Đã xử lý' });
  });

  it('keeps the latest entries when bounded, and shows the opening even without its audit entry', () => {
    const { items, truncated } = mergeTimeline({ ...base, incidentAudits: [] }, 3);
    expect(truncated).toBe(true);
    expect(items.map((i) => i.kind)).toEqual(['directive', 'task.reminded', 'task.completed']);
    expect(mergeTimeline({ ...base, incidentAudits: [] }).items[1]).toMatchObject({ kind: 'incident.opened', at: t('10:00') });
  });
});

describe('diagram step states', () => {
  const task = (stepId: string, status: string, at: string) => ({ stepId, status, createdAt: t(at) });

  it('marks human steps from their tasks: done, active, skipped, cancelled; an open pass of a loop wins', () => {
    expect(
      stepStates(
        [
          task('verify', 'completed', '10:00'),
          task('notify', 'claimed', '10:05'),
          task('check', 'skipped', '10:01'),
          task('loop', 'completed', '10:00'),
          task('loop', 'open', '10:02'),
          task('x', 'cancelled', '10:03'),
        ],
        [],
        undefined,
      ),
    ).toEqual({ verify: 'done', notify: 'active', check: 'skipped', loop: 'active', x: 'cancelled' });
  });

  it('adds the workflow’s service steps and failed steps, and keeps only the SOP’s elements', () => {
    const workflow = { completedSteps: ['start', 'verify'], activeSteps: ['send_sms'], steps: [{ stepId: 'call_api', status: 'failed' as const }], stepCounts: { gw: 1 } };
    expect(stepStates([task('verify', 'completed', '10:00')], ['post_alert'], workflow, new Set(['start', 'verify', 'send_sms', 'call_api', 'gw', 'post_alert']))).toEqual({
      start: 'done',
      verify: 'done',
      gw: 'done',
      send_sms: 'active',
      call_api: 'failed',
      post_alert: 'failed',
    });
    expect(stepStates([task('child_step', 'open', '10:00')], [], undefined, new Set(['verify']))).toEqual({});
  });
});
