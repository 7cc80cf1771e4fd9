/**
 * encodeStoredMessageInto writes the same bytes as encodeStoredMessage, in place: checked against
 * every record of the captured 4.9.8 commitlog, with IPv6 hosts and multi-byte text, and at the limits.
 */
import { readStoreFixture } from '@rmq/testing';
import { MessageIllegalError } from '../errors/message-illegal.error';
import {
  decodeStoredMessage,
  encodeStoredMessage,
  encodeStoredMessageInto,
  StoredMessage,
} from './stored-message.codec';

const COMMIT_LOG_OFFSETS = [0, 247, 463, 699, 935, 1171, 1456, 1813];

function sample(overrides: Partial<StoredMessage> = {}): StoredMessage {
  return {
    queueId: 3,
    flag: 7,
    queueOffset: 42,
    physicalOffset: 2 ** 40,
    sysFlag: 0,
    bornTimestamp: 1_700_000_000_000,
    bornHost: { host: '10.0.0.2', port: 50_000 },
    storeTimestamp: 1_700_000_000_123,
    storeHost: { host: '10.0.0.1', port: 10911 },
    reconsumeTimes: 2,
    preparedTransactionOffset: 0,
    body: Buffer.from('héllo wörld'),
    topic: 'TopicÄ',
    propertiesString: 'KEYS\u0001ké\u0002TAGS\u0001TagA',
    ...overrides,
  };
}

describe('encodeStoredMessageInto', () => {
  it.each(COMMIT_LOG_OFFSETS)('re-encodes the captured record at %d byte for byte', (offset) => {
    const file = readStoreFixture('commitlog', '00000000000000000000');
    const decoded = decodeStoredMessage(file, offset);
    const target = Buffer.alloc(decoded.totalSize + 10, 0xee);
    expect(encodeStoredMessageInto(target, 5, decoded)).toBe(decoded.totalSize);
    expect(target.subarray(5, 5 + decoded.totalSize)).toEqual(
      file.subarray(offset, offset + decoded.totalSize),
    );
    expect(target.subarray(0, 5)).toEqual(Buffer.alloc(5, 0xee));
    expect(target.subarray(5 + decoded.totalSize)).toEqual(Buffer.alloc(5, 0xee));
  });

  it.each([
    ['IPv4 with multi-byte text', sample()],
    [
      'IPv6 hosts',
      sample({ bornHost: { host: '2001:db8::1', port: 1 }, storeHost: { host: '::1', port: 2 } }),
    ],
    ['empty body and properties', sample({ body: Buffer.alloc(0), propertiesString: '' })],
  ])('matches encodeStoredMessage for %s', (_name, msg) => {
    const expected = encodeStoredMessage(msg);
    const target = Buffer.alloc(expected.length);
    expect(encodeStoredMessageInto(target, 0, msg)).toBe(expected.length);
    expect(target).toEqual(expected);
  });

  it('refuses a record that does not fit, before writing', () => {
    const msg = sample();
    const size = encodeStoredMessage(msg).length;
    const target = Buffer.alloc(size + 3, 0xab);
    expect(() => encodeStoredMessageInto(target, 4, msg)).toThrow(RangeError);
    expect(target).toEqual(Buffer.alloc(size + 3, 0xab));
  });

  it('enforces the topic and properties limits in bytes', () => {
    const target = Buffer.alloc(64 * 1024);
    expect(() => encodeStoredMessageInto(target, 0, sample({ topic: 'é'.repeat(64) }))).toThrow(
      MessageIllegalError,
    );
    expect(encodeStoredMessageInto(target, 0, sample({ topic: 't'.repeat(127) }))).toBeGreaterThan(0);
    expect(() => encodeStoredMessageInto(target, 0, sample({ propertiesString: 'p'.repeat(32768) }))).toThrow(
      MessageIllegalError,
    );
    expect(
      encodeStoredMessageInto(target, 0, sample({ propertiesString: 'p'.repeat(32767) })),
    ).toBeGreaterThan(0);
  });
});
