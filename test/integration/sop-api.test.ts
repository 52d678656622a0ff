import { Audit, SopDraft } from '../../model';
import { SOPS } from '../../demo/dataset';
import cityopsDescriptor from '../../sop/cityops-moddle.json';
import { TestStack } from '../support/test-stack';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cityops="https://cityops.dev/schema/bpmn/1.0"`;

/** A one-step SOP that compiles: start → review (Tân Phú, form flood-verify) → end. */
function reviewSop(processName: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs" targetNamespace="https://cityops.dev/sop">
  <bpmn:process id="road-check" name="${processName}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="Kiểm tra" cityops:assigneeUnit="tan-phu" cityops:assigneeRole="operator" cityops:formKey="flood-verify" cityops:sla="PT10M" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

/**
 * Four independent mistakes in one document: a user task with no assignee, a form that does not
 * exist, a gateway flow with neither condition nor default, and a step nothing leads to.
 */
const BROKEN_SOP = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs" targetNamespace="https://cityops.dev/sop">
  <bpmn:process id="broken" name="Broken" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="task_no_assignee" name="Nobody" />
    <bpmn:exclusiveGateway id="gw" />
    <bpmn:userTask id="task_bad_form" cityops:assigneeUnit="tan-phu" cityops:formKey="no-such-form" />
    <bpmn:userTask id="task_orphan" cityops:assigneeUnit="tan-phu" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f_start" sourceRef="start" targetRef="task_no_assignee" />
    <bpmn:sequenceFlow id="f_gw" sourceRef="task_no_assignee" targetRef="gw" />
    <bpmn:sequenceFlow id="f_yes" sourceRef="gw" targetRef="task_bad_form">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= task_no_assignee.ok = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f_no_condition" sourceRef="gw" targetRef="end" />
    <bpmn:sequenceFlow id="f_bad_form_end" sourceRef="task_bad_form" targetRef="end" />
    <bpmn:sequenceFlow id="f_orphan_end" sourceRef="task_orphan" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

describe('SOP API', () => {
  let stack: TestStack;
  let admin: string;
  let operator: string;
  let leader: string;

  beforeAll(async () => {
    stack = await TestStack.start('sop_api');
    admin = await stack.login('admin');
    operator = await stack.login('operator.tanphu');
    leader = await stack.login('leader');
  });
  afterAll(async () => stack?.close());

  const fieldsOf = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field).sort();

  it('refuses requests without a token', async () => {
    expect((await stack.request('GET', '/api/sops')).status).toBe(401);
    expect((await stack.request('GET', '/api/sops/moddle.json')).status).toBe(401);
    expect((await stack.request('PUT', '/api/sops/road-check', { body: { name: 'x', bpmnXml: reviewSop('x') } })).status).toBe(401);
    expect((await stack.request('POST', '/api/sops/road-check/deploy')).status).toBe(401);
  });

  it('serves the moddle descriptor the compiler uses (not taken for an SOP key)', async () => {
    const res = await stack.request('GET', '/api/sops/moddle.json', { token: operator });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(cityopsDescriptor);
  });

  it('saves a draft, overwrites it, and audits name and XML size', async () => {
    const first = await stack.request('PUT', '/api/sops/road-check', { token: admin, body: { name: 'Kiểm tra đường', bpmnXml: reviewSop('Kiểm tra đường') } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ key: 'road-check', name: 'Kiểm tra đường', updatedAt: expect.any(String) });

    const xml = reviewSop('Kiểm tra đường v2');
    const second = await stack.request('PUT', '/api/sops/road-check', { token: admin, body: { name: 'Kiểm tra đường (sửa)', bpmnXml: xml } });
    expect(second.status).toBe(200);
    expect(new Date(second.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.body.updatedAt).getTime());

    const draft = await SopDraft.findById('road-check').lean();
    expect(draft).toMatchObject({ name: 'Kiểm tra đường (sửa)', bpmnXml: xml, updatedBy: 'admin' });
    const entries = await Audit.find({ action: 'sop.draft-saved', entityId: 'road-check' }).sort({ at: 1 }).lean();
    expect(entries.map((e) => ({ actor: e.actor, before: e.before, after: e.after }))).toEqual([
      { actor: 'admin', before: null, after: { name: 'Kiểm tra đường', xmlLength: reviewSop('Kiểm tra đường').length } },
      { actor: 'admin', before: { name: 'Kiểm tra đường', xmlLength: reviewSop('Kiểm tra đường').length }, after: { name: 'Kiểm tra đường (sửa)', xmlLength: xml.length } },
    ]);
  });

  it('rejects a bad key or body with 400 naming the field, and an oversized body with 413', async () => {
    const badKey = await stack.request('PUT', '/api/sops/Bad_Key', { token: admin, body: { name: 'x', bpmnXml: reviewSop('x') } });
    expect(badKey.status).toBe(400);
    expect(fieldsOf(badKey.body)).toEqual(['key']);
    expect((await stack.request('PUT', '/api/sops/-dash-first', { token: admin, body: { name: 'x', bpmnXml: reviewSop('x') } })).status).toBe(400);
    expect((await stack.request('PUT', '/api/sops/x', { token: admin, body: { name: 'x', bpmnXml: reviewSop('x') } })).status).toBe(400);

    const noXml = await stack.request('PUT', '/api/sops/road-check', { token: admin, body: { name: 'x' } });
    expect(noXml.status).toBe(400);
    expect(fieldsOf(noXml.body)).toEqual(['bpmnXml']);
    const blankName = await stack.request('PUT', '/api/sops/road-check', { token: admin, body: { name: '  ', bpmnXml: 42 } });
    expect(blankName.status).toBe(400);
    expect(fieldsOf(blankName.body)).toEqual(['bpmnXml', 'name']);
    const badDeploy = await stack.request('POST', '/api/sops/road-check/deploy', { token: admin, body: { bpmnXml: '' } });
    expect(badDeploy.status).toBe(400);
    expect(fieldsOf(badDeploy.body)).toEqual(['bpmnXml']);

    const huge = await stack.request('PUT', '/api/sops/road-check', { token: admin, body: { name: 'x', bpmnXml: 'x'.repeat(2 * 1024 * 1024 + 1) } });
    expect(huge.status).toBe(413);
    // Nothing above touched the saved draft.
    expect((await SopDraft.findById('road-check').lean())?.name).toBe('Kiểm tra đường (sửa)');
  });

  it('lets only admins save or deploy (403)', async () => {
    for (const token of [operator, leader]) {
      expect((await stack.request('PUT', '/api/sops/road-check', { token, body: { name: 'x', bpmnXml: reviewSop('x') } })).status).toBe(403);
      expect((await stack.request('POST', '/api/sops/road-check/deploy', { token })).status).toBe(403);
    }
  });

  it('deploys the draft as version 1, then given XML as version 2 (saved as the draft too)', async () => {
    const v1 = await stack.request('POST', '/api/sops/road-check/deploy', { token: admin });
    expect(v1.status).toBe(201);
    expect(v1.body).toEqual({ key: 'road-check', version: 1, graphHash: expect.stringMatching(/^[0-9a-f]{16}$/), warnings: [] });

    const xml = reviewSop('Kiểm tra đường v3');
    const v2 = await stack.request('POST', '/api/sops/road-check/deploy', { token: admin, body: { bpmnXml: xml } });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ key: 'road-check', version: 2 });
    expect(v2.body.graphHash).not.toBe(v1.body.graphHash);
    // The draft now holds the deployed XML and keeps its name.
    expect(await SopDraft.findById('road-check').lean()).toMatchObject({ bpmnXml: xml, name: 'Kiểm tra đường (sửa)' });
    expect(await Audit.countDocuments({ action: 'sop.deployed', entityId: { $in: ['road-check@1', 'road-check@2'] } })).toBe(2);
  });

  it('answers 404 naming the draft when there is neither a draft nor XML to deploy', async () => {
    const res = await stack.request('POST', '/api/sops/no-draft-here/deploy', { token: admin });
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('draft of SOP no-draft-here not found');
  });

  it('rejects a broken SOP with 422 listing every problem by element id, and deploys nothing', async () => {
    const res = await stack.request('POST', '/api/sops/broken/deploy', { token: admin, body: { bpmnXml: BROKEN_SOP, name: 'Broken' } });
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('SOP does not compile');
    const problems = res.body.errors as { elementId: string; message: string }[];
    for (const p of problems) expect(p.message).toEqual(expect.any(String));
    expect([...new Set(problems.map((p) => p.elementId))].sort()).toEqual(['f_no_condition', 'task_bad_form', 'task_no_assignee', 'task_orphan']);
    expect(problems.find((p) => p.elementId === 'task_bad_form')?.message).toContain('no-such-form');

    // The XML is kept as the draft, but no version exists.
    const detail = await stack.request('GET', '/api/sops/broken', { token: admin });
    expect(detail.body).toMatchObject({ key: 'broken', name: 'Broken', latestVersion: null, draft: { name: 'Broken', bpmnXml: BROKEN_SOP } });
    expect((await stack.request('GET', '/api/sops/broken/versions', { token: admin })).body).toEqual({ items: [] });
  });

  it('lists deployed SOPs and drafts for any signed-in user', async () => {
    const res = await stack.request('GET', '/api/sops', { token: operator });
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries((res.body.items as { key: string }[]).map((i) => [i.key, i]));
    expect(Object.keys(byKey).sort()).toEqual(['broken', 'road-check', ...SOPS.map((s) => s.key)].sort());
    expect(byKey['flood-response']).toMatchObject({ latestVersion: 1, hasDraft: false, draftUpdatedAt: null, name: 'Ứng phó ngập lụt — Suối Rạt' });
    expect(byKey['road-check']).toMatchObject({ latestVersion: 2, hasDraft: true, name: 'Kiểm tra đường v3', draftUpdatedAt: expect.any(String), updatedAt: expect.any(String) });
    expect(byKey['broken']).toMatchObject({ latestVersion: null, hasDraft: true, name: 'Broken' });
  });

  it('shows head and draft, with the draft XML for admins only', async () => {
    const forAdmin = await stack.request('GET', '/api/sops/road-check', { token: admin });
    expect(forAdmin.status).toBe(200);
    expect(forAdmin.body).toMatchObject({ key: 'road-check', latestVersion: 2, draft: { updatedBy: 'admin', bpmnXml: reviewSop('Kiểm tra đường v3') } });
    const forOperator = await stack.request('GET', '/api/sops/road-check', { token: operator });
    expect(forOperator.status).toBe(200);
    expect(forOperator.body.draft).toMatchObject({ name: 'Kiểm tra đường (sửa)', xmlLength: reviewSop('Kiểm tra đường v3').length });
    expect(forOperator.body.draft).not.toHaveProperty('bpmnXml');
    const missing = await stack.request('GET', '/api/sops/no-such-sop', { token: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('SOP no-such-sop not found');
  });

  it('lists versions newest first and serves one version with its XML and graph', async () => {
    const list = await stack.request('GET', '/api/sops/road-check/versions', { token: operator });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      { version: 2, name: 'Kiểm tra đường v3', graphHash: expect.any(String), deployedBy: 'admin', deployedAt: expect.any(String), approvedBy: null, runningIncidents: 0 },
      { version: 1, name: 'Kiểm tra đường v2', graphHash: expect.any(String), deployedBy: 'admin', deployedAt: expect.any(String), approvedBy: null, runningIncidents: 0 },
    ]);

    const v1 = await stack.request('GET', '/api/sops/road-check/versions/1', { token: operator });
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({
      key: 'road-check',
      version: 1,
      name: 'Kiểm tra đường v2',
      bpmnXml: reviewSop('Kiểm tra đường v2'),
      graphHash: list.body.items[1].graphHash,
      deployedBy: 'admin',
    });
    expect(v1.body.graph.nodes.review).toMatchObject({ kind: 'userTask', form: { key: 'flood-verify', version: 1 } });

    for (const bad of ['0', '-1', '1.5', 'latest']) {
      const res = await stack.request('GET', `/api/sops/road-check/versions/${bad}`, { token: operator });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['v']);
    }
    const missing = await stack.request('GET', '/api/sops/road-check/versions/9', { token: operator });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('SOP road-check version 9 not found');
    expect((await stack.request('GET', '/api/sops/no-such-sop/versions', { token: operator })).status).toBe(404);
  });
});
