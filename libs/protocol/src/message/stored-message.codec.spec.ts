/**
 * Stored records from the 4.9.8 capture: pull/view/query bodies and the master's commitlog. Every
 * record decodes to the transcript's values and re-encodes to identical bytes.
 */
import { readFrameFixture, readFrameTranscript, readStoreFixture, TranscriptRecord } from '@rmq/testing';
import { MalformedMessageError } from '../errors/malformed-message.error';
import { MessageIllegalError } from '../errors/message-illegal.error';
import { decodeCommand } from '../remoting/frame-codec';
import {
  decodeStoredMessages,
  encodeBlankRecord,
  inspectCommitLogRecord,
  splitStoredMessages,
} from './commit-log-record';
import { decodeMessageProperties } from './message-properties.codec';
import { effectiveMessageId, encodeOffsetMessageId } from './message-id.codec';
import { MessageConst } from './message-const';
import { MessageSysFlag } from './message-sys-flag';
import { formatSocketAddress } from './socket-address';
import {
  BLANK_MAGIC_CODE,
  decodeStoredMessage,
  DecodedStoredMessage,
  encodeStoredMessage,
  MESSAGE_MAGIC_CODE,
  StoredMessage,
  storedMessageSize,
  readStoredMessageRoutingFields,
} from './stored-message.codec';

const COMMIT_LOG_OFFSETS = [0, 247, 463, 699, 935, 1171, 1456, 1813];
const COMMIT_LOG_DATA_END = 2167;

function expectMatchesTranscript(msg: DecodedStoredMessage, expected: TranscriptRecord): void {
  expect({
    totalSize: msg.totalSize,
    bodyCRC: msg.bodyCrc,
    queueId: msg.queueId,
    flag: msg.flag,
    queueOffset: msg.queueOffset,
    physicalOffset: msg.physicalOffset,
    sysFlag: msg.sysFlag,
    bornTimestamp: msg.bornTimestamp,
    bornHost: formatSocketAddress(msg.bornHost),
    storeTimestamp: msg.storeTimestamp,
    storeHost: formatSocketAddress(msg.storeHost),
    reconsumeTimes: msg.reconsumeTimes,
    preparedTransactionOffset: msg.preparedTransactionOffset,
    topic: msg.topic,
    propertiesRaw: msg.propertiesString,
    properties: Object.fromEntries(decodeMessageProperties(msg.propertiesString)),
    offsetMsgId: encodeOffsetMessageId(msg.storeHost, msg.physicalOffset),
    msgId: effectiveMessageId(msg),
    bodyLength: msg.body.length,
    body: msg.body.toString('utf8'),
  }).toEqual({
    totalSize: expected.totalSize,
    bodyCRC: expected.bodyCRC,
    queueId: expected.queueId,
    flag: expected.flag,
    queueOffset: expected.queueOffset,
    physicalOffset: expected.physicalOffset,
    sysFlag: expected.sysFlag,
    bornTimestamp: expected.bornTimestamp,
    bornHost: expected.bornHost,
    storeTimestamp: expected.storeTimestamp,
    storeHost: expected.storeHost,
    reconsumeTimes: expected.reconsumeTimes,
    preparedTransactionOffset: expected.preparedTransactionOffset,
    topic: expected.topic,
    propertiesRaw: expected.propertiesRaw,
    properties: expected.properties,
    offsetMsgId: expected.offsetMsgId,
    msgId: expected.msgId,
    bodyLength: expected.bodyLength,
    body: expected.body,
  });
}

describe('stored records in captured response bodies', () => {
  const withRecords = readFrameTranscript().filter((e) => e.records !== undefined);

  it('covers the pull, view and query replies', () => {
    expect(withRecords.map((e) => e.file.slice(0, 2))).toEqual(['18', '19', '28', '29', '30', '37']);
  });

  it.each(withRecords.map((e) => [e.file, e] as const))('%s', (file, entry) => {
    const body = decodeCommand(readFrameFixture(file).subarray(4)).body!;
    const records = splitStoredMessages(body);
    const messages = decodeStoredMessages(body);
    expect(messages).toHaveLength(entry.records!.length);
    messages.forEach((msg, i) => {
      expectMatchesTranscript(msg, entry.records![i]!);
      expect(encodeStoredMessage(msg).equals(records[i]!)).toBe(true);
    });
  });

  it('frame 18 is byte-identical to commitlog bytes 0..1170', () => {
    const body = decodeCommand(
      readFrameFixture('18-broker-pull-message-found.response.bin').subarray(4),
    ).body!;
    const commitLog = readStoreFixture('commitlog', '00000000000000000000');
    expect(body.equals(commitLog.subarray(0, 1171))).toBe(true);
  });
});

describe('the captured commitlog', () => {
  const commitLog = readStoreFixture('commitlog', '00000000000000000000');

  it('holds 8 records at the MANIFEST offsets, then the end of data at 2167', () => {
    const offsets: number[] = [];
    let pos = 0;
    for (let record = inspectCommitLogRecord(commitLog, pos); record.kind === 'message'; ) {
      offsets.push(pos);
      pos += record.totalSize;
      record = inspectCommitLogRecord(commitLog, pos);
    }
    expect(offsets).toEqual(COMMIT_LOG_OFFSETS);
    expect(pos).toBe(COMMIT_LOG_DATA_END);
    expect(inspectCommitLogRecord(commitLog, pos)).toEqual({ kind: 'end' });
  });

  it.each(COMMIT_LOG_OFFSETS)('record at %d decodes and re-encodes to identical bytes', (offset) => {
    const msg = decodeStoredMessage(commitLog, offset);
    expect(msg.physicalOffset).toBe(offset);
    expect(
      storedMessageSize(
        msg.body.length,
        Buffer.byteLength(msg.topic),
        Buffer.byteLength(msg.propertiesString),
      ),
    ).toBe(msg.totalSize);
    expect(encodeStoredMessage(msg).equals(commitLog.subarray(offset, offset + msg.totalSize))).toBe(true);
  });

  it('reads the MANIFEST content of the side-effect records', () => {
    const moved = decodeStoredMessage(commitLog, 1171);
    expect([moved.topic, JSON.parse(moved.body.toString()).offsetNew]).toEqual(['OFFSET_MOVED_EVENT', 5]);
    const scheduled = decodeStoredMessage(commitLog, 1456);
    const props = decodeMessageProperties(scheduled.propertiesString);
    expect([scheduled.topic, scheduled.queueId, scheduled.reconsumeTimes]).toEqual([
      'SCHEDULE_TOPIC_XXXX',
      2,
      1,
    ]);
    expect([
      props.get(MessageConst.PROPERTY_DELAY_TIME_LEVEL),
      props.get(MessageConst.PROPERTY_REAL_TOPIC),
    ]).toEqual(['3', '%RETRY%FixtureCG']);
  });
});

describe('stored record encoding', () => {
  const base: StoredMessage = {
    queueId: 1,
    flag: 7,
    queueOffset: 2,
    physicalOffset: 1000,
    sysFlag: 0,
    bornTimestamp: 1700000000000,
    bornHost: { host: '10.0.0.9', port: 40000 },
    storeTimestamp: 1700000000001,
    storeHost: { host: '10.0.0.1', port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
    body: Buffer.from('hello'),
    topic: 'T',
    propertiesString: 'TAGS\u0001a',
  };

  it('uses 91 + body + topic + properties bytes for IPv4 hosts', () => {
    expect(encodeStoredMessage(base).length).toBe(91 + 5 + 1 + 6);
    expect(encodeStoredMessage(base).readInt32BE(4)).toBe(MESSAGE_MAGIC_CODE);
  });

  it('stores IPv6 hosts in 16 bytes, sets their sysFlag bits and adds 12 bytes per host', () => {
    const v6 = {
      ...base,
      bornHost: { host: '2001:db8::1', port: 1 },
      storeHost: { host: '::1', port: 10911 },
    };
    const bytes = encodeStoredMessage(v6);
    expect(bytes.length).toBe(91 + 5 + 1 + 6 + 24);
    const decoded = decodeStoredMessage(bytes);
    expect(
      decoded.sysFlag & (MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOSTADDRESS_V6_FLAG),
    ).toBe(0x30);
    expect([decoded.bornHost, decoded.storeHost]).toEqual([v6.bornHost, v6.storeHost]);
    expect(encodeStoredMessage(decoded).equals(bytes)).toBe(true);
  });

  it('stores an IPv4-mapped IPv6 peer as IPv4 and clears stale IPv6 bits', () => {
    const mapped = {
      ...base,
      sysFlag: MessageSysFlag.BORNHOST_V6_FLAG,
      bornHost: { host: '::ffff:10.0.0.9', port: 40000 },
    };
    const decoded = decodeStoredMessage(encodeStoredMessage(mapped));
    expect([decoded.bornHost.host, decoded.sysFlag]).toEqual(['10.0.0.9', 0]);
  });

  it('refuses topics over 127 bytes and properties over 32767 bytes (MESSAGE_ILLEGAL)', () => {
    expect(() => encodeStoredMessage({ ...base, topic: 'x'.repeat(128) })).toThrow(MessageIllegalError);
    expect(() => encodeStoredMessage({ ...base, propertiesString: 'x'.repeat(32768) })).toThrow(
      expect.objectContaining({ responseCode: 13 }),
    );
  });
});

describe('malformed records', () => {
  const good = encodeStoredMessage({
    ...decodeStoredMessage(readStoreFixture('commitlog', '00000000000000000000'), 0),
  });
  const patched = (at: number, value: number): Buffer => {
    const copy = Buffer.from(good);
    copy.writeInt32BE(value, at);
    return copy;
  };

  it.each([
    ['a truncated record', good.subarray(0, good.length - 1)],
    ['a record shorter than its header', good.subarray(0, 6)],
    ['a bad magic code', patched(4, 0x12345678)],
    ['a BLANK record', patched(4, BLANK_MAGIC_CODE)],
    ['a TOTALSIZE smaller than the fields', patched(0, 50)],
    ['a body length past the record', patched(84, 10_000)],
    ['a body CRC that does not match', patched(8, 1)],
    ['bytes left over inside TOTALSIZE', Buffer.concat([patched(0, good.length + 2), Buffer.alloc(2)])],
  ])('rejects %s with MalformedMessageError', (_name, bytes) => {
    expect(() => decodeStoredMessage(bytes)).toThrow(MalformedMessageError);
  });

  it('can skip the CRC check', () => {
    expect(decodeStoredMessage(patched(8, 1), 0, { verifyBodyCrc: false }).bodyCrc).toBe(1);
  });

  it('splitting refuses a body whose last record is cut', () => {
    expect(() => splitStoredMessages(Buffer.concat([good, good.subarray(0, 100)]))).toThrow(
      MalformedMessageError,
    );
    expect(() => splitStoredMessages(Buffer.concat([good, good.subarray(0, 2)]))).toThrow(
      MalformedMessageError,
    );
    expect(splitStoredMessages(Buffer.concat([good, good]))).toHaveLength(2);
  });

  it('BLANK records: encoded, detected, and bounded', () => {
    const file = Buffer.concat([good, encodeBlankRecord(64), Buffer.alloc(56)]);
    expect(inspectCommitLogRecord(file, good.length)).toEqual({ kind: 'blank', totalSize: 64 });
    expect(inspectCommitLogRecord(file, 0)).toEqual({ kind: 'message', totalSize: good.length });
    expect(inspectCommitLogRecord(file, good.length + 8)).toEqual({ kind: 'end' });
    expect(inspectCommitLogRecord(patched(4, 42), 0).kind).toBe('corrupt');
    expect(() => encodeBlankRecord(7)).toThrow(RangeError);
  });
});

describe('readStoredMessageRoutingFields', () => {
  it('agrees with decodeStoredMessage on every record of the captured commit log', () => {
    const log = readStoreFixture('commitlog', '00000000000000000000');
    for (const offset of [0, 247, 463, 699, 935, 1171, 1456, 1813]) {
      const full = decodeStoredMessage(log, offset);
      const fields = readStoredMessageRoutingFields(log, offset);
      expect(fields).toEqual({
        totalSize: full.totalSize,
        queueId: full.queueId,
        queueOffset: full.queueOffset,
        physicalOffset: full.physicalOffset,
        sysFlag: full.sysFlag,
        storeTimestamp: full.storeTimestamp,
        preparedTransactionOffset: full.preparedTransactionOffset,
        topic: full.topic,
        propertiesString: full.propertiesString,
        bodyAt: expect.any(Number),
        bodyLength: full.body.length,
      });
      expect(log.subarray(fields.bodyAt, fields.bodyAt + fields.bodyLength)).toEqual(full.body);
    }
  });

  it('refuses bytes that are not a whole record', () => {
    const log = readStoreFixture('commitlog', '00000000000000000000');
    const record = Buffer.from(log.subarray(0, 247));
    expect(() => readStoredMessageRoutingFields(record.subarray(0, 200))).toThrow(MalformedMessageError);
    const badTopicLength = Buffer.from(record);
    badTopicLength.writeInt32BE(9999, 84); // BODYLENGTH far past the end
    expect(() => readStoredMessageRoutingFields(badTopicLength)).toThrow(MalformedMessageError);
    expect(() => readStoredMessageRoutingFields(Buffer.alloc(247))).toThrow(MalformedMessageError);
  });
});
