/**
 * The commit log's record encoder writes exactly what @rmq/protocol's encodeStoredMessage writes for
 * the same message and placement: IPv4 and IPv6 hosts, ASCII and multi-byte text, empty parts, large
 * offsets, and records placed after others in a reused buffer.
 */
import { encodeStoredMessage, MessageSysFlag } from '@rmq/protocol';
import type { MessageToStore } from '../message-store';
import { oversizeRefusal, prepareRecord, PreparedRecord } from './commit-log-encoder';
import { encodeRecordInto } from './record-encoder';

function message(overrides: Partial<MessageToStore> = {}): MessageToStore {
  return {
    topic: 'TopicA',
    queueId: 3,
    flag: -7,
    body: Buffer.from('hello body'),
    propertiesString: 'TAGS\u0001a\u0002KEYS\u0001k1 k2',
    tagsCode: 0,
    sysFlag: MessageSysFlag.TRANSACTION_COMMIT_TYPE,
    bornTimestamp: 1_700_000_000_123,
    bornHost: { host: '10.0.0.9', port: 54321 },
    storeHost: { host: '10.0.0.1', port: 10911 },
    reconsumeTimes: 2,
    preparedTransactionOffset: 2 ** 40 + 5,
    ...overrides,
  };
}

function prepared(msg: MessageToStore): PreparedRecord {
  const record = prepareRecord(msg, 4 * 1024 * 1024);
  if (!(record instanceof PreparedRecord)) throw new Error(`refused: ${record.remark}`);
  return record;
}

function expected(record: PreparedRecord): Buffer {
  const { msg } = record;
  return encodeStoredMessage({
    ...msg,
    queueOffset: record.queueOffset,
    physicalOffset: record.offset,
    storeTimestamp: record.storeTimestamp,
  });
}

describe('encodeRecordInto', () => {
  it.each([
    ['IPv4 hosts, ASCII text', {}],
    ['IPv6 born host', { bornHost: { host: '2001:db8::1', port: 1 } }],
    ['IPv6 store host', { storeHost: { host: 'fe80::2', port: 10911 } }],
    [
      'multi-byte topic and properties',
      { topic: 'Thémä', propertiesString: 'TAGS\u0001ταγ\u0002KEYS\u0001🔑' },
    ],
    ['long ASCII properties', { propertiesString: `KEYS\u0001${'k'.repeat(300)}` }],
    ['empty body and properties', { body: Buffer.alloc(0), propertiesString: '' }],
    ['a body that is a view into a larger buffer', { body: Buffer.from('xxpayloadyy').subarray(2, 9) }],
    ['negative and large numbers', { flag: -1, reconsumeTimes: 0x7fffffff, bornTimestamp: 2 ** 52 }],
  ])('writes what encodeStoredMessage writes: %s', (_name, overrides) => {
    const record = prepared(message(overrides));
    record.offset = 2 ** 33 + 17;
    record.queueOffset = 2 ** 35 + 1;
    record.storeTimestamp = 1_700_000_001_000;
    const target = Buffer.alloc(record.size + 40, 0xee);
    encodeRecordInto(target, 13, record);
    expect(target.subarray(13, 13 + record.size)).toEqual(expected(record));
    expect(target[12]).toBe(0xee);
    expect(target[13 + record.size]).toBe(0xee);
  });

  it('encodes into several buffers in turn (the DataView follows the target)', () => {
    const a = prepared(message({ queueId: 1 }));
    const b = prepared(message({ queueId: 2, topic: 'B' }));
    const first = Buffer.alloc(a.size);
    const second = Buffer.alloc(a.size + b.size);
    encodeRecordInto(first, 0, a);
    encodeRecordInto(second, 0, a);
    b.offset = a.size;
    encodeRecordInto(second, a.size, b);
    encodeRecordInto(first, 0, a);
    expect(first).toEqual(expected(a));
    expect(second).toEqual(Buffer.concat([expected(a), expected(b)]));
  });
});

describe('prepareRecord', () => {
  it('refuses, as a result and not an exception, what the encoder could not write', () => {
    const refused = [
      prepareRecord(message({ queueId: 2 ** 31 }), 1024),
      prepareRecord(message({ flag: 1.5 }), 1024),
      prepareRecord(message({ bornTimestamp: 2 ** 60 }), 1024),
      prepareRecord(message({ storeHost: { host: 'not-an-ip', port: 1 } }), 1024),
      prepareRecord(message({ topic: 't'.repeat(128) }), 1024),
      prepareRecord(message({ body: Buffer.alloc(1025) }), 1024),
    ];
    for (const outcome of refused) expect(outcome).not.toBeInstanceOf(PreparedRecord);
    expect(refused.map((r) => (r as { status: string }).status)).toEqual([
      'MESSAGE_ILLEGAL',
      'MESSAGE_ILLEGAL',
      'MESSAGE_ILLEGAL',
      'MESSAGE_ILLEGAL',
      'MESSAGE_ILLEGAL',
      'MESSAGE_ILLEGAL',
    ]);
  });

  it('sizes a record as the protocol encoder does and sets the host-family bits', () => {
    const record = prepared(message({ bornHost: { host: '::1', port: 9 }, sysFlag: 0x30 | 0x8 }));
    expect(record.size).toBe(expected(record).length);
    expect(record.sysFlag).toBe(MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.TRANSACTION_COMMIT_TYPE);
    expect(oversizeRefusal(record.size, record.size + 8)).toBeUndefined();
    expect(oversizeRefusal(record.size, record.size + 7)?.status).toBe('MESSAGE_ILLEGAL');
  });
});
