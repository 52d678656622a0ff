import { DEMO_USERS } from '../../demo/dataset';
import { Incident } from '../../model';
import { deliverMessageUpdate } from '../../workflows/definitions';
import { WorkflowErrorType } from '../../workflows/errors';
import { TimeSkippingStack, updateRefusal } from '../support/time-skipping';

const leader = DEMO_USERS.find((u) => u.username === 'leader')!;
const operator = DEMO_USERS.find((u) => u.username === 'operator.tanphu')!;

let stack: TimeSkippingStack;

beforeAll(async () => {
  stack = await TimeSkippingStack.start('timers-boundary', ['timer-boundary-interrupt', 'timer-event-gateway', 'timer-call-child', 'timer-call-parent']);
});
afterEach(async () => stack.finishAll());
afterAll(async () => stack?.close());

describe('interrupting boundary timers and event-based gateways on the time-skipping server', () => {
  it('an interrupting P1D boundary timer cancels the waiting task and takes the escalation path', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'timer:p1d',
      title: 'Đèn tín hiệu hỏng ngã tư Sóc Miên',
      severity: 'warning',
      sopKey: 'timer-boundary-interrupt',
      unit: 'tan-phu',
    });
    const repair = await stack.task(incidentId, 'repair', 'open');
    await stack.settle(handle);

    await stack.sleep('23 hours');
    await stack.settle(handle);
    expect(await stack.task(incidentId, 'repair')).toMatchObject({ status: 'open' });
    expect((await stack.tasks(incidentId)).map((t) => t.stepId)).toEqual(['repair']);

    await stack.sleep('61 minutes');
    const cancelled = await stack.task(incidentId, 'repair', 'cancelled');
    expect(cancelled).toMatchObject({ _id: repair._id, cancelReason: 'boundary event overdue' });
    expect(cancelled.completedAt).toBeInstanceOf(Date);
    const city = await stack.task(incidentId, 'city_repair', 'open');
    // Assigned to the city's leaders: the demo leader sits in that unit with that role.
    expect(city).toMatchObject({ unit: leader.unit, role: 'leader' });
    expect(leader.roles).toContain('leader');
    const state = await stack.state(handle);
    expect(state.activeSteps).toEqual(['city_repair']);
    expect(state.stepCounts).toMatchObject({ overdue: 1 });
    expect(state.stepCounts).not.toHaveProperty('repair');

    // The interrupted task can no longer be completed.
    expect(await updateRefusal(stack.completeTask(repair, operator.username))).toMatchObject({ type: WorkflowErrorType.TaskNotPending });
    await stack.completeTask(city, leader.username, { crew: 'đội điện lực' });
    expect(await handle.result()).toMatchObject({ resolution: 'Thành phố đã xử lý', outcome: 'completed' });
    expect(await Incident.findById(incidentId).lean()).toMatchObject({ status: 'resolved' });
  });

  it('an event-based gateway: the P3D timer wins over a message that never comes', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'timer:race',
      title: 'Chờ xác nhận đội hiện trường',
      severity: 'info',
      sopKey: 'timer-event-gateway',
      unit: 'tan-phu',
    });
    await stack.settle(handle);
    const waiting = await stack.state(handle);
    expect(waiting.activeSteps).toEqual(['await_ack']);
    expect(waiting.awaitingMessages).toEqual(['field-ack']);
    expect(waiting.timers).toEqual([expect.objectContaining({ purpose: 'gateway', nodeId: 'no_ack' })]);

    await stack.sleep('71 hours');
    await stack.settle(handle);
    expect(await stack.tasks(incidentId)).toEqual([]);

    await stack.sleep('61 minutes');
    const followUp = await stack.task(incidentId, 'follow_up', 'open');
    expect(followUp).toMatchObject({ unit: 'tan-phu', role: 'operator' });
    const after = await stack.state(handle);
    expect(after.activeSteps).toEqual(['follow_up']);
    expect(after.awaitingMessages).toEqual([]);
    expect(after.stepCounts).toMatchObject({ no_ack: 1 });
    expect(after.stepCounts).not.toHaveProperty('ack');
    // The message lost the race: nobody waits for it any more, so its delivery is refused.
    expect(await updateRefusal(handle.executeUpdate(deliverMessageUpdate, { args: [{ name: 'field-ack', data: {}, by: 'leader' }] }))).toEqual({
      type: WorkflowErrorType.NotApplicable,
      message: 'no step is waiting for message "field-ack"',
    });

    await stack.completeTask(followUp, operator.username);
    expect(await handle.result()).toMatchObject({ resolution: 'Đã liên hệ lại', outcome: 'completed' });
  });

  it('a call activity: the called SOP escalates its own SLA at 4 h, and a P1D boundary on the call cancels it and its task', async () => {
    const { handle, incidentId } = await stack.startIncident({
      correlationKey: 'timer:call',
      title: 'Vỡ ống cấp nước',
      severity: 'critical',
      sopKey: 'timer-call-parent',
      unit: 'tan-phu',
    });
    const fieldWork = await stack.task(incidentId, 'field_work', 'open');
    // The step runs in the child workflow, which the task names for completions and claims.
    expect(fieldWork.workflowId).not.toBe(handle.workflowId);
    const child = stack.env.client.workflow.getHandle(fieldWork.workflowId);
    await stack.settle(child);

    await stack.sleep('241 minutes'); // the child's own SLA: the default escalation tells the city's leader
    const [escalation] = await stack.notificationsReach(incidentId, 1, { kind: 'escalation' });
    expect(escalation).toMatchObject({ user: leader.username, taskId: fieldWork._id });
    await stack.settle(child);

    await stack.sleep('20 hours'); // 24 h 01
    const cancelled = await stack.task(incidentId, 'field_work', 'cancelled');
    expect(cancelled.cancelReason).toMatch(/cancel/);
    const takeover = await stack.task(incidentId, 'city_takeover', 'open');
    expect(takeover).toMatchObject({ unit: leader.unit, role: 'leader', workflowId: handle.workflowId });
    expect((await child.describe()).status.name).toBe('CANCELLED');
    expect((await stack.state(handle)).stepCounts).toMatchObject({ ward_overdue: 1 });

    await stack.completeTask(takeover, leader.username);
    expect(await handle.result()).toMatchObject({ resolution: 'Thành phố đã tiếp quản', outcome: 'completed' });
    expect(await stack.notifications(incidentId)).toHaveLength(1);
  });
});
