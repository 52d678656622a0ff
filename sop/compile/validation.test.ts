import { compileSop } from '../compiler';
import { around, bpmn, chain, problemsAt, problemsOf, testOptions } from './test-support';

const timer = (value: string, kind = 'timeDuration') => `<bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition>`;
const http = (id: string, extra = '') =>
  `<bpmn:serviceTask id="${id}" cityops:type="http" ${extra}><bpmn:extensionElements><cityops:param name="url" value="https://x.vn" /></bpmn:extensionElements></bpmn:serviceTask>`;
const service = (type: string, params: Record<string, string>, tag = 'serviceTask') =>
  bpmn(
    around(
      `<bpmn:${tag} id="x" cityops:type="${type}"><bpmn:extensionElements>${Object.entries(params)
        .map(([n, v]) => `<cityops:param name="${n}" value="${v}" />`)
        .join('')}</bpmn:extensionElements></bpmn:${tag}>`,
    ),
  );
const user = (attrs: string, inner = '') => bpmn(around(`<bpmn:userTask id="x" cityops:assigneeRole="operator" ${attrs}>${inner}</bpmn:userTask>`));
const escalation = (attrs: string, levels: string) => `<bpmn:extensionElements><cityops:escalation ${attrs}>${levels}</cityops:escalation></bpmn:extensionElements>`;
const withBoundary = (host: string, boundary: string, roots = '') =>
  bpmn(`<bpmn:startEvent id="s" />${host}<bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />${boundary}${chain('s', 'x', 'e')}${chain('b', 'e2')}`, roots);
const gateway = (tag: string, flows: string) =>
  bpmn(`<bpmn:startEvent id="s" /><bpmn:${tag} id="g" /><bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />
    <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" />${flows}`);
const cond = (id: string, target: string, expr?: string, source = 'g') =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}">${expr ? `<bpmn:conditionExpression>${expr}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`;

/** [rule, document, element at fault, message fragment] */
const cases: [string, string, string, RegExp][] = [
  // values
  ['FEEL attribute with a syntax error', user('cityops:assigneeUnit="= a +"'), 'x', /cityops:assigneeUnit: FEEL syntax error/],
  // user task
  ['user task without assignee', bpmn(around('<bpmn:userTask id="x" />')), 'x', /needs an assignee/],
  ['unknown form', user('cityops:formKey="nope"'), 'x', /form "nope" does not exist/],
  ['form version that is not a number', user('cityops:formKey="report" cityops:formVersion="two"'), 'x', /formVersion must be a whole number/],
  ['form version without key', user('cityops:formVersion="2"'), 'x', /formVersion needs cityops:formKey/],
  ['SLA that is not a duration', user('cityops:sla="15 minutes"'), 'x', /SLA "15 minutes" is not an ISO 8601 duration/],
  ['reminder without SLA', user('cityops:reminder="PT5M"'), 'x', /reminder needs cityops:sla/],
  ['reminder that is not a duration', user('cityops:sla="PT1H" cityops:reminder="soon"'), 'x', /reminder "soon" is not an ISO 8601 duration/],
  ['escalation without SLA', user('', escalation('', '<cityops:level role="leader" after="PT5M" />')), 'x', /escalation needs cityops:sla/],
  ['escalation repeat below 1', user('cityops:sla="PT1H"', escalation('repeat="0"', '<cityops:level role="leader" after="PT5M" />')), 'x', /repeat must be a whole number ≥ 1/],
  ['escalation without levels', user('cityops:sla="PT1H"', escalation('', '')), 'x', /at least one <cityops:level>/],
  ['escalation level without anyone', user('cityops:sla="PT1H"', escalation('', '<cityops:level after="PT5M" />')), 'x', /escalation level 1 needs a role, unit or user/],
  ['escalation level with a bad after', user('cityops:sla="PT1H"', escalation('', '<cityops:level role="leader" after="5m" />')), 'x', /escalation level 1 after "5m"/],
  ['escalation level without after', user('cityops:sla="PT1H"', escalation('', '<cityops:level role="leader" />')), 'x', /escalation level 1 needs after/],
  ['escalation ackTimeout not a duration', user('cityops:sla="PT1H"', escalation('ackTimeout="later"', '<cityops:level role="leader" after="PT5M" />')), 'x', /ackTimeout "later"/],
  // service tasks
  ['service task without type', bpmn(around('<bpmn:serviceTask id="x" />')), 'x', /service task needs cityops:type/],
  ['unknown service type', service('ftp', {}), 'x', /cityops:type "ftp" is not one of/],
  ['unknown parameter', service('http', { url: 'https://x.vn', header: 'a' }), 'x', /unknown parameter "header" for a http task/],
  [
    'parameter given twice',
    bpmn(
      around(
        '<bpmn:sendTask id="x"><bpmn:extensionElements><cityops:param name="body" value="a" /><cityops:param name="body" value="b" /></bpmn:extensionElements></bpmn:sendTask>',
      ),
    ),
    'x',
    /"body" is given twice/,
  ],
  [
    'retries below 1',
    service('http', { url: 'https://x.vn' }).replace('cityops:type="http"', 'cityops:type="http" cityops:retries="0"'),
    'x',
    /retries must be a whole number ≥ 1/,
  ],
  [
    'invalid result variable',
    service('http', { url: 'https://x.vn' }).replace('cityops:type="http"', 'cityops:type="http" cityops:resultVariable="my result"'),
    'x',
    /"my result" is not a valid variable name/,
  ],
  ['notify without body', service('notify', { recipientRole: 'leader' }, 'sendTask'), 'x', /needs a "body" parameter/],
  ['notify with an unknown channel', service('notify', { body: 'b', channel: 'sms', recipientRole: 'leader' }), 'x', /"channel" must be a comma list of in-app, email, webhook/],
  ['in-app notify without recipient', service('notify', { body: 'b' }), 'x', /need recipientUnit, recipientRole or recipientUser/],
  ['webhook notify without url', service('notify', { body: 'b', channel: 'webhook' }), 'x', /webhook notifications need a "url"/],
  ['http without url', service('http', { method: 'POST' }), 'x', /http task needs a "url"/],
  ['http with a bad method', service('http', { url: 'https://x.vn', method: 'FETCH' }), 'x', /"method" must be one of GET, POST, PUT, PATCH, DELETE/],
  ['http with a url that is not http(s)', service('http', { url: 'ftp://x' }), 'x', /"url" must be an http\(s\) URL/],
  ['set-incident without parameters', service('set-incident', {}), 'x', /needs at least one of the parameters severity, title, status, fields/],
  ['set-incident with a bad severity', service('set-incident', { severity: 'huge' }), 'x', /"severity" must be one of info, warning, critical/],
  ['set-incident fields not FEEL', service('set-incident', { fields: 'a=1' }), 'x', /"fields" must be a FEEL context/],
  // script task
  [
    'script in another language',
    bpmn(around('<bpmn:scriptTask id="x" scriptFormat="javascript"><bpmn:script>1</bpmn:script></bpmn:scriptTask>')),
    'x',
    /script format "javascript" is not supported/,
  ],
  ['script task without script', bpmn(around('<bpmn:scriptTask id="x" />')), 'x', /needs a FEEL expression in <bpmn:script>/],
  ['script with a syntax error', bpmn(around('<bpmn:scriptTask id="x"><bpmn:script>a +* b</bpmn:script></bpmn:scriptTask>')), 'x', /script: FEEL syntax error/],
  // gateways and flows
  ['gateway flow without condition', gateway('exclusiveGateway', cond('a', 'e1', 'x > 1') + cond('b', 'e2')), 'b', /needs a condition or must be the default flow/],
  ['inclusive gateway flow without condition', gateway('inclusiveGateway', cond('a', 'e1') + cond('b', 'e2', 'y')), 'a', /needs a condition or must be the default flow/],
  ['condition with a FEEL syntax error', gateway('exclusiveGateway', cond('a', 'e1', '= x &gt;') + cond('b', 'e2', 'y')), 'a', /condition: FEEL syntax error/],
  [
    'condition on a flow leaving a task',
    bpmn(`<bpmn:startEvent id="s" /><bpmn:manualTask id="x" /><bpmn:endEvent id="e" />${chain('s', 'x')}${cond('c', 'e', 'true', 'x')}`),
    'c',
    /only evaluated on flows leaving an exclusive or inclusive gateway/,
  ],
  [
    'condition on a parallel gateway flow',
    gateway('parallelGateway', cond('a', 'e1', 'true') + cond('b', 'e2')),
    'a',
    /only evaluated on flows leaving an exclusive or inclusive gateway/,
  ],
  [
    'default flow with a condition',
    gateway('exclusiveGateway default="b"', cond('a', 'e1', 'x') + cond('b', 'e2', 'y')),
    'b',
    /default flow of gateway g must not have a condition/,
  ],
  [
    'default flow that does not leave the gateway',
    gateway('exclusiveGateway default="f0"', cond('a', 'e1', 'x') + cond('b', 'e2', 'y')),
    'g',
    /default flow f0 does not leave this gateway/,
  ],
  [
    'event-based gateway with one flow',
    gateway('eventBasedGateway', `<bpmn:intermediateCatchEvent id="t">${timer('PT1M')}</bpmn:intermediateCatchEvent>${chain('g', 't', 'e1')}`),
    'g',
    /needs at least two outgoing flows/,
  ],
  [
    'event-based gateway leading to a task',
    gateway(
      'eventBasedGateway',
      `<bpmn:intermediateCatchEvent id="t">${timer('PT1M')}</bpmn:intermediateCatchEvent><bpmn:manualTask id="m" />${chain('g', 't', 'e1')}${chain('g', 'm', 'e2')}`,
    ),
    'g_m',
    /must lead to a timer or message catch event; m is a manualTask/,
  ],
  // events
  [
    'timer start event',
    bpmn(`<bpmn:startEvent id="s">${timer('PT1M')}</bpmn:startEvent><bpmn:endEvent id="e" />${chain('s', 'e')}`),
    's',
    /timer start events are not supported; use a none start event/,
  ],
  [
    'two start events',
    bpmn(`<bpmn:startEvent id="s" /><bpmn:startEvent id="s2" /><bpmn:endEvent id="e" />${chain('s', 'e')}${chain('s2', 'e')}`),
    's2',
    /expected exactly one start event in the process, found 2/,
  ],
  ['sub-process without start', bpmn(around('<bpmn:subProcess id="x"><bpmn:manualTask id="m" /></bpmn:subProcess>')), 'x', /exactly one start event in sub-process x, found 0/],
  ['catch event without definition', bpmn(around('<bpmn:intermediateCatchEvent id="x" />')), 'x', /needs a timer or message event definition/],
  [
    'signal catch event',
    bpmn(around('<bpmn:intermediateCatchEvent id="x"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>')),
    'x',
    /signals are not supported; use a message event/,
  ],
  [
    'conditional catch event',
    bpmn(around('<bpmn:intermediateCatchEvent id="x"><bpmn:conditionalEventDefinition /></bpmn:intermediateCatchEvent>')),
    'x',
    /conditional events are not supported/,
  ],
  ['timer duration that is not a duration', bpmn(around(`<bpmn:intermediateCatchEvent id="x">${timer('1 hour')}</bpmn:intermediateCatchEvent>`)), 'x', /timer duration "1 hour"/],
  [
    'timer date without time zone',
    bpmn(around(`<bpmn:intermediateCatchEvent id="x">${timer('2026-11-25T13:00:00', 'timeDate')}</bpmn:intermediateCatchEvent>`)),
    'x',
    /timer date .* with a time zone/,
  ],
  [
    'timer cycle without repetitions',
    bpmn(around(`<bpmn:intermediateCatchEvent id="x">${timer('PT10M', 'timeCycle')}</bpmn:intermediateCatchEvent>`)),
    'x',
    /timer cycle "PT10M" must be R<n>\/<duration>/,
  ],
  [
    'timer without a value',
    bpmn(around('<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>')),
    'x',
    /timer needs a timeDuration, timeDate or timeCycle/,
  ],
  [
    'message without name',
    bpmn(around('<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>'), '<bpmn:message id="m" />'),
    'x',
    /message m needs a name/,
  ],
  [
    'message event without messageRef',
    bpmn(around('<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>')),
    'x',
    /needs a messageRef/,
  ],
  ['message end event', bpmn(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:messageEventDefinition /></bpmn:endEvent>${chain('s', 'e')}`), 'e', /use a send task/],
  [
    'error without errorCode',
    bpmn(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>${chain('s', 'e')}`, '<bpmn:error id="err" />'),
    'e',
    /error err needs an errorCode/,
  ],
  [
    'end event with an outgoing flow',
    bpmn(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />${chain('s', 'e', 'e2')}`),
    'e',
    /end event cannot have outgoing flows/,
  ],
  [
    'start event with an incoming flow',
    bpmn(`<bpmn:startEvent id="s" /><bpmn:manualTask id="m" /><bpmn:endEvent id="e" /><bpmn:parallelGateway id="g" />${chain('s', 'g', 'm', 'e')}${chain('g', 's')}`),
    's',
    /start event cannot have incoming flows/,
  ],
  // boundaries
  [
    'boundary on a script task',
    withBoundary('<bpmn:scriptTask id="x"><bpmn:script>1</bpmn:script></bpmn:scriptTask>', `<bpmn:boundaryEvent id="b" attachedToRef="x">${timer('PT1M')}</bpmn:boundaryEvent>`),
    'b',
    /not to a scriptTask/,
  ],
  [
    'error boundary on a user task',
    withBoundary('<bpmn:userTask id="x" cityops:assigneeRole="r" />', '<bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>'),
    'b',
    /error boundary events can be attached to service tasks, sub-processes and call activities, not to a userTask/,
  ],
  [
    'non-interrupting error boundary',
    withBoundary(http('x'), '<bpmn:boundaryEvent id="b" attachedToRef="x" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>'),
    'b',
    /always interrupting/,
  ],
  [
    'boundary with an incoming flow',
    withBoundary(http('x'), `<bpmn:boundaryEvent id="b" attachedToRef="x">${timer('PT1M')}</bpmn:boundaryEvent>${chain('s', 'b')}`),
    'b',
    /cannot have incoming flows/,
  ],
  [
    'boundary without outgoing flow',
    bpmn(`<bpmn:startEvent id="s" />${http('x')}<bpmn:endEvent id="e" /><bpmn:boundaryEvent id="b" attachedToRef="x">${timer('PT1M')}</bpmn:boundaryEvent>${chain('s', 'x', 'e')}`),
    'b',
    /needs exactly one outgoing flow, found 0/,
  ],
  [
    'signal boundary',
    withBoundary(http('x'), '<bpmn:boundaryEvent id="b" attachedToRef="x"><bpmn:signalEventDefinition /></bpmn:boundaryEvent>'),
    'b',
    /signals are not supported/,
  ],
  // structure
  [
    'task with two outgoing flows',
    bpmn(`<bpmn:startEvent id="s" /><bpmn:manualTask id="m" /><bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />${chain('s', 'm', 'e')}${chain('m', 'e2')}`),
    'm',
    /split with a parallel or exclusive gateway/,
  ],
  ['node without outgoing flow', bpmn(`<bpmn:startEvent id="s" /><bpmn:manualTask id="m" />${chain('s', 'm')}`), 'm', /has no outgoing sequence flow/],
  [
    'unreachable loop',
    bpmn(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" /><bpmn:manualTask id="a" /><bpmn:manualTask id="b" />${chain('s', 'e')}${chain('a', 'b', 'a')}`),
    'a',
    /not reachable from the start event/,
  ],
  [
    'flow to an unknown element',
    bpmn(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />${chain('s', 'e')}<bpmn:sequenceFlow id="bad" sourceRef="s" targetRef="ghost" />`),
    'bad',
    /targetRef refers to ghost, which does not exist/,
  ],
  ['duplicate ids', bpmn(`<bpmn:startEvent id="s" /><bpmn:endEvent id="e" /><bpmn:endEvent id="e" />${chain('s', 'e')}`), 'e', /used by several elements/],
  [
    'flow crossing into a sub-process',
    bpmn(
      `<bpmn:startEvent id="s" /><bpmn:subProcess id="sp"><bpmn:startEvent id="in" /><bpmn:endEvent id="in_e" />${chain('in', 'in_e')}</bpmn:subProcess><bpmn:endEvent id="e" />${chain('s', 'sp', 'e')}<bpmn:sequenceFlow id="cross" sourceRef="s" targetRef="in_e" />`,
    ),
    'cross',
    /crosses a sub-process border/,
  ],
  // call activity
  ['call activity without calledElement', bpmn(around('<bpmn:callActivity id="x" />')), 'x', /needs calledElement/],
  ['call activity of an SOP that is not deployed', bpmn(around('<bpmn:callActivity id="x" calledElement="nope" />')), 'x', /SOP "nope" is not deployed/],
  [
    'call activity of a version that is not deployed',
    bpmn(around('<bpmn:callActivity id="x" calledElement="evacuation" cityops:calledVersion="7" />')),
    'x',
    /has no deployed version 7/,
  ],
  [
    'call activity mapping with a bad target',
    bpmn(
      around('<bpmn:callActivity id="x" calledElement="evacuation"><bpmn:extensionElements><cityops:input source="a" target="1x" /></bpmn:extensionElements></bpmn:callActivity>'),
    ),
    'x',
    /cityops:input target "1x" is not a valid variable name/,
  ],
  [
    'call activity mapping with a FEEL error',
    bpmn(
      around(
        '<bpmn:callActivity id="x" calledElement="evacuation"><bpmn:extensionElements><cityops:output source="= (" target="y" /></bpmn:extensionElements></bpmn:callActivity>',
      ),
    ),
    'x',
    /cityops:output source: FEEL syntax error/,
  ],
  // multi-instance and loops
  ['multi-instance without collection', user('', '<bpmn:multiInstanceLoopCharacteristics cityops:elementVariable="w" />'), 'x', /needs cityops:collection/],
  ['multi-instance without element variable', user('', '<bpmn:multiInstanceLoopCharacteristics cityops:collection="ws" />'), 'x', /needs cityops:elementVariable/],
  [
    'multi-instance on a manual task',
    bpmn(around('<bpmn:manualTask id="x"><bpmn:multiInstanceLoopCharacteristics cityops:collection="ws" cityops:elementVariable="w" /></bpmn:manualTask>')),
    'x',
    /multi-instance is only supported on/,
  ],
  ['standard loop', user('', '<bpmn:standardLoopCharacteristics />'), 'x', /use a gateway loop or multi-instance/],
  // unsupported elements
  ['receive task', bpmn(around('<bpmn:receiveTask id="x" />')), 'x', /use an intermediate message catch event/],
  ['business rule task', bpmn(around('<bpmn:businessRuleTask id="x" />')), 'x', /use a script task/],
  ['complex gateway', bpmn(around('<bpmn:complexGateway id="x" />')), 'x', /use an inclusive or exclusive gateway/],
  ['intermediate throw event', bpmn(around('<bpmn:intermediateThrowEvent id="x" />')), 'x', /use a send task/],
  ['transaction', bpmn(around('<bpmn:transaction id="x" />')), 'x', /transactions are not supported/],
  ['ad-hoc sub-process', bpmn(around('<bpmn:adHocSubProcess id="x" />')), 'x', /ad-hoc sub-processes are not supported/],
  ['event sub-process', bpmn(around('<bpmn:manualTask id="x" />') + '<bpmn:subProcess id="esp" triggeredByEvent="true" />'), 'esp', /event sub-processes are not supported/],
  ['plain task', bpmn(around('<bpmn:task id="x" />')), 'x', /use a user, service, send, script or manual task/],
  // our namespace in the wrong place
  ['CityOps attribute on the wrong element', bpmn(around('<bpmn:manualTask id="x" cityops:sla="PT1H" />')), 'x', /cityops:sla does not apply to a manualTask/],
  [
    'CityOps extension element on the wrong element',
    bpmn(around('<bpmn:manualTask id="x"><bpmn:extensionElements><cityops:param name="a" value="b" /></bpmn:extensionElements></bpmn:manualTask>')),
    'x',
    /<cityops:param> does not apply to a manualTask/,
  ],
  [
    'unknown CityOps element',
    bpmn(around('<bpmn:manualTask id="x"><bpmn:extensionElements><cityops:retry /></bpmn:extensionElements></bpmn:manualTask>')),
    'x',
    /cannot read <cityops:retry>/,
  ],
  // process selection
  ['two executable processes', bpmn(around('<bpmn:manualTask id="x" />'), '<bpmn:process id="p2" isExecutable="true" />'), 'p2', /one of 2 executable processes/],
];

describe('compileSop validation: one rule each, naming the element at fault', () => {
  it.each(cases)('%s', async (_rule, xml, elementId, fragment) => {
    const messages = await problemsAt(xml, elementId);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(fragment)]));
  });

  it('collects every problem of a document before failing', async () => {
    const problems = await problemsOf(
      bpmn(`<bpmn:startEvent id="s" /><bpmn:userTask id="a" /><bpmn:serviceTask id="b" /><bpmn:receiveTask id="c" /><bpmn:endEvent id="e" />${chain('s', 'a', 'b', 'c', 'e')}`),
    );
    expect(problems.map((p) => p.elementId)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
  });

  it('allows loops back through a gateway', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="merge" /><bpmn:userTask id="t" cityops:assigneeRole="operator" />
      <bpmn:exclusiveGateway id="again" default="done" /><bpmn:endEvent id="e" />${chain('s', 'merge', 't', 'again')}
      ${cond('retry', 'merge', 't.ok = false', 'again')}<bpmn:sequenceFlow id="done" sourceRef="again" targetRef="e" />`);
    await expect(compileSop(xml, testOptions)).resolves.toBeDefined();
  });
});
