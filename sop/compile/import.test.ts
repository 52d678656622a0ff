import fs from 'node:fs';
import path from 'node:path';
import { compileSop } from '../compiler';
import { bpmn, problemsOf, testOptions } from './test-support';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');

describe('importing BPMN from other modelers', () => {
  it('Camunda Modeler 7: camunda: attributes and extension elements are ignored with one warning per element', async () => {
    const { graph, warnings } = await compileSop(fixture('camunda7.bpmn'), testOptions);
    expect(graph.nodes.Task_check).toMatchObject({ kind: 'userTask', assignee: { unit: 'tien-thanh', role: 'operator' }, sla: 'PT2H' });
    expect(graph.nodes.Task_dispatch).toMatchObject({ kind: 'serviceTask', serviceType: 'http', params: { url: 'https://crews.example.vn/jobs', method: 'POST' } });
    expect(graph.flows.Flow_yes!.condition).toBe('Task_check.fixed = true');
    const byElement = Object.fromEntries(warnings.map((w) => [w.elementId, w.message]));
    expect(byElement.Task_check).toMatch(/camunda:assignee.*camunda:properties.*camunda:inputOutput/);
    expect(byElement.Task_dispatch).toMatch(/camunda:class.*camunda:failedJobRetryTimeCycle/);
    expect(byElement['streetlight-outage']).toMatch(/camunda:historyTimeToLive/);
  });

  it('Camunda 8: zeebe:taskDefinition and zeebe:ioMapping are ignored with warnings', async () => {
    const { graph, warnings } = await compileSop(fixture('camunda8.bpmn'), testOptions);
    expect(graph.nodes.fetch).toMatchObject({
      serviceType: 'http',
      resultVariable: 'forecast',
      params: { url: { feel: '"https://air.example.vn/forecast?ward=" + incident.ward' } },
    });
    expect(graph.nodes.warn).toMatchObject({ serviceType: 'notify', params: { recipientUnit: { feel: 'incident.ward' } } });
    expect(graph.nodes.review).toMatchObject({ sla: { feel: 'if forecast.body.worse then "PT1H" else "PT4H"' } });
    const byElement = Object.fromEntries(warnings.map((w) => [w.elementId, w.message]));
    expect(byElement.fetch).toMatch(/zeebe:taskDefinition.*zeebe:ioMapping/);
    expect(byElement.start).toMatch(/zeebe:ioMapping/);
    expect(byElement.review).toMatch(/zeebe:userTask/);
  });

  it('bpmn.io: plain BPMN with DI, colours and annotations compiles; a non-executable lone process gets a warning', async () => {
    const { graph, warnings } = await compileSop(fixture('bpmn-io.bpmn'), testOptions);
    expect(graph.processId).toBe('crowd-gathering');
    expect(graph.nodes.Activity_look!.boundaries).toEqual(['Event_late']);
    expect(graph.nodes.Activity_tell).toMatchObject({ serviceType: 'notify', params: { channel: 'in-app', recipientRole: 'leader' } });
    expect(warnings).toEqual([{ elementId: 'crowd-gathering', message: 'the process is not marked executable; compiled anyway' }]);
  });

  it('Signavio: metadata, pools and lanes are ignored; the unsupported business rule task is the only problem', async () => {
    const problems = await problemsOf(fixture('signavio.bpmn'));
    expect(problems).toEqual([{ elementId: 'sid-rule', message: expect.stringMatching(/business rule tasks are not supported; use a script task/) }]);
    const fixed = fixture('signavio.bpmn')
      .replace(/<businessRuleTask([^>]*)>/, '<manualTask$1>')
      .replace('</businessRuleTask>', '</manualTask>');
    const { graph, warnings } = await compileSop(fixed, testOptions);
    expect(graph.name).toBe('Dossier follow-up');
    expect(warnings.map((w) => w.elementId)).toEqual(expect.arrayContaining(['sid-collab', 'sid-pool', 'sid-lane-ops', 'sid-review', 'sid-f1']));
    expect(warnings.find((w) => w.elementId === 'sid-review')!.message).toMatch(/signavio:signavioMetaData/);
  });
});

describe('documents that are not compilable BPMN give a named problem, never a crash', () => {
  it.each([
    ['malformed XML', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p">', /not a well-formed BPMN 2.0 document|no process/],
    ['an empty string', '', /the BPMN document is empty/],
    ['whitespace only', '   \n', /the BPMN document is empty/],
    ['a document that is not BPMN', '<?xml version="1.0"?><html><body>hello</body></html>', /not a well-formed BPMN 2.0 document/],
    ['definitions without a process', '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" />', /contains no process/],
  ])('%s', async (_what, xml, message) => {
    const problems = await problemsOf(xml);
    expect(problems).toEqual([{ elementId: expect.stringMatching(/^(definitions|d)$/), message: expect.stringMatching(message) }]);
  });

  it('a non-string argument', async () => {
    expect(await problemsOf(undefined as unknown as string)).toEqual([{ elementId: 'definitions', message: 'the BPMN document is empty' }]);
  });

  it('an element of an unknown BPMN type is named by its id', async () => {
    expect(await problemsOf(bpmn('<bpmn:startEvent id="s" /><bpmn:fancyTask id="odd" /><bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />'))).toEqual(
      [{ elementId: 'odd', message: expect.stringMatching(/cannot read <bpmn:fancyTask>/) }],
    );
  });

  it('unreadable content in a foreign namespace is only a warning', async () => {
    const xml = bpmn('<bpmn:startEvent id="s" /><camunda:oddity /><bpmn:endEvent id="e" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />');
    const { warnings } = await compileSop(xml, testOptions);
    expect(warnings).toEqual([{ elementId: 's', message: expect.stringMatching(/ignored unreadable foreign content <camunda:oddity>/) }]);
  });
});
