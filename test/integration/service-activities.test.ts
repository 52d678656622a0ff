import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { ApplicationFailure } from '@temporalio/common';
import { SMTPServer } from 'smtp-server';
import { createMailer, createServiceActivities, type ServiceTaskInput } from '../../activities/service-activities';
import { resolveRecipients } from '../../activities/services/recipients';
import { createAuthKit } from '../../api/auth/auth-kit';
import { errorMiddleware } from '../../api/http-errors';
import { NotificationService } from '../../api/notifications/notification-service';
import { notificationsRouter } from '../../api/notifications/router';
import { UnitScope } from '../../api/org/unit-scope';
import { Audit, Delivery, Incident, Notification, Unit, User } from '../../model';
import { DEMO_PASSWORD, TestStack } from '../support/test-stack';

/** Mail received by the in-process SMTP server. */
interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}
/** A request received by the local HTTP server. */
interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let stack: TestStack;
let smtp: SMTPServer;
let smtpUrl: string;
const mails: ReceivedMail[] = [];
let web: http.Server;
let webUrl: string;
const requests: ReceivedRequest[] = [];

const listenPort = (server: { address(): AddressInfo | string | null }) => (server.address() as AddressInfo).port;
const uid = () => randomBytes(4).toString('hex');

/** The ApplicationFailure a call rejects with. */
async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('expected the call to fail');
}

const vars = { ward: 'tan-phu', incident: { title: 'Ngập "cầu 11"' }, verify: { level: 3.2 } };

beforeAll(async () => {
  stack = await TestStack.start('services');
  // Beside the demo city: a rescue team under Tân Phú (its member has no e-mail), a disabled
  // operator, and an auditor whose mailbox the SMTP server refuses.
  await Unit.create({ _id: 'tan-phu-rescue', name: 'Đội cứu hộ Tân Phú', kind: 'team', parent: 'tan-phu' });
  await User.insertMany([
    { _id: 'rescue.tanphu', displayName: 'Đội cứu hộ', passwordHash: 'x', roles: ['operator'], unit: 'tan-phu-rescue' },
    { _id: 'retired.tanphu', displayName: 'Nghỉ hưu', passwordHash: 'x', roles: ['operator'], unit: 'tan-phu', email: 'retired@dongxoai.example', disabled: true },
    { _id: 'mailbox.gone', displayName: 'Hộp thư đã xoá', passwordHash: 'x', roles: ['auditor'], unit: 'tan-xuan', email: 'gone@dongxoai.example' },
  ]);

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === 'gone@dongxoai.example') return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${listenPort(smtp.server)}`;

  web = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const status = Number(/\/status\/(\d+)/.exec(path)?.[1] ?? 200);
      if (path.startsWith('/echo')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ contentType: req.headers['content-type'] ?? null, body }));
      } else if (path.startsWith('/text')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('plain answer');
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...(status === 503 ? { 'retry-after': '7' } : {}) }).end(JSON.stringify({ ok: status < 400, status }));
      }
    });
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', () => resolve()));
  webUrl = `http://127.0.0.1:${listenPort(web)}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await new Promise<void>((resolve) => (web ? web.close(() => resolve()) : resolve()));
  await stack?.close();
});

const services = () => createServiceActivities({ mailer: createMailer({ SMTP_URL: smtpUrl }), mailFrom: 'CityOps <no-reply@cityops.local>' });
const taskInput = (over: Partial<ServiceTaskInput> & Pick<ServiceTaskInput, 'serviceType' | 'params'>): ServiceTaskInput => {
  const stepId = `step-${uid()}`;
  return { executionKey: `inc-1:${stepId}:1`, incidentId: 'inc-1', workflowId: 'incident:test', stepId, variables: vars, ...over };
};

describe('recipient resolution', () => {
  const names = async (selector: Parameters<typeof resolveRecipients>[0]) => (await resolveRecipients(selector)).map((r) => r.username);

  it('members: the unit and the units below it, active users only, narrowed by role', async () => {
    expect(await names({ unit: 'tan-phu' })).toEqual(['operator.tanphu', 'rescue.tanphu']);
    expect(await names({ unit: 'dong-xoai', role: 'operator' })).toEqual(['operator.chieusang', 'operator.ioc', 'operator.tanphu', 'operator.tienthanh', 'rescue.tanphu']);
    expect(await names({ unit: 'phong-qldt', role: 'operator' })).toEqual(['operator.chieusang']);
  });
  it('covering: the unit and the units above it', async () => {
    expect(await names({ unit: 'tan-phu-rescue', match: 'covering', role: 'leader' })).toEqual(['leader']);
    expect(await names({ unit: 'tan-phu-rescue', match: 'covering' })).toEqual(['admin', 'admin.duyet', 'leader', 'operator.tanphu', 'rescue.tanphu']);
  });
  it('role alone: everyone active with the role', async () => {
    expect(await names({ role: 'operator' })).toEqual(['operator.chieusang', 'operator.ioc', 'operator.tanphu', 'operator.tienthanh', 'rescue.tanphu']);
  });
  it('user: that user, united with the other parts', async () => {
    expect(await names({ user: 'leader' })).toEqual(['leader']);
    expect(await names({ user: 'leader', unit: 'tien-thanh' })).toEqual(['leader', 'operator.tienthanh']);
  });
  it('nobody: a non-retryable NoRecipients naming the selector', async () => {
    const f = await failureOf(resolveRecipients({ unit: 'tan-dong' }));
    expect(f).toMatchObject({ type: 'NoRecipients', nonRetryable: true });
    expect(f.message).toContain('unit=tan-dong');
    expect((await failureOf(resolveRecipients({ user: 'retired.tanphu' }))).type).toBe('NoRecipients');
  });
});

describe('notify', () => {
  it('writes in-app notifications once, however often it is retried, and audits once', async () => {
    const key = `task-${uid()}:escalation:2:1`;
    const input = {
      key,
      incidentId: `inc-${uid()}`,
      taskId: 'task-x',
      kind: 'escalation' as const,
      channels: ['in-app' as const],
      recipients: { unit: 'tan-phu', match: 'covering' as const, role: 'leader' },
      subject: 'Quá hạn: {{incident.title}}',
      body: 'Mức nước {{verify.level}} m tại {{ward}} ({{unknown.path}})',
      variables: vars,
    };
    expect(await services().notify(input)).toEqual({ recipients: ['leader'] });
    const first = await Notification.findById(`${key}:leader`).lean();
    expect(first).toMatchObject({ user: 'leader', kind: 'escalation', taskId: 'task-x', subject: 'Quá hạn: Ngập "cầu 11"', body: 'Mức nước 3.2 m tại tan-phu ({{unknown.path}})' });

    await services().notify(input); // a retry
    expect(await Notification.countDocuments({ incidentId: input.incidentId })).toBe(1);
    expect((await Notification.findById(`${key}:leader`).lean())?.createdAt).toEqual(first?.createdAt);
    expect(await Audit.countDocuments({ _id: `notify:${key}` })).toBe(1);
    expect(await Audit.findById(`notify:${key}`).lean()).toMatchObject({ action: 'notification.sent', entityId: input.incidentId, after: { recipients: ['leader'] } });
  });

  it('e-mails each recipient through SMTP once, listing those without an address as skipped', async () => {
    const key = `mail-${uid()}`;
    const input = {
      key,
      incidentId: `inc-${uid()}`,
      kind: 'notify' as const,
      channels: ['email' as const],
      recipients: { unit: 'tan-phu' },
      subject: 'Flood at {{ward}}: {{verify.level}} m',
      body: 'Please verify the camera at bridge 11 ({{ward}}).',
      variables: vars,
    };
    const before = mails.length;
    expect(await services().notify(input)).toEqual({ recipients: ['operator.tanphu', 'rescue.tanphu'], skipped: ['rescue.tanphu'] });
    const sent = mails.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual(['operator.tanphu@dongxoai.example']);
    expect(sent[0]!.from).toBe('no-reply@cityops.local');
    expect(sent[0]!.raw).toContain('Subject: Flood at tan-phu: 3.2 m');
    expect(sent[0]!.raw).toContain('Please verify the camera at bridge 11 (tan-phu).');
    expect(await Delivery.findById(`${key}:email:operator.tanphu`).lean()).toMatchObject({ channel: 'email', target: 'operator.tanphu@dongxoai.example' });

    await services().notify(input); // a retry after the send succeeded
    expect(mails.length - before).toBe(1);
  });

  it('skips a mailbox the server refuses for good instead of failing the step', async () => {
    const before = mails.length;
    const result = await services().notify({
      key: `gone-${uid()}`,
      incidentId: 'inc-gone',
      kind: 'reminder',
      channels: ['email'],
      recipients: { user: 'mailbox.gone' },
      subject: 's',
      body: 'b',
    });
    expect(result).toEqual({ recipients: ['mailbox.gone'], skipped: ['mailbox.gone'] });
    expect(mails.length).toBe(before);
  });

  it('fails EmailNotConfigured without a mailer, before writing anything', async () => {
    const noMail = createServiceActivities({ mailer: createMailer({}), mailFrom: 'x@y.z' });
    const incidentId = `inc-${uid()}`;
    const f = await failureOf(
      noMail.notify({ key: `k-${uid()}`, incidentId, kind: 'notify', channels: ['in-app', 'email'], recipients: { user: 'leader' }, subject: 's', body: 'b' }),
    );
    expect(f).toMatchObject({ type: 'EmailNotConfigured', nonRetryable: true });
    expect(await Notification.countDocuments({ incidentId })).toBe(0);
  });

  it('posts to a webhook with the Idempotency-Key, once', async () => {
    const key = `hook-${uid()}`;
    const input = {
      key,
      incidentId: 'inc-hook',
      taskId: 'task-hook',
      kind: 'reminder' as const,
      channels: ['webhook' as const],
      recipients: { role: 'leader' },
      subject: 'Nhắc việc {{ward}}',
      body: 'b',
      webhookUrl: `${webUrl}/hook/{{ward}}`,
      variables: vars,
    };
    const before = requests.length;
    await services().notify(input);
    await services().notify(input); // a retry
    const got = requests.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ method: 'POST', path: '/hook/tan-phu' });
    expect(got[0]!.headers['idempotency-key']).toBe(key);
    expect(got[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(got[0]!.body)).toEqual({
      key,
      kind: 'reminder',
      incidentId: 'inc-hook',
      taskId: 'task-hook',
      subject: 'Nhắc việc tan-phu',
      body: 'b',
      recipients: ['leader'],
    });
  });

  it('a webhook answering 503 fails retryably', async () => {
    const f = await failureOf(
      services().notify({ key: `h-${uid()}`, incidentId: 'i', kind: 'notify', channels: ['webhook'], recipients: {}, subject: 's', body: 'b', webhookUrl: `${webUrl}/status/503` }),
    );
    expect(f).toMatchObject({ type: 'HTTP_503', nonRetryable: false });
  });
});

describe('runServiceTask: notify', () => {
  it('maps the parameters onto a notification keyed by the execution', async () => {
    const input = taskInput({ serviceType: 'notify', params: { channel: ' in-app ', recipientUnit: 'tien-thanh', body: 'Kiểm tra {{incident.title}}' } });
    expect(await services().runServiceTask(input)).toEqual({ recipients: ['operator.tienthanh'] });
    expect(await Notification.findById(`${input.executionKey}:operator.tienthanh`).lean()).toMatchObject({ subject: 'CityOps', body: 'Kiểm tra Ngập "cầu 11"', kind: 'notify' });
  });
  it('rejects a missing body and an unknown channel as InvalidParameter', async () => {
    const noBody = await failureOf(services().runServiceTask(taskInput({ serviceType: 'notify', params: { recipientRole: 'leader' } })));
    expect(noBody).toMatchObject({ type: 'InvalidParameter', nonRetryable: true });
    expect(noBody.message).toContain('"body"');
    const sms = await failureOf(services().runServiceTask(taskInput({ serviceType: 'notify', params: { channel: 'in-app,sms', recipientRole: 'leader', body: 'b' } })));
    expect(sms.type).toBe('InvalidParameter');
    expect(sms.message).toContain('"channel"');
  });
});

describe('runServiceTask: http', () => {
  it('GET answering JSON gives {status, body} and sends the Idempotency-Key', async () => {
    const input = taskInput({ serviceType: 'http', params: { url: `${webUrl}/ok?ward={{ward}}` } });
    const before = requests.length;
    expect(await services().runServiceTask(input)).toEqual({ status: 200, body: { ok: true, status: 200 } });
    expect(requests[before]).toMatchObject({ method: 'GET', path: '/ok?ward=tan-phu' });
    expect(requests[before]!.headers['idempotency-key']).toBe(input.executionKey);
  });
  it('POST renders the body: JSON templates value by value, other text as text', async () => {
    const json = await services().runServiceTask(
      taskInput({ serviceType: 'http', params: { method: 'post', url: `${webUrl}/echo`, body: '{"title": "{{incident.title}}", "ward": "{{ward}}"}' } }),
    );
    expect(json.body).toEqual({ contentType: 'application/json', body: JSON.stringify({ title: 'Ngập "cầu 11"', ward: 'tan-phu' }) });
    const numeric = await services().runServiceTask(taskInput({ serviceType: 'http', params: { method: 'PUT', url: `${webUrl}/echo`, body: '{"level": {{verify.level}}}' } }));
    expect(numeric.body).toEqual({ contentType: 'application/json', body: '{"level": 3.2}' });
    const text = await services().runServiceTask(taskInput({ serviceType: 'http', params: { method: 'POST', url: `${webUrl}/echo`, body: 'level {{verify.level}}' } }));
    expect(text.body).toEqual({ contentType: 'text/plain; charset=utf-8', body: 'level 3.2' });
    expect(await services().runServiceTask(taskInput({ serviceType: 'http', params: { url: `${webUrl}/text` } }))).toEqual({ status: 200, body: 'plain answer' });
  });
  it('503 is a retryable HTTP_503 honouring Retry-After; 404 a non-retryable HTTP_404', async () => {
    const unavailable = await failureOf(services().runServiceTask(taskInput({ serviceType: 'http', params: { url: `${webUrl}/status/503` } })));
    expect(unavailable).toMatchObject({ type: 'HTTP_503', nonRetryable: false, nextRetryDelay: 7000 });
    const missing = await failureOf(services().runServiceTask(taskInput({ serviceType: 'http', params: { url: `${webUrl}/status/404` } })));
    expect(missing).toMatchObject({ type: 'HTTP_404', nonRetryable: true });
    expect(missing.details?.[0]).toMatchObject({ status: 404 });
  });
  it('a refused connection is a retryable HTTP_NETWORK', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = listenPort(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const f = await failureOf(services().runServiceTask(taskInput({ serviceType: 'http', params: { url: `http://127.0.0.1:${port}/` } })));
    expect(f).toMatchObject({ type: 'HTTP_NETWORK', nonRetryable: false });
  });
  it('rejects a missing URL, a bad method and a body on GET as InvalidParameter', async () => {
    for (const [params, param] of [
      [{}, 'url'],
      [{ url: 'ftp://example.org/x' }, 'url'],
      [{ url: `${webUrl}/ok`, method: 'FETCH' }, 'method'],
      [{ url: `${webUrl}/ok`, body: '{}' }, 'body'],
    ] as const) {
      const f = await failureOf(services().runServiceTask(taskInput({ serviceType: 'http', params })));
      expect(f).toMatchObject({ type: 'InvalidParameter', nonRetryable: true });
      expect(f.message).toContain(`"${param}"`);
    }
  });
});

describe('runServiceTask: set-incident', () => {
  const createIncident = async (status: 'open' | 'resolved' = 'open') => {
    const id = `inc-${uid()}`;
    await Incident.create({
      _id: id,
      workflowId: `incident:${id}`,
      correlationKey: id,
      title: 'Ngập',
      status,
      severity: 'critical',
      sopKey: 'flood-response',
      sopVersion: 1,
      openedAt: new Date(),
    });
    return id;
  };

  it('applies severity, title, status and fields in one update, audited once with before and after', async () => {
    const incidentId = await createIncident();
    const input = taskInput({
      serviceType: 'set-incident',
      incidentId,
      params: { severity: 'warning', status: 'monitoring', title: 'Theo dõi {{ward}}', fields: { waterLevel: 3.2, note: '{{verify.level}} m' } },
    });
    const applied = { severity: 'warning', status: 'monitoring', title: 'Theo dõi tan-phu', fields: { waterLevel: 3.2, note: '3.2 m' } };
    expect(await services().runServiceTask(input)).toEqual({ applied });
    expect(await Incident.findById(incidentId).lean()).toMatchObject(applied);

    // Fields merge: a later step adds one without losing the others.
    await services().runServiceTask(taskInput({ serviceType: 'set-incident', incidentId, params: { fields: { team: 'rescue' } } }));
    expect((await Incident.findById(incidentId).lean())?.fields).toEqual({ waterLevel: 3.2, note: '3.2 m', team: 'rescue' });

    await services().runServiceTask(input); // a retry
    const entries = await Audit.find({ _id: `set-incident:${input.executionKey}` }).lean();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'incident.updated',
      entityId: incidentId,
      before: { severity: 'critical', status: 'open', title: 'Ngập', fields: { waterLevel: null, note: null } },
      after: applied,
    });
  });

  it('rejects invalid values as InvalidParameter naming the parameter', async () => {
    const incidentId = await createIncident();
    for (const [params, param] of [
      [{ severity: 'huge' }, 'severity'],
      [{ status: 'resolved' }, 'status'],
      [{ fields: ['a'] }, 'fields'],
      [{ fields: { 'a.b': 1 } }, 'fields'],
      [{}, 'severity'],
    ] as const) {
      const f = await failureOf(services().runServiceTask(taskInput({ serviceType: 'set-incident', incidentId, params })));
      expect(f).toMatchObject({ type: 'InvalidParameter', nonRetryable: true });
      expect(f.message).toContain(`"${param}"`);
    }
    expect(await Incident.findById(incidentId).lean()).toMatchObject({ severity: 'critical', status: 'open' });
  });

  it('leaves a resolved incident alone', async () => {
    const incidentId = await createIncident('resolved');
    expect(await failureOf(services().runServiceTask(taskInput({ serviceType: 'set-incident', incidentId, params: { severity: 'info' } })))).toMatchObject({
      type: 'IncidentClosed',
      nonRetryable: true,
    });
    expect((await failureOf(services().runServiceTask(taskInput({ serviceType: 'set-incident', incidentId: 'nope', params: { severity: 'info' } })))).type).toBe(
      'IncidentNotFound',
    );
  });
});

describe('notifications API', () => {
  // api/app.ts mounts the router once it is registered there; until then this app mounts it the same way.
  let server: http.Server;
  let base: string;
  const call = async (method: string, path: string, token?: string) => {
    const res = await fetch(`${base}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as any };
  };
  const login = async (username: string) => {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return ((await res.json()) as { token: string }).token;
  };

  beforeAll(async () => {
    const auth = createAuthKit(randomBytes(32).toString('hex'), new UnitScope());
    const app = express();
    app.use(express.json());
    app.use('/api/auth', auth.router);
    app.use('/api/notifications', auth.requireAuth, notificationsRouter(new NotificationService()));
    app.use(errorMiddleware);
    server = await new Promise<http.Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${listenPort(server)}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('lists the caller’s own notifications newest first and marks them read; others get 404', async () => {
    const incidentId = `inc-api-${uid()}`;
    for (const n of [1, 2, 3]) {
      await services().notify({
        key: `api-${incidentId}-${n}`,
        incidentId,
        kind: 'notify',
        channels: ['in-app'],
        recipients: { unit: 'tan-phu', role: 'operator' },
        subject: `Tin ${n}`,
        body: 'b',
      });
      await new Promise((r) => setTimeout(r, 5)); // distinct creation times
    }
    const tanphu = await login('operator.tanphu');
    const tienthanh = await login('operator.tienthanh');

    const all = await call('GET', '/api/notifications', tanphu);
    expect(all.status).toBe(200);
    const mine = all.body.items.filter((n: any) => n.incidentId === incidentId);
    expect(mine.map((n: any) => n.subject)).toEqual(['Tin 3', 'Tin 2', 'Tin 1']);
    expect(mine[0]).toMatchObject({ id: `api-${incidentId}-3:operator.tanphu`, kind: 'notify', readAt: null, taskId: null });

    const others = await call('GET', '/api/notifications', tienthanh);
    expect(others.body.items.some((n: any) => n.incidentId === incidentId)).toBe(false);

    const id = encodeURIComponent(mine[1].id);
    expect((await call('POST', `/api/notifications/${id}/read`, tienthanh)).status).toBe(404);
    expect((await call('POST', `/api/notifications/nope/read`, tanphu)).status).toBe(404);
    const read = await call('POST', `/api/notifications/${id}/read`, tanphu);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await call('POST', `/api/notifications/${id}/read`, tanphu);
    expect(again.body.readAt).toBe(read.body.readAt);

    const unread = await call('GET', '/api/notifications?unread=true', tanphu);
    expect(unread.body.items.filter((n: any) => n.incidentId === incidentId).map((n: any) => n.subject)).toEqual(['Tin 3', 'Tin 1']);
    expect((await call('GET', '/api/notifications?limit=1', tanphu)).body.items).toHaveLength(1);
  });

  it('validates the query and requires a login', async () => {
    const token = await login('operator.tanphu');
    expect((await call('GET', '/api/notifications?limit=201', token)).status).toBe(400);
    expect((await call('GET', '/api/notifications?unread=yes', token)).status).toBe(400);
    expect((await call('GET', '/api/notifications')).status).toBe(401);
  });
});
