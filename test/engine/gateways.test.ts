// Exclusive, parallel, inclusive and event-based gateways, and a loop back through a gateway.
import { EngineError } from '../../workflows/engine/engine';
import { EngineDriver, MINUTE, T0 } from './driver';

const incident = { incident: { ward: 'tan-phu' } };

describe('exclusive gateway', () => {
  it.each([
    [5, 'soTan', { unit: 'tan-phu', role: 'rescue' }],
    [4, 'soTan', { unit: 'tan-phu', role: 'rescue' }],
    [2, 'theoDoi', { unit: 'tan-phu' }],
  ])('level %i takes the first true condition, to %s', async (level, stepId, assignee) => {
    const run = await EngineDriver.start('exclusive-gateway', { ...incident, level });
    expect(run.openTasks().map((t) => [t.stepId, t.assignee])).toEqual([[stepId, assignee]]);
    run.complete(stepId);
    expect(run.path).toEqual([stepId, 'xong']);
  });

  it('no true condition takes the default flow', async () => {
    const run = await EngineDriver.start('exclusive-gateway', { ...incident, level: 1 });
    expect(run.openTasks()).toEqual([]);
    expect(run.path).toEqual(['dongSuCo', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('no true condition and no default flow is an EngineError naming the gateway', async () => {
    const start = EngineDriver.start('exclusive-no-default', { loai: 'dong-dat' });
    await expect(start).rejects.toThrow(EngineError);
    await expect(start).rejects.toThrow('loaiSuCo: no outgoing condition is true and there is no default flow');
    const ok = await EngineDriver.start('exclusive-no-default', { loai: 'cuu-nan' });
    expect(ok.task('cuuNan').assignee).toEqual({ unit: 'cuu-nan' });
  });
});

describe('parallel gateway', () => {
  it('forks three tasks and joins once all three are done', async () => {
    const run = await EngineDriver.start('parallel-gateway');
    expect(run.openTasks().map((t) => [t.taskId, t.assignee.unit, t.dueAt])).toEqual([
      ['inc-1:tanPhu:1', 'tan-phu', T0 + 120 * MINUTE],
      ['inc-1:tanDong:1', 'tan-dong', undefined],
      ['inc-1:tienThanh:1', 'tien-thanh', undefined],
    ]);
    run.complete('tanDong');
    run.complete('tanPhu');
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['tienThanh']);
    expect(Object.values(run.state.joins)).toEqual([['f6', 'f5']]);
    run.complete('tienThanh');
    expect(run.state.joins).toEqual({});
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['tongHop']);
    run.complete('tongHop');
    expect(run.path).toEqual(['tanDong', 'tanPhu', 'tienThanh', 'tongHop', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });
});

describe('inclusive gateway', () => {
  it('activates every true branch; the join waits only for those, including one that arrives at once', async () => {
    const run = await EngineDriver.start('inclusive-gateway', { ...incident, rain: 80, flooded: true, treesDown: 0 });
    expect(run.variables.luongMuaGhiNhan).toBe(80);
    expect(run.path).toEqual(['ghiLuongMua']);
    expect(run.openTasks().map((t) => [t.taskId, t.assignee])).toEqual([['inc-1:hutNuoc:1', { unit: 'tan-phu', role: 'drainage' }]]);
    run.complete('hutNuoc', { may: 2 });
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['baoCao']);
    run.complete('baoCao');
    expect(run.path).toEqual(['ghiLuongMua', 'hutNuoc', 'baoCao', 'xong']);
    expect(run.counts.catCay).toBeUndefined();
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('with two user-task branches the join waits for both', async () => {
    const run = await EngineDriver.start('inclusive-gateway', { ...incident, rain: 10, flooded: true, treesDown: 3 });
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['hutNuoc', 'catCay']);
    run.complete('catCay');
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['hutNuoc']);
    run.complete('hutNuoc');
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['baoCao']);
    expect(run.counts.baoCao).toBeUndefined();
  });

  it('no true condition takes the default flow through the join', async () => {
    const run = await EngineDriver.start('inclusive-gateway', { ...incident, rain: 0, flooded: false, treesDown: 0 });
    expect(run.path).toEqual(['ghiNhanManual']);
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['baoCao']);
  });
});

describe('event-based gateway', () => {
  it('the message wins: its data is stored under the catch event, the timer is cancelled', async () => {
    const run = await EngineDriver.start('event-gateway');
    expect(run.armedTimers().map((t) => t.dueAt)).toEqual([T0 + 15 * MINUTE]);
    expect(run.engine.hasMessageSubscriber('xac-nhan-hien-truong')).toBe(true);
    run.advance(5 * MINUTE);
    const commands = run.message('xac-nhan-hien-truong', { ward: 'tan-dong', nguoiBao: 'to-truong' });
    expect(commands).toContainEqual({ type: 'cancelTimer', subId: expect.any(Number) });
    expect(run.armedTimers()).toEqual([]);
    expect(run.engine.hasMessageSubscriber('xac-nhan-hien-truong')).toBe(false);
    expect(run.variables.xacNhan).toEqual({ ward: 'tan-dong', nguoiBao: 'to-truong' });
    expect(run.openTasks().map((t) => [t.stepId, t.assignee])).toEqual([['xuLy', { unit: 'tan-dong' }]]);
    expect(run.path).toEqual(['xacNhan']);
    run.advance(60 * MINUTE);
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['xuLy']);
  });

  it('the timer wins: the message subscription is dropped, a later message changes nothing', async () => {
    const run = await EngineDriver.start('event-gateway');
    run.advance(15 * MINUTE);
    expect(run.path).toEqual(['quaHan']);
    expect(run.engine.hasMessageSubscriber('xac-nhan-hien-truong')).toBe(false);
    expect(run.message('xac-nhan-hien-truong', { ward: 'tan-dong' })).toEqual([]);
    expect(run.variables).not.toHaveProperty('xacNhan');
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['cuNguoi']);
    run.complete('cuNguoi');
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'daCu' });
  });
});

describe('loop through a gateway', () => {
  it('runs the user task N times with a script counter, then leaves the loop', async () => {
    const run = await EngineDriver.start('loop', { soVong: 3 });
    for (const [i, cm] of [
      [1, 20],
      [2, 35],
      [3, 50],
    ]) {
      expect(run.openTasks().map((t) => t.taskId)).toEqual([`inc-1:doMucNuoc:${i}`]);
      expect(run.variables.vong).toBe(i! - 1);
      run.advance(30 * MINUTE);
      run.complete('doMucNuoc', { cm });
    }
    expect(run.variables).toMatchObject({ vong: 3, mucNuoc: [20, 35, 50], doMucNuoc: { cm: 50 } });
    expect(run.counts).toMatchObject({ khoiTao: 1, doMucNuoc: 3, demVong: 3, xong: 1 });
    expect(run.path).toEqual(['khoiTao', 'doMucNuoc', 'demVong', 'doMucNuoc', 'demVong', 'doMucNuoc', 'demVong', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('a loop that never waits is an EngineError naming a node of the loop', async () => {
    const start = EngineDriver.start('loop-no-wait', { dem: 0 });
    await expect(start).rejects.toThrow(EngineError);
    await expect(start).rejects.toThrow(/^(vao|tang|kiemTra): more than 20000 steps without waiting/);
  });
});
