import {
  decodeMessageProperties,
  DecodedStoredMessage,
  encodeMessageProperties,
  encodeOffsetMessageId,
  MessageConst,
} from '@rmq/protocol';
import {
  decideSendBack,
  maxReconsumeTimesOf,
  SendBackDecision,
  sendBackProperties,
} from './send-back-decision';

const base = {
  group: 'G',
  delayLevel: 0,
  reconsumeTimes: 0,
  maxReconsumeTimes: 16,
  retryQueueNums: 1,
  random: () => 0.5,
};

function consumed(
  props: Record<string, string>,
  over: Partial<DecodedStoredMessage> = {},
): DecodedStoredMessage {
  return {
    queueId: 1,
    flag: 7,
    queueOffset: 3,
    physicalOffset: 4096,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHost: { host: '10.0.0.9', port: 50000 },
    storeTimestamp: 1_700_000_000_100,
    storeHost: { host: '127.0.0.1', port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    body: Buffer.from('x'),
    topic: 'TopicA',
    propertiesString: encodeMessageProperties(Object.entries(props)),
    totalSize: 0,
    bodyCrc: 0,
    ...over,
  };
}

describe('decideSendBack', () => {
  it('retries with level 3 + reconsumeTimes when the client leaves the level to the broker', () => {
    expect(decideSendBack({ ...base, reconsumeTimes: 0 })).toEqual({
      kind: 'RETRY',
      topic: '%RETRY%G',
      queueId: 0,
      delayLevel: 3,
    });
    expect(decideSendBack({ ...base, reconsumeTimes: 5 })).toMatchObject({ kind: 'RETRY', delayLevel: 8 });
  });

  it("keeps the client's level when it names one, and picks a retry queue from random()", () => {
    const decision = decideSendBack({ ...base, delayLevel: 2, retryQueueNums: 4, random: () => 0.99 });
    expect(decision).toEqual({ kind: 'RETRY', topic: '%RETRY%G', queueId: 3, delayLevel: 2 });
    expect(decideSendBack({ ...base, retryQueueNums: 4, random: () => 0 }).queueId).toBe(0);
  });

  it('goes to the DLQ once reconsumeTimes reaches the budget, or at once for a negative level', () => {
    expect(decideSendBack({ ...base, maxReconsumeTimes: 2, reconsumeTimes: 1 }).kind).toBe('RETRY');
    expect(decideSendBack({ ...base, maxReconsumeTimes: 2, reconsumeTimes: 2 })).toEqual({
      kind: 'DLQ',
      topic: '%DLQ%G',
      queueId: 0,
    });
    expect(decideSendBack({ ...base, reconsumeTimes: 0, delayLevel: -1 }).kind).toBe('DLQ');
  });
});

describe('maxReconsumeTimesOf', () => {
  it("honours the header's budget from request version 121 on, else the group's retryMaxTimes", () => {
    expect(maxReconsumeTimesOf(16, 121, 2)).toBe(2);
    expect(maxReconsumeTimesOf(16, 120, 2)).toBe(16);
    expect(maxReconsumeTimesOf(16, 401, undefined)).toBe(16);
  });
});

describe('sendBackProperties', () => {
  const retry: SendBackDecision = { kind: 'RETRY', topic: '%RETRY%G', queueId: 0, delayLevel: 4 };
  const dlq: SendBackDecision = { kind: 'DLQ', topic: '%DLQ%G', queueId: 0 };

  it('records the first topic and id, keeps tags and keys, and sets the retry delay level', () => {
    const props = decodeMessageProperties(
      sendBackProperties(consumed({ TAGS: 'TagA', KEYS: 'k1 k2', WAIT: 'true' }), retry, 'CLIENT-ID'),
    );
    expect(Object.fromEntries(props)).toEqual({
      TAGS: 'TagA',
      KEYS: 'k1 k2',
      RETRY_TOPIC: 'TopicA',
      ORIGIN_MESSAGE_ID: 'CLIENT-ID',
      DELAY: '4',
    });
  });

  it('never overwrites RETRY_TOPIC or ORIGIN_MESSAGE_ID of a message that is itself a retry', () => {
    const again = consumed(
      {
        RETRY_TOPIC: 'TopicA',
        ORIGIN_MESSAGE_ID: 'FIRST',
        DELAY: '3',
        REAL_TOPIC: '%RETRY%G',
        REAL_QID: '0',
      },
      { topic: '%RETRY%G' },
    );
    const props = decodeMessageProperties(sendBackProperties(again, dlq, 'SECOND'));
    expect(props.get(MessageConst.PROPERTY_RETRY_TOPIC)).toBe('TopicA');
    expect(props.get(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID)).toBe('FIRST');
    expect(props.has(MessageConst.PROPERTY_DELAY_TIME_LEVEL)).toBe(false);
    expect(props.has(MessageConst.PROPERTY_REAL_TOPIC)).toBe(false);
    expect(props.has(MessageConst.PROPERTY_REAL_QUEUE_ID)).toBe(false);
  });

  it('falls back to UNIQ_KEY, then to the offset msgId, when the client sends no originMsgId', () => {
    const withUniq = sendBackProperties(consumed({ UNIQ_KEY: 'UNIQ-1' }), retry, undefined);
    expect(decodeMessageProperties(withUniq).get(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID)).toBe('UNIQ-1');
    const plain = sendBackProperties(consumed({}), retry, ' ');
    expect(decodeMessageProperties(plain).get(MessageConst.PROPERTY_ORIGIN_MESSAGE_ID)).toBe(
      encodeOffsetMessageId({ host: '127.0.0.1', port: 10911 }, 4096),
    );
  });
});
