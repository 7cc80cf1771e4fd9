import { MalformedMessageError } from '../errors/malformed-message.error';
import { decodeOffsetMessageId, encodeOffsetMessageId } from './message-id.codec';
import { bytesToHost, hostToBytes, parseSocketAddress } from './socket-address';
import { decodeUniqueMessageId, UniqueMessageIdGenerator } from './unique-message-id';

describe('offset message id', () => {
  it('matches the verified example: 10.0.0.1:10911 at offset 1000', () => {
    expect(encodeOffsetMessageId({ host: '10.0.0.1', port: 10911 }, 1000)).toBe(
      '0A00000100002A9F00000000000003E8',
    );
    expect(decodeOffsetMessageId('0A00000100002A9F00000000000003E8')).toEqual({
      storeHost: { host: '10.0.0.1', port: 10911 },
      commitLogOffset: 1000,
    });
  });

  it('matches the capture: the batch reply of frame 15 names offsets 463, 699, 935 on 127.0.0.1:20911', () => {
    const ids =
      '7F000001000051AF00000000000001CF,7F000001000051AF00000000000002BB,7F000001000051AF00000000000003A7';
    expect(ids.split(',').map((id) => decodeOffsetMessageId(id).commitLogOffset)).toEqual([463, 699, 935]);
  });

  it('uses 56 hex chars for an IPv6 store host and accepts lowercase', () => {
    const id = encodeOffsetMessageId({ host: 'fe80::1', port: 10911 }, 2 ** 40);
    expect(id).toHaveLength(56);
    expect(decodeOffsetMessageId(id.toLowerCase())).toEqual({
      storeHost: { host: 'fe80::1', port: 10911 },
      commitLogOffset: 2 ** 40,
    });
  });

  it.each(['', '0A000001', 'ZZ00000100002A9F00000000000003E8', '0A00000100002A9F00000000000003E'])(
    'rejects %j',
    (id) => {
      expect(() => decodeOffsetMessageId(id)).toThrow(MalformedMessageError);
    },
  );
});

describe('UNIQ_KEY', () => {
  const monthStart = Date.UTC(2026, 10, 1);

  it('reproduces the capture client’s ids 7F000001053900000000000000000001..05', () => {
    const generator = new UniqueMessageIdGenerator({
      clientHost: '127.0.0.1',
      pid: 1337,
      nowMs: () => monthStart,
      initialCounter: 1,
    });
    const ids = Array.from({ length: 5 }, () => generator.next());
    expect(ids).toEqual([1, 2, 3, 4, 5].map((n) => `7F00000105390000000000000000000${n}`));
  });

  it('counts ms from the start of the month, wraps the counter at 16 bits and restarts each month', () => {
    let now = monthStart + 1234;
    const generator = new UniqueMessageIdGenerator({
      clientHost: '10.1.2.3',
      pid: 70000,
      classLoaderHashCode: -1,
      nowMs: () => now,
      initialCounter: 0xffff,
    });
    const first = decodeUniqueMessageId(generator.next());
    expect(first).toEqual({
      clientHost: '10.1.2.3',
      pid: 70000 - 65536,
      classLoaderHashCode: -1,
      msSinceMonthStart: 1234,
      counter: 0xffff,
    });
    expect(decodeUniqueMessageId(generator.next()).counter).toBe(0);
    now = Date.UTC(2026, 11, 1) + 5;
    expect(decodeUniqueMessageId(generator.next()).msSinceMonthStart).toBe(5);
  });

  it('is 56 hex chars for an IPv6 client', () => {
    const id = new UniqueMessageIdGenerator({
      clientHost: '2001:db8::7',
      pid: 1,
      nowMs: () => monthStart,
    }).next();
    expect(id).toHaveLength(56);
    expect(decodeUniqueMessageId(id).clientHost).toBe('2001:db8::7');
  });
});

describe('socket addresses', () => {
  it.each([
    ['127.0.0.1', '7f000001'],
    ['::ffff:127.0.0.1', '7f000001'],
    ['::1', '00000000000000000000000000000001'],
    ['2001:db8::ff00:42:8329', '20010db8000000000000ff0000428329'],
    ['[fe80::1%eth0]', 'fe800000000000000000000000000001'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
  ])('%s is stored as %s', (host, hex) => {
    expect(hostToBytes(host).toString('hex')).toBe(hex);
  });

  it('writes IPv6 in RFC 5952 form', () => {
    expect(bytesToHost(Buffer.from('20010db8000000000001000000000001', 'hex'))).toBe('2001:db8::1:0:0:1');
    expect(bytesToHost(Buffer.from('00000000000000000000000000000000', 'hex'))).toBe('::');
    expect(bytesToHost(Buffer.from('00010002000300040005000600070008', 'hex'))).toBe('1:2:3:4:5:6:7:8');
  });

  it.each(['256.0.0.1', 'localhost', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::'])('rejects %s', (host) => {
    expect(() => hostToBytes(host)).toThrow(MalformedMessageError);
  });

  it('parses broker addresses', () => {
    expect(parseSocketAddress('127.0.0.1:20911')).toEqual({ host: '127.0.0.1', port: 20911 });
    expect(parseSocketAddress('[::1]:10911')).toEqual({ host: '::1', port: 10911 });
    expect(() => parseSocketAddress('127.0.0.1')).toThrow(MalformedMessageError);
  });
});
