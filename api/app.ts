import path from 'node:path';
import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import { RuleStore } from '../rules/rule-store';
import { auditRouter } from './audit/router';
import { ChangeApprover } from './changes/approve-change';
import { changesRouter } from './changes/router';
import { apiKeyAuth } from './auth/api-keys';
import { matrixGuard } from './auth/permissions';
import { createAuthKit } from './auth/auth-kit';
import type { SessionPruner } from './auth/session-pruner';
import type { SessionSettings } from './auth/session-settings';
import { CapService } from './events/cap/cap-service';
import { capBodyParser, capRouter } from './events/cap/router';
import { EventEvaluator } from './events/event-evaluator';
import { eventsBodyParser, eventsRouter } from './events/router';
import { IngestService } from './events/ingest-service';
import { MqttChannel, type MqttChannelOptions } from './events/mqtt-channel';
import { Lifecycle, closeConnectionsWhenStopping } from './health/lifecycle';
import { healthRouter } from './health/router';
import { formsRouter } from './forms/router';
import { errorMiddleware, notFound } from './http-errors';
import { useJsonBodyLimits } from './hardening/body-limits';
import { rejectOperatorKeys } from './hardening/input-guard';
import { cors, securityHeaders } from './hardening/security-headers';
import { incidentContextRouter } from './incidents/context-router';
import { IncidentOperations } from './incidents/operations';
import { incidentsRouter } from './incidents/router';
import { kpisRouter } from './kpis/router';
import { MetricsService } from './metrics/metrics-service';
import { metricsRouter } from './metrics/router';
import { LiveFeed } from './live/live-feed';
import { liveRouter } from './live/router';
import { NotificationService } from './notifications/notification-service';
import { notificationsRouter } from './notifications/router';
import { IncidentReporter } from './incidents/report-incident';
import { unitsRouter } from './org/router';
import { UnitScope } from './org/unit-scope';
import { UnitService } from './org/unit-service';
import { ApiMetrics } from './observability/api-metrics';
import { observeHttp } from './observability/http-observer';
import { metricsEndpoint } from './observability/metrics-endpoint';
import { IngestBackPressure } from './outbox/back-pressure';
import { OutboxDispatcher } from './outbox/dispatcher';
import { rulesRouter } from './rules/router';
import { sopsRouter } from './sops/router';
import { sourcesRouter } from './sources/router';
import { SourceService } from './sources/source-service';
import { TaskService } from './tasks/task-service';
import { IncidentSummaries } from './tasks/incident-summaries';
import { tasksRouter } from './tasks/router';
import { usersRouter } from './users/router';
import { UserService } from './users/user-service';
import { UI_DIST, serveSinglePageApp } from './ui-static';
import { createLogger } from '../platform/log';

const httpLog = createLogger('http');

export interface AppDeps {
  temporal: Client;
  taskQueue: string;
  tokenSecret: string;
  /** Access-token lifetime. */
  tokenTtlSeconds: number;
  /** Origins allowed to call the API from a browser (CITYOPS_CORS_ORIGINS); none by default. */
  corsOrigins?: readonly string[];
  /** Idle timeout, session lifetime, lockout limits and the clock (defaults in session-settings.ts). */
  sessions?: Partial<SessionSettings>;
  /** Four eyes (CITYOPS_FOUR_EYES): SOP deploys and rule changes go live only once a second admin approves. On unless false. */
  fourEyes?: boolean;
  /** The MQTT channel (MQTT_URL); built here, started by the caller like the dispatcher. Off when unset. */
  mqtt?: MqttChannelOptions;
  /** Bearer token of the Prometheus scraper at `GET /metrics` (CITYOPS_METRICS_TOKEN); admins' sessions work without it. */
  metricsToken?: string;
  /** Ingest answers 429 while the outbox is at least this deep (CITYOPS_OUTBOX_MAX_DEPTH). Default 5,000. */
  outboxMaxDepth?: number;
}

export interface CityOpsApp {
  app: Express;
  dispatcher: OutboxDispatcher;
  evaluator: EventEvaluator;
  ingest: IngestService;
  /** Present when `deps.mqtt` is set; `start()` it once the process is ready to store events. */
  mqtt?: MqttChannel;
  /** Approves change requests; `finishInterrupted()` at start completes approvals a crash cut short. */
  approver: ChangeApprover;
  /** The live-update poller behind `GET /api/live`: `start()` with the dispatcher, `stop()` before closing the server (it ends the open streams). */
  live: LiveFeed;
  /** Prunes ended sessions, used refresh tokens and lapsed lockout windows: `start()` with the live feed (once now, then hourly), `stop()` before closing. */
  pruner: SessionPruner;
  /** `beginShutdown()` on SIGTERM: readiness answers 503 from then on. */
  lifecycle: Lifecycle;
  metrics: ApiMetrics;
}

/** Builds the Express app and its services; `server.ts` listens, tests drive it directly. */
export function createApp(deps: AppDeps): CityOpsApp {
  const scope = new UnitScope();
  const auth = createAuthKit(deps.tokenSecret, scope, { accessTtlSeconds: deps.tokenTtlSeconds, ...deps.sessions });
  const dispatcher = new OutboxDispatcher(deps.temporal, deps.taskQueue);
  const metrics = new ApiMetrics(dispatcher.depth);
  const lifecycle = new Lifecycle();
  const rules = new RuleStore();
  const evaluator = new EventEvaluator(rules, dispatcher, metrics);
  const backPressure = new IngestBackPressure(dispatcher.depth, deps.outboxMaxDepth ?? 5000);
  const ingest = new IngestService(evaluator, { backPressure, observer: metrics });
  const mqtt = deps.mqtt ? new MqttChannel(ingest, deps.mqtt) : undefined;
  const live = new LiveFeed();
  const incidentSummaries = new IncidentSummaries();
  // Before the browsers hear of a change (and refetch their inbox), the inbox's cache forgets the incident.
  live.observe((record) => {
    if (record.entity === 'incident') incidentSummaries.changed(record.entityId);
  });
  const approver = new ChangeApprover(rules);
  const policy = { fourEyes: deps.fourEyes ?? true };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(observeHttp(metrics, httpLog));
  app.use(closeConnectionsWhenStopping(lifecycle));
  app.use(securityHeaders());
  app.use(cors(deps.corsOrigins ?? []));
  // CAP 1.2 alerts are XML and events may be NDJSON: text parsers of their own with their own limits.
  app.use('/api/events/cap', capBodyParser);
  app.use('/api/events', eventsBodyParser);
  // JSON limits per route family (api/hardening/body-limits.ts); a body parsed once is not parsed again.
  useJsonBodyLimits(app);
  app.use('/api', rejectOperatorKeys());

  // Open routes: health and login only.
  app.use(
    '/api/health',
    healthRouter(deps.temporal, () => (mqtt ? { status: mqtt.status, counters: mqtt.counters } : { status: 'off' }), {
      lifecycle,
      rulesLoaded: () => rules.current(),
    }),
  );
  // Prometheus: the scraper's bearer token or an admin's session.
  app.use(metricsEndpoint(metrics.registry, { token: deps.metricsToken, requireAuth: auth.requireAuth }));
  app.use('/api/auth', auth.router);

  // Machine senders with a per-source API key reach the ingest routes only; requests without a key skip this router.
  const events = eventsRouter(ingest);
  const machine = express.Router();
  machine.use(apiKeyAuth(['/events']));
  machine.use('/events', events);
  app.use('/api', machine);

  const api = express.Router();
  api.use(auth.requireAuth);
  api.use(matrixGuard());
  api.use('/events/cap', capRouter(new CapService(dispatcher)));
  api.use('/events', events);
  api.use('/sources', sourcesRouter(new SourceService()));
  const incidentOps = new IncidentOperations(deps.temporal);
  api.use('/incidents', incidentsRouter(new IncidentReporter(deps.temporal, deps.taskQueue), incidentOps));
  api.use('/incidents', incidentContextRouter(incidentOps, deps.temporal));
  api.use('/tasks', tasksRouter(new TaskService(deps.temporal, (t) => metrics.taskCompleted(t)), incidentSummaries));
  api.use('/sops', sopsRouter(policy));
  api.use('/rules', rulesRouter(rules, policy));
  api.use('/changes', changesRouter(approver, policy));
  api.use('/forms', formsRouter());
  api.use('/notifications', notificationsRouter(new NotificationService()));
  api.use('/kpis', kpisRouter(evaluator));
  api.use('/metrics', metricsRouter(new MetricsService()));
  api.use('/units', unitsRouter(new UnitService(scope)));
  api.use('/users', usersRouter(new UserService(auth.sessions), auth.throttle));
  api.use('/audit', auditRouter());
  api.use('/live', liveRouter(live, { sessions: auth.sessions, checkEveryMs: Math.max(1000, auth.settings.sessionCacheMs) }));
  api.use(() => {
    throw notFound('route');
  });
  app.use('/api', api);

  // The two UIs: the Angular builds when present (`npm run build:ui`), else placeholder pages.
  const placeholders = path.join(__dirname, 'static');
  serveSinglePageApp(app, '/admin', path.join(UI_DIST, 'admin-ui', 'browser'), path.join(placeholders, 'admin'));
  serveSinglePageApp(app, '/', path.join(UI_DIST, 'operator-ui', 'browser'), path.join(placeholders, 'operator'));

  app.use(errorMiddleware);
  return { app, approver, dispatcher, evaluator, ingest, live, pruner: auth.pruner, lifecycle, metrics, ...(mqtt ? { mqtt } : {}) };
}
