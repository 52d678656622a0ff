// Intermediate catch events (timer: duration, date, cycle, FEEL; message) and boundary events.
import { EngineDriver, HOUR, MINUTE, T0 } from './driver';

const AT_13H = Date.parse('2026-11-25T13:00:00+07:00');

describe('intermediate timer catch', () => {
  it('waits a duration, then until a date, then the first tick of a cycle, then a FEEL duration', async () => {
    const run = await EngineDriver.start('catch-timer', { choThem: 'PT5M' });
    expect(run.armedTimers().map((t) => t.dueAt)).toEqual([T0 + 30 * MINUTE]);
    run.fireTimersUntil(T0 + 30 * MINUTE - 1);
    expect(run.path).toEqual([]);
    run.fireTimersUntil(T0 + 30 * MINUTE);
    expect(run.path).toEqual(['cho30Phut', 'kiemTraLan1']);
    expect(run.armedTimers().map((t) => t.dueAt)).toEqual([AT_13H]);
    run.fireTimersUntil(AT_13H);
    expect(run.path).toEqual(['cho30Phut', 'kiemTraLan1', 'cho13Gio', 'kiemTraLan2']);
    // A cycle on a catch event waits for its first tick only.
    expect(run.armedTimers().map((t) => t.dueAt)).toEqual([AT_13H + 10 * MINUTE]);
    run.fireTimersUntil(AT_13H + 10 * MINUTE);
    expect(run.counts.moi10Phut).toBe(1);
    expect(run.armedTimers().map((t) => t.dueAt)).toEqual([AT_13H + 15 * MINUTE]);
    run.fireTimersUntil(AT_13H + HOUR);
    expect(run.path).toEqual(['cho30Phut', 'kiemTraLan1', 'cho13Gio', 'kiemTraLan2', 'moi10Phut', 'choTheoBien', 'xong']);
    expect(run.counts.moi10Phut).toBe(1);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('a FEEL duration that is not a duration is an error naming the event', async () => {
    const run = await EngineDriver.start('catch-timer', { choThem: 'năm phút' });
    expect(() => run.fireTimersUntil(AT_13H + 10 * MINUTE)).toThrow(/^choTheoBien: "năm phút" is not an ISO 8601 duration/);
  });
});

describe('intermediate message catch', () => {
  it('waits for the message and stores its data under the event id', async () => {
    const run = await EngineDriver.start('message-catch');
    expect(run.message('camera-khac', { ward: 'tan-binh' })).toEqual([]);
    expect(run.engine.hasMessageSubscriber('camera-un-tac')).toBe(true);
    run.message('camera-un-tac', { ward: 'tan-binh', camera: 'CAM-07' });
    expect(run.variables.cameraBao).toEqual({ ward: 'tan-binh', camera: 'CAM-07' });
    expect(run.openTasks().map((t) => [t.taskId, t.assignee])).toEqual([['inc-1:phanLuong:1', { unit: 'tan-binh', role: 'traffic' }]]);
    expect(run.path).toEqual(['cameraBao']);
  });
});

describe('boundary timer', () => {
  it('interrupting: at the deadline the task is cancelled and the path continues at the boundary', async () => {
    const run = await EngineDriver.start('boundary-timer');
    expect(run.armedTimers().map((t) => t.dueAt)).toEqual([T0 + HOUR]);
    run.advance(59 * MINUTE);
    expect(run.task('nhanXe').taskId).toBe('inc-1:nhanXe:1');
    const fired = run.advance(MINUTE);
    expect(fired).toContainEqual({ type: 'cancelTask', taskId: 'inc-1:nhanXe:1', reason: 'boundary event quaMotGio' });
    expect(run.path).toEqual(['quaMotGio']);
    expect(run.openTasks().map((t) => [t.taskId, t.assignee])).toEqual([['inc-1:dieuXeKhac:1', { unit: 'ioc', role: 'dispatcher' }]]);
  });

  it('interrupting: completing the task in time cancels the boundary timer', async () => {
    const run = await EngineDriver.start('boundary-timer');
    run.advance(20 * MINUTE);
    expect(run.complete('nhanXe')).toContainEqual({ type: 'cancelTimer', subId: expect.any(Number) });
    expect(run.armedTimers()).toEqual([]);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('non-interrupting cycle R3/PT10M: fires three times, each starting a parallel path; the task stays', async () => {
    const run = await EngineDriver.start('boundary-timer-cycle', { incident: { ward: 'tan-binh' } });
    run.advance(HOUR);
    expect(run.counts.nhacLai).toBe(3);
    expect(run.commandsOf('runService').map((c) => c.stepId)).toEqual(['guiNhac', 'guiNhac', 'guiNhac']);
    expect(run.commandsOf('startTimer').map((c) => c.dueAt)).toEqual([T0 + 10 * MINUTE, T0 + 20 * MINUTE, T0 + 30 * MINUTE]);
    expect(run.task('suaDen').taskId).toBe('inc-1:suaDen:1');
    for (const call of [...run.services.values()]) run.handle({ type: 'serviceCompleted', execId: call.execId, result: { recipients: 2 } });
    expect(run.counts.daNhac).toBe(3);
    expect(run.outcome).toBeUndefined();
    run.complete('suaDen');
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('non-interrupting cycle: completing the task stops further ticks', async () => {
    const run = await EngineDriver.start('boundary-timer-cycle', { incident: { ward: 'tan-binh' } });
    run.advance(15 * MINUTE);
    run.complete('suaDen');
    run.advance(HOUR);
    expect(run.counts.nhacLai).toBe(1);
    expect(run.outcome).toBeUndefined(); // the reminder path still has its notification in flight
    run.serviceDone('guiNhac');
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'daNhac' });
  });
});

describe('boundary message', () => {
  it('non-interrupting: each message starts a parallel path with its data; the task stays', async () => {
    const run = await EngineDriver.start('boundary-message');
    run.message('cap-nhat-vi-tri', { km: 3 });
    expect(run.variables.capNhat).toEqual({ km: 3 });
    run.message('cap-nhat-vi-tri', { km: 5 });
    expect(run.variables.capNhat).toEqual({ km: 5 });
    expect(run.counts).toMatchObject({ capNhat: 2, ghiViTri: 2, daGhi: 2 });
    expect(run.task('keoXe').taskId).toBe('inc-1:keoXe:1');
    run.complete('keoXe');
    expect(run.engine.hasMessageSubscriber('cap-nhat-vi-tri')).toBe(false);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('interrupting: the message cancels the task and the path continues at the boundary', async () => {
    const run = await EngineDriver.start('boundary-message');
    const commands = run.message('huy-cuu-ho', { lyDo: 'Chủ xe tự kéo' });
    expect(commands).toContainEqual({ type: 'cancelTask', taskId: 'inc-1:keoXe:1', reason: 'boundary event huyBo' });
    expect(run.variables.huyBo).toEqual({ lyDo: 'Chủ xe tự kéo' });
    expect(run.engine.hasMessageSubscriber('cap-nhat-vi-tri')).toBe(false);
    expect(run.path).toEqual(['huyBo', 'daHuy']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'daHuy' });
  });
});

describe('boundary on a sub-process', () => {
  it('an interrupting timer cancels everything inside: task, service call, message wait, SLA timers', async () => {
    const run = await EngineDriver.start('boundary-subprocess');
    expect(run.task('ngatDien').dueAt).toBe(T0 + 30 * MINUTE);
    expect(run.service('baoDienLuc')).toBeDefined();
    run.message('xe-thang-den', {});
    run.fireTimersUntil(T0 + 2 * HOUR - 1);
    run.message('xe-thang-den', {}); // the catch event already happened: nobody listens
    const key = run.service('baoDienLuc').execId;
    run.advance(1);
    expect(run.commandsOf('cancelTask')).toEqual([{ type: 'cancelTask', taskId: 'inc-1:ngatDien:1', reason: 'boundary event quaHaiGio' }]);
    expect(run.commandsOf('cancelService')).toEqual([{ type: 'cancelService', execId: key }]);
    expect(run.armedTimers()).toEqual([]);
    expect(run.engine.hasMessageSubscriber('xe-thang-den')).toBe(false);
    expect(run.openTasks().map((t) => t.stepId)).toEqual(['baoCaoTinh']);
    expect(Object.keys(run.state.scopes)).toEqual(['1']);
    expect(run.state.joins).toEqual({});
    expect(run.path.slice(-1)).toEqual(['quaHaiGio']);
  });

  it('finishing the inside in time completes the sub-process and cancels the boundary timer', async () => {
    const run = await EngineDriver.start('boundary-subprocess');
    run.serviceDone('baoDienLuc', { status: 202 });
    run.complete('ngatDien');
    run.message('xe-thang-den', { bienSo: '93C-123.45' });
    expect(run.path).toEqual(['baoDienLuc', 'ngatDien', 'choXeThang', 'kp_end', 'khacPhuc', 'xong']);
    expect(run.armedTimers()).toEqual([]);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });
});
