import fs from 'node:fs';
import path from 'node:path';
import { bpmn, problemsOf as problemsWith } from './compile/test-support';
import { compileSop, hashGraph } from './compiler';

const floodXml = fs.readFileSync(path.join(__dirname, '..', 'demo', 'flood-response.bpmn'), 'utf8');
const forms = (key: string, version?: number) => (key === 'flood-verify' || key === 'flood-action' ? (version ?? 3) : undefined);
const options = { resolveForm: forms, resolveSop: () => false };

const processXml = (body: string) => bpmn(body);
const problemsOf = (xml: string) => problemsWith(xml, options);

describe('compileSop', () => {
  it('compiles the seeded flood SOP into a graph with pinned forms, assignees and the gateway condition', async () => {
    const { graph, graphHash } = await compileSop(floodXml, options);
    expect(graph.startNodeId).toBe('start');
    expect(graph.nodes.verify).toMatchObject({ kind: 'userTask', assignee: { unit: 'tan-phu', role: 'operator' }, form: { key: 'flood-verify', version: 3 }, sla: 'PT15M' });
    expect(graph.nodes.confirmed_gw).toMatchObject({ kind: 'exclusiveGateway', defaultFlow: 'f_false_alarm', outgoing: ['f_confirmed', 'f_false_alarm'] });
    expect(graph.flows.f_confirmed!.condition).toBe('verify.confirmed = true');
    expect(graph.nodes.end_false_alarm).toMatchObject({ kind: 'endEvent', end: 'none', name: 'Báo động giả' });
    expect(graphHash).toBe(hashGraph(graph));
  });

  it('names every unsupported or invalid element at once', async () => {
    const problems = await problemsOf(
      processXml(`
      <bpmn:startEvent id="s" />
      <bpmn:userTask id="noAssignee" />
      <bpmn:scriptTask id="script" />
      <bpmn:exclusiveGateway id="gw" />
      <bpmn:userTask id="t1" cityops:assigneeUnit="tan-phu" cityops:formKey="nope" cityops:sla="15 minutes" />
      <bpmn:endEvent id="e" />
      <bpmn:endEvent id="orphan" />
      <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="noAssignee" />
      <bpmn:sequenceFlow id="f2" sourceRef="noAssignee" targetRef="gw" />
      <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="t1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= x &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="e" />
      <bpmn:sequenceFlow id="f5" sourceRef="t1" targetRef="e" />`),
    );
    const byElement = Object.fromEntries(problems.map((p) => [p.elementId, p.message]));
    expect(byElement.noAssignee).toMatch(/needs an assignee/);
    expect(byElement.script).toMatch(/script task needs a FEEL expression/);
    expect(byElement.f3).toMatch(/FEEL syntax error/);
    expect(byElement.f4).toMatch(/needs a condition or must be the default flow/);
    expect(problems.filter((p) => p.elementId === 't1').map((p) => p.message)).toEqual([
      expect.stringMatching(/form "nope" does not exist/),
      expect.stringMatching(/SLA "15 minutes"/),
    ]);
    expect(problems.filter((p) => p.elementId === 'orphan').map((p) => p.message)).toEqual([
      'has no incoming sequence flow',
      'is not reachable from the start event of the process',
    ]);
  });

  it('rejects XML that is not BPMN, naming the definitions', async () => {
    const problems = await problemsOf('<not-bpmn');
    expect(problems[0]!.elementId).toBe('definitions');
  });

  it('requires exactly one start event', async () => {
    const problems = await problemsOf(processXml('<bpmn:endEvent id="e" />'));
    expect(problems).toContainEqual({ elementId: 'p', message: 'expected exactly one start event in the process, found 0' });
  });

  it('ignores foreign extensions from other modelers with a warning', async () => {
    const { graph, warnings } = await compileSop(
      processXml(`
      <bpmn:startEvent id="s"><bpmn:extensionElements><camunda:properties><camunda:property name="a" value="b"/></camunda:properties></bpmn:extensionElements></bpmn:startEvent>
      <bpmn:userTask id="t" camunda:assignee="demo" cityops:assigneeUser="admin" />
      <bpmn:endEvent id="e" />
      <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />
      <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" />`),
      options,
    );
    expect(graph.nodes.t).toMatchObject({ kind: 'userTask', assignee: { user: 'admin' } });
    expect(warnings.map((w) => w.elementId).sort()).toEqual(['s', 't']);
  });
});
