import { listFrameFixtures, readFrameFixture } from '@rmq/testing';
import { MalformedFrameError } from '../errors/malformed-frame.error';
import { decodeCommand, encodeCommand } from './frame-codec';
import { createResponse, RemotingCommand, SerializeType } from './remoting-command';

/** A response re-built the way our servers build them (createResponse orders extFields). */
function rebuildResponse(cmd: RemotingCommand): RemotingCommand {
  const init = { remark: cmd.remark, extFields: cmd.extFields, body: cmd.body };
  return { ...createResponse(cmd, cmd.code, init), flag: cmd.flag, version: cmd.version };
}

describe('frame codec against frames captured from RocketMQ 4.9.8', () => {
  const files = listFrameFixtures();

  it('finds the captured frames', () => {
    expect(files.length).toBeGreaterThanOrEqual(75);
  });

  it.each(files)('decodes and re-encodes %s byte for byte', (file) => {
    const bytes = readFrameFixture(file);
    const decoded = decodeCommand(bytes.subarray(4));
    const cmd = file.includes('.response.') ? rebuildResponse(decoded) : decoded;
    expect(encodeCommand(cmd).equals(bytes)).toBe(true);
  });

  it('reads the binary header of frame 36 (GET_MAX_OFFSET)', () => {
    const cmd = decodeCommand(
      readFrameFixture('36-broker-get-max-offset-rocketmq-binary.request.bin').subarray(4),
    );
    expect(cmd).toMatchObject({
      code: 30,
      language: 'JAVA',
      version: 409,
      opaque: 36,
      flag: 0,
      serializeType: SerializeType.ROCKETMQ,
      extFields: { topic: 'FixtureTopic', queueId: '0' },
    });
  });
});

describe('frame codec edge cases', () => {
  it('stringifies extFields values of any JSON primitive (ali-ons sends numbers and booleans)', () => {
    const header =
      '{"code":310,"extFields":{"e":0,"k":false,"g":1700000000000},"flag":0,"opaque":1,"version":121}';
    const frame = Buffer.concat([Buffer.from([0, 0, 0, header.length]), Buffer.from(header)]);
    expect(decodeCommand(frame).extFields).toEqual({ e: '0', k: 'false', g: '1700000000000' });
  });

  it('writes extFields values as strings and leaves absent ones out, like fastjson', () => {
    const extFields = { a: 'x', b: 5, c: null, d: undefined, e: true } as unknown as Record<string, string>;
    const frame = encodeCommand({
      code: 0,
      language: 'JAVA',
      version: 1,
      opaque: 2,
      flag: 1,
      serializeType: SerializeType.JSON,
      extFields,
      body: Buffer.from('body'),
    });
    const headerBytes = frame.readUInt32BE(4) & 0xffffff;
    expect(frame.readInt32BE(0)).toBe(frame.length - 4);
    expect(frame.subarray(8, 8 + headerBytes).toString()).toBe(
      '{"code":0,"extFields":{"a":"x","b":"5","e":"true"},"flag":1,"language":"JAVA","opaque":2,' +
        '"serializeTypeCurrentRPC":"JSON","version":1}',
    );
    expect(frame.subarray(8 + headerBytes).toString()).toBe('body');
  });

  it('counts a non-ASCII header in bytes, not characters', () => {
    const cmd: RemotingCommand = {
      code: 1,
      language: 'JAVA',
      version: 0,
      opaque: 0,
      flag: 0,
      serializeType: SerializeType.JSON,
      remark: 'über 話',
    };
    const decoded = decodeCommand(encodeCommand(cmd).subarray(4));
    expect(decoded.remark).toBe('über 話');
  });

  it('matches the verified binary frame of protocol.md §1.3', () => {
    const cmd: RemotingCommand = {
      code: 34,
      language: 'JAVA',
      version: 0,
      opaque: 3,
      flag: 0,
      serializeType: SerializeType.ROCKETMQ,
      extFields: { k: 'v' },
    };
    const hex =
      '00000021' +
      '0100001d' +
      '0022' +
      '00' +
      '0000' +
      '00000003' +
      '00000000' +
      '00000000' +
      '00000008' +
      '00016b0000000176';
    expect(encodeCommand(cmd).toString('hex')).toBe(hex);
  });

  it.each([
    ['a JSON header that does not parse', Buffer.from('00000003' + '7b7b7b', 'hex')],
    ['a header longer than the frame', Buffer.from('000000ff7b7d', 'hex')],
    ['an unknown serialize type', Buffer.from('07000002' + '7b7d', 'hex')],
    ['a JSON header without a code', Buffer.concat([Buffer.from('00000002', 'hex'), Buffer.from('{}')])],
    ['a truncated binary header', Buffer.from('01000003' + '002200', 'hex')],
    ['a frame shorter than its header word', Buffer.from('0000', 'hex')],
  ])('rejects %s with MalformedFrameError', (_name, frame) => {
    expect(() => decodeCommand(frame)).toThrow(MalformedFrameError);
  });
});
