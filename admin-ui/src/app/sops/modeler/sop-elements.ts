/**
 * Which bpmn-js palette, context-pad and replace-menu entries the designer offers: only elements the
 * engine runs (README, "SOPs: BPMN coverage"). Pure data and one filter, so the lists are unit-tested.
 */

/** An element the designer adds to the palette or context pad itself (bpmn-js offers only a generic task). */
export interface AddedEntry {
  /** Palette `create.<id>` / context pad `append.<id>`. */
  id: string;
  type: string;
  /** bpmn-font icon class. */
  icon: string;
  /** Dictionary key of the tooltip. */
  title: string;
  eventDefinitionType?: string;
}

export const ADDED_ELEMENTS: readonly AddedEntry[] = [
  { id: 'user-task', type: 'bpmn:UserTask', icon: 'bpmn-icon-user-task', title: 'sops.el.userTask' },
  { id: 'service-task', type: 'bpmn:ServiceTask', icon: 'bpmn-icon-service-task', title: 'sops.el.serviceTask' },
  { id: 'send-task', type: 'bpmn:SendTask', icon: 'bpmn-icon-send-task', title: 'sops.el.sendTask' },
  { id: 'script-task', type: 'bpmn:ScriptTask', icon: 'bpmn-icon-script-task', title: 'sops.el.scriptTask' },
  { id: 'manual-task', type: 'bpmn:ManualTask', icon: 'bpmn-icon-manual-task', title: 'sops.el.manualTask' },
  { id: 'call-activity', type: 'bpmn:CallActivity', icon: 'bpmn-icon-call-activity', title: 'sops.el.callActivity' },
  { id: 'parallel-gateway', type: 'bpmn:ParallelGateway', icon: 'bpmn-icon-gateway-parallel', title: 'sops.el.parallelGateway' },
  { id: 'inclusive-gateway', type: 'bpmn:InclusiveGateway', icon: 'bpmn-icon-gateway-or', title: 'sops.el.inclusiveGateway' },
  { id: 'event-based-gateway', type: 'bpmn:EventBasedGateway', icon: 'bpmn-icon-gateway-eventbased', title: 'sops.el.eventBasedGateway' },
  {
    id: 'timer-catch',
    type: 'bpmn:IntermediateCatchEvent',
    icon: 'bpmn-icon-intermediate-event-catch-timer',
    title: 'sops.el.timerCatch',
    eventDefinitionType: 'bpmn:TimerEventDefinition',
  },
  {
    id: 'message-catch',
    type: 'bpmn:IntermediateCatchEvent',
    icon: 'bpmn-icon-intermediate-event-catch-message',
    title: 'sops.el.messageCatch',
    eventDefinitionType: 'bpmn:MessageEventDefinition',
  },
];

/** bpmn-js's own palette entries that stay: tools, none start and end, exclusive gateway, sub-process. */
export const KEPT_PALETTE = [
  'hand-tool',
  'lasso-tool',
  'space-tool',
  'global-connect-tool',
  'tool-separator',
  'create.start-event',
  'create.end-event',
  'create.exclusive-gateway',
  'create.subprocess-expanded',
] as const;

/** bpmn-js's own context-pad entries that stay (generic task, throw, signal, conditional, receive and compensation appends go). */
export const KEPT_CONTEXT_PAD = [
  'append.end-event',
  'append.gateway',
  'append.timer-intermediate-event',
  'append.message-intermediate-event',
  'append.text-annotation',
  'replace',
  'delete',
  'connect',
] as const;

/** Replace-menu (wrench) targets the engine runs, plus the multi-instance toggles. */
export const KEPT_REPLACE = [
  'replace-with-none-start',
  'replace-with-none-end',
  'replace-with-terminate-end',
  'replace-with-error-end',
  'replace-with-user-task',
  'replace-with-service-task',
  'replace-with-send-task',
  'replace-with-script-task',
  'replace-with-manual-task',
  'replace-with-call-activity',
  'replace-with-expanded-subprocess',
  'replace-with-exclusive-gateway',
  'replace-with-parallel-gateway',
  'replace-with-inclusive-gateway',
  'replace-with-event-based-gateway',
  'replace-with-timer-intermediate-catch',
  'replace-with-message-intermediate-catch',
  'replace-with-timer-boundary',
  'replace-with-non-interrupting-timer-boundary',
  'replace-with-message-boundary',
  'replace-with-non-interrupting-message-boundary',
  'replace-with-error-boundary',
  'replace-with-sequence-flow',
  'replace-with-default-flow',
  'replace-with-conditional-flow',
  'toggle-parallel-mi',
  'toggle-sequential-mi',
] as const;

/** The entries of `entries` whose id is in `kept`, in their original order (bpmn-js entry maps are ordered). */
export function keepEntries<T>(entries: Readonly<Record<string, T>>, kept: readonly string[]): Record<string, T> {
  const allowed = new Set(kept);
  return Object.fromEntries(Object.entries(entries).filter(([id]) => allowed.has(id)));
}
