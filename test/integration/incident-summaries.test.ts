import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { IncidentSummaries } from '../../api/tasks/incident-summaries';
import { Incident } from '../../model';
import { connectDatabase, disconnectDatabase } from '../../platform/database';
import { loadStackState } from '../support/stack-state';

/** The inbox's incident summaries: remembered for a few seconds, read again once a live change names the incident. */
describe('IncidentSummaries', () => {
  let clock = 1_000_000;
  const now = () => clock;

  beforeAll(async () => {
    await connectDatabase(loadStackState().mongoUri, `test_summaries_${randomUUID().slice(0, 8)}`);
    await Incident.collection.insertMany([
      incident('inc-a', 'Ngập cầu Suối Rạt', 'warning'),
      incident('inc-b', 'Khói tại chợ Đồng Xoài', 'critical', { lat: 11.53, lon: 106.89 }),
    ] as never[]);
  });
  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await disconnectDatabase();
  });

  const setSeverity = (id: string, severity: string) => Incident.collection.updateOne({ _id: id } as never, { $set: { severity } });

  it('reads each incident once, then answers from memory until it is too old', async () => {
    const cache = new IncidentSummaries(5_000, 100, now);
    const first = await cache.of(['inc-a', 'inc-b', 'inc-a', 'missing']);
    expect([...first.keys()].sort()).toEqual(['inc-a', 'inc-b']);
    expect(first.get('inc-b')).toEqual({ id: 'inc-b', title: 'Khói tại chợ Đồng Xoài', severity: 'critical', status: 'open', location: { lat: 11.53, lon: 106.89 } });
    expect(first.get('inc-a')?.location).toBeNull();

    await setSeverity('inc-a', 'critical');
    clock += 4_000;
    expect((await cache.of(['inc-a'])).get('inc-a')?.severity).toBe('warning');
    clock += 1_001;
    expect((await cache.of(['inc-a'])).get('inc-a')?.severity).toBe('critical');
    await setSeverity('inc-a', 'warning');
  });

  it('reads an incident again as soon as a change of it is heard', async () => {
    const cache = new IncidentSummaries(5_000, 100, now);
    await cache.of(['inc-a']);
    await setSeverity('inc-a', 'critical');
    cache.changed('inc-a');
    expect((await cache.of(['inc-a'])).get('inc-a')?.severity).toBe('critical');
    await setSeverity('inc-a', 'warning');
  });

  it('does not keep a read that was under way when the change was heard', async () => {
    const cache = new IncidentSummaries(5_000, 100, now);
    const reading = cache.of(['inc-a']);
    // Heard after the read began (a later clock): that read may predate the change.
    clock += 1;
    cache.changed('inc-a');
    await reading;
    await setSeverity('inc-a', 'critical');
    expect((await cache.of(['inc-a'])).get('inc-a')?.severity).toBe('critical');
    await setSeverity('inc-a', 'warning');
  });

  it('keeps at most `max` incidents, the least recently listed going first', async () => {
    const cache = new IncidentSummaries(5_000, 1, now);
    await cache.of(['inc-a']);
    await cache.of(['inc-b']);
    expect(cache.size).toBe(1);
  });
});

function incident(_id: string, title: string, severity: string, location?: { lat: number; lon: number }) {
  return {
    _id,
    workflowId: `incident:${_id}`,
    correlationKey: _id,
    title,
    status: 'open',
    severity,
    sopKey: 'flood-response',
    sopVersion: 1,
    openedAt: new Date(),
    ...(location ? { location } : {}),
  };
}
