/**
 * Process test of retries, dead letters and delayed messages with a real RocketMQ client (ali-ons)
 * against bin/mqnamesrv + bin/mqbroker. The broker runs with short delay levels (1 s for the levels
 * retries use, 3 s and 15 s for the two top levels) so that the whole schedule fits in the test:
 * (a) messages whose listener throws come back through %RETRY%<group> and are consumed once;
 * (b) a message that always fails ends in %DLQ%<group> after the consumer's maxReconsumeTimes;
 * (c) a delayed message arrives no earlier than its level's delay, and one still parked when the
 *     broker stops gracefully is delivered by the restarted broker, with nothing delivered twice.
 */
import { decodeMessageProperties, DecodedStoredMessage, ResponseCode } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { waitFor } from '@rmq/testing';
import { createTopic, getRoute, pullMessage, queryConsumerOffset } from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

/** Levels 1..16 take 1 s (retries use 3 + reconsumeTimes), level 17 takes 3 s, level 18 15 s. */
const DELAY_LEVELS = [...Array<string>(16).fill('1s'), '3s', '15s'].join(' ');
const LEVEL_3S = 17;
const LEVEL_15S = 18;
const RETRY_TOPIC_NAME = 'RetryTopic';
const DLQ_TOPIC_NAME = 'PoisonTopic';
const DELAY_TOPIC_NAME = 'DelayTopic';
const RESTART_TOPIC_NAME = 'DelayRestartTopic';
const RETRY_GROUP = 'retry-group';
const DLQ_GROUP = 'dlq-group';
const DELAY_GROUP = 'delay-group';
const WAIT_MS = 40_000;
/** Short client timers so rebalancing, routes and offset commits settle within the waits. */
const CLIENT_TIMERS = {
  rebalanceInterval: 1_000,
  persistConsumerOffsetInterval: 1_000,
  pollNameServerInteval: 2_000,
};

// ali-ons ships no types: the few members this test touches.
interface OnsMessage {
  topic: string;
  /** Read as the KEYS property string; written as an array. */
  get keys(): string;
  set keys(keys: string[]);
  body: Buffer;
  reconsumeTimes: number;
  bornTimestamp: number;
  storeTimestamp: number;
  properties: Record<string, string>;
  delayTimeLevel: number;
}
interface OnsClient {
  ready(): Promise<void>;
  close(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): void;
}
interface OnsProducer extends OnsClient {
  send(msg: OnsMessage): Promise<{ sendStatus: string }>;
}
interface OnsConsumer extends OnsClient {
  subscribe(topic: string, expression: string, handler: (msg: OnsMessage) => Promise<void>): void;
}
type OnsClass<T> = new (options: Record<string, unknown>) => T;
const ons = require('ali-ons') as {
  Message: new (topic: string, tags: string, body: Buffer) => OnsMessage;
  Producer: OnsClass<OnsProducer>;
  Consumer: OnsClass<OnsConsumer>;
};
/** The process-wide producer ali-ons creates with the first client, for consumers' fallback resends. */
const innerProducers = require('ali-ons/lib/producer/mq_producer') as { defaultProducer?: OnsProducer };
const urllib = require('urllib') as unknown;
const quietLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

function message(topic: string, key: string, delayLevel = 0): OnsMessage {
  const msg = new ons.Message(topic, 'TagA', Buffer.from(`body of ${key}`));
  msg.keys = [key];
  if (delayLevel > 0) msg.delayTimeLevel = delayLevel;
  return msg;
}

describe('retries, dead letters and delayed messages with ali-ons and a broker process', () => {
  let cluster: TestCluster;
  let broker: BrokerProcess;
  let producer: OnsProducer;
  const client = new RemotingClient();
  const consumers: OnsConsumer[] = [];
  const clientErrors: Error[] = [];

  function clientOptions(instanceName: string): Record<string, unknown> {
    return {
      nameSrv: cluster.namesrvAddr,
      httpclient: urllib,
      logger: quietLogger,
      instanceName,
      ...CLIENT_TIMERS,
    };
  }

  async function startConsumer(
    group: string,
    topic: string,
    handler: (msg: OnsMessage) => Promise<void>,
    options: Record<string, unknown> = {},
  ): Promise<OnsConsumer> {
    const consumer = new ons.Consumer({
      ...clientOptions(`consumer-${group}`),
      consumerGroup: group,
      ...options,
    });
    consumer.on('error', (err) => clientErrors.push(err));
    consumer.subscribe(topic, '*', handler);
    consumers.push(consumer);
    await consumer.ready();
    return consumer;
  }

  /**
   * ali-ons shares one MQClient per instanceName and keeps it (and its route polling) alive while
   * any client of it is open, re-emitting its errors on clients already closed, whose listeners
   * close() removed: keep listening after close.
   */
  async function closeQuietly(onsClient: OnsClient | undefined): Promise<void> {
    if (onsClient === undefined) return;
    await onsClient.close();
    onsClient.on('error', (err) => clientErrors.push(err));
  }

  /** Every message in queue 0 of `topic` (by raw PULL_MESSAGE), or undefined while it has none. */
  async function queueContents(topic: string): Promise<DecodedStoredMessage[] | undefined> {
    const result = await pullMessage(client, broker.addr, {
      consumerGroup: 'test-reader',
      topic,
      queueId: 0,
      queueOffset: 0,
    });
    return result.code === ResponseCode.SUCCESS ? result.messages : undefined;
  }

  beforeAll(async () => {
    cluster = await TestCluster.start('broker-retry-delay');
    broker = await cluster.startBroker({
      brokerName: 'broker-a',
      args: [`--messageDelayLevel=${DELAY_LEVELS}`],
    });
    const topics = [RETRY_TOPIC_NAME, DLQ_TOPIC_NAME, DELAY_TOPIC_NAME, RESTART_TOPIC_NAME];
    // ali-ons does not create topics, and a consumer needs the route of its group's retry topic.
    for (const topic of [
      ...topics,
      `%RETRY%${RETRY_GROUP}`,
      `%RETRY%${DLQ_GROUP}`,
      `%RETRY%${DELAY_GROUP}`,
    ]) {
      await createTopic(client, broker.addr, topic, topic === RETRY_TOPIC_NAME ? 2 : 1);
    }
    for (const topic of topics) {
      await waitFor(
        `the route of ${topic}`,
        async () => (await getRoute(client, cluster.namesrvAddr, topic)) ?? undefined,
        15_000,
      );
    }
    producer = new ons.Producer({ ...clientOptions('producer'), producerGroup: 'retry-delay-producer' });
    producer.on('error', (err) => clientErrors.push(err));
    await producer.ready();
    innerProducers.defaultProducer?.on('error', (err) => clientErrors.push(err));
  });

  afterAll(async () => {
    const clients: Array<OnsClient | undefined> = [...consumers, producer, innerProducers.defaultProducer];
    await Promise.allSettled(clients.map((c) => closeQuietly(c)));
    await client.close();
    await cluster?.close();
  });

  it('(a) redelivers failed messages through %RETRY%group until each is consumed once', async () => {
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'];
    const failOnce = new Set(['k0', 'k2', 'k4']);
    const deliveries: Array<{ key: string; reconsumeTimes: number; topic: string }> = [];
    const succeeded = new Map<string, number>();
    await startConsumer(RETRY_GROUP, RETRY_TOPIC_NAME, async (msg) => {
      const key = msg.keys;
      deliveries.push({ key, reconsumeTimes: msg.reconsumeTimes, topic: msg.topic });
      if (failOnce.has(key) && msg.reconsumeTimes === 0) throw new Error(`first try of ${key} fails`);
      succeeded.set(key, (succeeded.get(key) ?? 0) + 1);
    });
    for (const key of keys)
      expect((await producer.send(message(RETRY_TOPIC_NAME, key))).sendStatus).toBe('SEND_OK');

    await waitFor(
      'every message consumed successfully',
      () => succeeded.size === keys.length || undefined,
      WAIT_MS,
    );
    // Settled: the group committed every offset of the topic and of its retry queue.
    await waitFor(
      'the group to commit all its offsets',
      async () => {
        let committed = 0;
        for (const queueId of [0, 1]) {
          const target = { consumerGroup: RETRY_GROUP, topic: RETRY_TOPIC_NAME, queueId };
          committed += (await queryConsumerOffset(client, broker.addr, target)) ?? 0;
        }
        const retryTarget = { consumerGroup: RETRY_GROUP, topic: `%RETRY%${RETRY_GROUP}`, queueId: 0 };
        const retried = (await queryConsumerOffset(client, broker.addr, retryTarget)) ?? 0;
        return (committed === keys.length && retried === failOnce.size) || undefined;
      },
      WAIT_MS,
    );
    expect([...succeeded.entries()].sort()).toEqual(keys.map((key) => [key, 1]));
    for (const key of failOnce) {
      expect(deliveries.filter((d) => d.key === key)).toEqual([
        { key, reconsumeTimes: 0, topic: RETRY_TOPIC_NAME },
        { key, reconsumeTimes: 1, topic: RETRY_TOPIC_NAME },
      ]);
    }
  });

  it('(b) puts a message that always fails into %DLQ%group after maxReconsumeTimes', async () => {
    const attempts: number[] = [];
    await startConsumer(
      DLQ_GROUP,
      DLQ_TOPIC_NAME,
      async (msg) => {
        attempts.push(msg.reconsumeTimes);
        throw new Error('poison message');
      },
      { maxReconsumeTimes: 2 },
    );
    expect((await producer.send(message(DLQ_TOPIC_NAME, 'poison'))).sendStatus).toBe('SEND_OK');

    const dlq = await waitFor('the message in the DLQ', () => queueContents(`%DLQ%${DLQ_GROUP}`), WAIT_MS);
    expect(dlq).toHaveLength(1);
    const [dead] = dlq;
    expect(dead?.topic).toBe(`%DLQ%${DLQ_GROUP}`);
    expect(dead?.reconsumeTimes).toBe(3);
    expect(dead?.body.toString()).toBe('body of poison');
    const props = decodeMessageProperties(dead?.propertiesString ?? '');
    expect(props.get('KEYS')).toBe('poison');
    expect(props.get('RETRY_TOPIC')).toBe(DLQ_TOPIC_NAME);
    expect(props.get('TAGS')).toBe('TagA');
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('(c) delivers a delayed message no earlier than its delay level', async () => {
    const received: Array<{ msg: OnsMessage; atMs: number }> = [];
    await startConsumer(DELAY_GROUP, DELAY_TOPIC_NAME, async (msg) => {
      received.push({ msg, atMs: Date.now() });
    });
    const sentAtMs = Date.now();
    expect((await producer.send(message(DELAY_TOPIC_NAME, 'later', LEVEL_3S))).sendStatus).toBe('SEND_OK');

    const [first] = await waitFor(
      'the delayed message',
      () => (received.length > 0 ? received : undefined),
      WAIT_MS,
    );
    expect(first?.msg.keys).toBe('later');
    expect(first?.msg.topic).toBe(DELAY_TOPIC_NAME);
    expect(first?.msg.properties['DELAY']).toBeUndefined();
    expect(first?.msg.properties['REAL_TOPIC']).toBeUndefined();
    expect(first?.msg.storeTimestamp).toBeGreaterThanOrEqual((first?.msg.bornTimestamp ?? 0) + 3_000);
    expect(first?.atMs).toBeGreaterThanOrEqual(sentAtMs + 3_000);
  });

  it('(c) keeps a parked message across a graceful restart and delivers it once, after its delay', async () => {
    // Consumers would only log the restart; stop them first (the producer sees it and carries on).
    await Promise.allSettled(consumers.splice(0).map((c) => closeQuietly(c)));
    expect((await producer.send(message(RESTART_TOPIC_NAME, 'short', LEVEL_3S))).sendStatus).toBe('SEND_OK');
    expect((await producer.send(message(RESTART_TOPIC_NAME, 'long', LEVEL_15S))).sendStatus).toBe('SEND_OK');
    const beforeStop = await waitFor('the 3 s message', () => queueContents(RESTART_TOPIC_NAME), WAIT_MS);
    expect(beforeStop.map((m) => decodeMessageProperties(m.propertiesString).get('KEYS'))).toEqual(['short']);

    expect(await broker.stop('SIGTERM')).toBe(0);
    const restartedAtMs = Date.now();
    await broker.restart();
    const after = await waitFor(
      'the 15 s message after the restart',
      async () => {
        const contents = await queueContents(RESTART_TOPIC_NAME);
        return contents !== undefined && contents.length >= 2 ? contents : undefined;
      },
      WAIT_MS,
    );
    const keysAfter = after.map((m) => decodeMessageProperties(m.propertiesString).get('KEYS'));
    expect(keysAfter).toEqual(['short', 'long']);
    const long = after[1];
    // Stored into its topic by the restarted broker, and not before its 15 s.
    expect(long?.storeTimestamp).toBeGreaterThanOrEqual(restartedAtMs);
    expect(long?.storeTimestamp).toBeGreaterThanOrEqual((long?.bornTimestamp ?? 0) + 15_000);
  });
});
