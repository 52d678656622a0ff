import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting CityOps reads from the environment, validated once at start-up.
 * A bad value stops the process with a message naming the variable.
 */
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const schema = z.object({
  /** API (and UI) HTTP port. */
  PORT: port(3000),
  /** An external Temporal frontend (host:port). When unset CityOps runs the embedded dev server. */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** gRPC port of the embedded Temporal dev server. */
  TEMPORAL_PORT: port(7233),
  /** Web UI port of the embedded Temporal dev server. */
  TEMPORAL_UI_PORT: port(8233),
  /** Prometheus `/metrics` port of the embedded Temporal dev server; 0 lets the server pick a free one. */
  TEMPORAL_METRICS_PORT: port(0),
  /**
   * Extra dynamic-config values for the embedded Temporal dev server, as a JSON object
   * (`{"history.hostLevelCacheMaxSize": 1024}`); they override CityOps' own. Unset: CityOps' values only.
   */
  TEMPORAL_DYNAMIC_CONFIG: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return {};
      try {
        const value: unknown = JSON.parse(text);
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        /* reported below */
      }
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of dynamic-config keys and values' });
      return z.NEVER;
    }),
  /** An external MongoDB (or FerretDB) URI. When unset CityOps runs the embedded FerretDB. */
  MONGODB_URI: z.string().min(1).optional(),
  /** Port of the embedded FerretDB. */
  FERRETDB_PORT: port(27017),
  /** Where the embedded servers keep their data. */
  CITYOPS_DATA_DIR: z.string().min(1).default('./data'),
  /** Where provisioned tools are cached, one folder per tool and version, outside the repository. */
  CITYOPS_TOOLS_DIR: z.string().min(1).optional(),
  /** Database name inside the MongoDB deployment. */
  CITYOPS_DB_NAME: z.string().min(1).default('cityops'),
  /** Temporal task queue shared by the API (client) and the worker. */
  CITYOPS_TASK_QUEUE: z.string().min(1).default('cityops-incidents'),
  /** Password of the demo users, seeded only with the demo dataset. */
  CITYOPS_DEMO_PASSWORD: z.string().min(8).default('cityops-demo'),
  /** Secret that signs access tokens. Generated into the data folder when unset. */
  CITYOPS_JWT_SECRET: z.string().min(32).optional(),
  /** `production` (or NODE_ENV=production) refuses to start with demo passwords or a missing/default signing secret. */
  CITYOPS_ENV: z.string().optional(),
  /** Lifetime of an access token, in seconds (clients refresh it with their refresh token). */
  CITYOPS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(24 * 3600)
    .default(15 * 60),
  /** A session unused this long cannot refresh: the user signs in again. */
  CITYOPS_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** A session ends this long after sign-in however it is used. */
  CITYOPS_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24)
    .default(12),
  /**
   * Four eyes: an SOP deploy or a rule change goes live only once a second admin approves it. `off`
   * only for the demo dataset (`npm start` sets it); a production start refuses `off`.
   */
  CITYOPS_FOUR_EYES: z.enum(['on', 'off']).default('on'),
  /** A pre-built workflow bundle (set by the launcher so workers restart fast). */
  CITYOPS_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** How often the rule evaluator lets time pass (pending periods, recovery holds, no-data), in ms. */
  CITYOPS_RULE_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  /** Workflows kept in the worker's memory between steps (about 0.7 MB each); the rest replay from history when they next move. */
  CITYOPS_WORKFLOW_CACHE: z.coerce.number().int().min(0).max(100_000).default(100),
  /** SMTP server for e-mail notifications (`smtp://host:port` or `smtps://user:pass@host:465`). When unset the e-mail channel is off. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Sender of e-mail notifications. */
  SMTP_FROM: z.string().min(3).default('CityOps <no-reply@cityops.local>'),
  /**
   * MQTT broker the API subscribes to for readings (`mqtt://host:port`, `mqtts://user:pass@host:8883`).
   * When unset the MQTT channel is off. `npm start` sets it to the embedded mosquitto when installed.
   */
  MQTT_URL: z
    .string()
    .regex(/^(mqtts?|wss?):\/\/[^\s]+$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL')
    .optional(),
  /**
   * MQTT client id of this API process: stable across its restarts (it names the broker session that
   * queues messages while the process is down), distinct per process. Default `cityops-api-<hostname>`.
   */
  /** Port of the embedded mosquitto that `npm start` runs when MQTT_URL is unset. */
  MQTT_PORT: port(1883),
  MQTT_CLIENT_ID: z.string().min(1).max(64).optional(),
  /** Comma-separated browser origins allowed to call the API cross-origin (`https://ioc.example.vn`); none when unset. */
  CITYOPS_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'each origin is scheme://host[:port] with no path or trailing slash'))),
  /** How long a stopping API waits for in-flight requests (and a worker for in-flight activities) before it ends them, in ms. */
  CITYOPS_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Bearer token a Prometheus scraper presents at `GET /metrics` (≥ 16 characters); admins may also read it with their session. Unset = admins only. */
  CITYOPS_METRICS_TOKEN: z.string().min(16).optional(),
  /** Port of the worker's health and metrics listener on 127.0.0.1 (`/live`, `/ready`, `/metrics`); 0 = off. */
  CITYOPS_WORKER_HTTP_PORT: port(0),
  /** Ingest answers 429 with Retry-After while the outbox (stored, not yet delivered to Temporal) is at least this deep. */
  CITYOPS_OUTBOX_MAX_DEPTH: z.coerce.number().int().min(1).max(10_000_000).default(5000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Config = z.infer<typeof schema> & { dataDir: string; mongoUri: string; temporalAddress: string; mqttClientId: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError naming each variable at fault. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration — ${problems.join('; ')}`);
  }
  const c = parsed.data;
  return {
    ...c,
    dataDir: path.resolve(c.CITYOPS_DATA_DIR),
    mongoUri: c.MONGODB_URI ?? `mongodb://127.0.0.1:${c.FERRETDB_PORT}/`,
    temporalAddress: c.TEMPORAL_ADDRESS ?? `127.0.0.1:${c.TEMPORAL_PORT}`,
    mqttClientId: c.MQTT_CLIENT_ID ?? `cityops-api-${os.hostname()}`,
  };
}
