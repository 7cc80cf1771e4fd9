import {
  createResponse,
  decodeHeartbeatData,
  encodeMessageProperties,
  PullMessageRequestHeader,
  RequestCode,
  ResponseCode,
} from '@rmq/protocol';
import { freePort, waitFor } from '@rmq/testing';
import { MessageExt } from '../message/message-ext';
import { FakeBroker } from '../testing/fake-broker';
import { FakeCluster } from '../testing/fake-cluster';
import { ConsumeConcurrentlyStatus } from './message-listener';
import { PushConsumer } from './push-consumer';
import { PushConsumerOptions } from './push-consumer-options';

let cluster: FakeCluster;
const consumers: PushConsumer[] = [];
let seq = 0;

function newConsumer(extra: Partial<PushConsumerOptions> = {}): PushConsumer {
  seq += 1;
  const consumer = new PushConsumer({
    consumerGroup: 'CG',
    namesrvAddr: cluster.namesrvAddr,
    instanceName: `push-spec-${seq}`,
    clientIp: '127.0.0.1',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    persistConsumerOffsetIntervalMs: 50,
    rebalanceIntervalMs: 200,
    ...extra,
  });
  consumers.push(consumer);
  return consumer;
}

function seed(
  broker: FakeBroker,
  topic: string,
  queueId: number,
  count: number,
  tags?: (i: number) => string,
): void {
  for (let i = 0; i < count; i += 1) {
    const props: Array<[string, string]> = [['UNIQ_KEY', `ID-${topic}-${queueId}-${i}`]];
    if (tags !== undefined) props.push(['TAGS', tags(i)]);
    broker.store.append({
      topic,
      queueId,
      body: Buffer.from(`${topic}/${queueId}/${i}`),
      propertiesString: encodeMessageProperties(props),
    });
  }
}

function collector(status: (m: MessageExt) => ConsumeConcurrentlyStatus = () => 'CONSUME_SUCCESS') {
  const seen: MessageExt[] = [];
  const listener = (msgs: MessageExt[]): ConsumeConcurrentlyStatus => {
    seen.push(...msgs);
    return msgs.map(status).includes('RECONSUME_LATER') ? 'RECONSUME_LATER' : 'CONSUME_SUCCESS';
  };
  return { seen, listener };
}

beforeEach(async () => {
  cluster = await FakeCluster.start(freePort, 1);
  cluster.createTopic('%RETRY%CG', 1);
});

afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.shutdown()));
  await cluster.close();
});

describe('PushConsumer (clustering)', () => {
  it('heartbeats its subscriptions, %RETRY% included, and consumes every queue', async () => {
    cluster.createTopic('T', 2);
    seed(cluster.broker(), 'T', 0, 3);
    seed(cluster.broker(), 'T', 1, 2);
    const consumer = newConsumer();
    const { seen, listener } = collector();
    consumer.subscribe('T', '*');
    consumer.registerMessageListener(listener);
    await consumer.start();

    await waitFor('5 messages', () => seen.length === 5);
    const beat = decodeHeartbeatData(cluster.broker().requestsWithCode(RequestCode.HEART_BEAT)[0]!.body!);
    const data = beat.consumerDataSet[0]!;
    expect(data).toMatchObject({
      groupName: 'CG',
      consumeType: 'CONSUME_PASSIVELY',
      messageModel: 'CLUSTERING',
    });
    expect(data.subscriptionDataSet.map((s) => s.topic).sort()).toEqual(['%RETRY%CG', 'T']);
    const msg = seen.find((m) => m.queueId === 0 && m.queueOffset === 2)!;
    expect(msg).toMatchObject({ topic: 'T', msgId: 'ID-T-0-2', brokerName: 'broker-a', reconsumeTimes: 0 });
    expect(msg.body.toString()).toBe('T/0/2');
    await waitFor(
      'offsets persisted',
      () => cluster.broker().offsets.get('CG@T@0') === 3 && cluster.broker().offsets.get('CG@T@1') === 2,
    );
  });

  it('pulls with commit|suspend|subscription and the subscription expression', async () => {
    cluster.createTopic('T', 1);
    const consumer = newConsumer({ suspendTimeoutMillis: 1234 });
    consumer.subscribe('T', 'a || b');
    consumer.registerMessageListener(() => 'CONSUME_SUCCESS');
    await consumer.start();
    const pull = await waitFor('a pull of T', () =>
      cluster
        .broker()
        .requestsWithCode(RequestCode.PULL_MESSAGE)
        .map((r) => PullMessageRequestHeader.decode(r.extFields))
        .find((h) => h.topic === 'T'),
    );
    expect(pull).toMatchObject({
      consumerGroup: 'CG',
      subscription: 'a || b',
      suspendTimeoutMillis: 1234,
      maxMsgNums: 32,
    });
    expect(pull.sysFlag & 0x6).toBe(0x6);
  });

  it('re-checks tags on the client when the broker lets other tags through', async () => {
    cluster.createTopic('T', 1);
    seed(cluster.broker(), 'T', 0, 6, (i) => (i % 2 === 0 ? 'a' : 'b'));
    const broker = cluster.broker();
    broker.override(RequestCode.PULL_MESSAGE, (req) => {
      const h = PullMessageRequestHeader.decode(req.extFields);
      const outcome = broker.store.pull(h.topic, h.queueId, h.queueOffset, h.maxMsgNums, undefined); // no broker-side filter
      if (outcome.records.length === 0) return undefined;
      return createResponse(req, ResponseCode.SUCCESS, {
        extFields: {
          suggestWhichBrokerId: '0',
          nextBeginOffset: String(outcome.nextBeginOffset),
          minOffset: '0',
          maxOffset: String(outcome.maxOffset),
        },
        body: Buffer.concat(outcome.records),
      });
    });
    const consumer = newConsumer();
    const { seen, listener } = collector();
    consumer.subscribe('T', 'a');
    consumer.registerMessageListener(listener);
    await consumer.start();
    await waitFor('offset past all six', () => cluster.broker().offsets.get('CG@T@0') === 6);
    expect(seen.map((m) => m.tags)).toEqual(['a', 'a', 'a']);
  });

  it('CONSUME_FROM_LAST_OFFSET starts at the max offset, retry topics at 0', async () => {
    cluster.createTopic('T', 1);
    seed(cluster.broker(), 'T', 0, 4);
    seed(cluster.broker(), '%RETRY%CG', 0, 1);
    const consumer = newConsumer({ consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET' });
    const { seen, listener } = collector();
    consumer.subscribe('T');
    consumer.registerMessageListener(listener);
    await consumer.start();
    await waitFor('retry message', () => seen.length === 1);
    seed(cluster.broker(), 'T', 0, 1);
    await waitFor('new message', () => seen.length === 2);
    expect(seen.map((m) => `${m.topic}:${m.queueOffset}`).sort()).toEqual(['%RETRY%CG:0', 'T:4']);
    expect(cluster.broker().requestsWithCode(RequestCode.GET_MAX_OFFSET)).toHaveLength(1);
  });

  it('CONSUME_FROM_TIMESTAMP asks SEARCH_OFFSET_BY_TIMESTAMP', async () => {
    cluster.createTopic('T', 1);
    const broker = cluster.broker();
    broker.store.append({
      topic: 'T',
      queueId: 0,
      body: Buffer.from('old'),
      propertiesString: '',
      storeTimestamp: 1_000,
    });
    broker.store.append({
      topic: 'T',
      queueId: 0,
      body: Buffer.from('new'),
      propertiesString: '',
      storeTimestamp: 3_000,
    });
    const consumer = newConsumer({ consumeFromWhere: 'CONSUME_FROM_TIMESTAMP', consumeTimestamp: 2_000 });
    const { seen, listener } = collector();
    consumer.subscribe('T');
    consumer.registerMessageListener(listener);
    await consumer.start();
    await waitFor('the new message', () => seen.some((m) => m.body.toString() === 'new'));
    expect(seen.map((m) => m.body.toString())).toEqual(['new']);
    expect(broker.requestsWithCode(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP)).toHaveLength(1);
  });

  it('resumes from the committed offset the broker returns', async () => {
    cluster.createTopic('T', 1);
    seed(cluster.broker(), 'T', 0, 5);
    cluster.broker().offsets.set('CG@T@0', 3);
    const consumer = newConsumer();
    const { seen, listener } = collector();
    consumer.subscribe('T');
    consumer.registerMessageListener(listener);
    await consumer.start();
    await waitFor('two messages', () => seen.length === 2);
    expect(seen.map((m) => m.queueOffset)).toEqual([3, 4]);
  });

  it('splits queues between two clients and rebalances on NOTIFY_CONSUMER_IDS_CHANGED', async () => {
    cluster.createTopic('T', 4);
    // No periodic rebalance within the test: only the broker's notice can move the first client.
    const first = newConsumer({ rebalanceIntervalMs: 60_000 });
    first.subscribe('T');
    first.registerMessageListener(() => 'CONSUME_SUCCESS');
    await first.start();
    await waitFor(
      'first owns all T queues',
      () => first.allocatedQueues().filter((q) => q.topic === 'T').length === 4,
    );
    const second = newConsumer({ rebalanceIntervalMs: 60_000 });
    second.subscribe('T');
    second.registerMessageListener(() => 'CONSUME_SUCCESS');
    await second.start();
    const tQueues = (c: PushConsumer): number[] =>
      c
        .allocatedQueues()
        .filter((q) => q.topic === 'T')
        .map((q) => q.queueId)
        .sort();
    await waitFor('2 + 2', () => tQueues(first).length === 2 && tQueues(second).length === 2);
    expect([...tQueues(first), ...tQueues(second)].sort()).toEqual([0, 1, 2, 3]);
  });

  it('advances the offset only past messages that are done', async () => {
    cluster.createTopic('T', 1);
    seed(cluster.broker(), 'T', 0, 5);
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const done: number[] = [];
    const consumer = newConsumer({ consumeConcurrency: 5 });
    consumer.subscribe('T');
    consumer.registerMessageListener(async ([m]): Promise<ConsumeConcurrentlyStatus> => {
      if (m!.queueOffset === 0) await blocked;
      done.push(m!.queueOffset);
      return 'CONSUME_SUCCESS';
    });
    await consumer.start();
    await waitFor('4 done', () => done.length === 4);
    await new Promise((r) => setTimeout(r, 150)); // two persist intervals
    expect(cluster.broker().offsets.get('CG@T@0') ?? 0).toBe(0);
    release();
    await waitFor('offset 5', () => cluster.broker().offsets.get('CG@T@0') === 5);
  });

  it('stops pulling a queue past pullThresholdForQueue', async () => {
    cluster.createTopic('T', 1);
    seed(cluster.broker(), 'T', 0, 10);
    const consumer = newConsumer({ pullThresholdForQueue: 3, consumeConcurrency: 1, shutdownAwaitMs: 200 });
    consumer.subscribe('T');
    consumer.registerMessageListener(() => new Promise<'CONSUME_SUCCESS'>(() => undefined)); // never finishes
    await consumer.start();
    const pullsOfT = (): number =>
      cluster
        .broker()
        .requestsWithCode(RequestCode.PULL_MESSAGE)
        .filter((r) => PullMessageRequestHeader.decode(r.extFields).topic === 'T').length;
    await waitFor('first pull', () => pullsOfT() === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(pullsOfT()).toBe(1);
    // shutdown waits at most shutdownAwaitMs for the listener that never returns
    const startMs = Date.now();
    await consumer.shutdown();
    expect(Date.now() - startMs).toBeLessThan(2_000);
  });
});
