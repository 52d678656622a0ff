/**
 * Which sources a sender may report for. An API key is tied to one source; an MQTT message to the
 * sources its topic names, so the broker's topic ACLs (who may publish where) become per-source
 * permissions: `cityops/events/<type>/<name>` carries only source `<type>/<name>`,
 * `cityops/events/<type>` only sources of that type, and the bare `cityops/events` is for gateways
 * that relay many sources (restrict it to them in the broker's ACL).
 */
export interface SenderScope {
  /** Who the scope belongs to, for the rejection message (`API key of …`, `topic …`). */
  sender: string;
  /** What it may send, in words (`source flood-sensor/x`, `sources of type flood-sensor`). */
  limit: string;
  allows(source: string): boolean;
}

export function apiKeyScope(source: string): SenderScope {
  return { sender: 'this API key', limit: `source ${source}`, allows: (s) => s === source };
}

export const MQTT_TOPIC_PREFIX = 'cityops/events';

/** The scope of an MQTT topic; undefined for the gateway topic (any registered source). */
export function topicScope(topic: string): SenderScope | undefined {
  const rest = topic === MQTT_TOPIC_PREFIX ? '' : topic.startsWith(`${MQTT_TOPIC_PREFIX}/`) ? topic.slice(MQTT_TOPIC_PREFIX.length + 1) : undefined;
  if (rest === undefined) return { sender: `topic ${topic}`, limit: 'nothing (not under cityops/events)', allows: () => false };
  const parts = rest.split('/').filter(Boolean);
  if (!parts.length) return undefined;
  if (parts.length === 1) return { sender: `topic ${topic}`, limit: `sources of type ${parts[0]}`, allows: (s) => s.startsWith(`${parts[0]}/`) };
  const source = parts.join('/');
  return { sender: `topic ${topic}`, limit: `source ${source}`, allows: (s) => s === source };
}

export function forbiddenMessage(scope: SenderScope, source: string): string {
  return `forbidden: ${scope.sender} may only send events for ${scope.limit}, not '${source}'`;
}
