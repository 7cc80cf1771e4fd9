import { createResponse, PullMessageRequestHeader, RequestCode, ResponseCode } from '@rmq/protocol';
import { freePort } from '@rmq/testing';
import { MQBrokerError } from '../errors/mq-broker.error';
import { FakeCluster } from '../testing/fake-cluster';
import { seedMessages } from '../testing/seed-messages';
import { PullConsumer } from './pull-consumer';

let cluster: FakeCluster;
let consumer: PullConsumer;
let seq = 0;

beforeEach(async () => {
  cluster = await FakeCluster.start(freePort, 1, { pullHoldMsMax: 300 });
  cluster.createTopic('T', 2);
  seq += 1;
  consumer = new PullConsumer({
    consumerGroup: 'PCG',
    namesrvAddr: cluster.namesrvAddr,
    instanceName: `pull-spec-${seq}`,
    clientIp: '127.0.0.1',
    registerTopics: ['T'],
  });
  await consumer.start();
});

afterEach(async () => {
  await consumer.shutdown();
  await cluster.close();
});

describe('PullConsumer', () => {
  it('lists queues and maps each pull code to its status', async () => {
    const mqs = await consumer.fetchSubscribeMessageQueues('T');
    expect(mqs.map((q) => q.queueId)).toEqual([0, 1]);
    const mq = mqs[0]!;
    seedMessages(cluster.broker(), 'T', 0, 3, (i) => ({ TAGS: i === 1 ? 'b' : 'a' }));

    const found = await consumer.pull(mq, 'a', 0, 32);
    expect(found).toMatchObject({ pullStatus: 'FOUND', nextBeginOffset: 3, minOffset: 0, maxOffset: 3 });
    expect(found.msgFoundList.map((m) => m.queueOffset)).toEqual([0, 2]);
    expect(found.msgFoundList[0]!.properties).toMatchObject({ MIN_OFFSET: '0', MAX_OFFSET: '3' });

    expect(await consumer.pull(mq, '*', 3, 32)).toMatchObject({
      pullStatus: 'NO_NEW_MSG',
      nextBeginOffset: 3,
    });
    expect(await consumer.pull(mq, 'b', 2, 32)).toMatchObject({
      pullStatus: 'NO_MATCHED_MSG',
      nextBeginOffset: 3,
    });
    expect(await consumer.pull(mq, '*', 99, 32)).toMatchObject({
      pullStatus: 'OFFSET_ILLEGAL',
      nextBeginOffset: 3,
    });
    const header = PullMessageRequestHeader.decode(
      cluster.broker().requestsWithCode(RequestCode.PULL_MESSAGE)[0]!.extFields,
    );
    expect(header).toMatchObject({
      consumerGroup: 'PCG',
      sysFlag: 0x4,
      subscription: 'a',
      suspendTimeoutMillis: 0,
    });
  });

  it('throws a typed error for other codes', async () => {
    const [mq] = await consumer.fetchSubscribeMessageQueues('T');
    cluster
      .broker()
      .override(RequestCode.PULL_MESSAGE, (req) =>
        createResponse(req, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, { remark: 'no group' }),
      );
    const err = await consumer.pull(mq!, '*', 0, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MQBrokerError);
    expect(err).toMatchObject({ responseCode: 26, brokerAddr: cluster.broker().addr });
  });

  it('pullBlockIfNotFound waits for the next message', async () => {
    const [mq] = await consumer.fetchSubscribeMessageQueues('T');
    const pending = consumer.pullBlockIfNotFound(mq!, '*', 0, 32);
    setTimeout(() => seedMessages(cluster.broker(), 'T', 0, 1), 50);
    const result = await pending;
    expect(result.pullStatus).toBe('FOUND');
    const header = PullMessageRequestHeader.decode(
      cluster.broker().requestsWithCode(RequestCode.PULL_MESSAGE)[0]!.extFields,
    );
    expect(header.sysFlag & 0x2).toBe(0x2);
  });

  it('tracks, persists and fetches consume offsets, and answers offset questions', async () => {
    const [mq] = await consumer.fetchSubscribeMessageQueues('T');
    expect(await consumer.fetchConsumeOffset(mq!, true)).toBe(-1);
    consumer.updateConsumeOffset(mq!, 2);
    expect(await consumer.fetchConsumeOffset(mq!, false)).toBe(2);
    seedMessages(cluster.broker(), 'T', 0, 4);
    expect(await consumer.maxOffset(mq!)).toBe(4);
    expect(await consumer.minOffset(mq!)).toBe(0);
    expect(await consumer.searchOffset(mq!, Date.now() + 60_000)).toBe(4);
    await consumer.shutdown();
    expect(cluster.broker().offsets.get('PCG@T@0')).toBe(2);
  });

  it('fails clearly for a topic without a route', async () => {
    await expect(consumer.fetchSubscribeMessageQueues('Nope')).rejects.toMatchObject({ code: 'NO_ROUTE' });
  });
});
