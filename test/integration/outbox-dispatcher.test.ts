import { ServiceError } from '@temporalio/client';
import { Outbox } from '../../model';
import { temporalUnavailable } from '../../api/outbox/dispatcher';
import { TestStack, eventually } from '../support/test-stack';

/** The outbox dispatcher against the real Temporal: one bad record must not hold up everyone else's incidents. */
describe('outbox dispatcher', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start('outbox_dispatcher');
  });
  afterAll(async () => stack?.close());

  const signal = (key: string, createdAt: Date, event: object | undefined) => ({
    _id: `test|${key}|${createdAt.getTime()}`,
    kind: 'incident-signal',
    attempts: 0,
    createdAt,
    payload: {
      workflowId: `incident:${key}`,
      correlationKey: key,
      sopKey: 'flood-response',
      title: `Test ${key}`,
      ...(event ? { event } : {}),
    },
  });
  const event = (id: string) => ({
    eventKey: id,
    source: 'flood-sensor/x',
    metric: 'water_level_m',
    value: 3.1,
    observedAt: new Date().toISOString(),
    ruleKey: 'test',
    severity: 'critical',
  });

  it('parks a record that fails on its own, holds back only its own incident, and delivers the rest', async () => {
    const t0 = Date.now() - 60_000;
    await Outbox.collection.insertMany([
      signal('poison', new Date(t0), undefined), // no event: building the request throws
      signal('poison', new Date(t0 + 1), event('p-2')), // the same incident's next record waits behind it
      signal('healthy', new Date(t0 + 2), event('h-1')),
    ] as never[]);
    stack.app.dispatcher.kick();
    await eventually('healthy record delivered', async () => ((await Outbox.countDocuments({ 'payload.correlationKey': 'healthy' })) === 0 ? true : undefined));
    const described = await stack.temporalClient.workflow.getHandle('incident:healthy').describe();
    expect(described.status.name).toBe('RUNNING');

    const left = await Outbox.find({ 'payload.correlationKey': 'poison' }).sort({ createdAt: 1 }).lean();
    expect(left).toHaveLength(2);
    expect(left[0]).toMatchObject({ attempts: 1, lastError: expect.any(String), nextAttemptAt: expect.any(Date) });
    expect(left[0]!.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(left[1]).toMatchObject({ attempts: 0 });
    await expect(stack.temporalClient.workflow.getHandle('incident:poison').describe()).rejects.toThrow();
  });

  it('tells Temporal being unreachable apart from a record being wrong', () => {
    const grpc = (code: number) => Object.assign(new Error('grpc'), { code, details: 'x', metadata: {} });
    expect(temporalUnavailable(new ServiceError('down', { cause: grpc(14) }))).toBe(true);
    expect(temporalUnavailable(grpc(4))).toBe(true);
    expect(temporalUnavailable(grpc(3))).toBe(false); // INVALID_ARGUMENT: this record
    expect(temporalUnavailable(new TypeError("Cannot read properties of undefined (reading 'severity')"))).toBe(false);
  });
});
