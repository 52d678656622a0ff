import fs from 'node:fs';
import path from 'node:path';
import { Incident, Outbox, StoredEvent } from '../../model';
import { TestStack, eventually } from '../support/test-stack';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '../fixtures/cap', name), 'utf8');
const SENDER = 'kttv.binhphuoc@example.vn';
const FLOOD_KEY = `cap:${SENDER}:KTTV-BP-2026-1125-001`;

/** CAP 1.2 XML alerts end to end: stored once, routed to an SOP, updated and cancelled through the outbox. */
describe('CAP 1.2 alerts', () => {
  let stack: TestStack;
  let operator: string;

  beforeAll(async () => {
    stack = await TestStack.start('cap');
    await stack.startWorker();
    operator = await stack.login('operator.tanphu');
  });
  afterAll(async () => stack?.close());

  async function postCap(xml: string, opts: { token?: string; contentType?: string } = {}): Promise<{ status: number; body: any }> {
    const token = opts.token ?? operator;
    const res = await fetch(`${stack.baseUrl}/api/events/cap`, {
      method: 'POST',
      headers: { 'content-type': opts.contentType ?? 'application/cap+xml', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: xml,
    });
    return { status: res.status, body: await res.json() };
  }

  it('opens one incident running the routed SOP for an Actual Alert, and stores the whole message', async () => {
    const res = await postCap(fixture('alert-polygon.xml'));
    expect(res).toEqual({ status: 202, body: { stored: true, duplicate: false, opened: true, action: 'open', correlationKey: FLOOD_KEY, sopKey: 'flood-response' } });

    const incident = await eventually('CAP incident opened', async () => (await Incident.findOne({ correlationKey: FLOOD_KEY }).lean()) ?? undefined);
    expect(incident).toMatchObject({
      status: 'open',
      severity: 'warning',
      sopKey: 'flood-response',
      workflowId: `incident:${FLOOD_KEY}`,
      title: 'Cảnh báo lũ trên suối Rạt, TP Đồng Xoài',
      eventCount: 1,
    });
    expect(incident.location).toEqual({ lat: 11.534, lon: 106.8835 });
    const description = await stack.temporalClient.workflow.getHandle(incident.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');

    const event = await StoredEvent.findById(`cap/${SENDER}|KTTV-BP-2026-1125-001`).lean();
    expect(event).toMatchObject({
      source: `cap/${SENDER}`,
      eventId: 'KTTV-BP-2026-1125-001',
      metric: 'cap.alert',
      value: 'Moderate',
      observedAt: new Date('2026-11-25T13:00:00Z'),
    });
    expect(JSON.parse(event!.geometry!).type).toBe('Polygon');
    expect(event!.cap).toMatchObject({ msgType: 'Alert', status: 'Actual', dispatch: 'queued', infos: [{ language: 'vi-VN', categories: ['Met'] }] });
    expect(event!.evaluatedAt).toBeInstanceOf(Date); // never swept into the threshold rules
  });

  it('stores the same message once and opens nothing more', async () => {
    const res = await postCap(fixture('alert-polygon.xml'));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ stored: true, duplicate: true, opened: false, correlationKey: FLOOD_KEY });
    expect(await StoredEvent.countDocuments({ source: `cap/${SENDER}`, eventId: 'KTTV-BP-2026-1125-001' })).toBe(1);
    expect(await Incident.countDocuments({ correlationKey: FLOOD_KEY })).toBe(1);
  });

  it('joins an Update to the referenced incident and raises its severity', async () => {
    const res = await postCap(fixture('update.xml'));
    expect(res).toEqual({ status: 202, body: { stored: true, duplicate: false, opened: false, action: 'update', correlationKey: FLOOD_KEY, referenced: 'known' } });
    const joined = await eventually('update joined', async () => {
      const doc = await Incident.findOne({ correlationKey: FLOOD_KEY }).lean();
      return doc?.eventCount === 2 && doc.severity === 'critical' ? doc : undefined;
    });
    expect(joined.recentEvents).toContain(`cap/${SENDER}|KTTV-BP-2026-1125-002`);
    expect(await Incident.countDocuments({})).toBe(1);
  });

  it('cancels the incident on a Cancel, through the outbox', async () => {
    const res = await postCap(fixture('cancel.xml'));
    expect(res.body).toMatchObject({ stored: true, duplicate: false, opened: false, action: 'cancel', correlationKey: FLOOD_KEY, referenced: 'known' });
    const cancelled = await eventually('incident cancelled', async () => {
      const doc = await Incident.findOne({ correlationKey: FLOOD_KEY }).lean();
      return doc?.status === 'cancelled' ? doc : undefined;
    });
    expect(cancelled.status).toBe('cancelled');
    await eventually('outbox drained', async () => ((await Outbox.countDocuments({})) === 0 ? true : undefined));
  });

  it('stores an Exercise but opens nothing', async () => {
    const res = await postCap(fixture('exercise.xml'));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ stored: true, duplicate: false, opened: false, action: 'none', reason: expect.stringContaining('Exercise') });
    expect(await StoredEvent.countDocuments({ eventId: 'DIENTAP-2026-LU-01' })).toBe(1);
    expect(await Outbox.countDocuments({ _id: { $regex: 'DIENTAP' } })).toBe(0);
  });

  it('stores but does not open an alert no route matches, or an update of an unknown message', async () => {
    const fire = await postCap(fixture('alert-circle-geocode.xml'));
    expect(fire.body).toMatchObject({ stored: true, opened: false, reason: expect.stringContaining('no CAP route matches') });
    const stored = await StoredEvent.findById('cap/pccc.dongxoai@example.vn|PCCC-DX-7781').lean();
    expect(JSON.parse(stored!.geometry!).type).toBe('Polygon'); // the circle, as a 32-gon

    const orphan = fixture('update.xml').replace('KTTV-BP-2026-1125-002', 'KTTV-ORPHAN-1').replace('KTTV-BP-2026-1125-001,', 'NEVER-SEEN,');
    const res = await postCap(orphan);
    expect(res.body).toMatchObject({ stored: true, opened: false, referenced: 'unknown' });
    expect(await StoredEvent.countDocuments({ eventId: 'KTTV-ORPHAN-1' })).toBe(1);
  });

  it('opens a critical incident for the bilingual alert (highest severity of all info blocks)', async () => {
    const res = await postCap(fixture('alert-bilingual.xml'), { contentType: 'application/xml; charset=utf-8' });
    expect(res.body).toMatchObject({ opened: true, correlationKey: 'cap:nchmf@example.vn:NCHMF-2026-1125-STORM-12' });
    const incident = await eventually(
      'storm incident',
      async () => (await Incident.findOne({ correlationKey: 'cap:nchmf@example.vn:NCHMF-2026-1125-STORM-12' }).lean()) ?? undefined,
    );
    expect(incident.severity).toBe('critical');
    const event = await StoredEvent.findById('cap/nchmf@example.vn|NCHMF-2026-1125-STORM-12').lean();
    expect(event!.value).toBe('Extreme');
    expect((event!.cap as { infos: unknown[] }).infos).toHaveLength(2);
    expect(JSON.parse(event!.geometry!).type).toBe('MultiPolygon');
  });

  it('keeps a Cancel in the outbox while Temporal is unreachable, and delivers it afterwards', async () => {
    const key = 'cap:nchmf@example.vn:NCHMF-2026-1125-STORM-12';
    await stack.app.dispatcher.stop(); // as if Temporal were down: nothing is delivered
    const cancel = fixture('cancel.xml')
      .replace(/kttv\.binhphuoc@example\.vn/g, 'nchmf@example.vn')
      .replace('KTTV-BP-2026-1126-003', 'NCHMF-2026-1125-STORM-12-C')
      .replace(/<references>.*<\/references>/, '<references>nchmf@example.vn,NCHMF-2026-1125-STORM-12,2026-11-25T06:30:00+07:00</references>');
    const res = await postCap(cancel);
    expect(res.body).toMatchObject({ action: 'cancel', correlationKey: key, referenced: 'known' });
    const record = await Outbox.findById('cap|cap/nchmf@example.vn|NCHMF-2026-1125-STORM-12-C').lean();
    expect(record).toMatchObject({ kind: 'incident-cancel', payload: { workflowId: `incident:${key}`, reason: 'CAP cancel NCHMF-2026-1125-STORM-12-C', by: 'operator.tanphu' } });
    expect((await Incident.findOne({ correlationKey: key }).lean())?.status).toBe('open');

    stack.app.dispatcher.start();
    await eventually('storm incident cancelled', async () => ((await Incident.findOne({ correlationKey: key }).lean())?.status === 'cancelled' ? true : undefined));
    expect(await Outbox.countDocuments({})).toBe(0);
  });

  it('writes the outbox record a crash lost when the sender posts the message again', async () => {
    const xml = fixture('alert-polygon.xml').replace('KTTV-BP-2026-1125-001', 'KTTV-CRASH-1');
    const key = `cap:${SENDER}:KTTV-CRASH-1`;
    await stack.app.dispatcher.stop();
    expect((await postCap(xml)).body).toMatchObject({ opened: true, correlationKey: key });
    // The crash: the event was stored, its outbox record never written.
    await Outbox.deleteOne({ _id: `cap|cap/${SENDER}|KTTV-CRASH-1` });
    await StoredEvent.updateOne({ _id: `cap/${SENDER}|KTTV-CRASH-1` }, { $set: { 'cap.dispatch': 'pending' } });

    expect((await postCap(xml)).body).toMatchObject({ duplicate: true, opened: false, correlationKey: key });
    expect(await Outbox.countDocuments({ _id: `cap|cap/${SENDER}|KTTV-CRASH-1` })).toBe(1);
    stack.app.dispatcher.start();
    await eventually('incident opened after the repost', async () => (await Incident.findOne({ correlationKey: key }).lean()) ?? undefined);
    expect(await Incident.countDocuments({ correlationKey: key })).toBe(1);
  });

  it('answers 400 naming the element for invalid or malformed CAP, and stores nothing', async () => {
    const before = await StoredEvent.countDocuments({});
    const invalid = await postCap(fixture('malformed.xml'));
    expect(invalid.status).toBe(400);
    expect(invalid.body.details).toEqual([{ element: 'alert/info[1]/urgency', message: expect.stringContaining('"Soon"') }]);
    const broken = await postCap(fixture('broken.xml'));
    expect(broken.status).toBe(400);
    expect(broken.body.details[0]).toMatchObject({ element: 'alert/info[1]/event', message: expect.stringContaining('malformed XML') });
    const notCap = await postCap(fixture('not-cap.xml'));
    expect(notCap.status).toBe(400);
    expect(notCap.body.details[0]).toMatchObject({ element: 'rss', message: expect.stringContaining('<rss>') });
    expect(await StoredEvent.countDocuments({})).toBe(before);
  });

  it('refuses an XXE / entity-expansion document with 400 instead of expanding it', async () => {
    const res = await postCap(fixture('xxe.xml'));
    expect(res.status).toBe(400);
    expect(res.body.details[0].message).toContain('<!DOCTYPE> is not allowed');
    expect(JSON.stringify(res.body)).not.toContain('lollol');
    expect(await StoredEvent.countDocuments({ eventId: 'XXE-1' })).toBe(0);
  });

  it('refuses other content types, anonymous callers and oversized bodies', async () => {
    expect((await postCap(fixture('alert-polygon.xml'), { contentType: 'text/plain' })).status).toBe(415);
    expect((await postCap(fixture('alert-polygon.xml'), { token: '' })).status).toBe(401);
    expect((await postCap(`<a>${'x'.repeat(1100 * 1024)}</a>`)).status).toBe(413);
  });
});
