import {
  decodeMessageProperties,
  decodeStoredMessages,
  DecodedStoredMessage,
  encodeMessageProperties,
  MessageSysFlag,
  ResponseCode,
  SystemTopic,
} from '@rmq/protocol';
import type { DefaultMessageStore } from '@rmq/store';
import { BrokerUnderTest, startBrokerUnderTest } from '../../test/support/broker-under-test';
import { SendBackRequest } from './consumer-send-msg-back.service';

const ALI_ONS_VERSION = 121;

function header(over: Partial<SendBackRequest['header']>): SendBackRequest['header'] {
  return { offset: 0, group: 'G', delayLevel: 0, unitMode: false, ...over };
}

describe('ConsumerSendMsgBackService (real store)', () => {
  let t: BrokerUnderTest;
  beforeEach(async () => {
    t = await startBrokerUnderTest();
  });
  afterEach(() => t.stop());

  async function settle(): Promise<void> {
    await (t.broker.store as DefaultMessageStore).waitDispatched();
  }

  /** Sends one message to TopicA queue 0 and returns it as stored. */
  async function storeOriginal(props: Record<string, string>): Promise<DecodedStoredMessage> {
    await t.broker.sendService.sendMessage({
      header: {
        producerGroup: 'PG',
        topic: 'TopicA',
        defaultTopic: SystemTopic.AUTO_CREATE_TOPIC_KEY,
        defaultTopicQueueNums: 4,
        queueId: 0,
        sysFlag: MessageSysFlag.COMPRESSED_FLAG,
        bornTimestamp: 1_700_000_000_000,
        flag: 5,
        properties: encodeMessageProperties(Object.entries(props)),
        unitMode: false,
        batch: false,
      },
      body: Buffer.from('payload'),
      requestVersion: ALI_ONS_VERSION,
      bornHost: { host: '10.1.2.3', port: 40000 },
      storeHost: { host: '127.0.0.1', port: t.config.listenPort },
    });
    await settle();
    return lastIn('TopicA', 0);
  }

  function lastIn(topic: string, queueId: number): DecodedStoredMessage {
    const got = t.broker.store.getMessage('G', topic, queueId, 0, 32);
    const msgs = decodeStoredMessages(Buffer.concat(got.messages));
    const last = msgs[msgs.length - 1];
    if (last === undefined) throw new Error(`${topic}:${queueId} is empty (${got.status})`);
    return last;
  }

  it('parks a retry copy in SCHEDULE_TOPIC_XXXX at level 3 + reconsumeTimes, bound for %RETRY%group', async () => {
    const original = await storeOriginal({ TAGS: 'TagA', KEYS: 'order-1', UNIQ_KEY: 'U1' });
    const result = await t.broker.sendBackService.sendBack({
      header: header({ offset: original.physicalOffset, originMsgId: 'U1' }),
      requestVersion: ALI_ONS_VERSION,
    });
    expect(result).toMatchObject({ code: ResponseCode.SUCCESS, decision: { kind: 'RETRY', delayLevel: 3 } });
    expect(t.broker.topics.selectTopicConfig('%RETRY%G')).toMatchObject({ readQueueNums: 1, perm: 6 });
    await settle();
    const parked = lastIn(SystemTopic.SCHEDULE, 2);
    expect(parked).toMatchObject({
      body: Buffer.from('payload'),
      flag: 5,
      sysFlag: MessageSysFlag.COMPRESSED_FLAG,
      bornTimestamp: 1_700_000_000_000,
      bornHost: { host: '10.1.2.3', port: 40000 },
      storeHost: { host: '127.0.0.1', port: t.config.listenPort },
      reconsumeTimes: 1,
    });
    expect(Object.fromEntries(decodeMessageProperties(parked.propertiesString))).toMatchObject({
      TAGS: 'TagA',
      KEYS: 'order-1',
      RETRY_TOPIC: 'TopicA',
      ORIGIN_MESSAGE_ID: 'U1',
      DELAY: '3',
      REAL_TOPIC: '%RETRY%G',
      REAL_QID: '0',
    });
  });

  it("sends to %DLQ%group (1 queue, RW) once the header's budget is spent, unparked", async () => {
    const original = await storeOriginal({ TAGS: 'TagA' });
    const first = await t.broker.sendBackService.sendBack({
      header: header({ offset: original.physicalOffset, maxReconsumeTimes: 1 }),
      requestVersion: ALI_ONS_VERSION,
    });
    expect(first.decision?.kind).toBe('RETRY');
    await settle();
    const retried = lastIn(SystemTopic.SCHEDULE, 2);
    const second = await t.broker.sendBackService.sendBack({
      header: header({ offset: retried.physicalOffset, maxReconsumeTimes: 1 }),
      requestVersion: ALI_ONS_VERSION,
    });
    expect(second).toMatchObject({ code: ResponseCode.SUCCESS, decision: { kind: 'DLQ', topic: '%DLQ%G' } });
    expect(t.broker.topics.selectTopicConfig('%DLQ%G')).toMatchObject({
      readQueueNums: 1,
      writeQueueNums: 1,
      perm: 6,
    });
    await settle();
    const dead = lastIn('%DLQ%G', 0);
    expect(dead.reconsumeTimes).toBe(2);
    const props = decodeMessageProperties(dead.propertiesString);
    expect(props.get('RETRY_TOPIC')).toBe('TopicA');
    expect(props.has('DELAY')).toBe(false);
  });

  it("uses the group's retryMaxTimes for old clients, and goes to the DLQ at once for a negative level", async () => {
    const original = await storeOriginal({});
    const old = await t.broker.sendBackService.sendBack({
      header: header({ offset: original.physicalOffset, maxReconsumeTimes: 0 }),
      requestVersion: 100,
    });
    expect(old.decision?.kind).toBe('RETRY');
    const negative = await t.broker.sendBackService.sendBack({
      header: header({ offset: original.physicalOffset, delayLevel: -1 }),
      requestVersion: ALI_ONS_VERSION,
    });
    expect(negative.decision?.kind).toBe('DLQ');
  });

  it('answers SYSTEM_ERROR for an offset holding no message', async () => {
    await storeOriginal({});
    await expect(
      t.broker.sendBackService.sendBack({
        header: header({ offset: 987_654 }),
        requestVersion: ALI_ONS_VERSION,
      }),
    ).rejects.toMatchObject({ responseCode: ResponseCode.SYSTEM_ERROR });
  });

  it('answers SUBSCRIPTION_GROUP_NOT_EXIST for an unknown group when groups are not auto-created', async () => {
    await t.stop();
    t = await startBrokerUnderTest(['--autoCreateSubscriptionGroup=false']);
    const original = await storeOriginal({});
    await expect(
      t.broker.sendBackService.sendBack({
        header: header({ offset: original.physicalOffset, group: 'Unknown' }),
        requestVersion: ALI_ONS_VERSION,
      }),
    ).rejects.toMatchObject({ responseCode: ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST });
  });
});
