import { Audit, ChangeDecision, ChangeRequest, Rule, RuleVersion, RulesMeta, SopVersion } from '../../model';
import { DEMO_PASSWORD, TestStack } from '../support/test-stack';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cityops="https://cityops.dev/schema/bpmn/1.0"`;

/** A one-step SOP; `unit` and the task's name vary so versions differ in meaning. */
function sop(unit: string, taskName = 'Xác minh'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs" targetNamespace="https://cityops.dev/sop">
  <bpmn:process id="four-eyes-sop" name="Quy trình bốn mắt" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="${taskName}" cityops:assigneeUnit="${unit}" cityops:formKey="flood-verify" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

const RULE = 'flood-suoi-rat-level';

/** Four eyes (issue 7): SOP deploys and rule changes go live only when a second admin approves. */
describe('four eyes', () => {
  let stack: TestStack;
  let author: string;
  let approver: string;
  let third: string;
  let auditor: string;
  let operator: string;

  /** The rule as an admin PUTs it: what the API adds (key, version, authorship, marks) left out. */
  const ADDED_BY_API = ['key', 'version', 'createdAt', 'updatedAt', 'updatedBy', 'pendingChange', 'approvedBy', 'changeId'];
  const ruleBody = async (): Promise<Record<string, unknown>> => {
    const rule = (await stack.request('GET', `/api/rules/${RULE}`, { token: author })).body as Record<string, unknown>;
    return Object.fromEntries(Object.entries(rule).filter(([k]) => !ADDED_BY_API.includes(k)));
  };
  const rulesCounter = async () => (await RulesMeta.findById('rules').lean())?.counter ?? 0;
  const createUser = async (username: string, roles: string[]) => {
    const res = await stack.request('POST', '/api/users', { token: author, body: { username, displayName: username, roles, unit: 'dong-xoai', password: DEMO_PASSWORD } });
    if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return stack.login(username);
  };

  beforeAll(async () => {
    stack = await TestStack.start('four_eyes', { fourEyes: true });
    author = await stack.login('admin');
    approver = await stack.login('admin.duyet');
    third = await createUser('admin.ba', ['admin']);
    auditor = await createUser('auditor.kiemtra', ['auditor']);
    operator = await stack.login('operator.tanphu');
  });
  afterAll(async () => stack?.close());

  it('holds a rule change until another admin approves it; the author cannot approve their own', async () => {
    const before = (await stack.request('GET', `/api/rules/${RULE}`, { token: author })).body;
    const counter = await rulesCounter();
    const body = { ...(await ruleBody()), name: 'Mực nước Suối Rạt (ngưỡng mới)' };

    const asked = await stack.request('PUT', `/api/rules/${RULE}`, { token: author, body });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({
      pendingApproval: true,
      change: { kind: 'rule.save', key: RULE, status: 'pending', baseVersion: before.version, requestedBy: 'admin', mayApprove: false, mayWithdraw: true },
    });
    const id = asked.body.change.id as string;

    // Not live: same version, nobody told to reload, the list marks it awaiting approval.
    expect((await stack.request('GET', `/api/rules/${RULE}`, { token: author })).body).toMatchObject({
      version: before.version,
      name: before.name,
      pendingChange: { id, kind: 'rule.save', requestedBy: 'admin' },
    });
    expect(await rulesCounter()).toBe(counter);
    const listed = (await stack.request('GET', '/api/rules', { token: author })).body.items.find((r: { key: string }) => r.key === RULE);
    expect(listed.pendingChange).toEqual({ id, kind: 'rule.save', requestedBy: 'admin' });

    const pending = await stack.request('GET', '/api/changes', { token: approver });
    expect(pending.body.fourEyes).toBe(true);
    expect(pending.body.items).toEqual([expect.objectContaining({ id, mayApprove: true, mayReject: true, mayWithdraw: false })]);
    const detail = await stack.request('GET', `/api/changes/${id}`, { token: approver });
    expect(detail.body.detail.fields).toEqual([{ field: 'name', before: before.name, after: 'Mực nước Suối Rạt (ngưỡng mới)' }]);

    const own = await stack.request('POST', `/api/changes/${id}/approve`, { token: author, body: {} });
    expect(own.status).toBe(403);
    expect(own.body.error).toMatch(/four eyes/);
    expect(await ChangeDecision.exists({ _id: id })).toBeNull();

    const ok = await stack.request('POST', `/api/changes/${id}/approve`, { token: approver, body: { note: 'đã kiểm tra' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedBy: 'admin.duyet', result: { version: before.version + 1 } });
    expect((await stack.request('GET', `/api/rules/${RULE}`, { token: author })).body).toMatchObject({
      version: before.version + 1,
      name: body.name,
      updatedBy: 'admin',
      approvedBy: 'admin.duyet',
    });
    expect(await rulesCounter()).toBeGreaterThan(counter);
    expect(await RuleVersion.findById(`${RULE}@${before.version + 1}`).lean()).toMatchObject({ approvedBy: 'admin.duyet', changeId: id });

    const trail = await Audit.find({ $or: [{ entityId: id }, { entityId: RULE, action: 'rule.saved' }] })
      .sort({ at: 1 })
      .lean();
    expect(trail.map((a) => [a.action, a.actor])).toEqual(
      expect.arrayContaining([
        ['change.requested', 'admin'],
        ['rule.saved', 'admin.duyet'],
        ['change.approved', 'admin.duyet'],
      ]),
    );
    // Once decided, nobody decides again.
    expect((await stack.request('POST', `/api/changes/${id}/approve`, { token: third, body: {} })).status).toBe(409);
    expect((await stack.request('POST', `/api/changes/${id}/reject`, { token: third, body: { reason: 'muộn' } })).status).toBe(409);
  });

  it('keeps a rejected or withdrawn change out, says why, and lets only the author withdraw', async () => {
    const before = (await stack.request('GET', `/api/rules/${RULE}`, { token: author })).body;
    const disable = await stack.request('POST', `/api/rules/${RULE}/disable`, { token: author });
    expect(disable.status).toBe(202);
    const id = disable.body.change.id as string;
    expect((await stack.request('POST', `/api/changes/${id}/reject`, { token: approver, body: { reason: '' } })).body.details).toEqual([
      expect.objectContaining({ field: 'reason' }),
    ]);
    expect((await stack.request('POST', `/api/changes/${id}/reject`, { token: author, body: { reason: 'tự từ chối' } })).status).toBe(403);
    expect((await stack.request('POST', `/api/changes/${id}/withdraw`, { token: approver })).status).toBe(403);
    const rejected = await stack.request('POST', `/api/changes/${id}/reject`, { token: approver, body: { reason: 'Mùa mưa: không tắt cảnh báo lũ' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', decidedBy: 'admin.duyet', reason: 'Mùa mưa: không tắt cảnh báo lũ', result: null });
    expect((await stack.request('GET', `/api/rules/${RULE}`, { token: author })).body).toMatchObject({ version: before.version, enabled: true });

    const del = await stack.request('DELETE', `/api/rules/${RULE}`, { token: author });
    expect(del.status).toBe(202);
    const withdrawn = await stack.request('POST', `/api/changes/${del.body.change.id}/withdraw`, { token: author });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', decidedBy: 'admin' });
    expect((await stack.request('POST', `/api/changes/${del.body.change.id}/approve`, { token: approver, body: {} })).status).toBe(409);
    expect(await Rule.exists({ _id: RULE })).not.toBeNull();
    const decided = await stack.request('GET', '/api/changes?status=decided&entity=rule', { token: author });
    expect(decided.body.items.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        [id, 'rejected'],
        [del.body.change.id, 'withdrawn'],
      ]),
    );
  });

  it('keeps one request per rule: a newer one supersedes, and approving a stale one is refused', async () => {
    const body = await ruleBody();
    const first = await stack.request('PUT', `/api/rules/${RULE}`, { token: author, body: { ...body, priority: 7 } });
    const second = await stack.request('PUT', `/api/rules/${RULE}`, { token: author, body: { ...body, priority: 8 } });
    expect((await ChangeRequest.findById(first.body.change.id).lean())?.status).toBe('superseded');
    expect((await stack.request('POST', `/api/changes/${first.body.change.id}/approve`, { token: approver, body: {} })).status).toBe(409);

    // The rule changed behind the request's back (e.g. while four eyes was off): the approver would approve what they did not see.
    await Rule.updateOne({ _id: RULE }, { $inc: { version: 1 } });
    const stale = await stack.request('POST', `/api/changes/${second.body.change.id}/approve`, { token: approver, body: {} });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/changed since this request/);
    expect((await ChangeRequest.findById(second.body.change.id).lean())?.status).toBe('pending');
    await stack.request('POST', `/api/changes/${second.body.change.id}/withdraw`, { token: author });
  });

  it('lets exactly one of two admins approving at once make the change live', async () => {
    const body = await ruleBody();
    const asked = await stack.request('PUT', `/api/rules/${RULE}`, { token: author, body: { ...body, priority: 9 } });
    const id = asked.body.change.id as string;
    const versionsBefore = await RuleVersion.countDocuments({ key: RULE });
    const answers = await Promise.all([approver, third].map((token) => stack.request('POST', `/api/changes/${id}/approve`, { token, body: {} })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(await RuleVersion.countDocuments({ key: RULE })).toBe(versionsBefore + 1);
    expect(await RuleVersion.countDocuments({ changeId: id })).toBe(1);
  });

  it('finishes an approval a crash cut short, once', async () => {
    const body = await ruleBody();
    const asked = await stack.request('PUT', `/api/rules/${RULE}`, { token: author, body: { ...body, priority: 11 } });
    const id = asked.body.change.id as string;
    // The decision was stored, then the process died before the rule was saved.
    await ChangeDecision.collection.insertOne({ _id: id, decision: 'approved', by: 'admin.duyet', at: new Date() } as never);
    expect(await stack.app.approver.finishInterrupted()).toBe(1);
    expect(await stack.app.approver.finishInterrupted()).toBe(0);
    expect(await RuleVersion.countDocuments({ changeId: id })).toBe(1);
    expect((await ChangeRequest.findById(id).lean())?.status).toBe('approved');
    expect((await stack.request('GET', `/api/rules/${RULE}`, { token: author })).body).toMatchObject({ priority: 11, approvedBy: 'admin.duyet' });
  });

  it('holds an SOP deploy until approved, showing the approver which elements change', async () => {
    // The first version of a new SOP needs approval too.
    const first = await stack.request('POST', '/api/sops/four-eyes-sop/deploy', { token: author, body: { name: 'Bốn mắt', bpmnXml: sop('tan-phu') } });
    expect(first.status).toBe(202);
    expect(first.body.change).toMatchObject({ kind: 'sop.deploy', baseVersion: null, title: 'Quy trình bốn mắt' });
    expect(await SopVersion.exists({ key: 'four-eyes-sop' })).toBeNull();
    const firstDetail = (await stack.request('GET', `/api/changes/${first.body.change.id}`, { token: approver })).body.detail;
    expect(firstDetail.current).toBeNull();
    expect(firstDetail.elements.map((e: { id: string; change: string }) => `${e.change}:${e.id}`)).toEqual(['added:end', 'added:f1', 'added:f2', 'added:review', 'added:start']);
    expect((await stack.request('POST', `/api/changes/${first.body.change.id}/approve`, { token: approver, body: {} })).body).toMatchObject({
      status: 'approved',
      result: { version: 1 },
    });

    const second = await stack.request('POST', '/api/sops/four-eyes-sop/deploy', { token: author, body: { bpmnXml: sop('tien-thanh', 'Xác minh tại chỗ') } });
    expect(second.status).toBe(202);
    const detail = (await stack.request('GET', `/api/changes/${second.body.change.id}`, { token: auditor })).body;
    expect(detail).toMatchObject({ mayApprove: false, mayReject: false, mayWithdraw: false, detail: { current: { version: 1 }, problems: { errors: [] } } });
    expect(detail.detail.elements).toEqual([{ id: 'review', name: 'Xác minh tại chỗ', type: 'userTask', change: 'changed' }]);
    expect((await stack.request('GET', '/api/sops', { token: author })).body.items.find((s: { key: string }) => s.key === 'four-eyes-sop')).toMatchObject({
      latestVersion: 1,
      pendingChange: { id: second.body.change.id },
    });

    expect((await stack.request('POST', `/api/changes/${second.body.change.id}/approve`, { token: auditor, body: {} })).status).toBe(403);
    const ok = await stack.request('POST', `/api/changes/${second.body.change.id}/approve`, { token: approver, body: {} });
    expect(ok.body).toMatchObject({ status: 'approved', result: { version: 2 } });
    const v2 = await stack.request('GET', '/api/sops/four-eyes-sop/versions/2', { token: author });
    expect(v2.body).toMatchObject({ deployedBy: 'admin', approvedBy: 'admin.duyet' });
    expect(await Audit.exists({ action: 'sop.deployed', entityId: 'four-eyes-sop@2', actor: 'admin.duyet' })).not.toBeNull();
  });

  it('refuses an SOP that does not compile at once, and keeps the change routes to admins and auditors', async () => {
    const broken = await stack.request('POST', '/api/sops/four-eyes-sop/deploy', {
      token: author,
      body: { bpmnXml: sop('no-such-unit').replace('cityops:formKey="flood-verify"', 'cityops:formKey="no-such-form"') },
    });
    expect(broken.status).toBe(422);
    expect(broken.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'review' })]));
    expect(await ChangeRequest.countDocuments({ key: 'four-eyes-sop', status: 'pending' })).toBe(0);

    expect((await stack.request('GET', '/api/changes', { token: operator })).status).toBe(403);
    expect((await stack.request('GET', '/api/changes', { token: auditor })).status).toBe(200);
    expect((await stack.request('GET', '/api/changes/not-a-real-id-123', { token: author })).status).toBe(404);
    expect((await stack.request('GET', '/api/changes?status=everything', { token: author })).body.details).toEqual([expect.objectContaining({ field: 'status' })]);
  });
});
