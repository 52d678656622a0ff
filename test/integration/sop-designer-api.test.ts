import { Audit, Incident, SopDraft, SopVersion } from '../../model';
import { TestStack } from '../support/test-stack';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cityops="https://cityops.dev/schema/bpmn/1.0"`;

function sop(processId: string, task: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="defs" targetNamespace="https://cityops.dev/sop">
  <bpmn:process id="${processId}" name="Kiểm tra" isExecutable="true">
    <bpmn:startEvent id="start" />
    ${task}
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;
}
const GOOD = sop('designer-check', '<bpmn:userTask id="review" cityops:assigneeUnit="tan-phu" cityops:formKey="flood-verify" />');
const BROKEN = sop('designer-check', '<bpmn:userTask id="review" cityops:formKey="no-such-form" cityops:sla="=1 +" />');

/** The API the SOP designer adds: the dry-run check, its pickers, and running incidents per version. */
describe('SOP designer API', () => {
  let stack: TestStack;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    stack = await TestStack.start('sop_designer_api');
    admin = await stack.login('admin');
    operator = await stack.login('operator.tanphu');
  });
  afterAll(async () => stack?.close());

  it('checks a broken SOP without storing or auditing anything, naming each problem by element id', async () => {
    const auditsBefore = await Audit.countDocuments({ entityId: /^designer-check/ });
    const res = await stack.request('POST', '/api/sops/designer-check/check', { token: admin, body: { bpmnXml: BROKEN } });
    expect(res.status).toBe(200);
    const errors = (res.body as { errors: { elementId: string; message: string }[] }).errors;
    expect(errors.map((e) => e.elementId)).toEqual(expect.arrayContaining(['review']));
    expect(errors.map((e) => e.message).join('\n')).toMatch(/no-such-form/);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/assignee/i);
    expect(await SopDraft.exists({ _id: 'designer-check' })).toBeNull();
    expect(await SopVersion.exists({ key: 'designer-check' })).toBeNull();
    expect(await Audit.countDocuments({ entityId: /^designer-check/ })).toBe(auditsBefore);
  });

  it('answers a clean check with no errors, refuses non-admins and bodies without XML', async () => {
    const ok = await stack.request('POST', '/api/sops/designer-check/check', { token: admin, body: { bpmnXml: GOOD } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ errors: [] });
    expect((await stack.request('POST', '/api/sops/designer-check/check', { token: operator, body: { bpmnXml: GOOD } })).status).toBe(403);
    const bad = await stack.request('POST', '/api/sops/designer-check/check', { token: admin, body: {} });
    expect(bad.status).toBe(400);
  });

  it('offers the org tree, roles, users and deployed forms to admins only', async () => {
    const res = await stack.request('GET', '/api/sops/designer-options', { token: admin });
    expect(res.status).toBe(200);
    const body = res.body as { units: { id: string; parent: string | null }[]; roles: string[]; users: { username: string }[]; forms: { key: string; version: number }[] };
    expect(body.units).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'tan-phu', parent: expect.any(String) })]));
    expect(body.roles).toEqual(expect.arrayContaining(['operator', 'leader']));
    expect(body.users.map((u) => u.username)).toContain('operator.tanphu');
    expect(body.forms).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'flood-verify', version: 1 })]));
    expect((await stack.request('GET', '/api/sops/designer-options', { token: operator })).status).toBe(403);
  });

  it('counts the running (open or monitoring) incidents of each version', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await stack.request('POST', '/api/sops/designer-count/deploy', {
        token: admin,
        body: { bpmnXml: GOOD.replace('designer-check', 'designer-count'), name: 'Đếm' },
      });
      expect(res.status).toBe(201);
    }
    const base = { workflowId: 'wf', correlationKey: 'c', title: 't', severity: 'info', sopKey: 'designer-count', openedAt: new Date() };
    await Incident.insertMany([
      { ...base, _id: 'dc-1', sopVersion: 1, status: 'open' },
      { ...base, _id: 'dc-2', sopVersion: 1, status: 'monitoring' },
      { ...base, _id: 'dc-3', sopVersion: 1, status: 'resolved' },
      { ...base, _id: 'dc-4', sopVersion: 2, status: 'cancelled' },
      { ...base, _id: 'dc-5', sopKey: 'flood-response', sopVersion: 2, status: 'open' },
    ]);
    const res = await stack.request('GET', '/api/sops/designer-count/versions', { token: operator });
    expect(res.status).toBe(200);
    expect((res.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ version: 2, deployedBy: 'admin', runningIncidents: 0 }),
      expect.objectContaining({ version: 1, deployedBy: 'admin', runningIncidents: 2 }),
    ]);
  });
});
