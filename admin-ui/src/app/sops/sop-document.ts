/** SOP keys as the API accepts them. */
export const SOP_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The process id of a new SOP: its key, made a valid XML id (ids may not start with a digit). */
export function processIdFor(key: string): string {
  return /^[a-z_]/i.test(key) ? key : `sop-${key}`;
}

/** A new SOP: one executable process with our namespace declared, nothing drawn yet. */
export function emptySopXml(key: string, name: string): string {
  const id = processIdFor(key || 'sop');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:cityops="https://cityops.dev/schema/bpmn/1.0" id="Definitions_${id}" targetNamespace="https://cityops.dev/sop">
  <bpmn:process id="${id}" name="${escapeXml(name)}" isExecutable="true" />
  <bpmndi:BPMNDiagram id="Diagram_${id}">
    <bpmndi:BPMNPlane id="Plane_${id}" bpmnElement="${id}" />
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** The file name an SOP is exported as. */
export function exportFileName(key: string, version?: number): string {
  return `${key || 'sop'}${version ? `-v${version}` : ''}.bpmn`;
}
