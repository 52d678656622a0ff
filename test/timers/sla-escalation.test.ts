import { DEMO_USERS, UNITS } from '../../demo/dataset';
import { Task } from '../../model';
import { isoAtVietnamOffset, TimeSkippingStack, type NotificationLean, type TaskLean } from '../support/time-skipping';

const HOUR = 3_600_000;
const leader = DEMO_USERS.find((u) => u.username === 'leader')!;
const operator = DEMO_USERS.find((u) => u.username === 'operator.tanphu')!;

let stack: TimeSkippingStack;

beforeAll(async () => {
  stack = await TimeSkippingStack.start('timers-sla', ['timer-sla-escalation', 'timer-sla-default']);
});
afterEach(async () => stack.finishAll());
afterAll(async () => stack?.close());

/** An escalation notification's round, level and recipient, read from its key `${taskId}:escalation:${round}:${level}:${n}:${user}`. */
function escalationsOf(notifications: NotificationLean[]) {
  return notifications
    .filter((n) => n.kind === 'escalation')
    .map((n) => {
      const m = /:escalation:(\d+):(\d+):(\d+):([^:]+)$/.exec(n._id)!;
      return { round: Number(m[1]), level: Number(m[2]), seq: Number(m[3]), user: n.user, subject: n.subject };
    })
    .sort((a, b) => a.seq - b.seq);
}

async function escalations(incidentId: string, count: number) {
  return escalationsOf(await stack.notificationsReach(incidentId, count, { kind: 'escalation' }));
}

async function taskDoc(task: TaskLean): Promise<TaskLean> {
  return (await Task.findById(task._id).lean()) as TaskLean;
}

describe('SLA reminders and escalation chains on the time-skipping server', () => {
  it('reminder at 3 h, level 1 at 4 h, level 2 at 5 h, level 1 again at 7 h (repeat 2), then silence', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'sla:chain',
      title: 'Ùn tắc giao thông QL14',
      severity: 'critical',
      sopKey: 'timer-sla-escalation',
      unit: 'tan-phu',
    });
    const dispatch = await stack.task(incidentId, 'dispatch', 'open');
    await stack.settle(handle);
    const dueAt = (await stack.state(handle)).steps!.find((s) => s.stepId === 'dispatch')!.dueAt!;
    expect(dispatch.dueAt!.getTime()).toBe(dueAt);
    expect(dueAt - (await stack.now())).toBeGreaterThan(4 * HOUR - 60_000);

    await stack.sleep('179 minutes');
    await stack.settle(handle);
    expect(await stack.notifications(incidentId)).toEqual([]);

    await stack.sleep('2 minutes'); // 3 h 01: one hour before the due time
    const [reminder] = await stack.notificationsReach(incidentId, 1, { kind: 'reminder' });
    expect(reminder).toMatchObject({ user: operator.username, taskId: dispatch._id });
    expect(reminder!.subject).toMatch(/^Nhắc việc: "Điều phối lực lượng" sắp đến hạn/);
    // The due time is shown in Việt Nam's local time (UTC+07:00), e.g. "(01:31:00 26/11/2026)".
    const [, y, mo, d, hms] = /^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)/.exec(isoAtVietnamOffset(dueAt))!;
    expect(reminder!.subject).toContain(`(${hms} ${d}/${mo}/${y})`);
    await stack.settle(handle);
    expect(await stack.notifications(incidentId, { kind: 'escalation' })).toEqual([]);
    expect((await taskDoc(dispatch)).remindedAt).toBeInstanceOf(Date);

    await stack.sleep('1 hour'); // 4 h 01: due — level 1, operators covering the ward
    expect(await escalations(incidentId, 1)).toEqual([expect.objectContaining({ round: 1, level: 1, user: operator.username })]);
    await stack.settle(handle);
    expect((await taskDoc(dispatch)).escalationLevel).toBe(1);

    await stack.sleep('1 hour'); // 5 h 01: level 2, the leaders
    expect((await escalations(incidentId, 2))[1]).toMatchObject({ round: 1, level: 2, user: leader.username, subject: 'Quá hạn — cấp xử lý 2: "Điều phối lực lượng"' });
    await stack.settle(handle);
    expect((await taskDoc(dispatch)).escalationLevel).toBe(2);

    await stack.sleep('118 minutes'); // 6 h 59: level 2 waits two hours before the chain repeats
    await stack.settle(handle);
    expect(await stack.notifications(incidentId, { kind: 'escalation' })).toHaveLength(2);

    await stack.sleep('2 minutes'); // 7 h 01: round 2 starts at level 1
    expect((await escalations(incidentId, 3))[2]).toMatchObject({ round: 2, level: 1, user: operator.username });
    await stack.settle(handle);
    expect((await taskDoc(dispatch)).escalationLevel).toBe(1);

    await stack.sleep('1 hour'); // 8 h 01: round 2, level 2 — the last one (repeat = 2)
    expect((await escalations(incidentId, 4))[3]).toMatchObject({ round: 2, level: 2, user: leader.username });
    await stack.settle(handle);
    expect((await stack.state(handle)).timers).toEqual([]);

    await stack.sleep('2 days');
    await stack.settle(handle);
    const all = await stack.notifications(incidentId);
    expect(all.map((n) => n.kind).sort()).toEqual(['escalation', 'escalation', 'escalation', 'escalation', 'reminder']);
    // Everyone told is a real demo user: the ward's operator (level 1) and the city's leader (level 2).
    expect(new Set(all.map((n) => n.user))).toEqual(new Set([operator.username, leader.username]));
    expect(await stack.task(incidentId, 'dispatch')).toMatchObject({ status: 'open', escalationLevel: 2 });
  });

  it('a claim stops the chain; claimed but untouched for the 2 h ack timeout, the step escalates again', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'sla:claim',
      title: 'Sạt lở bờ suối',
      severity: 'critical',
      sopKey: 'timer-sla-escalation',
      unit: 'tan-phu',
    });
    const dispatch = await stack.task(incidentId, 'dispatch', 'open');
    await stack.settle(handle);

    await stack.sleep('241 minutes'); // 4 h 01: level 1
    expect(await escalations(incidentId, 1)).toEqual([expect.objectContaining({ round: 1, level: 1, user: operator.username })]);
    await stack.settle(handle);

    await stack.claimTask(dispatch, operator.username);
    const claimedAt = await stack.now();
    await stack.settle(handle);
    const timers = (await stack.state(handle)).timers!;
    expect(timers.map((t) => t.purpose)).toEqual(['ack']);
    expect(timers[0]!.dueAt - claimedAt).toBeGreaterThan(2 * HOUR - 60_000);

    await stack.sleep('89 minutes'); // 5 h 30: level 2 would have gone at 5 h — the claim stopped it
    await stack.settle(handle);
    expect(escalationsOf(await stack.notifications(incidentId))).toHaveLength(1);
    expect(await stack.task(incidentId, 'dispatch')).toMatchObject({ status: 'claimed', assignee: operator.username, escalationLevel: 1 });

    await stack.sleep('32 minutes'); // 6 h 02: two hours after the claim with nothing done
    const again = (await escalations(incidentId, 2))[1]!;
    expect(again).toMatchObject({ round: 1, level: 1, user: operator.username });
    expect(again.subject).toContain('(đã nhận nhưng chưa xử lý)');
    await stack.settle(handle);
    expect(await stack.task(incidentId, 'dispatch')).toMatchObject({ status: 'claimed', escalationLevel: 1 });

    await stack.sleep('1 hour'); // the chain runs on despite the claim: level 2 an hour later
    expect((await escalations(incidentId, 3))[2]).toMatchObject({ round: 1, level: 2, user: leader.username });

    await stack.completeTask(dispatch, operator.username, { units: 2 });
    expect(await handle.result()).toMatchObject({ resolution: 'Đã điều phối', outcome: 'completed' });
    expect(await stack.task(incidentId, 'dispatch')).toMatchObject({ status: 'completed', completedBy: operator.username });
    expect(escalationsOf(await stack.notifications(incidentId))).toHaveLength(3);
  });

  it('with only an SLA drawn, the default escalation tells the leader covering the unit after the due time', async () => {
    // The task's unit (tan-phu) lies under the city, where the demo leader sits.
    expect(UNITS.find((u) => u._id === 'tan-phu')!.parent).toBe(leader.unit);
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'sla:default',
      title: 'Mất điện khu phố 3',
      severity: 'warning',
      sopKey: 'timer-sla-default',
      unit: 'tan-phu',
    });
    const verify = await stack.task(incidentId, 'verify', 'open');
    await stack.settle(handle);

    await stack.sleep('119 minutes');
    await stack.settle(handle);
    expect(await stack.notifications(incidentId)).toEqual([]);

    await stack.sleep('2 minutes'); // 2 h 01: due
    expect(await escalations(incidentId, 1)).toEqual([expect.objectContaining({ round: 1, level: 1, user: leader.username, subject: 'Quá hạn — cấp xử lý 1: "Xác minh sự cố"' })]);
    await stack.settle(handle);
    expect(await stack.task(incidentId, 'verify')).toMatchObject({ status: 'open', escalationLevel: 1 });

    await stack.sleep('1 day');
    await stack.settle(handle);
    // One level, told once; no reminder was drawn, and the ward's operator is not a leader.
    expect(await stack.notifications(incidentId)).toEqual([expect.objectContaining({ user: leader.username, kind: 'escalation' })]);
    await stack.completeTask(verify, operator.username);
    expect(await handle.result()).toMatchObject({ resolution: 'Đã xác minh' });
  });

  it('the escalation chain keeps its timers across continue-as-new', async () => {
    // A history limit this low makes the run continue as new after almost every wake-up.
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'sla:continue-as-new',
      title: 'Ngập cục bộ đường Phú Riềng Đỏ',
      severity: 'critical',
      sopKey: 'timer-sla-escalation',
      unit: 'tan-phu',
      historyLimit: 20,
    });
    const dispatch = await stack.task(incidentId, 'dispatch', 'open');
    const latest = stack.env.client.workflow.getHandle(handle.workflowId);

    await stack.sleep('181 minutes');
    await stack.notificationsReach(incidentId, 1, { kind: 'reminder' });
    await stack.sleep('1 hour');
    await escalations(incidentId, 1);
    await stack.sleep('1 hour');
    await escalations(incidentId, 2);
    await stack.sleep('2 hours');
    await escalations(incidentId, 3);
    await stack.sleep('1 hour');
    const told = await escalations(incidentId, 4);
    await stack.settle(latest);
    expect(told.map((e) => [e.round, e.level, e.user])).toEqual([
      [1, 1, operator.username],
      [1, 2, leader.username],
      [2, 1, operator.username],
      [2, 2, leader.username],
    ]);
    const state = await stack.state(latest);
    expect(state.runs).toBeGreaterThan(1);
    expect(state.incidentId).toBe(incidentId);
    expect(state.timers).toEqual([]);

    await stack.sleep('1 day');
    await stack.settle(latest);
    expect(await stack.notifications(incidentId)).toHaveLength(5);
    // The task still answers on the incident's first run id, whichever run holds it now.
    await stack.completeTask(dispatch, operator.username);
    expect(await latest.result()).toMatchObject({ incidentId, resolution: 'Đã điều phối', outcome: 'completed' });
  });

  it('claimed and released before the due time, the step still escalates when it falls due', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'sla:release',
      title: 'Cháy cỏ ven đường',
      severity: 'warning',
      sopKey: 'timer-sla-escalation',
      unit: 'tan-phu',
    });
    const dispatch = await stack.task(incidentId, 'dispatch', 'open');
    await stack.settle(handle);

    await stack.sleep('1 hour');
    await stack.claimTask(dispatch, operator.username);
    await stack.settle(handle);
    await stack.sleep('1 hour');
    await stack.releaseTask(dispatch);
    await stack.settle(handle);
    expect((await stack.state(handle)).timers!.map((t) => t.purpose).sort()).toEqual(['escalate', 'reminder']);

    await stack.sleep('119 minutes'); // 3 h 59: reminded, not escalated yet
    await stack.notificationsReach(incidentId, 1, { kind: 'reminder' });
    await stack.settle(handle);
    expect(escalationsOf(await stack.notifications(incidentId))).toEqual([]);

    await stack.sleep('2 minutes'); // 4 h 01: due
    expect(await escalations(incidentId, 1)).toEqual([expect.objectContaining({ round: 1, level: 1, user: operator.username })]);
  });

  it('an ack timeout that runs out before the due time waits for the due time to escalate', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'sla:early-ack',
      title: 'Cây ngã chắn đường',
      severity: 'warning',
      sopKey: 'timer-sla-escalation',
      unit: 'tan-phu',
    });
    const dispatch = await stack.task(incidentId, 'dispatch', 'open');
    await stack.settle(handle);

    await stack.sleep('30 minutes');
    await stack.claimTask(dispatch, operator.username);
    await stack.sleep('2 hours'); // 2 h 30: claimed and untouched for the ack timeout, but not overdue
    await stack.settle(handle);
    expect(escalationsOf(await stack.notifications(incidentId))).toEqual([]);

    await stack.sleep('89 minutes'); // 3 h 59
    await stack.settle(handle);
    expect(escalationsOf(await stack.notifications(incidentId))).toEqual([]);

    await stack.sleep('2 minutes'); // 4 h 01: due, still claimed and untouched
    const [first] = await escalations(incidentId, 1);
    expect(first).toMatchObject({ round: 1, level: 1, user: operator.username });
    expect(first!.subject).toContain('(đã nhận nhưng chưa xử lý)');
  });
});
