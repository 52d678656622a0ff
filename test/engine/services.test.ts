// Service, send, script and manual tasks; failures with and without error boundaries.
import { EngineDriver } from './driver';

describe('service task', () => {
  it('runs with FEEL-evaluated params, stores resultVariable, and merges set-incident `applied` into incident', async () => {
    const run = await EngineDriver.start('service-task', { incident: { ward: 'tan-dong', severity: 'info', title: 'Ngập' }, level: 3 });
    expect(run.commandsOf('runService')).toEqual([
      {
        type: 'runService',
        execId: expect.any(Number),
        stepId: 'docTram',
        key: expect.stringMatching(/^inc-1:docTram:1:\d+$/),
        serviceType: 'http',
        params: { url: 'https://thuyvan.dongxoai.vn/tram/tan-dong', method: 'POST', body: { ward: 'tan-dong', level: 3 } },
        maxAttempts: 3,
      },
    ]);
    run.serviceDone('docTram', { status: 200, body: { cm: 65 } });
    expect(run.variables.gauge).toEqual({ status: 200, body: { cm: 65 } });
    expect(run.service('capNhat')).toMatchObject({ serviceType: 'set-incident', params: { severity: 'critical', fields: { mucNuoc: 65 } }, maxAttempts: 5 });
    run.serviceDone('capNhat', { applied: { severity: 'critical', fields: { mucNuoc: 65 } } });
    expect(run.variables.incident).toEqual({ ward: 'tan-dong', severity: 'critical', title: 'Ngập', fields: { mucNuoc: 65 } });
    expect(run.path).toEqual(['docTram', 'capNhat', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });

  it('a failure without a boundary marks the step failed; retryStep runs it again under a new key', async () => {
    const run = await EngineDriver.start('service-failure');
    const first = run.service('goiCongTinh');
    expect(run.serviceFailed('goiCongTinh', 'HTTP_500', 'Internal Server Error')).toEqual([
      { type: 'stepFailed', stepId: 'goiCongTinh', errorType: 'HTTP_500', message: 'Internal Server Error' },
    ]);
    expect(run.engine.failedExec('goiCongTinh')?.failed).toEqual({ errorType: 'HTTP_500', message: 'Internal Server Error' });
    expect(run.engine.activeSteps()).toEqual([{ stepId: 'goiCongTinh', status: 'failed', error: 'HTTP_500: Internal Server Error' }]);
    expect(run.outcome).toBeUndefined();

    const retried = run.handle({ type: 'retryStep', stepId: 'goiCongTinh', by: 'admin.ioc' });
    expect(retried).toEqual([
      { type: 'stepRecovered', stepId: 'goiCongTinh', how: 'retried', by: 'admin.ioc' },
      { ...first, key: `${first.key}:retry-2` },
    ]);
    run.serviceDone('goiCongTinh', { status: 200, body: 'ok' });
    expect(run.variables.ketQua).toEqual({ status: 200, body: 'ok' });
    expect(run.task('kiemTra').taskId).toBe('inc-1:kiemTra:1');
  });

  it('a second failure and retry gets the next retry suffix', async () => {
    const run = await EngineDriver.start('service-failure');
    const key = run.service('goiCongTinh').key;
    run.serviceFailed('goiCongTinh', 'HTTP_500');
    run.handle({ type: 'retryStep', stepId: 'goiCongTinh', by: 'admin.ioc' });
    run.serviceFailed('goiCongTinh', 'HTTP_NETWORK');
    run.handle({ type: 'retryStep', stepId: 'goiCongTinh', by: 'admin.ioc' });
    expect(run.commandsOf('runService').map((c) => c.key)).toEqual([key, `${key}:retry-2`, `${key}:retry-3`]);
  });

  it('skipStep on a failed step continues with the skip recorded as its result', async () => {
    const run = await EngineDriver.start('service-failure');
    run.serviceFailed('goiCongTinh', 'HTTP_404');
    expect(run.handle({ type: 'retryStep', stepId: 'kiemTra', by: 'admin.ioc' })).toEqual([]); // not failed
    const commands = run.handle({ type: 'skipStep', stepId: 'goiCongTinh', by: 'admin.ioc', justification: 'Cổng tỉnh bảo trì, đã gọi điện' });
    expect(commands[0]).toEqual({ type: 'stepRecovered', stepId: 'goiCongTinh', how: 'skipped', by: 'admin.ioc', justification: 'Cổng tỉnh bảo trì, đã gọi điện' });
    expect(run.variables.ketQua).toEqual({ skipped: true, justification: 'Cổng tỉnh bảo trì, đã gọi điện', skippedBy: 'admin.ioc' });
    expect(run.engine.failedExec('goiCongTinh')).toBeUndefined();
    expect(run.path).toEqual(['goiCongTinh']);
    expect(run.task('kiemTra')).toBeDefined();
  });

  it('an error boundary whose errorCode equals the failure type wins over a catch-all drawn before it', async () => {
    const run = await EngineDriver.start('service-error-boundary');
    const commands = run.serviceFailed('goiTongDai', 'HTTP_503');
    expect(commands.map((c) => c.type)).not.toContain('stepFailed');
    expect(commands.map((c) => c.type)).not.toContain('cancelService'); // the call already ended
    expect(run.path).toEqual(['tongDaiBan']);
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:goiDienThoai:1']);
  });

  it('the catch-all error boundary takes any other failure type', async () => {
    const run = await EngineDriver.start('service-error-boundary');
    run.serviceFailed('goiTongDai', 'NoRecipients');
    expect(run.path).toEqual(['loiKhac']);
    expect(run.openTasks().map((t) => t.taskId)).toEqual(['inc-1:baoKyThuat:1']);
    run.complete('baoKyThuat');
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'daBao' });
  });

  it('a failure inside a sub-process is caught by the error boundary on the sub-process', async () => {
    const run = await EngineDriver.start('subprocess-service-error');
    run.complete('xacNhanKhuVuc', { khuVuc: 'tan-thien' });
    expect(run.service('goiDienLuc').params).toEqual({ url: 'https://dienluc.binhphuoc.vn/cat-dien', method: 'POST' });
    run.serviceFailed('goiDienLuc', 'HTTP_422');
    expect(run.commandsOf('stepFailed')).toEqual([]);
    expect(run.path).toEqual(['xacNhanKhuVuc', 'loiCatDien']);
    expect(run.task('goiTrucBan').taskId).toBe('inc-1:goiTrucBan:1');
    expect(Object.values(run.state.scopes).map((s) => s.id)).toEqual([1]);
  });
});

describe('send, script and manual tasks', () => {
  it('script with resultVariable, script yielding a context merged into the variables, a notify send task, a manual task', async () => {
    const run = await EngineDriver.start('send-script-manual', {
      incident: {
        ward: 'tan-xuan',
        phuong: [
          { ten: 'Tân Xuân', ho: 120 },
          { ten: 'Tân Thiện', ho: 80 },
        ],
      },
      thongBao: 2,
    });
    expect(run.variables.soHo).toBe(200);
    expect(run.variables.thongBao).toBe(3);
    expect(run.variables.noiDung).toBe('Cắt nước 200 hộ');
    expect(run.service('thongBaoDan')).toMatchObject({
      serviceType: 'notify',
      params: { recipientUnit: 'tan-xuan', body: 'Cắt nước 200 hộ', subject: 'Thông báo cắt nước {{incident.ward}}', channel: 'in-app' },
    });
    expect(run.path).toEqual(['tinhHo', 'dem']);
    run.serviceDone('thongBaoDan', { recipients: 12 });
    expect(run.path).toEqual(['tinhHo', 'dem', 'thongBaoDan', 'treoBien', 'xong']);
    expect(run.outcome).toEqual({ outcome: 'completed', endNodeId: 'xong' });
  });
});
