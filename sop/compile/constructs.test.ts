import { compileSop, hashGraph } from '../compiler';
import { around, bpmn, chain, testOptions } from './test-support';

const compile = async (xml: string) => (await compileSop(xml, testOptions)).graph;
const timer = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;

describe('compileSop constructs (graph format 2)', () => {
  it('user task: Dynamic assignees, pinned form, FEEL SLA, reminder, skippable, escalation', async () => {
    const graph = await compile(
      bpmn(
        around(`<bpmn:userTask id="x" name="Verify" cityops:assigneeUnit="=incident.ward" cityops:assigneeRole="operator" cityops:formKey="report"
          cityops:sla="PT30M" cityops:reminder="PT5M" cityops:skippable="true">
          <bpmn:extensionElements><cityops:escalation repeat="2" ackTimeout="PT15M">
            <cityops:level role="leader" after="PT10M" /><cityops:level unit="city" user="chief" after="PT20M" />
          </cityops:escalation></bpmn:extensionElements></bpmn:userTask>`),
      ),
    );
    expect(graph.format).toBe(2);
    expect(graph.nodes.x).toEqual({
      id: 'x',
      name: 'Verify',
      kind: 'userTask',
      outgoing: ['x_e'],
      incoming: ['s_x'],
      assignee: { unit: { feel: 'incident.ward' }, role: 'operator' },
      form: { key: 'report', version: 4 },
      sla: 'PT30M',
      reminder: 'PT5M',
      skippable: true,
      escalation: {
        repeat: 2,
        ackTimeout: 'PT15M',
        levels: [
          { role: 'leader', after: 'PT10M' },
          { unit: 'city', user: 'chief', after: 'PT20M' },
        ],
      },
    });
  });

  it('user task defaults: not skippable, SLA as FEEL, no escalation', async () => {
    const graph = await compile(
      bpmn(around(`<bpmn:userTask id="x" cityops:assigneeUser="admin" cityops:sla="= if severity = &quot;critical&quot; then &quot;PT5M&quot; else &quot;PT1H&quot;" />`)),
    );
    expect(graph.nodes.x).toMatchObject({ kind: 'userTask', assignee: { user: 'admin' }, skippable: false, sla: { feel: 'if severity = "critical" then "PT5M" else "PT1H"' } });
    expect(graph.nodes.x).not.toHaveProperty('escalation');
  });

  it('send task: a notify service task with defaults filled in', async () => {
    const graph = await compile(
      bpmn(
        around(`<bpmn:sendTask id="x"><bpmn:extensionElements>
          <cityops:param name="body" value="Flood at {{incident.title}}" /><cityops:param name="recipientRole" value="=leaderRole" />
        </bpmn:extensionElements></bpmn:sendTask>`),
      ),
    );
    expect(graph.nodes.x).toMatchObject({
      kind: 'serviceTask',
      serviceType: 'notify',
      params: { body: 'Flood at {{incident.title}}', recipientRole: { feel: 'leaderRole' }, channel: 'in-app' },
      maxAttempts: 5,
    });
  });

  it('service task: http with method default, retries and result variable', async () => {
    const graph = await compile(
      bpmn(
        around(`<bpmn:serviceTask id="x" cityops:type="http" cityops:retries="3" cityops:resultVariable="gauge"><bpmn:extensionElements>
          <cityops:param name="url" value="https://api.example.vn/gauges/{{incident.id}}" />
        </bpmn:extensionElements></bpmn:serviceTask>`),
      ),
    );
    expect(graph.nodes.x).toMatchObject({
      kind: 'serviceTask',
      serviceType: 'http',
      params: { url: 'https://api.example.vn/gauges/{{incident.id}}', method: 'GET' },
      maxAttempts: 3,
      resultVariable: 'gauge',
    });
  });

  it('service task: set-incident and notify over several channels', async () => {
    const graph = await compile(
      bpmn(`<bpmn:startEvent id="s" />
        <bpmn:serviceTask id="a" cityops:type="set-incident"><bpmn:extensionElements>
          <cityops:param name="severity" value="critical" /><cityops:param name="fields" value="={ward: &quot;tan-phu&quot;}" />
        </bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:serviceTask id="b" cityops:type="notify"><bpmn:extensionElements>
          <cityops:param name="channel" value="email, webhook" /><cityops:param name="url" value="https://hooks.example.vn/x" />
          <cityops:param name="recipientUnit" value="city" /><cityops:param name="recipientMatch" value="covering" /><cityops:param name="subject" value="Alert" /><cityops:param name="body" value="=&quot;Level &quot; + string(level)" />
        </bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:endEvent id="e" />${chain('s', 'a', 'b', 'e')}`),
    );
    expect(graph.nodes.a).toMatchObject({ serviceType: 'set-incident', params: { severity: 'critical', fields: { feel: '{ward: "tan-phu"}' } } });
    expect(graph.nodes.b).toMatchObject({ serviceType: 'notify', params: { channel: 'email,webhook', recipientMatch: 'covering', body: { feel: '"Level " + string(level)' } } });
  });

  it('script task: FEEL expression with or without =, result variable', async () => {
    const graph = await compile(bpmn(around(`<bpmn:scriptTask id="x" scriptFormat="FEEL" cityops:resultVariable="total"><bpmn:script>= a + b</bpmn:script></bpmn:scriptTask>`)));
    expect(graph.nodes.x).toMatchObject({ kind: 'scriptTask', expression: 'a + b', resultVariable: 'total' });
  });

  it('manual task: passes through', async () => {
    const graph = await compile(bpmn(around('<bpmn:manualTask id="x" name="Close the road" />')));
    expect(graph.nodes.x).toEqual({ id: 'x', name: 'Close the road', kind: 'manualTask', outgoing: ['x_e'], incoming: ['s_x'] });
  });

  it('exclusive, inclusive and parallel gateways with default flows and conditions', async () => {
    const graph = await compile(
      bpmn(`<bpmn:startEvent id="s" />
        <bpmn:exclusiveGateway id="xor" default="toAnd" />
        <bpmn:inclusiveGateway id="or" default="orDefault" />
        <bpmn:parallelGateway id="and" />
        <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" /><bpmn:endEvent id="e4" />
        <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="xor" />
        <bpmn:sequenceFlow id="toOr" sourceRef="xor" targetRef="or"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=level &gt; 3</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toAnd" sourceRef="xor" targetRef="and" />
        <bpmn:sequenceFlow id="orA" sourceRef="or" targetRef="e1"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">rain</bpmn:conditionExpression></bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="orDefault" sourceRef="or" targetRef="e2" />
        <bpmn:sequenceFlow id="and1" sourceRef="and" targetRef="e3" />
        <bpmn:sequenceFlow id="and2" sourceRef="and" targetRef="e4" />`),
    );
    expect(graph.nodes.xor).toMatchObject({ kind: 'exclusiveGateway', defaultFlow: 'toAnd', outgoing: ['toOr', 'toAnd'] });
    expect(graph.nodes.or).toMatchObject({ kind: 'inclusiveGateway', defaultFlow: 'orDefault' });
    expect(graph.nodes.and).toMatchObject({ kind: 'parallelGateway', outgoing: ['and1', 'and2'] });
    expect(graph.flows.toOr).toEqual({ id: 'toOr', source: 'xor', target: 'or', condition: 'level > 3' });
    expect(graph.flows.orA!.condition).toBe('rain');
  });

  it('event-based gateway racing a message against a timer; catch events with every timer form', async () => {
    const graph = await compile(
      bpmn(
        `<bpmn:startEvent id="s" />
        <bpmn:eventBasedGateway id="race" />
        <bpmn:intermediateCatchEvent id="ack"><bpmn:messageEventDefinition messageRef="msgAck" /></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="late">${timer('timeDuration', '=slaText')}</bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="at">${timer('timeDate', '2026-11-25T13:00:00+07:00')}</bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="every">${timer('timeCycle', 'R3/PT10M')}</bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />
        ${chain('s', 'race', 'ack', 'e')}${chain('race', 'late', 'at', 'every', 'e2')}`,
        '<bpmn:message id="msgAck" name="field-ack" />',
      ),
    );
    expect(graph.nodes.race).toMatchObject({ kind: 'eventBasedGateway', outgoing: ['race_ack', 'race_late'] });
    expect(graph.nodes.ack).toMatchObject({ kind: 'intermediateCatchEvent', trigger: { trigger: 'message', message: 'field-ack' } });
    expect(graph.nodes.late).toMatchObject({ trigger: { trigger: 'timer', timer: 'duration', value: { feel: 'slaText' } } });
    expect(graph.nodes.at).toMatchObject({ trigger: { trigger: 'timer', timer: 'date', value: '2026-11-25T13:00:00+07:00' } });
    expect(graph.nodes.every).toMatchObject({ trigger: { trigger: 'timer', timer: 'cycle', value: 'R3/PT10M' } });
  });

  it('boundary events: wired to their host, interrupting or not, timer, message and error triggers', async () => {
    const graph = await compile(
      bpmn(
        `<bpmn:startEvent id="s" />
        <bpmn:userTask id="t" cityops:assigneeRole="operator" />
        <bpmn:serviceTask id="call" cityops:type="http"><bpmn:extensionElements><cityops:param name="url" value="https://x.vn" /></bpmn:extensionElements></bpmn:serviceTask>
        <bpmn:boundaryEvent id="remind" attachedToRef="t" cancelActivity="false">${timer('timeDuration', 'PT1H')}</bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="cancel" attachedToRef="t"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="failed" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="anyError" attachedToRef="call"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
        <bpmn:manualTask id="phone" /><bpmn:endEvent id="e" /><bpmn:endEvent id="e2" /><bpmn:endEvent id="e3" /><bpmn:endEvent id="e4" />
        ${chain('s', 't', 'call', 'e')}${chain('remind', 'phone', 'e2')}${chain('cancel', 'e3')}${chain('failed', 'e4')}
        <bpmn:sequenceFlow id="any" sourceRef="anyError" targetRef="e4" />`,
        '<bpmn:message id="m" name="cancel" /><bpmn:error id="err" errorCode="HTTP_503" />',
      ),
    );
    expect(graph.nodes.t!.boundaries).toEqual(['remind', 'cancel']);
    expect(graph.nodes.call!.boundaries).toEqual(['failed', 'anyError']);
    expect(graph.nodes.remind).toMatchObject({
      kind: 'boundaryEvent',
      attachedTo: 't',
      interrupting: false,
      trigger: { trigger: 'timer', timer: 'duration', value: 'PT1H' },
      outgoing: ['remind_phone'],
    });
    expect(graph.nodes.cancel).toMatchObject({ interrupting: true, trigger: { trigger: 'message', message: 'cancel' } });
    expect(graph.nodes.failed).toMatchObject({ interrupting: true, trigger: { trigger: 'error', errorCode: 'HTTP_503' } });
    expect(graph.nodes.anyError).toMatchObject({ trigger: { trigger: 'error' } });
  });

  it('end events: none, terminate and error with its code', async () => {
    const graph = await compile(
      bpmn(
        `<bpmn:startEvent id="s" /><bpmn:parallelGateway id="g" />
        <bpmn:endEvent id="done" /><bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
        <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>
        ${chain('s', 'g', 'done')}${chain('g', 'stop')}${chain('g', 'fail')}`,
        '<bpmn:error id="err" name="No crew" errorCode="NO_CREW" />',
      ),
    );
    expect(graph.nodes.done).toMatchObject({ kind: 'endEvent', end: 'none' });
    expect(graph.nodes.stop).toMatchObject({ kind: 'endEvent', end: 'terminate' });
    expect(graph.nodes.fail).toMatchObject({ kind: 'endEvent', end: 'error', errorCode: 'NO_CREW' });
  });

  it('embedded sub-process: children in the flat maps with parent, own start, nested scopes', async () => {
    const graph = await compile(
      bpmn(
        around(`<bpmn:subProcess id="x" name="Field work">
          <bpmn:startEvent id="in_s" /><bpmn:subProcess id="inner"><bpmn:startEvent id="deep_s" /><bpmn:endEvent id="deep_e" />${chain('deep_s', 'deep_e')}</bpmn:subProcess>
          <bpmn:endEvent id="in_e" />${chain('in_s', 'inner', 'in_e')}
        </bpmn:subProcess>`),
      ),
    );
    expect(graph.nodes.x).toMatchObject({ kind: 'subProcess', startNodeId: 'in_s', outgoing: ['x_e'] });
    expect(graph.nodes.x).not.toHaveProperty('parent');
    expect(graph.nodes.in_s).toMatchObject({ kind: 'startEvent', parent: 'x', outgoing: ['in_s_inner'] });
    expect(graph.nodes.inner).toMatchObject({ parent: 'x', startNodeId: 'deep_s' });
    expect(graph.nodes.deep_e).toMatchObject({ parent: 'inner', incoming: ['deep_s_deep_e'] });
    expect(graph.startNodeId).toBe('s');
    expect(graph.flows.deep_s_deep_e).toEqual({ id: 'deep_s_deep_e', source: 'deep_s', target: 'deep_e' });
  });

  it('call activity: SOP key, pinned version, input and output mappings', async () => {
    const graph = await compile(
      bpmn(
        around(`<bpmn:callActivity id="x" calledElement="evacuation" cityops:calledVersion="2"><bpmn:extensionElements>
          <cityops:input source="=incident.ward" target="ward" /><cityops:input source="level * 2" target="urgency" />
          <cityops:output source="=evacuated" target="evacuatedCount" />
        </bpmn:extensionElements></bpmn:callActivity>`),
      ),
    );
    expect(graph.nodes.x).toMatchObject({
      kind: 'callActivity',
      calledSop: 'evacuation',
      calledVersion: 2,
      inputs: [
        { source: 'incident.ward', target: 'ward' },
        { source: 'level * 2', target: 'urgency' },
      ],
      outputs: [{ source: 'evacuated', target: 'evacuatedCount' }],
    });
  });

  it('multi-instance user task and sub-process', async () => {
    const graph = await compile(
      bpmn(`<bpmn:startEvent id="s" />
        <bpmn:userTask id="t" cityops:assigneeUnit="=ward"><bpmn:multiInstanceLoopCharacteristics cityops:collection="=incident.wards" cityops:elementVariable="ward" cityops:outputCollection="reports">
          <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=count(reports) &gt;= 3</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
        <bpmn:subProcess id="sp"><bpmn:multiInstanceLoopCharacteristics isSequential="true" cityops:collection="lamps" cityops:elementVariable="lamp" />
          <bpmn:startEvent id="sp_s" /><bpmn:endEvent id="sp_end" />${chain('sp_s', 'sp_end')}</bpmn:subProcess>
        <bpmn:endEvent id="e" />${chain('s', 't', 'sp', 'e')}`),
    );
    expect(graph.nodes.t!.multiInstance).toEqual({
      sequential: false,
      collection: 'incident.wards',
      elementVariable: 'ward',
      outputCollection: 'reports',
      completionCondition: 'count(reports) >= 3',
    });
    expect(graph.nodes.sp!.multiInstance).toEqual({ sequential: true, collection: 'lamps', elementVariable: 'lamp' });
  });

  it('a collaboration with one executable pool compiles; lanes, annotations, groups and data objects are ignored', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cityops="https://cityops.dev/schema/bpmn/1.0" id="defs" targetNamespace="t">
  <bpmn:collaboration id="c">
    <bpmn:participant id="pool" name="Trung tâm IOC" processRef="p" />
    <bpmn:participant id="citizen" name="Citizen" processRef="external" />
    <bpmn:messageFlow id="mf" sourceRef="citizen" targetRef="pool" />
  </bpmn:collaboration>
  <bpmn:process id="p" isExecutable="true">
    <bpmn:laneSet id="ls"><bpmn:lane id="lane" name="Operators"><bpmn:flowNodeRef>s</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:dataObject id="do" /><bpmn:dataObjectReference id="dor" dataObjectRef="do" /><bpmn:dataStoreReference id="dsr" />
    <bpmn:startEvent id="s" /><bpmn:manualTask id="x" /><bpmn:endEvent id="e" />${chain('s', 'x', 'e')}
    <bpmn:textAnnotation id="note"><bpmn:text>remember</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="assoc" sourceRef="x" targetRef="note" />
    <bpmn:group id="grp" />
  </bpmn:process>
  <bpmn:process id="external" isExecutable="false" />
</bpmn:definitions>`;
    const { graph, warnings } = await compileSop(xml, testOptions);
    expect(graph).toMatchObject({ processId: 'p', name: 'Trung tâm IOC', startNodeId: 's' });
    expect(Object.keys(graph.nodes)).toEqual(['s', 'x', 'e']);
    expect(warnings).toEqual([]);
  });

  it('hashGraph is stable under key order and changes with content', async () => {
    const graph = await compile(bpmn(around('<bpmn:manualTask id="x" />')));
    const reordered = JSON.parse(
      JSON.stringify({ nodes: graph.nodes, flows: graph.flows, startNodeId: graph.startNodeId, name: graph.name, processId: graph.processId, format: graph.format }),
    );
    expect(hashGraph(reordered)).toBe(hashGraph(graph));
    expect(hashGraph({ ...graph, name: 'other' })).not.toBe(hashGraph(graph));
    expect(hashGraph(graph)).toMatch(/^[0-9a-f]{16}$/);
  });
});
