import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import cityopsDescriptor from '../../../../../sop/cityops-moddle.json';
import { readElement, type ElementEdit, type ModdleLike } from './element-view';
import { applyEdit, type DiagramElement, type Moddle, type Modeling } from './modeler-services';

type Element = ModdleLike & { set(name: string, value: unknown): void; flowElements?: Element[] };

/**
 * The panel's reads and writes against real moddle trees with our descriptor, round-tripped
 * through XML so the attributes and extension elements land where the compiler reads them.
 */
describe('properties panel edits on the moddle tree', () => {
  const moddle = BpmnModdle({ cityops: cityopsDescriptor });
  // bpmn-js's modeling sets each property on the business object (and records it for undo).
  const modeling: Modeling = {
    updateProperties: (element, props) => Object.entries(props).forEach(([k, v]) => element.businessObject.set!(k, v)),
    updateModdleProperties: (_element, target, props) => Object.entries(props).forEach(([k, v]) => (target as Element).set(k, v)),
  };

  async function load(xml: string) {
    const { rootElement } = await moddle.fromXML(xml);
    const process = (rootElement as unknown as { rootElements: Element[] }).rootElements[0]!;
    const byId = (id: string) => process.flowElements!.find((e) => e.id === id)!;
    const edit = (id: string, e: ElementEdit) => applyEdit({ id, type: byId(id).$type, businessObject: byId(id) } as DiagramElement, e, modeling, moddle as unknown as Moddle);
    const xmlOut = async () => (await moddle.toXML(rootElement)).xml;
    return { byId, edit, xmlOut };
  }

  it('reads assignment, form and SLA of a user task, and a gateway flow’s condition', async () => {
    const { byId } = await load(readFileSync(join(__dirname, '../../../../../demo/flood-response.bpmn'), 'utf8'));
    expect(readElement(byId('verify'))).toMatchObject({
      type: 'bpmn:UserTask',
      name: 'Xác minh qua camera',
      attrs: { 'cityops:assigneeUnit': 'tan-phu', 'cityops:assigneeRole': 'operator', 'cityops:formKey': 'flood-verify', 'cityops:sla': 'PT15M' },
    });
    expect(readElement(byId('f_confirmed'))).toMatchObject({ condition: '= verify.confirmed = true', needsCondition: true, isDefault: false });
    expect(readElement(byId('f_false_alarm'))).toMatchObject({ needsCondition: false, isDefault: true });
  });

  it('writes attributes, escalation and parameters as the compiler reads them', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cityops="https://cityops.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="t1" />
    <bpmn:serviceTask id="s1" />
  </bpmn:process>
</bpmn:definitions>`;
    const { byId, edit, xmlOut } = await load(xml);
    edit('t1', { kind: 'attr', attr: 'cityops:assigneeUnit', value: 'tan-phu' });
    edit('t1', { kind: 'attr', attr: 'cityops:formVersion', value: '2' });
    edit('t1', { kind: 'escalation', role: 'leader', after: 'PT10M' });
    edit('s1', { kind: 'attr', attr: 'cityops:type', value: 'notify' });
    edit('s1', {
      kind: 'params',
      params: [
        { name: 'to', value: '=incident.unit' },
        { name: '', value: 'dropped: no name' },
      ],
    });
    const out = await xmlOut();
    expect(out).toContain('cityops:assigneeUnit="tan-phu"');
    expect(out).toContain('cityops:formVersion="2"');
    expect(out).toMatch(/<cityops:escalation>\s*<cityops:level role="leader" after="PT10M" \/>/);
    expect(out).toMatch(/<cityops:param name="to" value="=incident.unit" \/>/);
    expect(out).not.toContain('dropped');
    expect(readElement(byId('t1')).escalation).toEqual({ role: 'leader', after: 'PT10M' });
    expect(readElement(byId('s1')).params).toEqual([{ name: 'to', value: '=incident.unit' }]);

    // Emptying a field removes the attribute; emptying the escalation removes the extension elements.
    edit('t1', { kind: 'attr', attr: 'cityops:assigneeUnit', value: '' });
    edit('t1', { kind: 'escalation', role: '', after: '' });
    const cleared = await xmlOut();
    expect(cleared).not.toContain('assigneeUnit');
    expect(cleared).not.toContain('escalation');
  });

  it('keeps deeper escalation levels, repeat and ackTimeout when the first level changes', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cityops="https://cityops.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="t1" cityops:assigneeRole="operator">
      <bpmn:extensionElements>
        <cityops:escalation repeat="2" ackTimeout="PT15M">
          <cityops:level role="leader" after="PT10M" />
          <cityops:level role="admin" after="PT20M" />
        </cityops:escalation>
      </bpmn:extensionElements>
    </bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;
    const { edit, xmlOut } = await load(xml);
    edit('t1', { kind: 'escalation', role: 'operator', after: 'PT5M' });
    const out = await xmlOut();
    expect(out).toMatch(/<cityops:escalation repeat="2" ackTimeout="PT15M">\s*<cityops:level role="operator" after="PT5M" \/>\s*<cityops:level role="admin" after="PT20M" \/>/);
  });

  it('sets one timer form at a time, and points a message event at a named message', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="td" /></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="reply"><bpmn:messageEventDefinition id="md" /></bpmn:intermediateCatchEvent>
  </bpmn:process>
</bpmn:definitions>`;
    const { byId, edit, xmlOut } = await load(xml);
    expect(readElement(byId('wait')).timer).toEqual({ form: 'timeDuration', value: '' });
    expect(readElement(byId('reply')).message).toBe('');
    edit('wait', { kind: 'timer', form: 'timeDuration', value: 'PT10M' });
    edit('wait', { kind: 'timer', form: 'timeCycle', value: 'R3/PT10M' });
    edit('reply', { kind: 'message', name: 'site-report' });
    const out = await xmlOut();
    expect(out).toMatch(/<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3\/PT10M<\/bpmn:timeCycle>/);
    expect(out).not.toContain('timeDuration');
    expect(out).toMatch(/<bpmn:message id="Message_site-report" name="site-report" \/>/);
    expect(out).toContain('messageRef="Message_site-report"');
    expect(readElement(byId('wait')).timer).toEqual({ form: 'timeCycle', value: 'R3/PT10M' });
    expect(readElement(byId('reply')).message).toBe('site-report');
  });

  it('edits what a multi-instance step iterates over', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:cityops="https://cityops.dev/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="each" cityops:assigneeUnit="=ward"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;
    const { byId, edit, xmlOut } = await load(xml);
    edit('each', { kind: 'multiInstance', field: 'cityops:collection', value: '=incident.wards' });
    edit('each', { kind: 'multiInstance', field: 'cityops:elementVariable', value: 'ward' });
    edit('each', { kind: 'multiInstance', field: 'completionCondition', value: '= nrOfCompletedInstances >= 2' });
    const out = await xmlOut();
    expect(out).toContain('<bpmn:multiInstanceLoopCharacteristics cityops:collection="=incident.wards" cityops:elementVariable="ward">');
    expect(out).toContain('= nrOfCompletedInstances &gt;= 2</bpmn:completionCondition>');
    expect(readElement(byId('each')).multiInstance).toEqual({
      'cityops:collection': '=incident.wards',
      'cityops:elementVariable': 'ward',
      'cityops:outputCollection': '',
      completionCondition: '= nrOfCompletedInstances >= 2',
    });
  });
});
