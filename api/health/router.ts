import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { pingDatabase } from '../../platform/database';
import { pingTemporal } from '../../platform/temporal';
import type { MqttCounters, MqttStatus } from '../events/mqtt-channel';

/**
 * GET /api/health — 200 when Temporal and the database answer, 503 naming the one that does not.
 * `mqtt` (up, down while reconnecting, off when MQTT_URL is unset) is reported but never fails health:
 * HTTP ingest still works without the broker, and the broker keeps our queued messages meanwhile.
 * `mqttMessages` (when MQTT is configured) counts this process's messages since it started.
 */
export function healthRouter(temporal: Client, mqtt: () => { status: MqttStatus; counters?: MqttCounters } = () => ({ status: 'off' })): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const [t, d] = await Promise.allSettled([pingTemporal(temporal), pingDatabase()]);
    const temporalStatus = t.status === 'fulfilled' ? 'up' : 'down';
    const databaseStatus = d.status === 'fulfilled' ? 'up' : 'down';
    const ok = temporalStatus === 'up' && databaseStatus === 'up';
    const down = [temporalStatus === 'down' ? 'temporal' : undefined, databaseStatus === 'down' ? 'database' : undefined].filter(Boolean);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', temporal: temporalStatus, database: databaseStatus, ...mqttFields(mqtt()), ...(ok ? {} : { down }) });
  });
  return router;
}

function mqttFields(m: { status: MqttStatus; counters?: MqttCounters }) {
  return { mqtt: m.status, ...(m.counters ? { mqttMessages: { ...m.counters } } : {}) };
}
