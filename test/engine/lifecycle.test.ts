// The run as a whole: cancellation, continue-as-new through JSON, determinism.
import { EngineDriver, HOUR, MINUTE, T0 } from './driver';

describe('cancel', () => {
  it('cancels every task, timer and service call and ends with outcome cancelled', async () => {
    const run = await EngineDriver.start('boundary-subprocess');
    expect(run.armedTimers()).toHaveLength(2); // the SLA of ngatDien and the boundary of khacPhuc
    const execId = run.service('baoDienLuc').execId;
    const commands = run.handle({ type: 'cancel', reason: 'Báo nhầm', by: 'leader.ioc' });
    expect(commands).toEqual(
      expect.arrayContaining([
        { type: 'cancelTask', taskId: 'inc-1:ngatDien:1', reason: 'incident cancelled: Báo nhầm' },
        { type: 'cancelService', execId },
        ...run.commandsOf('startTimer').map((t) => ({ type: 'cancelTimer', subId: t.subId })),
      ]),
    );
    expect(commands).toHaveLength(4);
    expect(run.openTasks()).toEqual([]);
    expect(run.armedTimers()).toEqual([]);
    expect(run.services.size).toBe(0);
    expect(run.engine.hasMessageSubscriber('xe-thang-den')).toBe(false);
    expect(run.outcome).toEqual({ outcome: 'cancelled', reason: 'Báo nhầm' });
    expect(run.state).toMatchObject({ execs: {}, subs: {}, scopes: {}, joins: {} });
    expect(run.message('xe-thang-den')).toEqual([]);
    expect(run.handle({ type: 'timerFired', subId: run.commandsOf('startTimer')[0]!.subId })).toEqual([]);
  });

  it('cancels the tasks of every multi-instance item', async () => {
    const run = await EngineDriver.start('mi-parallel');
    run.complete('inc-1:kiemTraPhuong:1.2', {});
    const commands = run.handle({ type: 'cancel', reason: 'Hết mưa', by: 'leader.ioc' });
    expect(commands.filter((c) => c.type === 'cancelTask').map((c) => (c.type === 'cancelTask' ? c.taskId : ''))).toEqual(['inc-1:kiemTraPhuong:1.1', 'inc-1:kiemTraPhuong:1.3']);
    expect(run.armedTimers()).toEqual([]);
    expect(run.outcome?.outcome).toBe('cancelled');
  });
});

describe('continue-as-new: the state survives a JSON round trip', () => {
  it('mid multi-instance: resume re-arms the SLA timers; the tasks still complete; same variables as a run without the trip', async () => {
    const play = async (trip: boolean) => {
      const run = await EngineDriver.start('mi-parallel');
      run.advance(10 * MINUTE);
      run.complete('inc-1:kiemTraPhuong:1.2', { diem: 2 });
      if (trip) {
        const armed = run.armedTimers();
        expect(armed).toHaveLength(2);
        expect(run.roundTrip()).toEqual(armed.map((t) => ({ type: 'startTimer', subId: t.subId, dueAt: t.dueAt })));
      }
      run.fireTimersUntil(T0 + 61 * MINUTE); // the two open items fall due and escalate
      run.complete('inc-1:kiemTraPhuong:1.1', { diem: 1 });
      run.complete('inc-1:kiemTraPhuong:1.3', { diem: 3 });
      run.complete('tongHop', { ketLuan: 'ổn' });
      return run;
    };
    const [plain, tripped] = [await play(false), await play(true)];
    expect(tripped.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
    expect(tripped.variables).toEqual(plain.variables);
    expect(tripped.variables.baoCao).toEqual([{ diem: 1 }, { diem: 2 }, { diem: 3 }]);
    expect(tripped.path).toEqual(plain.path);
    expect(tripped.commandsOf('notifyTask')).toEqual(plain.commandsOf('notifyTask'));
    expect(tripped.commandsOf('notifyTask')).toHaveLength(2);
  });

  it('mid escalation chain, inside a sub-process waiting on a message and a boundary timer', async () => {
    const run = await EngineDriver.start('boundary-subprocess');
    run.serviceDone('baoDienLuc', { status: 202 });
    run.fireTimersUntil(T0 + 31 * MINUTE); // ngatDien is overdue: the default escalation told the leaders
    expect(run.commandsOf('notifyTask')).toHaveLength(1);
    const resumed = run.roundTrip();
    expect(resumed.map((c) => c.type)).toEqual(['startTimer']); // the boundary timer of khacPhuc (the one-level chain is over)
    expect(resumed[0]).toMatchObject({ dueAt: T0 + 2 * HOUR });
    run.complete('ngatDien', { daNgat: true });
    run.message('xe-thang-den', { bienSo: '93C-123.45' });
    expect(run.path).toEqual(['baoDienLuc', 'ngatDien', 'choXeThang', 'kp_end', 'khacPhuc', 'xong']);
    expect(run.variables).toEqual({ ngatDien: { daNgat: true }, choXeThang: { bienSo: '93C-123.45' } });
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
    expect(run.armedTimers()).toEqual([]);
  });

  it('in a loop, several trips: task ids keep counting and the counter survives', async () => {
    const run = await EngineDriver.start('loop', { soVong: 3 });
    for (const cm of [10, 20, 30]) {
      run.roundTrip();
      run.complete('doMucNuoc', { cm });
    }
    expect(run.commandsOf('createTask').map((c) => c.task.taskId)).toEqual(['inc-1:doMucNuoc:1', 'inc-1:doMucNuoc:2', 'inc-1:doMucNuoc:3']);
    expect(run.variables).toMatchObject({ vong: 3, mucNuoc: [10, 20, 30] });
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });
});

describe('determinism', () => {
  it('the same wake-ups at the same times give the same commands', async () => {
    const play = async () => {
      const run = await EngineDriver.start('sla-escalation', { incident: { ward: 'tan-dong' } });
      run.fireTimersUntil(T0 + 35 * MINUTE);
      run.claim('xuLyPhanAnh');
      run.fireTimersUntil(T0 + 2 * HOUR);
      run.complete('xuLyPhanAnh', { ok: true });
      return run.timeline;
    };
    expect(await play()).toEqual(await play());
  });
});
