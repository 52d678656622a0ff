import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { pingDatabase } from '../../platform/database';
import { pingTemporal } from '../../platform/temporal';
import type { MqttCounters, MqttStatus } from '../events/mqtt-channel';
import type { Lifecycle } from './lifecycle';

/** What readiness checks besides the database and Temporal. */
export interface ReadinessDeps {
  lifecycle: Lifecycle;
  /** Loads the rules (when not loaded yet); throws when it cannot. */
  rulesLoaded: () => Promise<unknown>;
}

/** `Retry-After` of a not-ready answer, in seconds. */
const NOT_READY_RETRY_SECONDS = 5;

/**
 * GET /api/health — 200 when Temporal and the database answer, 503 naming the one that does not.
 * `mqtt` (up, down while reconnecting, off when MQTT_URL is unset) is reported but never fails health:
 * HTTP ingest still works without the broker, and the broker keeps our queued messages meanwhile.
 * `mqttMessages` (when MQTT is configured) counts this process's messages since it started.
 */
export function healthRouter(temporal: Client, mqtt: () => { status: MqttStatus; counters?: MqttCounters } = () => ({ status: 'off' }), readiness?: ReadinessDeps): Router {
  const router = Router();
  // Liveness: the process and its event loop answer. Never checks a dependency — a database outage
  // must not get every API process restarted.
  router.get('/live', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  // Readiness: send this process work. 503 naming what is not ready, with Retry-After.
  router.get('/ready', async (_req, res) => {
    const notReady: string[] = [];
    if (readiness?.lifecycle.shuttingDown) notReady.push('shutting-down');
    else {
      const [t, d] = await Promise.allSettled([pingTemporal(temporal), pingDatabase()]);
      if (d.status === 'rejected') notReady.push('database');
      if (t.status === 'rejected') notReady.push('temporal');
      // Loading the rules reads the database: only worth trying when it answers.
      if (
        d.status === 'fulfilled' &&
        readiness &&
        !(await readiness.rulesLoaded().then(
          () => true,
          () => false,
        ))
      )
        notReady.push('rules');
    }
    if (notReady.length) {
      res.set('Retry-After', String(NOT_READY_RETRY_SECONDS)).status(503).json({ status: 'not-ready', notReady });
      return;
    }
    res.json({ status: 'ready' });
  });
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
