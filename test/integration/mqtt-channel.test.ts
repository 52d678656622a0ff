import fs from 'node:fs';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { StoredEvent, eventKey } from '../../model';
import { MqttChannel } from '../../api/events/mqtt-channel';
import { findMosquitto, startMosquitto } from '../../scripts/stack/servers';
import { getFreePort, type ManagedProcess } from '../../scripts/stack/processes';
import { TestStack, eventually, floodReading } from '../support/test-stack';

/**
 * The MQTT channel against a real mosquitto: readings published with QoS 1 are stored (and the flood
 * rule opens an incident), malformed messages are acknowledged and counted, and the subscriber
 * survives a broker restart.
 */
describe('MQTT channel', () => {
  let stack: TestStack;
  let publisher: MqttClient;

  beforeAll(async () => {
    stack = await TestStack.start('mqtt_channel', { mqtt: true });
    await stack.startWorker();
    publisher = await connectAsync(stack.state.mqttUrl!, { clientId: `pub-${stack.taskQueue}`, protocolVersion: 5 });
    await eventually('subscriber up', async () => (stack.app.mqtt?.status === 'up' ? true : undefined));
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await stack?.close();
  });

  const stored = (id: string) => StoredEvent.findById(eventKey('flood-sensor/suoi-rat-bridge-11', id)).lean();

  it('reports the subscriber in health', async () => {
    const health = await stack.request('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.mqtt).toBe('up');
  });

  it('stores a reading published with QoS 1, and the flood rule opens an incident', async () => {
    await publisher.publishAsync('cityops/events/flood-sensor/suoi-rat-bridge-11', JSON.stringify(floodReading('mq-1', 3.4)), { qos: 1 });
    const doc = await eventually('stored', async () => (await stored('mq-1')) ?? undefined);
    expect(doc).toMatchObject({ metric: 'water_level_m', value: 3.4 });
    const admin = await stack.login('admin');
    const incidents = await eventually(
      'incident opened',
      async () => {
        const list = (await stack.request('GET', '/api/incidents?status=open', { token: admin })).body as { total: number; items: unknown[] };
        return list.total === 1 ? list : undefined;
      },
      60_000,
    );
    expect(incidents.items).toHaveLength(1);
  });

  it('stores every event of a JSON array payload, a repeated id once', async () => {
    const before = { ...stack.app.mqtt!.counters };
    const batch = [floodReading('mq-2', 1.1), floodReading('mq-3', 1.2), floodReading('mq-2', 1.1)];
    await publisher.publishAsync('cityops/events/flood-sensor/suoi-rat-bridge-11', JSON.stringify(batch), { qos: 1 });
    await eventually('both stored', async () => ((await stored('mq-2')) && (await stored('mq-3')) ? true : undefined));
    // The counters move just after the write that made the events visible: wait for them too.
    const counters = stack.app.mqtt!.counters;
    await eventually('counted', async () => (counters.stored - before.stored === 2 && counters.duplicates - before.duplicates === 1 ? true : undefined));
    expect(counters.messages - before.messages).toBe(1);
    expect(await StoredEvent.countDocuments({ eventId: 'mq-2' })).toBe(1);
  });

  it('a topic naming a source carries only that source; a type topic that type; the bare topic any', async () => {
    const before = { ...stack.app.mqtt!.counters };
    // A camera publishing a flood reading on its own topic: rejected, the message still acknowledged.
    await publisher.publishAsync('cityops/events/camera-ai/cam-7', JSON.stringify(floodReading('mq-wrong-topic', 9.9)), { qos: 1 });
    await publisher.publishAsync('cityops/events/flood-sensor', JSON.stringify(floodReading('mq-type-topic', 1.3)), { qos: 1 });
    await publisher.publishAsync('cityops/events', JSON.stringify(floodReading('mq-gateway-topic', 1.4)), { qos: 1 });
    await eventually('type and gateway topics stored', async () => ((await stored('mq-type-topic')) && (await stored('mq-gateway-topic')) ? true : undefined));
    const counters = stack.app.mqtt!.counters;
    await eventually('rejection counted', async () => (counters.rejectedEvents - before.rejectedEvents === 1 ? true : undefined));
    expect(await stored('mq-wrong-topic')).toBeNull();
  });

  it('stores a reading published with QoS 0 too', async () => {
    await publisher.publishAsync('cityops/events/flood-sensor/suoi-rat-bridge-11', JSON.stringify(floodReading('mq-q0', 1.0)), { qos: 0 });
    await eventually('stored', async () => (await stored('mq-q0')) ?? undefined);
  });

  it('acknowledges and counts a malformed payload, and later messages still flow', async () => {
    const before = stack.app.mqtt!.counters.malformed;
    // publishAsync with QoS 1 resolves on PUBACK: the broker's ack to us, not the subscriber's.
    await publisher.publishAsync('cityops/events/camera/cam-7', 'not json {', { qos: 1 });
    await publisher.publishAsync('cityops/events/camera/cam-7', '42', { qos: 1 });
    await publisher.publishAsync('cityops/events/flood-sensor/suoi-rat-bridge-11', JSON.stringify(floodReading('mq-4', 0.9)), { qos: 1 });
    await eventually('next reading stored', async () => (await stored('mq-4')) ?? undefined);
    expect(stack.app.mqtt!.counters.malformed - before).toBe(2);
    expect((await stack.request('GET', '/api/health')).body.mqttMessages.malformed).toBe(before + 2);
  });

  it('does not acknowledge a message it could not store: the broker delivers it again', async () => {
    let failures = 1;
    const flaky = {
      ingest: async (items: unknown[]) => {
        if (failures-- > 0) throw new Error('database unavailable (simulated)');
        return stack.app.ingest.ingest(items);
      },
    };
    const bin = findMosquitto()!;
    const port = await getFreePort();
    const url = `mqtt://127.0.0.1:${port}`;
    const broker = await startMosquitto({ bin, port, dataDir: fs.mkdtempSync(path.join(stack.state.dataDir, 'broker-')) });
    const channel = new MqttChannel(flaky, { url, clientId: `flaky-${stack.taskQueue}`, minReconnectMs: 100, maxReconnectMs: 500 });
    try {
      channel.start();
      await eventually('subscribed', async () => (channel.status === 'up' ? true : undefined));
      await new Promise((r) => setTimeout(r, 300)); // the SUBSCRIBE follows the CONNACK
      const pub = await connectAsync(url, { clientId: `pub-flaky-${stack.taskQueue}`, protocolVersion: 5 });
      await pub.publishAsync('cityops/events/flood-sensor/suoi-rat-bridge-11', JSON.stringify(floodReading('mq-f1', 1)), { qos: 1 });
      await pub.endAsync();
      await eventually('stored on redelivery', async () => (await stored('mq-f1')) ?? undefined, 20_000);
      await eventually('counted', async () => (channel.counters.stored === 1 ? true : undefined));
      expect(channel.counters).toMatchObject({ failed: 1, stored: 1 });
    } finally {
      await channel.stop();
      await broker.stop();
    }
  });

  it('reconnects after a broker restart and receives again, including what was queued meanwhile', async () => {
    const bin = findMosquitto()!;
    const port = await getFreePort();
    const dataDir = fs.mkdtempSync(path.join(stack.state.dataDir, 'broker-'));
    const url = `mqtt://127.0.0.1:${port}`;
    let broker: ManagedProcess = await startMosquitto({ bin, port, dataDir });
    const channel = new MqttChannel(stack.app.ingest, { url, clientId: `restart-${stack.taskQueue}`, minReconnectMs: 100, maxReconnectMs: 500 });
    try {
      channel.start();
      await eventually('subscribed', async () => (channel.status === 'up' ? true : undefined));
      // The subscription is made after connect; wait until it is granted by publishing until one is stored.
      const pub = await connectAsync(url, { clientId: `pub-restart-${stack.taskQueue}`, protocolVersion: 5 });
      await eventually('first stored', async () => {
        await pub.publishAsync('cityops/events/flood-sensor/suoi-rat-bridge-11', JSON.stringify(floodReading('mq-r1', 1)), { qos: 1 });
        return (await stored('mq-r1')) ?? undefined;
      });
      await pub.endAsync();

      await channel.stop();
      // Stop the subscriber's connection first so a message published while it is away is queued in its session.
      const away = new MqttChannel(stack.app.ingest, { url, clientId: `restart-${stack.taskQueue}`, minReconnectMs: 100, maxReconnectMs: 500 });
      const pub2 = await connectAsync(url, { clientId: `pub2-restart-${stack.taskQueue}`, protocolVersion: 5 });
      await pub2.publishAsync('cityops/events/flood-sensor/suoi-rat-bridge-11', JSON.stringify(floodReading('mq-r2', 1)), { qos: 1 });
      await pub2.endAsync();

      await broker.stop(); // persists the session and its queue
      expect(await stored('mq-r2')).toBeNull();
      away.start();
      await new Promise((r) => setTimeout(r, 600));
      expect(away.status).toBe('down');
      broker = await startMosquitto({ bin, port, dataDir });
      await eventually('reconnected', async () => (away.status === 'up' ? true : undefined), 20_000);
      await eventually('queued reading delivered', async () => (await stored('mq-r2')) ?? undefined, 20_000);

      const pub3 = await connectAsync(url, { clientId: `pub3-restart-${stack.taskQueue}`, protocolVersion: 5 });
      await pub3.publishAsync('cityops/events/flood-sensor/suoi-rat-bridge-11', JSON.stringify(floodReading('mq-r3', 1)), { qos: 1 });
      await pub3.endAsync();
      await eventually('new reading delivered', async () => (await stored('mq-r3')) ?? undefined, 20_000);
      await away.stop();
    } finally {
      await channel.stop();
      await broker.stop();
    }
  });
});
