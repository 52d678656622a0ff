import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { createLogger, errorFields } from '../../platform/log';
import type { IngestResult } from './ingest-service';
import { MQTT_TOPIC_PREFIX, topicScope, type SenderScope } from './sender-scope';

const log = createLogger('mqtt');

/**
 * The topics readings arrive on: `cityops/events/<source id>` (ids are `<type>/<name>`) carries that
 * source's readings only, `cityops/events/<type>` that type's, bare `cityops/events` any (gateways).
 */
export const MQTT_EVENTS_TOPIC = `${MQTT_TOPIC_PREFIX}/#`;
/**
 * The subscription every API process makes: an MQTT v5 shared subscription, so the broker hands each
 * message to one member of the `cityops` group — several API processes share the load instead of
 * each storing every message (duplicates would be stored once anyway, but the work would multiply).
 */
export const MQTT_SHARED_SUBSCRIPTION = `$share/cityops/${MQTT_EVENTS_TOPIC}`;

/** What the channel needs from the ingest service (the options argument is ignored by older services). */
export interface IngestPort {
  ingest(items: unknown[], opts?: { channel: 'mqtt'; scope?: SenderScope }): Promise<IngestResult>;
}

export interface MqttChannelOptions {
  /** Broker URL, `mqtt://host:port` (or `mqtts://`, `ws://`). */
  url: string;
  /**
   * Client id; must be stable across restarts of one process (it names the persistent session the
   * broker keeps queued messages in) and distinct between processes sharing the subscription.
   */
  clientId: string;
  /** Topic filter; default the shared subscription to `cityops/events/#`. */
  topic?: string;
  /** How long the broker keeps the session (and queued QoS 1 messages) while we are away. Default 7 days. */
  sessionExpirySeconds?: number;
  /** First reconnect delay; doubles on each failed attempt up to `maxReconnectMs`. Default 1000. */
  minReconnectMs?: number;
  /** Longest reconnect delay. Default 30,000. */
  maxReconnectMs?: number;
}

export type MqttStatus = 'up' | 'down' | 'off';

export interface MqttCounters {
  /** Messages received (each one acknowledged once handled). */
  messages: number;
  /** Events newly stored. */
  stored: number;
  /** Events already stored before (a redelivery or a repeated id). */
  duplicates: number;
  /** Events in well-formed messages that failed validation. */
  rejectedEvents: number;
  /** Messages that were not JSON, or not an event object or array: acknowledged, logged and dropped. */
  malformed: number;
  /** Messages left unacknowledged because storing failed; the broker redelivers them on reconnect. */
  failed: number;
}

/** Largest array accepted in one message; larger ones are malformed (mirrors the HTTP batch limit in spirit). */
const MAX_EVENTS_PER_MESSAGE = 1000;

/**
 * Subscribes to readings over MQTT (QoS 1, persistent session) and hands each message to the ingest
 * service. A message is acknowledged (PUBACK) only after its events are stored: mqtt.js calls
 * `customHandleAcks` before it acks and does not read the next packet until we answer, so a crash
 * before storage leaves the message unacknowledged in our session and the broker delivers it again
 * on reconnect. Redeliveries are harmless — events are keyed `source|id` and stored once.
 */
export class MqttChannel {
  private client?: MqttClient;
  private connected = false;
  private stopped = false;
  private reconnectMs: number;
  private qos0: Promise<void> = Promise.resolve();
  readonly counters: MqttCounters = { messages: 0, stored: 0, duplicates: 0, rejectedEvents: 0, malformed: 0, failed: 0 };

  constructor(
    private readonly ingest: IngestPort,
    private readonly opts: MqttChannelOptions,
  ) {
    this.reconnectMs = opts.minReconnectMs ?? 1000;
  }

  get status(): MqttStatus {
    if (!this.client || this.stopped) return 'off';
    return this.connected ? 'up' : 'down';
  }

  /** Connects and subscribes; returns at once — an unreachable broker is retried in the background. */
  start(): void {
    if (this.client) return;
    const topic = this.opts.topic ?? MQTT_SHARED_SUBSCRIPTION;
    const options: IClientOptions = {
      clientId: this.opts.clientId,
      clean: false,
      protocolVersion: 5,
      // Without a session expiry an MQTT 5 broker drops the session (and its queue) at disconnect.
      properties: { sessionExpiryInterval: this.opts.sessionExpirySeconds ?? 7 * 24 * 3600 },
      reconnectPeriod: this.reconnectMs,
      connectTimeout: 10_000,
      customHandleAcks: (msgTopic, payload, _packet, done) => {
        this.handle(msgTopic, payload).then(
          () => done(0),
          (err: unknown) => {
            this.counters.failed++;
            log.error('could not store an MQTT message; leaving it unacknowledged for redelivery', { topic: msgTopic, ...errorFields(err) });
            done(err instanceof Error ? err : new Error(String(err)));
            // The broker redelivers unacknowledged messages only on a new connection: reconnect.
            this.client?.stream?.destroy();
          },
        );
      },
    };
    const client = connect(this.opts.url, options);
    this.client = client;
    client.on('connect', (connack) => {
      this.connected = true;
      this.reconnectMs = this.opts.minReconnectMs ?? 1000;
      client.options.reconnectPeriod = this.reconnectMs;
      log.info('connected to the MQTT broker', { url: redact(this.opts.url), sessionPresent: connack.sessionPresent });
      // Subscribing again on a present session is harmless and covers a broker that lost its state.
      client.subscribe(topic, { qos: 1 }, (err, granted) => {
        if (err) log.error('MQTT subscribe failed', { topic, ...errorFields(err) });
        else if (granted?.some((g) => g.qos > 2)) log.error('MQTT subscription refused by the broker', { topic, granted });
        else log.info('subscribed', { topic });
      });
    });
    client.on('close', () => {
      if (this.connected) log.warn('MQTT connection lost; reconnecting', { url: redact(this.opts.url) });
      this.connected = false;
    });
    client.on('reconnect', () => {
      // Back off: the next attempt after this one waits twice as long, up to the maximum.
      this.reconnectMs = Math.min(this.opts.maxReconnectMs ?? 30_000, this.reconnectMs * 2);
      client.options.reconnectPeriod = this.reconnectMs;
    });
    client.on('error', (err) => log.warn('MQTT client error', errorFields(err)));
    // QoS 0 publishes skip customHandleAcks (there is no ack to hold back): handle them here, in order.
    client.on('message', (msgTopic, payload, packet) => {
      if (packet.qos !== 0) return;
      this.qos0 = this.qos0
        .then(() => this.handle(msgTopic, payload))
        .catch((err: unknown) => {
          this.counters.failed++;
          log.error('could not store a QoS 0 MQTT message (lost: publish with QoS 1 for redelivery)', { topic: msgTopic, ...errorFields(err) });
        });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    if (!client) return;
    // Not forced: an in-flight message finishes (and is acked) first. The session stays on the broker.
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<void>((resolve) => {
      timer = setTimeout(() => client.end(true, {}, () => resolve()), 5000);
    });
    await Promise.race([client.endAsync(false).catch(() => undefined), forced]);
    clearTimeout(timer);
    await this.qos0;
    this.connected = false;
  }

  private async handle(topic: string, payload: Buffer): Promise<void> {
    this.counters.messages++;
    const items = parsePayload(payload);
    if (typeof items === 'string') {
      this.counters.malformed++;
      log.warn('malformed MQTT message acknowledged and dropped', { topic, reason: items, bytes: payload.length, preview: payload.subarray(0, 120).toString('utf8') });
      return;
    }
    // The topic limits the sources (cityops/events/<type>/<name> → that source only): see sender-scope.ts.
    const scope = topicScope(topic);
    const result = await this.ingest.ingest(items, { channel: 'mqtt', ...(scope ? { scope } : {}) });
    this.counters.stored += result.accepted;
    this.counters.duplicates += result.duplicates;
    this.counters.rejectedEvents += result.rejected.length;
    if (result.rejected.length) log.warn('MQTT message had invalid events', { topic, rejected: result.rejected });
  }
}

/** The events in a payload, or why it is malformed. */
export function parsePayload(payload: Buffer): unknown[] | string {
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return `not JSON: ${(err as Error).message}`;
  }
  if (Array.isArray(body)) {
    if (!body.length) return 'empty array';
    if (body.length > MAX_EVENTS_PER_MESSAGE) return `more than ${MAX_EVENTS_PER_MESSAGE} events in one message`;
    return body;
  }
  if (body !== null && typeof body === 'object') return [body];
  return 'expected a JSON event object or an array of events';
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
