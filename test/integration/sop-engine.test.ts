import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Audit, Incident, Task } from '../../model';
import { TestStack, eventually } from '../support/test-stack';

/**
 * The SOP engine through the HTTP API on the real Temporal dev server and FerretDB: multi-instance
 * steps per ward, messages from the field, call activities, failed service steps and the
 * operations leaders use to steer a running incident.
 */
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sops', `${name}.bpmn`), 'utf8');

describe('SOP engine through the API', () => {
  let stack: TestStack;
  let admin: string;
  let leader: string;
  let tanPhu: string;
  let tienThanh: string;

  beforeAll(async () => {
    stack = await TestStack.start('sop_engine');
    await stack.startWorker();
    admin = await stack.login('admin');
    leader = await stack.login('leader');
    tanPhu = await stack.login('operator.tanphu');
    tienThanh = await stack.login('operator.tienthanh');
    for (const key of ['it-close-out', 'it-storm', 'it-webhook', 'it-patrol-loop', 'it-ward-dispatch']) {
      const res = await stack.request('POST', `/api/sops/${key}/deploy`, { token: admin, body: { bpmnXml: fixture(key) } });
      if (res.status !== 201) throw new Error(`deploy ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  afterAll(async () => stack?.close());

  const report = async (body: Record<string, unknown>) => {
    const res = await stack.request('POST', '/api/incidents', { token: admin, body: { severity: 'warning', ...body } });
    expect(res.status).toBe(201);
    return res.body as { id: string; workflowId: string };
  };
  const tasksOf = async (incidentId: string, stepId?: string) => {
    const all = await Task.find({ incidentId }).lean();
    return all.filter((t) => !stepId || t.stepId === stepId).sort((a, b) => a._id.localeCompare(b._id));
  };
  const waitTasks = (incidentId: string, stepId: string, count: number, status = 'open') =>
    eventually(`${count} ${status} ${stepId} task(s)`, async () => {
      const found = (await tasksOf(incidentId, stepId)).filter((t) => t.status === status);
      return found.length === count ? found : undefined;
    });
  const act = async (token: string, taskId: string, action: string, body?: unknown) =>
    stack.request('POST', `/api/tasks/${encodeURIComponent(taskId)}/${action}`, { token, ...(body ? { body } : {}) });
  const state = async (id: string) => (await stack.request('GET', `/api/incidents/${id}/state`, { token: admin })).body;
  const incidentDone = (id: string) =>
    eventually('incident closed', async () => {
      const doc = await Incident.findById(id).lean();
      return doc && doc.status !== 'open' && doc.status !== 'monitoring' ? doc : undefined;
    });

  it('warns every affected ward in parallel, waits for the field report, and closes out through a shared sub-procedure', async () => {
    const incident = await report({ sopKey: 'it-storm', title: 'Bão số 5 — cảnh báo', variables: { affectedWards: ['tan-phu', 'tien-thanh'] } });

    // One task per ward, each visible only to that ward's operator.
    const warnings = await waitTasks(incident.id, 'warn_ward', 2);
    expect(warnings.map((t) => t.unit).sort()).toEqual(['tan-phu', 'tien-thanh']);
    expect(warnings.every((t) => t.skippable)).toBe(true);
    const mine = (await stack.request('GET', '/api/tasks?scope=unit', { token: tanPhu })).body.items.filter((t: { incidentId: string }) => t.incidentId === incident.id);
    expect(mine.map((t: { unit: string }) => t.unit)).toEqual(['tan-phu']);
    const tanPhuTask = warnings.find((t) => t.unit === 'tan-phu')!;
    const tienThanhTask = warnings.find((t) => t.unit === 'tien-thanh')!;
    expect((await act(tienThanh, tanPhuTask._id, 'claim')).status).toBe(404);

    expect((await act(tanPhu, tanPhuTask._id, 'claim')).status).toBe(200);
    expect((await act(tanPhu, tanPhuTask._id, 'complete', { data: { households: 120 } })).status).toBe(200);
    // The other ward skips with a justification; a skip without one is refused.
    expect((await act(tienThanh, tienThanhTask._id, 'skip', { justification: '' })).status).toBe(400);
    const skipped = await act(tienThanh, tienThanhTask._id, 'skip', { justification: 'Phường không nằm trong vùng ảnh hưởng' });
    expect(skipped.status).toBe(200);
    expect(skipped.body.status).toBe('skipped');

    // Both branches after the fork: severity raised by the service step, and a wait for the field report.
    const waiting = await eventually('waiting for the field report', async () => {
      const s = await state(incident.id);
      return s.awaitingMessages?.includes('field-report') && s.variables?.incident?.severity === 'critical' ? s : undefined;
    });
    expect(waiting.variables.warnings).toEqual([{ households: 120 }, { skipped: true, justification: 'Phường không nằm trong vùng ảnh hưởng', skippedBy: 'operator.tienthanh' }]);
    expect(waiting.activeSteps).toEqual(['field_report']);
    expect(waiting.stepCounts.warn_ward).toBe(2);
    const doc = await Incident.findById(incident.id).lean();
    expect(doc?.severity).toBe('critical');
    expect(doc?.fields).toEqual({ wardsWarned: 2 });

    const wrong = await stack.request('POST', `/api/incidents/${incident.id}/messages/no-such-message`, { token: admin, body: { data: {} } });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toContain('no-such-message');
    const delivered = await stack.request('POST', `/api/incidents/${incident.id}/messages/field-report`, { token: tanPhu, body: { data: { damage: 'Ngập 3 tuyến đường' } } });
    expect(delivered.status).toBe(202);

    // The call activity runs the shared SOP as a child workflow; its task completes through the same API.
    const [close] = await waitTasks(incident.id, 'close', 1);
    expect(close!.workflowId).not.toBe(incident.workflowId);
    expect((await act(tanPhu, close!._id, 'claim')).status).toBe(200);
    expect((await act(tanPhu, close!._id, 'complete', { data: { summary: 'Không có thiệt hại về người' } })).status).toBe(200);

    const closed = await incidentDone(incident.id);
    expect(closed.status).toBe('resolved');
    expect(closed.resolution).toBe('Đã xử lý');
    const result = await stack.temporalClient.workflow.getHandle(incident.workflowId).result();
    expect(result.outcome).toBe('completed');
    const actions = (await Audit.find({ entityId: { $in: [incident.id, tienThanhTask._id] } }).lean()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['incident.opened', 'incident.message-delivered', 'task.skipped', 'incident.resolved']));
  });

  describe('a failing service step', () => {
    let server: http.Server;
    let baseUrl: string;
    let answer = 503;
    const calls: string[] = [];
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        calls.push(req.headers['idempotency-key'] as string);
        res.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify({ ticket: 'CN-42' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('shows as failed with its error once retries are spent, and runs again when retried', async () => {
      answer = 503;
      const incident = await report({ sopKey: 'it-webhook', title: 'Mất nước khu phố 3', variables: { baseUrl } });
      // While Temporal retries, the state shows the attempt and its error, not a silent hang.
      const retrying = await eventually('a retry in progress', async () => {
        const s = await state(incident.id);
        return s.retrying?.length ? s.retrying : undefined;
      });
      expect(retrying).toEqual([expect.objectContaining({ activity: 'runServiceTask', attempt: 2, lastError: expect.stringContaining('503') })]);
      const failed = await eventually('step failed', async () => {
        const s = await state(incident.id);
        // The workflow knows at once; the incident's read model follows with the next activity.
        return s.steps?.some((x: { status: string }) => x.status === 'failed') && s.failedSteps?.length ? s : undefined;
      });
      expect(failed.steps).toEqual([expect.objectContaining({ stepId: 'call_utility', status: 'failed', error: expect.stringContaining('HTTP_503') })]);
      expect(failed.failedSteps).toEqual([expect.objectContaining({ stepId: 'call_utility', errorType: 'HTTP_503' })]);
      expect(calls.length).toBe(2); // cityops:retries="2"

      // Only a failed step can be retried.
      expect((await stack.request('POST', `/api/incidents/${incident.id}/steps/follow_up/retry`, { token: admin })).status).toBe(409);
      answer = 200;
      expect((await stack.request('POST', `/api/incidents/${incident.id}/steps/call_utility/retry`, { token: admin })).status).toBe(202);
      await waitTasks(incident.id, 'follow_up', 1);
      const after = await state(incident.id);
      expect(after.variables.utility).toEqual({ status: 200, body: { ticket: 'CN-42' } });
      expect(after.failedSteps).toEqual([]);
      expect(new Set(calls).size).toBe(2); // the retry used a fresh idempotency key
    });

    it('can be skipped with a justification', async () => {
      answer = 500;
      const incident = await report({ sopKey: 'it-webhook', title: 'Mất nước khu phố 4', variables: { baseUrl } });
      await eventually('step failed', async () => ((await Incident.findById(incident.id).lean())?.failedSteps ? true : undefined));
      const skip = await stack.request('POST', `/api/incidents/${incident.id}/steps/call_utility/skip`, { token: leader, body: { justification: 'Đã gọi điện trực tiếp' } });
      expect(skip.status).toBe(202);
      await waitTasks(incident.id, 'follow_up', 1);
      expect((await state(incident.id)).variables.call_utility).toBeUndefined();
      expect((await Audit.find({ entityId: incident.id, action: 'step.skipped' }).lean()).map((a) => a.actor)).toEqual(['leader']);
    });

    it('takes the error boundary when the failure matches its error code', async () => {
      answer = 404;
      const incident = await report({ sopKey: 'it-webhook', title: 'Mất nước khu phố 5', variables: { baseUrl } });
      await waitTasks(incident.id, 'call_by_phone', 1);
      expect(await tasksOf(incident.id, 'follow_up')).toEqual([]);
    });
  });

  it("assigns a step to the incident's ward with FEEL", async () => {
    const incident = await report({ sopKey: 'it-ward-dispatch', title: 'Cây đổ chắn đường', unit: 'tien-thanh' });
    const [task] = await waitTasks(incident.id, 'handle', 1);
    expect(task!.unit).toBe('tien-thanh');
    expect((await state(incident.id)).variables.incident.ward).toBe('tien-thanh');
  });

  it('lets a leader reassign a step to another ward and escalate it at once', async () => {
    const incident = await report({ sopKey: 'flood-response', title: 'Ngập cục bộ đường Hùng Vương', unit: 'tan-phu' });
    const [verify] = await waitTasks(incident.id, 'verify', 1);
    expect(verify!.dueAt).toBeTruthy(); // PT15M SLA: the default escalation applies
    expect((await act(tanPhu, verify!._id, 'claim')).status).toBe(200);

    expect((await act(tanPhu, verify!._id, 'reassign', { unit: 'tien-thanh', reason: 'x' })).status).toBe(403);
    expect((await act(leader, verify!._id, 'reassign', { unit: 'no-such-ward', reason: 'x' })).status).toBe(400);
    const moved = await act(leader, verify!._id, 'reassign', { unit: 'tien-thanh', reason: 'Tân Phú đang quá tải' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ unit: 'tien-thanh', status: 'open', assignee: null });
    expect((await act(tanPhu, verify!._id, 'claim')).status).toBe(404);
    expect((await act(tienThanh, verify!._id, 'claim')).status).toBe(200);
    expect((await act(tienThanh, verify!._id, 'release')).status).toBe(200);

    expect((await act(tienThanh, verify!._id, 'escalate')).status).toBe(403);
    expect((await act(leader, verify!._id, 'escalate')).status).toBe(200);
    const escalated = await eventually('escalation recorded', async () => {
      const t = await Task.findById(verify!._id).lean();
      return t?.escalationLevel === 1 ? t : undefined;
    });
    expect(escalated.escalatedAt).toBeTruthy();
    const inbox = await eventually('leader notified', async () => {
      const items = (await stack.request('GET', '/api/notifications', { token: leader })).body.items as { kind: string; taskId: string; subject: string }[];
      return items.find((n) => n.kind === 'escalation' && n.taskId === verify!._id);
    });
    expect(inbox.subject).toContain('Xác minh qua camera');
    const actions = (await Audit.find({ entityId: verify!._id }).lean()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['task.reassigned', 'task.released', 'task.escalated-by-hand']));
  });

  it('lets a leader cancel a running incident: open steps close, the incident is cancelled, and it cannot be cancelled twice', async () => {
    const incident = await report({ sopKey: 'it-close-out', title: 'Báo nhầm' });
    const [task] = await waitTasks(incident.id, 'close', 1);
    expect((await stack.request('POST', `/api/incidents/${incident.id}/cancel`, { token: tanPhu, body: { reason: 'Báo nhầm' } })).status).toBe(403);
    expect((await stack.request('POST', `/api/incidents/${incident.id}/cancel`, { token: leader, body: {} })).status).toBe(400);
    expect((await stack.request('POST', `/api/incidents/${incident.id}/cancel`, { token: leader, body: { reason: 'Báo nhầm từ đường dây nóng' } })).status).toBe(202);
    const closed = await incidentDone(incident.id);
    expect(closed.status).toBe('cancelled');
    expect((await Task.findById(task!._id).lean())?.status).toBe('cancelled');
    expect((await stack.request('POST', `/api/incidents/${incident.id}/cancel`, { token: leader, body: { reason: 'again' } })).status).toBe(409);
  });

  it('raises severity only upwards, and keeps comments and directives with who wrote them', async () => {
    const incident = await report({ sopKey: 'it-close-out', title: 'Cây đổ đường Phú Riềng Đỏ', severity: 'info' });
    await waitTasks(incident.id, 'close', 1);
    expect((await stack.request('POST', `/api/incidents/${incident.id}/severity`, { token: leader, body: { severity: 'warning' } })).status).toBe(200);
    expect((await stack.request('POST', `/api/incidents/${incident.id}/severity`, { token: leader, body: { severity: 'info' } })).status).toBe(409);
    expect((await stack.request('POST', `/api/incidents/${incident.id}/severity`, { token: leader, body: { severity: 'extreme' } })).status).toBe(400);
    await eventually('severity in the workflow', async () => ((await state(incident.id)).variables?.incident?.severity === 'warning' ? true : undefined));

    expect((await stack.request('POST', `/api/incidents/${incident.id}/comments`, { token: tanPhu, body: { text: 'Đã đến hiện trường' } })).status).toBe(201);
    expect((await stack.request('POST', `/api/incidents/${incident.id}/comments`, { token: tanPhu, body: { text: 'x', kind: 'directive' } })).status).toBe(403);
    expect((await stack.request('POST', `/api/incidents/${incident.id}/comments`, { token: leader, body: { text: 'Ưu tiên thông xe', kind: 'directive' } })).status).toBe(201);
    const thread = (await stack.request('GET', `/api/incidents/${incident.id}/comments`, { token: tanPhu })).body.items;
    expect(thread.map((c: { author: string; kind: string }) => `${c.author}:${c.kind}`)).toEqual(['operator.tanphu:comment', 'leader:directive']);
  });

  it('keeps running incidents on the version they started with when a new version is deployed', async () => {
    const v1 = fixture('it-close-out');
    const v2 = v1
      .replace('id="close" name="Tổng kết thiệt hại"', 'id="close_v2" name="Tổng kết (mẫu mới)"')
      .replace('targetRef="close"', 'targetRef="close_v2"')
      .replace('sourceRef="close"', 'sourceRef="close_v2"');
    const first = await report({ sopKey: 'it-close-out', title: 'Trước khi đổi quy trình' });
    await waitTasks(first.id, 'close', 1);
    const deployed = await stack.request('POST', '/api/sops/it-close-out/deploy', { token: admin, body: { bpmnXml: v2 } });
    expect(deployed.status).toBe(201);
    expect(deployed.body.version).toBe(2);
    const second = await report({ sopKey: 'it-close-out', title: 'Sau khi đổi quy trình' });
    await waitTasks(second.id, 'close_v2', 1);
    expect((await Incident.findById(first.id).lean())?.sopVersion).toBe(1);
    expect((await Incident.findById(second.id).lean())?.sopVersion).toBe(2);
    const [old] = await tasksOf(first.id, 'close');
    expect((await act(tanPhu, old!._id, 'claim')).status).toBe(200);
    expect((await act(tanPhu, old!._id, 'complete', { data: {} })).status).toBe(200);
    expect((await incidentDone(first.id)).status).toBe('resolved');
  });

  it('continues a long loop as new without losing its variables or the task left open in a parallel branch', async () => {
    const handle = await stack.temporalClient.workflow.start('incidentWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: 'incident:patrol:loop',
      args: [{ correlationKey: 'patrol:loop', title: 'Tuần tra', severity: 'info', sopKey: 'it-patrol-loop', variables: { targetRounds: 1000 }, historyLimit: 2000 }],
    });
    const incidentId = handle.firstExecutionRunId;
    const [standby] = await waitTasks(incidentId, 'standby', 1);
    const looped = await eventually(
      'a thousand rounds',
      async () => {
        const s = await handle.query('incidentState');
        return (s as { variables: { rounds?: number } }).variables.rounds === 1000 ? s : undefined;
      },
      240_000,
    );
    expect((looped as { runs: number }).runs).toBeGreaterThanOrEqual(3);
    // Counts per node survive continue-as-new too: every round was recorded.
    expect((looped as { stepCounts: Record<string, number> }).stepCounts.tick).toBe(1000);
    expect((await Incident.findById(incidentId).lean())?.fields).toEqual({ round: 1000 });
    const runs: string[] = [];
    for await (const wf of stack.temporalClient.workflow.list({ query: `WorkflowId = 'incident:patrol:loop'` })) runs.push(wf.runId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // The task created in the first run completes in the latest one.
    expect((await act(tanPhu, standby!._id, 'claim')).status).toBe(200);
    expect((await act(tanPhu, standby!._id, 'complete', { data: {} })).status).toBe(200);
    const closed = await incidentDone(incidentId);
    expect(closed.resolution).toBe('Hết ca');
  }, 300_000);
});
