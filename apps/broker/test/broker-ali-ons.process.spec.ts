/**
 * Process test with a real RocketMQ client: ali-ons produces 10,000 messages with tags and keys to a
 * topic of 4 queues on each of two brokers; two push consumers of one group receive every message
 * exactly once between them, and a second group subscribed to `TagA || TagB` receives exactly the
 * messages with those tags. A raw pull with the same expression shows the broker itself filters.
 */
import { ResponseCode } from '@rmq/protocol';
import { RemotingClient } from '@rmq/remoting';
import { waitFor } from '@rmq/testing';
import {
  AliOnsConsumer,
  AliOnsMessage,
  closeAliOnsSharedProducer,
  heldQueueCount,
  newAliOnsConsumer,
  newAliOnsMessage,
  newAliOnsProducer,
} from './support/ali-ons';
import {
  createTopic,
  getRoute,
  propertiesOf,
  pullMessage,
  queryConsumerOffset,
} from './support/broker-requests';
import { BrokerProcess, TestCluster } from './support/cluster';

const TOPIC = 'AliOnsTopic';
const QUEUES_PER_BROKER = 4;
const MESSAGES = 10_000;
const SENDS_IN_FLIGHT = 32;
const TAGS = ['TagA', 'TagB', 'TagC'] as const;
const FILTER = 'TagA || TagB';
const ALL_GROUP = 'ali-ons-all';
const TAG_GROUP = 'ali-ons-tag-a-b';
const SETUP_TIMEOUT_MS = 120_000;
const DELIVERY_WAIT_MS = 60_000;

interface SentMessage {
  tag: string;
  brokerName: string;
  queueId: number;
  queueOffset: number;
}

/** What one consumer got: deliveries per key, and the tag each key came with. */
class Received {
  readonly byKey = new Map<string, number>();
  readonly tags = new Map<string, string>();
  count = 0;
  readonly handler = async (msg: AliOnsMessage): Promise<void> => {
    const key = msg.keys ?? '';
    this.count += 1;
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
    this.tags.set(key, msg.tags ?? '');
  };
  repeated(): string[] {
    return [...this.byKey].filter(([, n]) => n > 1).map(([key]) => key);
  }
}

describe('ali-ons produces and consumes through two brokers', () => {
  let cluster: TestCluster;
  let brokers: BrokerProcess[];
  const client = new RemotingClient();
  const consumerErrors: Error[] = [];
  const consumers: AliOnsConsumer[] = [];
  const [first, second, filtered] = [new Received(), new Received(), new Received()];
  let sent: Map<string, SentMessage>;

  beforeAll(async () => {
    cluster = await TestCluster.start('broker-ali-ons');
    brokers = await Promise.all([
      cluster.startBroker({ brokerName: 'broker-a' }),
      cluster.startBroker({ brokerName: 'broker-b' }),
    ]);
    for (const broker of brokers) await createTopic(client, broker.addr, TOPIC, QUEUES_PER_BROKER);
    await waitFor(
      'the route of the topic on both brokers',
      async () => (await getRoute(client, cluster.namesrvAddr, TOPIC))?.queueDatas.length === brokers.length,
      15_000,
    );
    await startConsumers();
    sent = await produce();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.allSettled(consumers.map((c) => c.close()));
    await closeAliOnsSharedProducer();
    await client.close();
    await cluster?.close();
  });

  it('the group of two receives every message exactly once between them', async () => {
    await waitFor(
      'every message at the group of two',
      () => first.byKey.size + second.byKey.size >= MESSAGES,
      DELIVERY_WAIT_MS,
    );
    // Late duplicates would come from progress not yet committed: wait for the commits to reach the end.
    await waitForCommits(ALL_GROUP, () => true);
    expect(first.count).toBeGreaterThan(0);
    expect(second.count).toBeGreaterThan(0);
    const inBoth = [...first.byKey.keys()].filter((key) => second.byKey.has(key));
    const missing = [...sent.keys()].filter((key) => !first.byKey.has(key) && !second.byKey.has(key));
    const report = {
      inBoth: inBoth.slice(0, 5),
      repeated: [...first.repeated(), ...second.repeated()].slice(0, 5),
      missing: missing.slice(0, 5),
    };
    expect(report).toEqual({ inBoth: [], repeated: [], missing: [] });
    expect(first.count + second.count).toBe(MESSAGES);
  });

  it(`the group subscribed to '${FILTER}' receives exactly those messages`, async () => {
    const wanted = [...sent].filter(([, m]) => m.tag !== 'TagC').map(([key]) => key);
    await waitFor('every TagA/TagB message', () => filtered.byKey.size >= wanted.length, DELIVERY_WAIT_MS);
    await waitForCommits(TAG_GROUP, (m) => m.tag !== 'TagC');
    const wrongTag = [...filtered.tags].filter(([key, tag]) => tag === 'TagC' || tag !== sent.get(key)?.tag);
    const missing = wanted.filter((key) => !filtered.byKey.has(key));
    const report = {
      wrongTag: wrongTag.slice(0, 5),
      repeated: filtered.repeated().slice(0, 5),
      missing: missing.slice(0, 5),
    };
    expect(report).toEqual({ wrongTag: [], repeated: [], missing: [] });
    expect(filtered.count).toBe(wanted.length);
  });

  it('the broker itself filters by tag (a raw pull with the same expression)', async () => {
    const pulled = await pullMessage(client, brokers[0]!.addr, {
      consumerGroup: 'raw-tag-reader',
      topic: TOPIC,
      queueId: 0,
      queueOffset: 0,
      subscription: FILTER,
    });
    expect(pulled.code).toBe(ResponseCode.SUCCESS);
    const tags = new Set(pulled.messages.map((m) => propertiesOf(m).get('TAGS')));
    expect([...tags].sort()).toEqual(['TagA', 'TagB']);
  });

  it('no client reported an error', () => {
    expect(consumerErrors.map((e) => e.message)).toEqual([]);
  });

  /**
   * Two members of one group and one filtering consumer; returns once the queues are shared out,
   * so that no queue changes hands mid-stream (a hand-over redelivers what was consumed but not
   * yet committed: RocketMQ is at-least-once, and this test wants to see exactly-once).
   */
  async function startConsumers(): Promise<void> {
    const start = (group: string, name: string, expression: string, into: Received): AliOnsConsumer => {
      const consumer = newAliOnsConsumer(cluster.namesrvAddr, group, name, consumerErrors);
      consumers.push(consumer);
      consumer.subscribe(TOPIC, expression, into.handler);
      return consumer;
    };
    const c1 = start(ALL_GROUP, 'c1', '*', first);
    const c2 = start(ALL_GROUP, 'c2', '*', second);
    const c3 = start(TAG_GROUP, 'c3', FILTER, filtered);
    await Promise.all(consumers.map((c) => c.ready()));
    const total = QUEUES_PER_BROKER * brokers.length;
    await waitFor(
      'the group of two to share the queues',
      () => heldQueueCount(c1, TOPIC) === total / 2 && heldQueueCount(c2, TOPIC) === total / 2,
      30_000,
    );
    await waitFor(
      'the filtering consumer to hold every queue',
      () => heldQueueCount(c3, TOPIC) === total,
      30_000,
    );
  }

  /** Sends MESSAGES with ali-ons, SENDS_IN_FLIGHT at a time; returns where each one was stored. */
  async function produce(): Promise<Map<string, SentMessage>> {
    const producerErrors: Error[] = [];
    const producer = newAliOnsProducer(cluster.namesrvAddr, 'ali-ons-producer', 'p1', producerErrors);
    await producer.ready();
    const stored = new Map<string, SentMessage>();
    const statuses = new Set<string>();
    try {
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < MESSAGES; i = next++) {
          const key = `key-${i}`;
          const tag = TAGS[i % TAGS.length] ?? 'TagA';
          const result = await producer.send(newAliOnsMessage(TOPIC, tag, key, Buffer.from(`body ${i}`)));
          statuses.add(result.sendStatus);
          const { brokerName, queueId } = result.messageQueue;
          stored.set(key, { tag, brokerName, queueId, queueOffset: result.queueOffset });
        }
      };
      await Promise.all(Array.from({ length: SENDS_IN_FLIGHT }, worker));
    } finally {
      await producer.close();
    }
    expect({ statuses: [...statuses], errors: producerErrors }).toEqual({
      statuses: ['SEND_OK'],
      errors: [],
    });
    const brokersUsed = new Set([...stored.values()].map((m) => m.brokerName));
    expect([...brokersUsed].sort()).toEqual(['broker-a', 'broker-b']);
    return stored;
  }

  /** Waits until the group's committed offset on each queue is past the last message it consumes there. */
  async function waitForCommits(group: string, consumes: (m: SentMessage) => boolean): Promise<void> {
    for (const broker of brokers) {
      for (let queueId = 0; queueId < QUEUES_PER_BROKER; queueId += 1) {
        const offsets = [...sent.values()]
          .filter((m) => m.brokerName === broker.brokerName && m.queueId === queueId && consumes(m))
          .map((m) => m.queueOffset);
        const end = Math.max(-1, ...offsets) + 1;
        await waitFor(
          `${group} to commit ${broker.brokerName}:${queueId} up to ${end}`,
          async () =>
            ((await queryConsumerOffset(client, broker.addr, {
              consumerGroup: group,
              topic: TOPIC,
              queueId,
            })) ?? -1) >= end,
          15_000,
          100,
        );
      }
    }
  }
});
