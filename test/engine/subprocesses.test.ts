// Embedded sub-processes and call activities.
import { EngineDriver } from './driver';

describe('embedded sub-process', () => {
  it('runs a parallel split inside its own scope, then continues after the sub-process', async () => {
    const run = await EngineDriver.start('subprocess', { incident: { ward: 'tan-thien' } });
    expect(run.openTasks().map((t) => [t.taskId, t.assignee])).toEqual([
      ['inc-1:donCay:1', { unit: 'cay-xanh' }],
      ['inc-1:veSinh:1', { unit: 'tan-thien', role: 'sanitation' }],
    ]);
    const inner = run.state.execs[run.commandsOf('createTask')[0]!.execId]!.scopeId;
    expect(inner).not.toBe(1);
    expect(run.state.scopes[inner]).toMatchObject({ parent: 1 });
    run.complete('veSinh', { tan: 4 });
    expect(Object.keys(run.state.joins)).toEqual([`${inner}:dd_join`]);
    run.complete('donCay', { tan: 6 });
    expect(run.variables.khoiLuong).toBe(10);
    expect(run.path).toEqual(['veSinh', 'donCay', 'tongKet', 'dd_end', 'donDep']);
    expect(run.state.scopes[inner]).toBeUndefined();
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:nghiemThu:1']);
    run.complete('nghiemThu');
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });
});

describe('terminate end inside a sub-process', () => {
  it('ends only the sub-process: its other task is cancelled and the process continues after it', async () => {
    const run = await EngineDriver.start('subprocess-terminate');
    expect(run.openTasks().map((t) => [t.taskId, t.assignee])).toEqual([
      ['inc-1:doTimBoSong:1', { unit: 'tan-thien', role: 'rescue' }],
      ['inc-1:lanTimLongHo:1', { unit: 'tien-thanh', role: 'rescue' }],
    ]);
    const commands = run.complete('lanTimLongHo', { viTri: 'Hồ Suối Cam' });
    expect(commands).toContainEqual({ type: 'cancelTask', taskId: 'inc-1:doTimBoSong:1', reason: 'terminated by daTimThay' });
    expect(run.path).toEqual(['lanTimLongHo', 'daTimThay', 'timKiem']);
    expect(run.outcome).toBeUndefined();
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:banGiao:1']);
    run.complete('banGiao');
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });
});

describe('call activity', () => {
  const start = () => EngineDriver.start('call-activity', { incident: { ward: 'tan-phu', title: 'Lũ quét' }, level: 3 });

  it('starts the child with the inputs mapped and a key under the incident; outputs are mapped back', async () => {
    const run = await start();
    expect(run.commandsOf('startChild')).toEqual([
      {
        type: 'startChild',
        execId: expect.any(Number),
        stepId: 'soTan',
        key: expect.stringMatching(/^inc-1\/soTan-1-\d+$/),
        sopKey: 'so-tan',
        sopVersion: 2,
        variables: { ward: 'tan-phu', urgency: 30 },
      },
    ]);
    run.childDone('soTan', { evacuated: 120, shelter: 'Trường THCS Tân Phú', ward: 'tan-phu', internal: 'x' });
    expect(run.variables).toMatchObject({ soNguoiSoTan: 120, diemTranhTru: 'Trường THCS Tân Phú (tan-phu)' });
    expect(run.variables).not.toHaveProperty('internal');
    expect(run.variables).not.toHaveProperty('soTan');
    expect(run.path).toEqual(['soTan']);
  });

  it('without inputs the child gets every variable; without outputs its variables are stored under the node id', async () => {
    const run = await start();
    run.childDone('soTan', { evacuated: 120, shelter: 'Nhà văn hóa', ward: 'tan-phu' });
    const child = run.child('cuuTro');
    expect(child).toMatchObject({ sopKey: 'cuu-tro', key: expect.stringMatching(/^inc-1\/cuuTro-1-\d+$/) });
    expect(child).not.toHaveProperty('sopVersion');
    expect(child.variables).toEqual({ incident: { ward: 'tan-phu', title: 'Lũ quét' }, level: 3, soNguoiSoTan: 120, diemTranhTru: 'Nhà văn hóa (tan-phu)' });
    // The child's copy is its own: a later change in the parent does not reach it.
    (run.variables.incident as Record<string, unknown>).title = 'đổi';
    expect(child.variables.incident).toEqual({ ward: 'tan-phu', title: 'Lũ quét' });
    run.childDone('cuuTro', { phan: 300 });
    expect(run.variables.cuuTro).toEqual({ phan: 300 });
    expect(run.path).toEqual(['soTan', 'cuuTro', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('a child failure with the matching code is caught by the error boundary', async () => {
    const run = await start();
    run.childFailed('soTan', 'EVAC_FAILED', 'không đủ xe');
    expect(run.commandsOf('stepFailed')).toEqual([]);
    expect(run.commandsOf('cancelChild')).toEqual([]); // the child already ended
    expect(run.path).toEqual(['soTanThatBai']);
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:xinChiVien:1']);
  });

  it('a child failure with another code fails the step; retryStep starts the child again under a new key', async () => {
    const run = await start();
    const key = run.child('soTan').key;
    expect(run.childFailed('soTan', 'ExpressionError', 'bad FEEL')).toEqual([{ type: 'stepFailed', stepId: 'soTan', errorType: 'ExpressionError', message: 'bad FEEL' }]);
    run.handle({ type: 'retryStep', stepId: 'soTan', by: 'admin.ioc' });
    expect(run.child('soTan').key).toBe(`${key}-retry-2`);
  });

  it('cancelling the run cancels the child in flight', async () => {
    const run = await start();
    const execId = run.child('soTan').execId;
    expect(run.handle({ type: 'cancel', reason: 'báo nhầm', by: 'leader.ioc' })).toEqual([{ type: 'cancelChild', execId }]);
    expect(run.outcome).toEqual({ outcome: 'cancelled', reason: 'báo nhầm' });
  });
});
