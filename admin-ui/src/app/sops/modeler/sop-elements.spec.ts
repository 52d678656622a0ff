import { ADDED_ELEMENTS, KEPT_CONTEXT_PAD, KEPT_PALETTE, KEPT_REPLACE, keepEntries } from './sop-elements';

describe('elements the designer offers', () => {
  it('keeps only allowed entries, in bpmn-js order', () => {
    const entries = { 'hand-tool': 1, 'create.task': 2, 'create.start-event': 3, 'create.data-object': 4, 'create.end-event': 5 };
    expect(keepEntries(entries, KEPT_PALETTE)).toEqual({ 'hand-tool': 1, 'create.start-event': 3, 'create.end-event': 5 });
  });

  it('offers no element the engine refuses (README: deliberately not supported)', () => {
    const offered = [...KEPT_PALETTE, ...KEPT_CONTEXT_PAD, ...KEPT_REPLACE, ...ADDED_ELEMENTS.map((e) => e.id)].join(' ');
    for (const refused of [
      'create.task',
      'append-task',
      'receive-task',
      'rule-task',
      'complex-gateway',
      'signal',
      'escalation',
      'compensation',
      'conditional-intermediate',
      'link',
      'cancel',
      'transaction',
      'ad-hoc',
      'message-start',
      'timer-start',
      'intermediate-throw',
      'message-end',
      'toggle-loop',
      'participant',
      'data-object',
      'data-store',
    ]) {
      expect(offered).not.toContain(refused);
    }
  });

  it('adds the typed tasks, gateways and catch events bpmn-js only offers through the wrench', () => {
    expect(ADDED_ELEMENTS.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'bpmn:UserTask',
        'bpmn:ServiceTask',
        'bpmn:SendTask',
        'bpmn:ScriptTask',
        'bpmn:ManualTask',
        'bpmn:CallActivity',
        'bpmn:ParallelGateway',
        'bpmn:InclusiveGateway',
        'bpmn:EventBasedGateway',
      ]),
    );
    expect(ADDED_ELEMENTS.filter((e) => e.eventDefinitionType).map((e) => e.eventDefinitionType)).toEqual(['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition']);
  });
});
