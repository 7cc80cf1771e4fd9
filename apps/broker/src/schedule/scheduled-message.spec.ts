import { encodeMessageProperties, encodeStoredMessage, StoredMessage } from '@rmq/protocol';
import { isDue, messageTimeUp, UndeliverableScheduledMessageError } from './scheduled-message';

function parkedRecord(props: Record<string, string>): Buffer {
  const msg: StoredMessage = {
    queueId: 0,
    flag: 9,
    queueOffset: 0,
    physicalOffset: 128,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHost: { host: '10.0.0.1', port: 40000 },
    storeTimestamp: 1_700_000_000_010,
    storeHost: { host: '127.0.0.1', port: 10911 },
    reconsumeTimes: 1,
    preparedTransactionOffset: 0,
    body: Buffer.from('b'),
    topic: 'SCHEDULE_TOPIC_XXXX',
    propertiesString: encodeMessageProperties(Object.entries(props)),
  };
  return encodeStoredMessage(msg);
}

describe('isDue', () => {
  it('is due at or after the delivery time, not before', () => {
    expect(isDue(1000, 999, 5000)).toBe(false);
    expect(isDue(1000, 1000, 5000)).toBe(true);
  });

  it('treats a delivery time beyond now + the level delay (the clock went back) as due now', () => {
    expect(isDue(10_000, 4000, 5000)).toBe(true);
    expect(isDue(9000, 4000, 5000)).toBe(false);
  });
});

describe('messageTimeUp', () => {
  it('restores the real destination, drops the parking properties and recomputes tagsCode', () => {
    const real = messageTimeUp(
      parkedRecord({ TAGS: 'TagA', DELAY: '2', REAL_TOPIC: 'TopicA', REAL_QID: '3', KEYS: 'k' }),
    );
    expect(real).toMatchObject({ topic: 'TopicA', queueId: 3, flag: 9, reconsumeTimes: 1 });
    expect(real.propertiesString).toBe(
      encodeMessageProperties([
        ['TAGS', 'TagA'],
        ['KEYS', 'k'],
      ]),
    );
    expect(real.tagsCode).toBe(2_598_919); // Java "TagA".hashCode()
  });

  it('refuses a parked record without a usable REAL_TOPIC or REAL_QID', () => {
    expect(() => messageTimeUp(parkedRecord({ DELAY: '1', REAL_QID: '0' }))).toThrow(
      UndeliverableScheduledMessageError,
    );
    expect(() => messageTimeUp(parkedRecord({ DELAY: '1', REAL_TOPIC: 'T', REAL_QID: '-1' }))).toThrow(
      UndeliverableScheduledMessageError,
    );
    expect(() => messageTimeUp(Buffer.from('not a record at all'))).toThrow(
      UndeliverableScheduledMessageError,
    );
  });
});
