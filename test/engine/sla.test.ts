// SLA on user tasks: due time, reminder, escalation chains (levels, repeat, claim, ack timeout,
// escalate-now) and the default escalation when only an SLA is drawn.
import { EngineDriver, HOUR, MINUTE, T0 } from './driver';

const incident = { incident: { ward: 'tan-phu' } };
const LEADER = { unit: 'tan-phu', role: 'leader', match: 'covering' };
const CHAIRMAN = { unit: 'ioc', user: 'chu-tich' };

/** Notifications sent, as [minutes after T0, kind, level, round, recipients]. */
function notices(run: EngineDriver) {
  return run.timeline
    .filter((e) => e.command.type === 'notifyTask')
    .map(({ at, command }) => {
      const c = command as Extract<typeof command, { type: 'notifyTask' }>;
      return [(at - T0) / MINUTE, c.kind, c.level, c.round, c.recipients];
    });
}

describe('SLA and escalation', () => {
  it('creates the task due after the SLA; reminds before the due time; runs the chain twice through both levels', async () => {
    const run = await EngineDriver.start('sla-escalation', incident);
    expect(run.task('xuLyPhanAnh')).toMatchObject({ taskId: 'inc-1:xuLyPhanAnh:1', assignee: { unit: 'tan-phu', role: 'operator' }, dueAt: T0 + 30 * MINUTE });
    run.fireTimersUntil(T0 + 5 * HOUR);
    expect(notices(run)).toEqual([
      [20, 'reminder', undefined, undefined, { unit: 'tan-phu', role: 'operator' }],
      [30, 'escalation', 1, 1, LEADER],
      [40, 'escalation', 2, 1, CHAIRMAN],
      [60, 'escalation', 1, 2, LEADER],
      [70, 'escalation', 2, 2, CHAIRMAN],
    ]);
    expect(run.commandsOf('notifyTask')[0]).toMatchObject({ key: 'inc-1:xuLyPhanAnh:1:reminder', taskId: 'inc-1:xuLyPhanAnh:1', stepId: 'xuLyPhanAnh' });
    const keys = run.commandsOf('notifyTask').map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[1]).toMatch(/^inc-1:xuLyPhanAnh:1:escalation:1:1:/);
    expect(run.armedTimers()).toEqual([]);
    expect(run.task('xuLyPhanAnh')).toBeDefined();
  });

  it('completing the task cancels its reminder and escalation timers', async () => {
    const run = await EngineDriver.start('sla-escalation', incident);
    run.advance(5 * MINUTE);
    const commands = run.complete('xuLyPhanAnh', { daXuLy: true });
    expect(commands.filter((c) => c.type === 'cancelTimer')).toHaveLength(2);
    expect(run.armedTimers()).toEqual([]);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('a claim stops the chain', async () => {
    const run = await EngineDriver.start('sla-escalation', incident);
    run.fireTimersUntil(T0 + 35 * MINUTE);
    run.claim('xuLyPhanAnh');
    run.fireTimersUntil(T0 + 49 * MINUTE);
    expect(notices(run).map((n) => n[0])).toEqual([20, 30]);
    expect(run.engine.taskExec('inc-1:xuLyPhanAnh:1')).toMatchObject({ claimed: true, escalation: { level: 0, round: 1 } });
  });

  it('a claimed step untouched for the ack timeout runs the chain again', async () => {
    const run = await EngineDriver.start('sla-escalation', incident);
    run.fireTimersUntil(T0 + 35 * MINUTE);
    run.claim('xuLyPhanAnh');
    run.fireTimersUntil(T0 + 5 * HOUR);
    expect(notices(run).map((n) => n.slice(0, 4))).toEqual([
      [20, 'reminder', undefined, undefined],
      [30, 'escalation', 1, 1],
      [50, 'escalation', 1, 1],
      [60, 'escalation', 2, 1],
      [80, 'escalation', 1, 2],
      [90, 'escalation', 2, 2],
    ]);
  });

  it('a claim renewed before the ack timeout keeps the chain stopped', async () => {
    const run = await EngineDriver.start('sla-escalation', incident);
    run.fireTimersUntil(T0 + 35 * MINUTE);
    run.claim('xuLyPhanAnh');
    run.fireTimersUntil(T0 + 45 * MINUTE);
    run.release('xuLyPhanAnh'); // released after the due time: the chain starts again now
    run.claim('xuLyPhanAnh', 'operator.khac');
    run.fireTimersUntil(T0 + 59 * MINUTE);
    expect(notices(run).map((n) => n.slice(0, 3))).toEqual([
      [20, 'reminder', undefined],
      [30, 'escalation', 1],
      [45, 'escalation', 1],
    ]);
  });

  it('an ack timeout before the due time re-arms the chain for the due time, not earlier', async () => {
    const run = await EngineDriver.start('sla-escalation', incident);
    run.advance(2 * MINUTE);
    run.claim('xuLyPhanAnh');
    run.fireTimersUntil(T0 + 29 * MINUTE);
    expect(notices(run).map((n) => n.slice(0, 2))).toEqual([[20, 'reminder']]);
    run.fireTimersUntil(T0 + 45 * MINUTE);
    expect(notices(run).map((n) => n.slice(0, 3))).toEqual([
      [20, 'reminder', undefined],
      [30, 'escalation', 1],
      [40, 'escalation', 2],
    ]);
  });

  it('a step claimed and released before its due time still escalates when it falls due', async () => {
    const run = await EngineDriver.start('sla-escalation', incident);
    run.advance(5 * MINUTE);
    run.claim('xuLyPhanAnh');
    run.advance(5 * MINUTE);
    run.release('xuLyPhanAnh');
    run.fireTimersUntil(T0 + 41 * MINUTE);
    expect(notices(run).map((n) => n.slice(0, 3))).toEqual([
      [20, 'reminder', undefined],
      [30, 'escalation', 1],
      [40, 'escalation', 2],
    ]);
  });

  it('escalateNow tells the next level at once and continues the chain from there, even on a claimed step', async () => {
    const run = await EngineDriver.start('sla-escalation', incident);
    run.fireTimersUntil(T0 + 32 * MINUTE);
    run.claim('xuLyPhanAnh');
    run.escalateNow('xuLyPhanAnh');
    expect(notices(run).map((n) => n.slice(0, 4))).toEqual([
      [20, 'reminder', undefined, undefined],
      [30, 'escalation', 1, 1],
      [32, 'escalation', 2, 1],
    ]);
    expect(notices(run)[2]![4]).toEqual(CHAIRMAN);
  });

  it('default escalation: with only an SLA, the leaders covering the task’s unit are told when it falls due, once', async () => {
    const run = await EngineDriver.start('sla-default', { severity: 'critical' });
    expect(run.task('phanHoi')).toMatchObject({ assignee: { unit: 'tan-xuan', role: 'operator' }, dueAt: T0 + 15 * MINUTE });
    run.fireTimersUntil(T0 + 10 * HOUR);
    expect(notices(run)).toEqual([[15, 'escalation', 1, 1, { unit: 'tan-xuan', role: 'leader', match: 'covering' }]]);
    const slow = await EngineDriver.start('sla-default', { severity: 'warning' });
    expect(slow.task('phanHoi').dueAt).toBe(T0 + HOUR);
  });

  it('a step without an SLA has no due time and no escalation timers', async () => {
    const run = await EngineDriver.start('mi-empty', { incident: { wards: [] } });
    expect(run.task('tongHop')).not.toHaveProperty('dueAt');
    expect(run.escalateNow('tongHop')).toEqual([]);
    expect(run.armedTimers()).toEqual([]);
  });
});
