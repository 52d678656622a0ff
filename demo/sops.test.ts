// The demo SOPs run as the rules start them: each is driven through the pure SOP engine from the
// variables its rule renders over a reading, completing every step with data its form accepts,
// and must assign each step to the unit the story needs and end where it should. No Temporal.
import { validateSubmission } from '../api/forms/validate-submission';
import { WindowStore } from '../rules/window';
import { renderTemplate } from '../platform/templates';
import { EngineDriver, HOUR } from '../test/engine/driver';
import { FORMS } from './forms';
import { compileDemoSop, demoRuleIndex, demoSourceSpec } from './test-support';

interface Reading {
  source: string;
  metric: string;
  value: unknown;
  /** Local time in Đồng Xoài; default 20:00 on the day of the drill. */
  at?: string;
}

/** Starts the SOP of `ruleKey` as the incident workflow would: the rule's rendered variables plus `incident`. */
async function startFromRule(ruleKey: string, reading: Reading, windows?: WindowStore): Promise<EngineDriver> {
  const spec = demoSourceSpec(reading.source)!;
  const observedAt = new Date(`${reading.at ?? '2026-11-25T20:00'}:00+07:00`).toISOString();
  const facts = { ...reading, unit: spec.unit, type: spec.type, observedAt, ...(spec.location ? { location: spec.location as { lat: number; lon: number } } : {}) };
  const match = (await demoRuleIndex().evaluate(facts, windows)).find((m) => m.rule.key === ruleKey);
  expect(match?.matched).toBeDefined();
  expect(match!.suppressed).toBe(false);
  const { graph } = await compileDemoSop(match!.rule.action.sopKey!);
  // A rule-opened incident has no unit, hence no incident.ward (incident-workflow.ts): SOPs route by the rule's variables.
  const incident = { id: 'inc-1', correlationKey: match!.correlationKey, title: match!.title, severity: match!.matched, unit: null, ward: null, location: spec.location ?? null };
  return EngineDriver.startGraph(graph, { ...match!.variables, incident });
}

/** Checks the open step's assignment and form, validates `data` as the API would, and completes it. */
function complete(run: EngineDriver, stepId: string, expected: { unit: string; form: string }, data: Record<string, unknown>): void {
  const task = run.task(stepId);
  expect({ stepId, unit: task.assignee.unit, role: task.assignee.role, form: task.form?.key }).toEqual({ stepId, unit: expected.unit, role: 'operator', form: expected.form });
  const form = FORMS.find((f) => f.key === expected.form)!;
  const { data: accepted, errors } = validateSubmission(form.components, data);
  expect(errors).toEqual([]);
  run.complete(stepId, accepted, 'operator.demo');
}

/** The notification a send task asks for, rendered as the notify activity renders it; then it succeeds. */
function notified(run: EngineDriver, stepId: string): { recipients: Record<string, unknown>; body: string } {
  const call = run.service(stepId);
  expect(call.serviceType).toBe('notify');
  const { body, recipientUnit, recipientRole } = call.params as Record<string, string>;
  const rendered = renderTemplate(body!, run.variables);
  expect(rendered).not.toContain('{{');
  run.serviceDone(stepId, { recipients: ['leader'] });
  return { recipients: { unit: recipientUnit, role: recipientRole }, body: rendered };
}

const dueIn = (run: EngineDriver, stepId: string) => run.task(stepId).dueAt! - run.now;

describe('flood-response, opened early by the forecast rule', () => {
  it('has Tân Phú verify on camera and warn residents', async () => {
    const windows = new WindowStore();
    const key = WindowStore.key('flood-sensor/suoi-rat-bridge-11', 'water_level_m');
    const at = Date.parse('2026-11-25T20:00:00+07:00');
    [1.6, 1.8, 2.0, 2.2, 2.4].forEach((v, i) => windows.add(key, { t: at - (4 - i) * 5 * 60_000, v }));
    const run = await startFromRule('flood-suoi-rat-forecast', { source: 'flood-sensor/suoi-rat-bridge-11', metric: 'water_level_m', value: 2.4 }, windows);
    expect(run.variables.incident).toMatchObject({ severity: 'warning', title: 'Ngập lụt Suối Rạt — cầu 11' });
    complete(run, 'verify', { unit: 'tan-phu', form: 'flood-verify' }, { confirmed: true, notes: 'Nước tràn mặt cầu 11' });
    complete(run, 'notify_close', { unit: 'tan-phu', form: 'flood-action' }, { residentsNotified: true, roadClosed: true });
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_handled' });
  });
});

describe('air-quality-response', () => {
  const station = 'air-quality/tan-binh-01';
  const smoky = () => {
    const windows = new WindowStore();
    const at = Date.parse('2026-11-25T20:00:00+07:00');
    for (let i = 0; i < 12; i++) windows.add(WindowStore.key(station, 'pm25'), { t: at - i * 5 * 60_000, v: 62 });
    return windows;
  };

  it('has the IOC check the data, then the station’s ward inspect while the leaders are told', async () => {
    const run = await startFromRule('air-quality-pm25', { source: station, metric: 'pm25', value: 62 }, smoky());
    expect(run.variables.incident).toMatchObject({ severity: 'warning' });
    complete(run, 'verify', { unit: 'ioc', form: 'air-verify' }, { confirmed: true, likelySource: 'dot-rac', notes: 'Trạm Tân Phú cũng tăng; camera thấy khói' });
    expect(dueIn(run, 'inspect')).toBe(2 * HOUR);
    const message = notified(run, 'inform_leaders');
    expect(message.recipients).toEqual({ unit: undefined, role: 'leader' });
    expect(message.body).toContain('PM2.5 62 µg/m³, nguồn nghi ngờ: dot-rac');
    complete(run, 'inspect', { unit: 'tan-binh', form: 'air-action' }, { actions: 'Nhắc nhở hộ dân đốt rác, dập lửa', residentsAdvised: true });
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_handled' });
  });

  it('ends as a sensor fault when the data is not confirmed', async () => {
    const run = await startFromRule('air-quality-pm25', { source: station, metric: 'pm25', value: 62 }, smoky());
    complete(run, 'verify', { unit: 'ioc', form: 'air-verify' }, { confirmed: false, likelySource: 'chua-ro' });
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_sensor_fault' });
  });
});

describe('streetlight-fault', () => {
  it('has the lighting team repair a failed lamp within the shift and report to the IOC', async () => {
    const run = await startFromRule('streetlight-lamp-fault', { source: 'street-light/le-duan', metric: 'lamp_status', value: 'fault' });
    expect(run.variables).toMatchObject({ street: 'street-light/le-duan', fault: 'lamp', incident: { severity: 'warning' } });
    complete(run, 'verify', { unit: 'ioc', form: 'light-verify' }, { confirmed: true, lampsOut: 1 });
    expect(dueIn(run, 'repair')).toBe(8 * HOUR);
    complete(run, 'repair', { unit: 'doi-chieu-sang', form: 'light-repair' }, { repaired: true, work: 'Thay bộ đèn LED cột 12' });
    expect(notified(run, 'report_done')).toEqual({ recipients: { unit: 'ioc', role: 'operator' }, body: 'Đèn chiếu sáng hư hỏng — street-light/le-duan: Thay bộ đèn LED cột 12' });
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_repaired' });
  });

  it('gives a street dark at night two hours, and closes a false alarm', async () => {
    const dark = await startFromRule('streetlight-power-loss', { source: 'street-light/ly-thuong-kiet', metric: 'power_w', value: 0, at: '2026-11-25T23:00' });
    expect(dark.variables.incident).toMatchObject({ severity: 'critical' });
    complete(dark, 'verify', { unit: 'ioc', form: 'light-verify' }, { confirmed: true, lampsOut: 16 });
    expect(dueIn(dark, 'repair')).toBe(2 * HOUR);

    const fine = await startFromRule('streetlight-lamp-fault', { source: 'street-light/ly-thuong-kiet', metric: 'lamp_status', value: 'fault' });
    complete(fine, 'verify', { unit: 'ioc', form: 'light-verify' }, { confirmed: false, lampsOut: 0 });
    expect(fine.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_false_alarm' });
  });
});

describe('camera-alert', () => {
  it('dispatches the camera’s ward to an intrusion at bridge 11 and reports it to the leaders', async () => {
    const run = await startFromRule('camera-intrusion', { source: 'camera-ai/cau-11-suoi-rat', metric: 'intrusion', value: true });
    expect(run.variables).toMatchObject({ alertKind: 'intrusion', ward: 'tan-phu', incident: { severity: 'critical' } });
    expect(dueIn(run, 'verify')).toBe(5 * 60_000);
    complete(run, 'verify', { unit: 'ioc', form: 'camera-verify' }, { confirmed: true, situation: 'xam-nhap', people: 1 });
    complete(run, 'dispatch', { unit: 'tan-phu', form: 'field-response' }, { arrived: true, outcome: 'Đưa người dân ra khỏi bờ suối' });
    expect(notified(run, 'report_leaders').body).toBe('Xâm nhập vùng cấm — camera-ai/cau-11-suoi-rat: Đưa người dân ra khỏi bờ suối');
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_reported' });
  });

  it('handles a peaceful crowd at the market in Tân Bình without a report, and a false alarm without dispatch', async () => {
    const crowd = await startFromRule('camera-crowd', { source: 'camera-ai/cho-dong-xoai', metric: 'crowd_count', value: 180 });
    complete(crowd, 'verify', { unit: 'ioc', form: 'camera-verify' }, { confirmed: true, situation: 'tu-tap', people: 180 });
    complete(crowd, 'dispatch', { unit: 'tan-binh', form: 'field-response' }, { arrived: true, outcome: 'Phân luồng, giải tán' });
    expect(crowd.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_handled' });

    const fake = await startFromRule('camera-crowd', { source: 'camera-ai/quang-truong-tinh', metric: 'crowd_count', value: 120 });
    complete(fake, 'verify', { unit: 'ioc', form: 'camera-verify' }, { confirmed: false, situation: 'khac' });
    expect(fake.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_false_alarm' });
  });

  it('dispatches an incident opened by hand to its ward, or to the IOC without one', async () => {
    const { graph } = await compileDemoSop('camera-alert');
    for (const [ward, unit] of [
      ['tien-thanh', 'tien-thanh'],
      [null, 'ioc'],
    ] as const) {
      const run = EngineDriver.startGraph(graph, { incident: { id: 'inc-1', title: 'Camera', severity: 'warning', unit: ward, ward } });
      complete(run, 'verify', { unit: 'ioc', form: 'camera-verify' }, { confirmed: true, situation: 'tu-tap' });
      expect(run.task('dispatch').assignee.unit).toBe(unit);
    }
  });
});

describe('citizen-report', () => {
  const report = (value: string) => startFromRule('citizen-report-received', { source: 'citizen-report/bpt-2041', metric: 'report', value });

  it('has the IOC triage an urgent report, the chosen ward handle it the same day and the IOC reply', async () => {
    const run = await report('ngap-ung');
    expect(run.variables).toMatchObject({ category: 'ngap-ung', reporter: 'citizen-report/bpt-2041', incident: { severity: 'warning' } });
    complete(run, 'triage', { unit: 'ioc', form: 'report-triage' }, { valid: true, category: 'ngap-ung', ward: 'tan-xuan', summary: 'Ngập sâu 40 cm đường Phú Riềng Đỏ' });
    expect(dueIn(run, 'handle')).toBe(8 * HOUR);
    complete(run, 'handle', { unit: 'tan-xuan', form: 'report-result' }, { result: 'Khơi thông cống thoát nước', resolved: true });
    complete(run, 'reply', { unit: 'ioc', form: 'report-reply' }, { reply: 'Phường Tân Xuân đã khơi thông cống', published: true });
    expect(run.path).toEqual(['triage', 'handle', 'reply', 'end_replied']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_replied' });
  });

  it('gives other categories three days, and answers an invalid report without a ward step', async () => {
    const litter = await report('rac-thai');
    expect(litter.variables.incident).toMatchObject({ severity: 'info' });
    complete(litter, 'triage', { unit: 'ioc', form: 'report-triage' }, { valid: true, category: 'rac-thai', ward: 'tan-thien', summary: 'Rác tồn đọng' });
    expect(dueIn(litter, 'handle')).toBe(72 * HOUR);

    const duplicate = await report('khac');
    complete(duplicate, 'triage', { unit: 'ioc', form: 'report-triage' }, { valid: false, category: 'khac', ward: 'tan-phu', summary: 'Trùng phản ánh trước' });
    complete(duplicate, 'reply', { unit: 'ioc', form: 'report-reply' }, { reply: 'Phản ánh đã được tiếp nhận trước đó', published: true });
    expect(duplicate.path).not.toContain('handle');
    expect(duplicate.outcome).toEqual({ outcome: 'completed', endNodeId: 'end_replied' });
  });

  it('refuses a triage naming a ward that does not exist, so the handling step always has a unit', () => {
    const triage = FORMS.find((f) => f.key === 'report-triage')!;
    const { errors } = validateSubmission(triage.components, { valid: true, category: 'ngap-ung', ward: 'ha-noi', summary: 's' });
    expect(errors.map((e) => e.field)).toEqual(['ward']);
  });
});
