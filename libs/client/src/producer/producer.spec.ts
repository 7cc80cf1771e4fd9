import {
  createResponse,
  decodeBatchMessages,
  decodeMessageProperties,
  decodeOffsetMessageId,
  MessageSysFlag,
  RequestCode,
  ResponseCode,
  SendMessageRequestHeaderV2,
} from '@rmq/protocol';
import { freePort, waitFor } from '@rmq/testing';
import { MQBrokerError } from '../errors/mq-broker.error';
import { MQClientError } from '../errors/mq-client.error';
import { messageExtFromStored } from '../message/message-ext';
import { FakeCluster } from '../testing/fake-cluster';
import { Producer } from './producer';

let cluster: FakeCluster;
let producer: Producer;

function newProducer(extra: Partial<ConstructorParameters<typeof Producer>[0]> = {}): Producer {
  return new Producer({ producerGroup: 'PG', ...cluster.clientConfig('producer-spec'), ...extra });
}

function sentHeaders(brokerIndex: number): SendMessageRequestHeaderV2[] {
  return cluster
    .broker(brokerIndex)
    .requests.filter(
      (r) => r.code === RequestCode.SEND_MESSAGE_V2 || r.code === RequestCode.SEND_BATCH_MESSAGE,
    )
    .map((r) => SendMessageRequestHeaderV2.decode(r.extFields));
}

beforeEach(async () => {
  cluster = await FakeCluster.start(freePort, 2);
});

afterEach(async () => {
  await producer?.shutdown();
  await cluster.close();
});

describe('Producer.send', () => {
  it('sends SEND_MESSAGE_V2 with UNIQ_KEY, tags, keys and WAIT, and reports both ids', async () => {
    cluster.createTopic('T', 4);
    producer = newProducer();
    await producer.start();
    const result = await producer.send({
      topic: 'T',
      body: Buffer.from('hello'),
      tags: 'TagA',
      keys: ['k1', 'k2'],
    });

    expect(result.sendStatus).toBe('SEND_OK');
    expect(result.msgId).toMatch(/^[0-9A-F]{32}$/);
    const broker = cluster.brokers.find((b) => b.brokerName === result.messageQueue.brokerName)!;
    expect(decodeOffsetMessageId(result.offsetMsgId).storeHost.port).toBe(broker.port);
    const [header] = sentHeaders(cluster.brokers.indexOf(broker));
    expect(header).toMatchObject({
      a: 'PG',
      b: 'T',
      c: 'TBW102',
      d: 4,
      e: result.messageQueue.queueId,
      m: false,
    });
    const props = decodeMessageProperties(header!.i!);
    expect(Object.fromEntries(props)).toMatchObject({
      TAGS: 'TagA',
      KEYS: 'k1 k2',
      WAIT: 'true',
      UNIQ_KEY: result.msgId,
    });
  });

  it('spreads sends round robin over the queues of both brokers', async () => {
    cluster.createTopic('T', 2);
    producer = newProducer();
    await producer.start();
    const seen = new Set<string>();
    for (let i = 0; i < 8; i += 1) {
      const r = await producer.send({ topic: 'T', body: Buffer.from(`m${i}`) });
      seen.add(`${r.messageQueue.brokerName}/${r.messageQueue.queueId}`);
    }
    expect(seen.size).toBe(4);
  });

  it.each([ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SERVICE_NOT_AVAILABLE, ResponseCode.SYSTEM_ERROR])(
    'retries on the other broker after code %i',
    async (code) => {
      cluster.createTopic('T', 1);
      for (const broker of cluster.brokers) broker.override(RequestCode.SEND_MESSAGE_V2, undefined);
      cluster
        .broker(0)
        .override(RequestCode.SEND_MESSAGE_V2, (req) => createResponse(req, code, { remark: 'scripted' }));
      producer = newProducer();
      await producer.start();
      for (let i = 0; i < 4; i += 1) {
        const result = await producer.send({ topic: 'T', body: Buffer.from('x') });
        expect(result.messageQueue.brokerName).toBe('broker-b');
      }
    },
  );

  it('retries on the other broker when a broker is unreachable', async () => {
    cluster.createTopic('T', 1);
    await cluster.broker(0).close();
    producer = newProducer();
    await producer.start();
    for (let i = 0; i < 4; i += 1) {
      expect((await producer.send({ topic: 'T', body: Buffer.from('x') })).messageQueue.brokerName).toBe(
        'broker-b',
      );
    }
  });

  it('gives up after 1 + retryTimesWhenSendFailed attempts with a typed error', async () => {
    cluster.createTopic('T', 1);
    for (const broker of cluster.brokers) {
      broker.override(RequestCode.SEND_MESSAGE_V2, (req) =>
        createResponse(req, ResponseCode.SERVICE_NOT_AVAILABLE, { remark: 'down' }),
      );
    }
    producer = newProducer({ retryTimesWhenSendFailed: 2 });
    await producer.start();
    const err = await producer.send({ topic: 'T', body: Buffer.from('x') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MQClientError);
    expect((err as MQClientError).responseCode).toBe(ResponseCode.SERVICE_NOT_AVAILABLE);
    expect(sentHeaders(0).length + sentHeaders(1).length).toBe(3);
  });

  it('does not retry a code outside the retry list and surfaces the broker error', async () => {
    cluster.createTopic('T', 1);
    for (const broker of cluster.brokers) {
      broker.override(RequestCode.SEND_MESSAGE_V2, (req) =>
        createResponse(req, ResponseCode.MESSAGE_ILLEGAL, { remark: 'too big' }),
      );
    }
    producer = newProducer();
    await producer.start();
    const err = await producer.send({ topic: 'T', body: Buffer.from('x') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MQBrokerError);
    expect(err).toMatchObject({ responseCode: ResponseCode.MESSAGE_ILLEGAL, remark: 'too big' });
    expect(sentHeaders(0).length + sentHeaders(1).length).toBe(1);
  });

  it('maps codes 10, 11, 12 to stored-but-degraded statuses without throwing', async () => {
    cluster.createTopic('T', 1, [cluster.broker(0)]);
    const extFields = { msgId: '7F00000100002A9F0000000000000000', queueId: '0', queueOffset: '5' };
    producer = newProducer();
    await producer.start();
    const statuses: string[] = [];
    for (const code of [10, 11, 12]) {
      cluster
        .broker(0)
        .override(RequestCode.SEND_MESSAGE_V2, (req) => createResponse(req, code, { extFields }));
      statuses.push((await producer.send({ topic: 'T', body: Buffer.from('x') })).sendStatus);
    }
    expect(statuses).toEqual(['FLUSH_DISK_TIMEOUT', 'SLAVE_NOT_AVAILABLE', 'FLUSH_SLAVE_TIMEOUT']);
  });

  it('borrows the TBW102 route (capped at defaultTopicQueueNums) for a topic without a route', async () => {
    cluster.createTopic('TBW102', 8, [cluster.broker(0)], 7);
    producer = newProducer();
    await producer.start();
    const queues = new Set<number>();
    for (let i = 0; i < 8; i += 1)
      queues.add((await producer.send({ topic: 'NewTopic', body: Buffer.from('x') })).messageQueue.queueId);
    expect([...queues].every((q) => q < 4)).toBe(true);
    expect(sentHeaders(0)[0]).toMatchObject({ b: 'NewTopic', c: 'TBW102', d: 4 });
  });

  it('fails with NO_ROUTE when neither the topic nor TBW102 has a route', async () => {
    producer = newProducer();
    await producer.start();
    await expect(producer.send({ topic: 'Nowhere', body: Buffer.from('x') })).rejects.toMatchObject({
      code: 'NO_ROUTE',
    });
  });

  it('refuses bad messages before sending anything', async () => {
    cluster.createTopic('T', 1);
    producer = newProducer({ maxMessageSize: 10 });
    await producer.start();
    await expect(producer.send({ topic: 'bad topic!', body: Buffer.from('x') })).rejects.toThrow(
      /contains illegal characters/,
    );
    await expect(producer.send({ topic: 'T', body: Buffer.alloc(0) })).rejects.toThrow(/empty/);
    await expect(producer.send({ topic: 'T', body: Buffer.alloc(11) })).rejects.toThrow(
      /exceeds maxMessageSize 10/,
    );
    await expect(producer.send({ topic: 'x'.repeat(128), body: Buffer.from('x') })).rejects.toThrow(
      /longer than topic max length 127/,
    );
    expect(sentHeaders(0).length + sentHeaders(1).length).toBe(0);
  });

  it('compresses bodies at the threshold and a consumer-side decode restores them', async () => {
    cluster.createTopic('T', 1, [cluster.broker(0)]);
    producer = newProducer({ compressMsgBodyOverHowmuch: 100 });
    await producer.start();
    const body = Buffer.from('abc'.repeat(200));
    await producer.send({ topic: 'T', body });
    await producer.send({ topic: 'T', body: Buffer.from('small') });
    const [big, small] = cluster.broker(0).store.messages('T', 0);
    expect(big!.sysFlag & MessageSysFlag.COMPRESSED_FLAG).toBe(MessageSysFlag.COMPRESSED_FLAG);
    expect(big!.body.length).toBeLessThan(body.length);
    expect(messageExtFromStored(big!).body.equals(body)).toBe(true);
    expect(small!.sysFlag & MessageSysFlag.COMPRESSED_FLAG).toBe(0);
  });

  it('ordered send uses the selected queue and does not retry elsewhere', async () => {
    cluster.createTopic('T', 4);
    producer = newProducer();
    await producer.start();
    const result = await producer.send(
      { topic: 'T', body: Buffer.from('x') },
      (mqs, _m, arg) => mqs[Number(arg) % mqs.length],
      6,
    );
    expect(result.messageQueue).toEqual({ topic: 'T', brokerName: 'broker-b', queueId: 2 });
    cluster
      .broker(1)
      .override(RequestCode.SEND_MESSAGE_V2, (req) => createResponse(req, ResponseCode.TOPIC_NOT_EXIST));
    await expect(
      producer.send({ topic: 'T', body: Buffer.from('x') }, (mqs) => mqs[7], undefined),
    ).rejects.toBeInstanceOf(MQBrokerError);
    expect(sentHeaders(0)).toHaveLength(0);
  });
});

describe('Producer.sendBatch and sendOneway', () => {
  it('sends one SEND_BATCH_MESSAGE with m=true and every UNIQ_KEY in msgId', async () => {
    cluster.createTopic('T', 1, [cluster.broker(0)]);
    producer = newProducer();
    await producer.start();
    const msgs = ['a', 'b', 'c'].map((s) => ({ topic: 'T', body: Buffer.from(s), tags: s }));
    const result = await producer.sendBatch(msgs);
    const request = cluster.broker(0).requestsWithCode(RequestCode.SEND_BATCH_MESSAGE)[0]!;
    expect(SendMessageRequestHeaderV2.decode(request.extFields)).toMatchObject({
      m: true,
      i: 'WAIT\u0001true',
    });
    const entries = decodeBatchMessages(request.body!);
    expect(entries.map((e) => e.body.toString())).toEqual(['a', 'b', 'c']);
    const uniqKeys = entries.map((e) => decodeMessageProperties(e.propertiesString).get('UNIQ_KEY'));
    expect(result.msgId.split(',')).toEqual(uniqKeys);
    expect(result.offsetMsgId.split(',')).toHaveLength(3);
    expect(
      cluster
        .broker(0)
        .store.messages('T', 0)
        .map((m) => decodeMessageProperties(m.propertiesString).get('TAGS')),
    ).toEqual(['a', 'b', 'c']);
  });

  it('rejects mixed topics and delayed messages in a batch', async () => {
    cluster.createTopic('T', 1);
    producer = newProducer();
    await producer.start();
    await expect(
      producer.sendBatch([
        { topic: 'T', body: Buffer.from('a') },
        { topic: 'U', body: Buffer.from('b') },
      ]),
    ).rejects.toThrow(/same topic/);
    await expect(
      producer.sendBatch([{ topic: 'T', body: Buffer.from('a'), delayTimeLevel: 2 }]),
    ).rejects.toThrow(/delayed/);
  });

  it('sendOneway writes the request with the ONEWAY flag', async () => {
    cluster.createTopic('T', 1, [cluster.broker(0)]);
    producer = newProducer();
    await producer.start();
    await producer.sendOneway({ topic: 'T', body: Buffer.from('x') });
    const request = await waitFor(
      'oneway send',
      () => cluster.broker(0).requestsWithCode(RequestCode.SEND_MESSAGE_V2)[0],
    );
    expect(request.flag & 2).toBe(2);
  });
});

describe('Producer lifecycle', () => {
  it('heartbeats its group to the brokers it knows and unregisters on shutdown', async () => {
    cluster.createTopic('T', 1, [cluster.broker(0)]);
    producer = newProducer({ heartbeatBrokerIntervalMs: 50 });
    await producer.start();
    await producer.send({ topic: 'T', body: Buffer.from('x') });
    const beat = await waitFor('heartbeat', () => cluster.broker(0).heartbeats[0]);
    expect(beat.producerDataSet).toEqual([{ groupName: 'PG' }]);
    expect(beat.clientID).toMatch(/^127\.0\.0\.1@producer-spec-/);
    await producer.shutdown();
    expect(cluster.broker(0).requestsWithCode(RequestCode.UNREGISTER_CLIENT)).toHaveLength(1);
    await expect(producer.send({ topic: 'T', body: Buffer.from('x') })).rejects.toThrow(/not running/);
  });

  it('refreshes routes every pollNameServerIntervalMs', async () => {
    cluster.createTopic('T', 1, [cluster.broker(0)]);
    producer = newProducer({ pollNameServerIntervalMs: 50 });
    await producer.start();
    expect((await producer.send({ topic: 'T', body: Buffer.from('x') })).messageQueue.brokerName).toBe(
      'broker-a',
    );
    cluster.createTopic('T', 1, [cluster.broker(1)]);
    await waitFor('route moved to broker-b', async () => {
      const r = await producer.send({ topic: 'T', body: Buffer.from('x') });
      return r.messageQueue.brokerName === 'broker-b' ? true : undefined;
    });
  });
});
