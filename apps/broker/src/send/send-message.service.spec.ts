import {
  decodeMessageProperties,
  decodeStoredMessages,
  encodeMessageProperties,
  MessageConst,
  ResponseCode,
  SendMessageRequestHeader,
  SystemTopic,
} from '@rmq/protocol';
import { BrokerUnderTest, startBrokerUnderTest } from '../../test/support/broker-under-test';
import { SendRequest } from './send-request';

/** The property maps of the records a pull body holds. */
function propertiesOf(records: Buffer[]): Array<Map<string, string>> {
  return decodeStoredMessages(Buffer.concat(records)).map((m) => decodeMessageProperties(m.propertiesString));
}

function sendRequest(
  over: Partial<SendMessageRequestHeader>,
  props: Record<string, string> = {},
): SendRequest {
  return {
    header: {
      producerGroup: 'PG',
      topic: 'TopicA',
      defaultTopic: SystemTopic.AUTO_CREATE_TOPIC_KEY,
      defaultTopicQueueNums: 4,
      queueId: 0,
      sysFlag: 0,
      bornTimestamp: 1_700_000_000_000,
      flag: 0,
      properties: encodeMessageProperties(Object.entries({ TAGS: 'TagA', WAIT: 'true', ...props })),
      unitMode: false,
      batch: false,
      ...over,
    },
    body: Buffer.from('hello'),
    requestVersion: 401,
    bornHost: { host: '127.0.0.1', port: 50000 },
    storeHost: { host: '127.0.0.1', port: 10911 },
  };
}

describe('SendMessageService (real store)', () => {
  let t: BrokerUnderTest;
  beforeEach(async () => {
    t = await startBrokerUnderTest(['--defaultTopicQueueNums=8']);
  });
  afterEach(() => t.stop());

  it('auto-creates an unknown topic from TBW102 with min(client, default) queues and stores the message', async () => {
    const reply = await t.broker.sendService.sendMessage(sendRequest({ queueId: 2 }));
    expect(reply).toMatchObject({ code: ResponseCode.SUCCESS, queueId: 2, queueOffset: 0 });
    expect(t.broker.topics.selectTopicConfig('TopicA')).toMatchObject({
      readQueueNums: 4,
      writeQueueNums: 4,
      perm: 6,
    });
    const got = t.broker.store.getMessage('G', 'TopicA', 2, 0, 32);
    const [props] = propertiesOf(got.messages);
    expect(props?.get(MessageConst.PROPERTY_CLUSTER)).toBe('DefaultCluster');
    expect(props?.has(MessageConst.PROPERTY_WAIT_STORE_MSG_OK)).toBe(false);
    expect(decodeStoredMessages(Buffer.concat(got.messages))[0]?.bornHost).toEqual({
      host: '127.0.0.1',
      port: 50000,
    });
  });

  it('refuses unknown topics when auto-creation is off, bad names, system topics and queues out of range', async () => {
    await t.stop();
    t = await startBrokerUnderTest(['--autoCreateTopicEnable=false']);
    const send = (over: Partial<SendMessageRequestHeader>) =>
      t.broker.sendService.sendMessage(sendRequest(over));
    await expect(send({})).rejects.toMatchObject({ responseCode: ResponseCode.TOPIC_NOT_EXIST });
    await expect(send({ topic: 'bad topic' })).rejects.toMatchObject({
      responseCode: ResponseCode.SYSTEM_ERROR,
    });
    await expect(send({ topic: SystemTopic.SCHEDULE })).rejects.toMatchObject({
      responseCode: ResponseCode.NO_PERMISSION,
    });
    await expect(send({ topic: SystemTopic.SELF_TEST, queueId: 1 })).rejects.toMatchObject({
      responseCode: ResponseCode.SYSTEM_ERROR,
    });
  });

  it('picks a writable queue for queueId < 0 and parks delayed messages in SCHEDULE_TOPIC_XXXX', async () => {
    const reply = await t.broker.sendService.sendMessage(sendRequest({ queueId: -1 }, { DELAY: '3' }));
    expect(reply.code).toBe(ResponseCode.SUCCESS);
    expect(reply.queueId).toBeGreaterThanOrEqual(0);
    const parked = t.broker.store.getMessage('G', SystemTopic.SCHEDULE, 2, 0, 1);
    const [props] = propertiesOf(parked.messages);
    expect(props?.get(MessageConst.PROPERTY_REAL_TOPIC)).toBe('TopicA');
    expect(props?.get(MessageConst.PROPERTY_REAL_QUEUE_ID)).toBe(String(reply.queueId));
    expect(t.broker.store.getMaxOffsetInQueue('TopicA', reply.queueId)).toBe(0);
  });

  it('sends a retry past the group budget to the DLQ', async () => {
    const reply = await t.broker.sendService.sendMessage(
      sendRequest({ topic: '%RETRY%G1', reconsumeTimes: 3, maxReconsumeTimes: 3 }),
    );
    expect(reply.code).toBe(ResponseCode.SUCCESS);
    expect(t.broker.store.getMaxOffsetInQueue('%DLQ%G1', 0)).toBe(1);
  });

  it('stores a batch with consecutive queue offsets and one msgId per message', async () => {
    const entries = ['a', 'b', 'c'].map((body) => ({
      body: Buffer.from(body),
      flag: 0,
      propertiesString: encodeMessageProperties([['KEYS', `k-${body}`]]),
    }));
    const reply = await t.broker.sendService.sendBatch(sendRequest({ batch: true }), entries);
    expect(reply.msgId.split(',')).toHaveLength(3);
    const got = t.broker.store.getMessage('G', 'TopicA', 0, 0, 32);
    const keys = propertiesOf(got.messages).map((p) => p.get('KEYS'));
    expect(keys).toEqual(['k-a', 'k-b', 'k-c']);
  });

  it('refuses a batch holding a transactional message with MESSAGE_ILLEGAL', async () => {
    const entries = [
      { body: Buffer.from('a'), flag: 0, propertiesString: encodeMessageProperties([['TRAN_MSG', 'true']]) },
    ];
    await expect(t.broker.sendService.sendBatch(sendRequest({ batch: true }), entries)).rejects.toMatchObject(
      {
        responseCode: ResponseCode.MESSAGE_ILLEGAL,
      },
    );
  });

  it('refuses an oversize message with MESSAGE_ILLEGAL', async () => {
    await t.stop();
    t = await startBrokerUnderTest(['--maxMessageSize=1024']);
    const req = { ...sendRequest({}), body: Buffer.alloc(2048) };
    await expect(t.broker.sendService.sendMessage(req)).rejects.toMatchObject({
      responseCode: ResponseCode.MESSAGE_ILLEGAL,
    });
  });
});
