import path from 'node:path';
import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import { RuleStore } from '../rules/rule-store';
import { requireAuth } from './auth/middleware';
import { authRouter } from './auth/router';
import { TokenService } from './auth/tokens';
import { EventEvaluator } from './events/event-evaluator';
import { eventsRouter } from './events/router';
import { IngestService } from './events/ingest-service';
import { healthRouter } from './health/router';
import { errorMiddleware, notFound } from './http-errors';
import { IncidentOperations } from './incidents/operations';
import { incidentsRouter } from './incidents/router';
import { NotificationService } from './notifications/notification-service';
import { notificationsRouter } from './notifications/router';
import { IncidentReporter } from './incidents/report-incident';
import { UnitScope } from './org/unit-scope';
import { OutboxDispatcher } from './outbox/dispatcher';
import { rulesRouter } from './rules/router';
import { sopsBodyParser, sopsRouter } from './sops/router';
import { TaskService } from './tasks/task-service';
import { tasksRouter } from './tasks/router';

export interface AppDeps {
  temporal: Client;
  taskQueue: string;
  tokenSecret: string;
  tokenTtlSeconds: number;
}

export interface CityOpsApp {
  app: Express;
  dispatcher: OutboxDispatcher;
  evaluator: EventEvaluator;
}

/** Builds the Express app and its services; `server.ts` listens, tests drive it directly. */
export function createApp(deps: AppDeps): CityOpsApp {
  const tokens = new TokenService(deps.tokenSecret, deps.tokenTtlSeconds);
  const scope = new UnitScope();
  const dispatcher = new OutboxDispatcher(deps.temporal, deps.taskQueue);
  const rules = new RuleStore();
  const evaluator = new EventEvaluator(rules, dispatcher);
  const ingest = new IngestService(evaluator);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // SOP uploads have their own smaller limit; a body parsed there is not parsed again by the app-wide parser.
  app.use('/api/sops', sopsBodyParser);
  app.use(express.json({ limit: '5mb' }));

  // Open routes: health and login only.
  app.use('/api/health', healthRouter(deps.temporal));
  app.use('/api/auth', authRouter(tokens));

  const api = express.Router();
  api.use(requireAuth(tokens, scope));
  api.use('/events', eventsRouter(ingest));
  api.use('/incidents', incidentsRouter(new IncidentReporter(deps.temporal, deps.taskQueue), new IncidentOperations(deps.temporal)));
  api.use('/tasks', tasksRouter(new TaskService(deps.temporal)));
  api.use('/sops', sopsRouter());
  api.use('/rules', rulesRouter(rules));
  api.use('/notifications', notificationsRouter(new NotificationService()));
  api.use(() => {
    throw notFound('route');
  });
  app.use('/api', api);

  // The two UIs (placeholders until the Angular apps land).
  const uiRoot = path.join(__dirname, 'static');
  app.use('/admin', express.static(path.join(uiRoot, 'admin')));
  app.use('/', express.static(path.join(uiRoot, 'operator')));

  app.use(errorMiddleware);
  return { app, dispatcher, evaluator };
}
