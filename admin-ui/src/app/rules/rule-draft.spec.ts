import { emptyDraft, fromRuleBody, isoToMinutes, minutesToIso, toRuleBody } from './rule-draft';

describe('rule draft ↔ rule body', () => {
  const stored = {
    key: 'flood-suoi-rat',
    version: 3,
    name: 'Ngập cầu Suối Rạt',
    enabled: true,
    priority: 5,
    source: 'flood-sensor/suoi-rat-bridge-11',
    metric: 'water_level_m',
    conditions: { all: [{ fact: 'unit', operator: 'inArea', value: ['tan-phu'] }] },
    levels: [
      { severity: 'warning', threshold: { op: '>=', value: 2.5 } },
      { severity: 'critical', threshold: { op: '>=', value: 3 } },
    ],
    sustainedFor: 'PT5M',
    clear: { threshold: { op: '<', value: 2.3 }, for: 'PT10M' },
    correlationKey: 'flood:{{source}}',
    action: { type: 'open-incident', sopKey: 'flood-response', title: 'Ngập {{value}} m', variables: { level: '{{value}}' } },
    schedule: [{ from: '00:00', to: '23:59' }],
    maintenanceWindows: [{ start: '2026-12-01T22:00', end: '2026-12-02T02:00' }],
    noData: { after: 'PT30M', treatAs: 'alerting' },
  };

  it('shows a stored rule in the guided form and writes it back unchanged', () => {
    const draft = fromRuleBody('flood-suoi-rat', stored);
    expect(draft).toMatchObject({
      target: 'source',
      levels: [
        { severity: 'warning', op: '>=', value: 2.5 },
        { severity: 'critical', op: '>=', value: 3 },
      ],
      sustainedMinutes: 5,
      clear: { enabled: true, op: '<', value: 2.3, minutes: 10 },
      action: { type: 'open-incident', sopKey: 'flood-response', title: 'Ngập {{value}} m' },
      noData: { treatAs: 'alerting', minutes: 30 },
    });
    expect(draft.advancedOnly).toBeUndefined();
    const body: Record<string, unknown> = { ...stored };
    delete body['key'];
    delete body['version'];
    expect(toRuleBody(draft)).toEqual(body);
  });

  it('keeps what the form does not show (conditions, schedule, variables) through an edit', () => {
    const draft = fromRuleBody('x', stored);
    draft.levels[1]!.value = 3.2;
    draft.clear.enabled = false;
    draft.noData.treatAs = 'keep-last';
    const body = toRuleBody(draft);
    expect(body['conditions']).toEqual(stored.conditions);
    expect(body['schedule']).toEqual(stored.schedule);
    expect((body['action'] as { variables: unknown }).variables).toEqual({ level: '{{value}}' });
    expect(body['levels']).toContainEqual({ severity: 'critical', threshold: { op: '>=', value: 3.2 } });
    expect(body).not.toHaveProperty('clear');
    expect(body).not.toHaveProperty('noData');
  });

  it('a rule by source type writes sourceType, not source; notify drops the SOP', () => {
    const draft = emptyDraft();
    Object.assign(draft, { name: 'PM2.5', target: 'sourceType', sourceType: 'air-quality', source: 'stale', metric: 'pm25' });
    draft.action = { type: 'notify', sopKey: 'air-quality-response', title: '' };
    const body = toRuleBody(draft);
    expect(body).toMatchObject({ sourceType: 'air-quality', action: { type: 'notify' } });
    expect(body).not.toHaveProperty('source');
    expect(body['action']).toEqual({ type: 'notify' });
  });

  it('marks a rule whose levels are condition trees as advanced-only', () => {
    const draft = fromRuleBody('f', { ...stored, levels: [{ severity: 'warning', conditions: { all: [{ fact: 'window', operator: 'forecastExceeds', value: {} }] } }] });
    expect(draft.advancedOnly).toMatch(/json-rules-engine/);
  });

  it('converts minutes and ISO durations', () => {
    expect(minutesToIso(90)).toBe('PT90M');
    expect(minutesToIso(0)).toBeUndefined();
    expect(minutesToIso(null)).toBeUndefined();
    expect(isoToMinutes('PT2H30M')).toBe(150);
    expect(isoToMinutes('P1D')).toBe(1440);
    expect(isoToMinutes('PT30S')).toBe(0.5);
    expect(isoToMinutes('P')).toBeNull();
    expect(isoToMinutes('two minutes')).toBeNull();
  });
});
