import { javaStringHashCode, MalformedMessageError, MessageSysFlag } from '@rmq/protocol';
import { DEFAULT_MESSAGE_DELAY_LEVEL, parseDelayLevels } from './delay-level';
import { buildDispatchRequest, dispatchRequestOfAppended, SCHEDULE_TOPIC } from './dispatch-request';
import { storedRecord } from './dispatch-test-records';

const LEVELS = parseDelayLevels(DEFAULT_MESSAGE_DELAY_LEVEL);
const STORED_AT = 1_700_000_000_100;

describe('buildDispatchRequest', () => {
  it('takes topic, queue, offsets, size, keys and tag hash from the record', () => {
    const record = storedRecord(
      4096,
      { KEYS: 'k1 k2', TAGS: 'TagA', UNIQ_KEY: 'U1' },
      {
        queueId: 3,
        queueOffset: 17,
        sysFlag: MessageSysFlag.TRANSACTION_COMMIT_TYPE,
        preparedTransactionOffset: 99,
      },
    );
    expect(buildDispatchRequest(record, 4096, LEVELS)).toMatchObject({
      topic: 'T',
      queueId: 3,
      commitLogOffset: 4096,
      msgSize: record.length,
      tagsCode: 2598919,
      storeTimestamp: STORED_AT,
      consumeQueueOffset: 17,
      keys: 'k1 k2',
      uniqKey: 'U1',
      sysFlag: MessageSysFlag.TRANSACTION_COMMIT_TYPE,
      preparedTransactionOffset: 99,
    });
  });

  it('uses 0 without tags and hashes the whole TAGS value for MULTI_TAGS records', () => {
    expect(buildDispatchRequest(storedRecord(0, {}), 0, LEVELS)).toMatchObject({
      tagsCode: 0,
      keys: undefined,
      uniqKey: undefined,
    });
    const multi = storedRecord(0, { TAGS: 'a||b' }, { sysFlag: MessageSysFlag.MULTI_TAGS_FLAG });
    expect(buildDispatchRequest(multi, 0, LEVELS).tagsCode).toBe(javaStringHashCode('a||b'));
  });

  it('puts the delivery time in tagsCode for SCHEDULE_TOPIC_XXXX, level clamped to the highest', () => {
    const at = (delay: string, topic = SCHEDULE_TOPIC): number =>
      buildDispatchRequest(storedRecord(0, { DELAY: delay, TAGS: 'TagB' }, { topic }), 0, LEVELS).tagsCode;
    expect(at('3')).toBe(STORED_AT + 10_000);
    expect(at('99')).toBe(STORED_AT + 7_200_000);
    expect(at('0')).toBe(2598920);
    expect(at('3', '%RETRY%G')).toBe(2598920);
  });

  it('rejects bytes that are not a record, or a record stored somewhere else', () => {
    expect(() => buildDispatchRequest(Buffer.alloc(100), 0, LEVELS)).toThrow(MalformedMessageError);
    expect(() => buildDispatchRequest(storedRecord(10, {}), 20, LEVELS)).toThrow(/PHYSICALOFFSET 10/);
  });

  it('checks the body CRC only when asked', () => {
    const record = storedRecord(0, {});
    record.writeUInt8(record.readUInt8(88) ^ 0xff, 88); // the first body byte (after BODYLENGTH at 84)
    expect(() => buildDispatchRequest(record, 0, LEVELS)).not.toThrow();
    expect(() => buildDispatchRequest(record, 0, LEVELS, { verifyBodyCrc: true })).toThrow(/CRC/);
  });
});

describe('dispatchRequestOfAppended (the in-memory fast path)', () => {
  it.each([
    ['tags and keys', 'T', { TAGS: 'TagA', KEYS: 'k1 k2', UNIQ_KEY: 'ABC' }],
    ['no properties', 'T', {}],
    ['a delayed message in SCHEDULE_TOPIC_XXXX', SCHEDULE_TOPIC, { TAGS: 'x', DELAY: '3', REAL_TOPIC: 'T' }],
  ])('builds the same request as decoding the stored record: %s', (_name, topic, properties) => {
    const record = storedRecord(4096, properties, {
      topic,
      queueId: 2,
      queueOffset: 7,
      sysFlag: MessageSysFlag.TRANSACTION_COMMIT_TYPE,
    });
    const decoded = buildDispatchRequest(record, 4096, LEVELS);
    const fromMemory = dispatchRequestOfAppended(
      {
        offset: 4096,
        size: record.length,
        queueOffset: 7,
        storeTimestamp: STORED_AT,
        msg: {
          topic,
          queueId: 2,
          sysFlag: MessageSysFlag.TRANSACTION_COMMIT_TYPE,
          preparedTransactionOffset: 0,
          propertiesString:
            decoded.properties.size === 0
              ? ''
              : [...decoded.properties].map(([k, v]) => `${k}\u0001${v}`).join('\u0002'),
        },
      },
      LEVELS,
    );
    expect(fromMemory).toEqual(decoded);
  });
});
