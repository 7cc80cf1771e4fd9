import {
  ConsumerSendMsgBackRequestHeader,
  createResponse,
  decodeMessageProperties,
  RequestCode,
  ResponseCode,
  SendMessageRequestHeaderV2,
  UpdateConsumerOffsetRequestHeader,
} from '@rmq/protocol';
import { freePort, waitFor } from '@rmq/testing';
import { MessageExt } from '../message/message-ext';
import { FakeCluster } from '../testing/fake-cluster';
import { seedMessages } from '../testing/seed-messages';
import { ConsumeConcurrentlyStatus } from './message-listener';
import { PushConsumer } from './push-consumer';
import { PushConsumerOptions } from './push-consumer-options';

let cluster: FakeCluster;
let consumer: PushConsumer | undefined;
let seq = 0;

function startConsumer(
  listener: (msgs: MessageExt[]) => ConsumeConcurrentlyStatus | Promise<ConsumeConcurrentlyStatus>,
  extra: Partial<PushConsumerOptions> = {},
): Promise<void> {
  seq += 1;
  consumer = new PushConsumer({
    consumerGroup: 'CG',
    namesrvAddr: cluster.namesrvAddr,
    instanceName: `retry-spec-${seq}`,
    clientIp: '127.0.0.1',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    persistConsumerOffsetIntervalMs: 50,
    ...extra,
  });
  consumer.subscribe('T');
  consumer.registerMessageListener(listener);
  return consumer.start();
}

beforeEach(async () => {
  cluster = await FakeCluster.start(freePort, 1);
  cluster.createTopic('T', 1);
  cluster.createTopic('%RETRY%CG', 1);
});

afterEach(async () => {
  await consumer?.shutdown();
  consumer = undefined;
  await cluster.close();
});

describe('PushConsumer failure handling', () => {
  it('RECONSUME_LATER sends CONSUMER_SEND_MSG_BACK with the commitlog offset and moves on', async () => {
    seedMessages(cluster.broker(), 'T', 0, 2);
    await startConsumer((msgs) => (msgs[0]!.queueOffset === 0 ? 'RECONSUME_LATER' : 'CONSUME_SUCCESS'));
    const request = await waitFor(
      'send back',
      () => cluster.broker().requestsWithCode(RequestCode.CONSUMER_SEND_MSG_BACK)[0],
    );
    const stored = cluster.broker().store.messages('T', 0)[0]!;
    expect(ConsumerSendMsgBackRequestHeader.decode(request.extFields)).toMatchObject({
      offset: stored.physicalOffset,
      group: 'CG',
      delayLevel: 0,
      originMsgId: 'ID-T-0-0',
      originTopic: 'T',
      maxReconsumeTimes: 16,
    });
    await waitFor('offset past both', () => cluster.broker().offsets.get('CG@T@0') === 2);
  });

  it('a listener that throws counts as RECONSUME_LATER', async () => {
    seedMessages(cluster.broker(), 'T', 0, 1);
    await startConsumer(() => {
      throw new Error('boom');
    });
    await waitFor(
      'send back',
      () => cluster.broker().requestsWithCode(RequestCode.CONSUMER_SEND_MSG_BACK)[0],
    );
  });

  it('falls back to sending a copy to %RETRY%<group> when the broker refuses the send-back', async () => {
    seedMessages(cluster.broker(), 'T', 0, 1, () => ({ TAGS: 'x' }));
    cluster
      .broker()
      .override(RequestCode.CONSUMER_SEND_MSG_BACK, (req) =>
        createResponse(req, ResponseCode.SYSTEM_ERROR, { remark: 'no' }),
      );
    await startConsumer(() => 'RECONSUME_LATER', { maxReconsumeTimes: 5 });
    const copy = await waitFor('retry copy', () =>
      cluster
        .broker()
        .requestsWithCode(RequestCode.SEND_MESSAGE_V2)
        .map((r) => SendMessageRequestHeaderV2.decode(r.extFields))
        .find((h) => h.b === '%RETRY%CG'),
    );
    const props = Object.fromEntries(decodeMessageProperties(copy.i!));
    expect(props).toMatchObject({
      RETRY_TOPIC: 'T',
      ORIGIN_MESSAGE_ID: 'ID-T-0-0',
      DELAY: '3',
      TAGS: 'x',
      UNIQ_KEY: 'ID-T-0-0',
    });
    expect(props).not.toHaveProperty('RECONSUME_TIME'); // travels in the header instead
    expect(copy).toMatchObject({ a: 'CLIENT_INNER_PRODUCER', j: 1, l: 5 });
    await waitFor('offset past it', () => cluster.broker().offsets.get('CG@T@0') === 1);
  });

  it('keeps the message and consumes it again locally when both ways fail', async () => {
    seedMessages(cluster.broker(), 'T', 0, 1);
    const broker = cluster.broker();
    broker.override(RequestCode.CONSUMER_SEND_MSG_BACK, (req) =>
      createResponse(req, ResponseCode.SYSTEM_ERROR),
    );
    broker.override(RequestCode.SEND_MESSAGE_V2, (req) => createResponse(req, ResponseCode.MESSAGE_ILLEGAL));
    const attempts: number[] = [];
    await startConsumer((msgs) => {
      attempts.push(msgs[0]!.reconsumeTimes);
      return 'RECONSUME_LATER';
    });
    await waitFor('first attempt', () => attempts.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(broker.offsets.get('CG@T@0') ?? 0).toBe(0);
    await waitFor('local retry after 5 s', () => attempts.length === 2, 8_000);
    expect(attempts).toEqual([0, 1]);
  }, 15_000);

  it('shows a retried message under its original topic', async () => {
    seedMessages(cluster.broker(), '%RETRY%CG', 0, 1, () => ({ RETRY_TOPIC: 'T' }));
    const seen: MessageExt[] = [];
    await startConsumer((msgs) => {
      seen.push(...msgs);
      return 'CONSUME_SUCCESS';
    });
    await waitFor('retry message', () => seen.length === 1);
    expect(seen[0]).toMatchObject({ topic: 'T', msgId: 'ID-%RETRY%CG-0-0' });
  });

  it('on OFFSET_ILLEGAL moves to the broker offset and commits it', async () => {
    seedMessages(cluster.broker(), 'T', 0, 3);
    cluster.broker().offsets.set('CG@T@0', 100);
    const seen: MessageExt[] = [];
    await startConsumer((msgs) => {
      seen.push(...msgs);
      return 'CONSUME_SUCCESS';
    });
    const corrected = await waitFor('offset corrected to 3', () =>
      cluster
        .broker()
        .requestsWithCode(RequestCode.UPDATE_CONSUMER_OFFSET)
        .map((r) => UpdateConsumerOffsetRequestHeader.decode(r.extFields))
        .find((h) => h.topic === 'T' && h.commitOffset === 3),
    );
    expect(corrected.queueId).toBe(0);
    seedMessages(cluster.broker(), 'T', 0, 1);
    await waitFor('the next message', () => seen.length === 1);
    expect(seen[0]!.queueOffset).toBe(3);
  });
});
