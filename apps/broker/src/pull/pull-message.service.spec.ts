import {
  buildPullSysFlag,
  decodeStoredMessages,
  encodeMessageProperties,
  PullMessageRequestHeader,
  ResponseCode,
  SystemTopic,
} from '@rmq/protocol';
import { waitFor } from '@rmq/testing';
import { BrokerUnderTest, startBrokerUnderTest } from '../../test/support/broker-under-test';

describe('PullMessageService (real store)', () => {
  let t: BrokerUnderTest;
  beforeEach(async () => {
    t = await startBrokerUnderTest();
  });
  afterEach(() => t.stop());

  const send = (tags: string) =>
    t.broker.sendService.sendMessage({
      header: {
        producerGroup: 'PG',
        topic: 'PullTopic',
        defaultTopic: SystemTopic.AUTO_CREATE_TOPIC_KEY,
        defaultTopicQueueNums: 2,
        queueId: 0,
        sysFlag: 0,
        bornTimestamp: Date.now(),
        flag: 0,
        properties: encodeMessageProperties([['TAGS', tags]]),
        unitMode: false,
        batch: false,
      },
      body: Buffer.from(tags),
      requestVersion: 401,
      bornHost: { host: '127.0.0.1', port: 50000 },
      storeHost: { host: '127.0.0.1', port: 10911 },
    });

  const pull = (over: Partial<PullMessageRequestHeader> = {}) =>
    t.broker.pullService.pull({
      header: {
        consumerGroup: 'CG',
        topic: 'PullTopic',
        queueId: 0,
        queueOffset: 0,
        maxMsgNums: 32,
        sysFlag: buildPullSysFlag({ suspend: true, subscription: true }),
        commitOffset: 0,
        suspendTimeoutMillis: 15_000,
        subscription: '*',
        subVersion: 1,
        ...over,
      },
      clientHost: '127.0.0.1:50001',
    });

  it('holds a pull that finds nothing and answers it when a message arrives', async () => {
    await send('TagA'); // creates the topic
    const held = pull({ queueOffset: 1 });
    await waitFor('the pull to be held', () => t.broker.hold.heldCount === 1 || undefined, 5_000, 5);
    await send('TagB');
    const outcome = await held;
    expect(outcome).toMatchObject({ code: ResponseCode.SUCCESS, nextBeginOffset: 2, maxOffset: 2 });
    expect(decodeStoredMessages(outcome.body ?? Buffer.alloc(0)).map((m) => m.body.toString())).toEqual([
      'TagB',
    ]);
  });

  it('filters by tag on the broker and skips over what does not match', async () => {
    await send('TagA');
    await send('TagB');
    const outcome = await pull({ subscription: 'TagB || TagC' });
    expect(outcome.code).toBe(ResponseCode.SUCCESS);
    expect(decodeStoredMessages(outcome.body ?? Buffer.alloc(0)).map((m) => m.body.toString())).toEqual([
      'TagB',
    ]);
    const none = await pull({ subscription: 'TagC', sysFlag: buildPullSysFlag({ subscription: true }) });
    expect(none).toMatchObject({ code: ResponseCode.PULL_RETRY_IMMEDIATELY, nextBeginOffset: 2 });
  });

  it('answers an expired hold with PULL_NOT_FOUND at the same offset', async () => {
    await send('TagA');
    const outcome = await pull({ queueOffset: 1, suspendTimeoutMillis: 10 });
    expect(outcome).toMatchObject({ code: ResponseCode.PULL_NOT_FOUND, nextBeginOffset: 1 });
  });

  it('maps offsets out of range and refuses unknown topics and queues', async () => {
    await send('TagA');
    expect(await pull({ queueOffset: 5 })).toMatchObject({
      code: ResponseCode.PULL_OFFSET_MOVED,
      nextBeginOffset: 1,
    });
    await expect(pull({ topic: 'Nope' })).rejects.toMatchObject({
      responseCode: ResponseCode.TOPIC_NOT_EXIST,
    });
    await expect(pull({ queueId: 7 })).rejects.toMatchObject({ responseCode: ResponseCode.SYSTEM_ERROR });
    await expect(pull({ expressionType: 'SQL92' })).rejects.toMatchObject({
      responseCode: ResponseCode.SUBSCRIPTION_PARSE_FAILED,
    });
  });

  it('commits the consumer offset carried by the pull', async () => {
    await send('TagA');
    await pull({ sysFlag: buildPullSysFlag({ commitOffset: true, subscription: true }), commitOffset: 1 });
    expect(t.broker.offsets.queryOffset('CG', 'PullTopic', 0)).toBe(1);
  });

  it('serves a pull whose commit flag carries a negative offset, committing nothing', async () => {
    await send('TagA');
    const sysFlag = buildPullSysFlag({ commitOffset: true, subscription: true });
    expect(await pull({ sysFlag, commitOffset: -9 })).toMatchObject({ code: ResponseCode.SUCCESS });
    expect(t.broker.offsets.queryOffset('CG', 'PullTopic', 0)).toBe(-1);
  });

  it('uses the heartbeat subscription when the pull carries none, and says when it is missing', async () => {
    await send('TagA');
    await expect(pull({ sysFlag: 0 })).rejects.toMatchObject({
      responseCode: ResponseCode.SUBSCRIPTION_NOT_EXIST,
    });
  });
});
