import { DEMO_USERS } from '../../demo/dataset';
import { Incident } from '../../model';
import { isoAtVietnamOffset, TimeSkippingStack } from '../support/time-skipping';

const HOUR = 3_600_000;
const operator = DEMO_USERS.find((u) => u.username === 'operator.tanphu')!;

let stack: TimeSkippingStack;

beforeAll(async () => {
  stack = await TimeSkippingStack.start('timers-catch', ['timer-catch-duration', 'timer-catch-date', 'timer-cycle-reminder']);
});
afterEach(async () => stack.finishAll());
afterAll(async () => stack?.close());

describe('timer catch events and cycles on the time-skipping server', () => {
  it('an intermediate timer of PT2H: nothing after one hour, the next task after two', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'timer:pt2h',
      title: 'Cây đổ đường Phú Riềng Đỏ',
      severity: 'warning',
      sopKey: 'timer-catch-duration',
      unit: 'tan-phu',
    });
    const report = await stack.task(incidentId, 'report', 'open');
    expect(report).toMatchObject({ unit: 'tan-phu', role: 'operator' });
    await stack.completeTask(report, operator.username, { note: 'đã chụp ảnh' });
    const completedAt = await stack.now();
    await stack.settle(handle);
    const waiting = await stack.state(handle);
    expect(waiting.activeSteps).toEqual(['wait_2h']);
    const timer = waiting.timers!.find((t) => t.nodeId === 'wait_2h')!;
    expect(timer.purpose).toBe('catch');
    expect(timer.dueAt - completedAt).toBeGreaterThan(2 * HOUR - 60_000);
    expect(timer.dueAt - completedAt).toBeLessThanOrEqual(2 * HOUR);

    await stack.sleep('1 hour');
    await stack.settle(handle);
    expect((await stack.tasks(incidentId)).map((t) => t.stepId)).toEqual(['report']);
    expect((await stack.state(handle)).activeSteps).toEqual(['wait_2h']);

    await stack.sleep('1 hour');
    const recheck = await stack.task(incidentId, 'recheck', 'open');
    expect(recheck).toMatchObject({ unit: 'tan-phu', role: 'operator' });
    expect(await stack.now()).toBeGreaterThanOrEqual(timer.dueAt);
    expect((await stack.state(handle)).stepCounts).toMatchObject({ report: 1, wait_2h: 1 });

    await stack.completeTask(recheck, operator.username);
    expect(await handle.result()).toMatchObject({ incidentId, resolution: 'Đã kiểm tra lại', outcome: 'completed' });
    expect(await Incident.findById(incidentId).lean()).toMatchObject({ status: 'resolved', resolution: 'Đã kiểm tra lại' });
  });

  it('a date timer with a +07:00 offset two days ahead fires at that instant, not before', async () => {
    const wakeMs = Math.floor(((await stack.now()) + 2 * 24 * HOUR) / 60_000) * 60_000;
    const wakeAt = isoAtVietnamOffset(wakeMs);
    expect(wakeAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000\+07:00$/);
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'timer:date',
      title: 'Kiểm tra cống theo lịch',
      severity: 'info',
      sopKey: 'timer-catch-date',
      unit: 'tan-phu',
      variables: { wakeAt },
    });
    await stack.settle(handle);
    const waiting = await stack.state(handle);
    expect(waiting.activeSteps).toEqual(['wake_at']);
    expect(waiting.timers).toEqual([{ purpose: 'catch', nodeId: 'wake_at', dueAt: wakeMs }]);

    await stack.sleep(wakeMs - (await stack.now()) - 60_000); // one minute early
    await stack.settle(handle);
    expect(await stack.tasks(incidentId)).toEqual([]);

    await stack.sleep('2 minutes');
    const check = await stack.task(incidentId, 'scheduled_check', 'open');
    expect(check).toMatchObject({ unit: 'tan-phu', role: 'operator', name: 'Kiểm tra theo lịch' });
    expect(await stack.now()).toBeGreaterThanOrEqual(wakeMs);
    await stack.completeTask(check, operator.username);
    expect(await handle.result()).toMatchObject({ resolution: 'Đã kiểm tra theo lịch', outcome: 'completed' });
  });

  it('a cycle R3/PT6H on a non-interrupting boundary: three reminders by send task after 18 hours, never a fourth', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'timer:cycle',
      title: 'Rò rỉ ống nước Tân Phú',
      severity: 'warning',
      sopKey: 'timer-cycle-reminder',
      unit: 'tan-phu',
    });
    const inspect = await stack.task(incidentId, 'inspect', 'open');
    await stack.settle(handle);

    await stack.sleep('359 minutes');
    await stack.settle(handle);
    expect(await stack.notifications(incidentId)).toEqual([]);

    await stack.sleep('2 minutes'); // 6 h 01
    await stack.notificationsReach(incidentId, 1);
    await stack.sleep('6 hours'); // 12 h 01
    await stack.notificationsReach(incidentId, 2);
    await stack.sleep('6 hours'); // 18 h 01
    const reminders = await stack.notificationsReach(incidentId, 3);
    await stack.settle(handle);
    expect(reminders).toHaveLength(3);
    for (const n of reminders) {
      // The send task's recipients (unit tan-phu, role operator) resolve to the ward's demo operator only.
      expect(n).toMatchObject({ user: operator.username, kind: 'notify', subject: 'Nhắc việc: Rò rỉ ống nước Tân Phú' });
      expect(n.body).toContain('Kiểm tra đường ống');
    }
    expect(new Set(reminders.map((n) => n._id)).size).toBe(3);
    // The host task kept waiting through every reminder (non-interrupting).
    expect(await stack.task(incidentId, 'inspect')).toMatchObject({ _id: inspect._id, status: 'open' });
    expect((await stack.state(handle)).stepCounts).toMatchObject({ every_6h: 3, remind: 3, end_reminded: 3 });
    expect((await stack.state(handle)).timers).toEqual([]);

    await stack.sleep('1 day');
    await stack.settle(handle);
    expect(await stack.notifications(incidentId)).toHaveLength(3);

    await stack.completeTask(inspect, operator.username);
    expect(await handle.result()).toMatchObject({ resolution: 'Đã kiểm tra', outcome: 'completed' });
  });
});
