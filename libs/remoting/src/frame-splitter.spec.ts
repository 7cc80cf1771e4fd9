import { decodeCommand, encodeCommand, createRequest } from '@rmq/protocol';
import { listFrameFixtures, readFrameFixture, seededRandom, SeededRandom } from '@rmq/testing';
import { FrameTooLargeError } from './errors/frame-too-large.error';
import { FrameTooShortError } from './errors/frame-too-short.error';
import { NegativeFrameLengthError } from './errors/negative-frame-length.error';
import { FRAME_BYTES_MAX_DEFAULT, FrameSplitter } from './frame-splitter';

function prefixed(payload: Buffer): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(payload.length, 0);
  return Buffer.concat([prefix, payload]);
}

function lengthPrefix(value: number): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(value, 0);
  return prefix;
}

/** Buffer-wise equality (jest's toEqual walks big buffers byte by byte, slowly). */
function expectSameFrames(actual: Buffer[], expected: Buffer[]): void {
  expect(actual.map((frame) => frame.length)).toEqual(expected.map((frame) => frame.length));
  expect(actual.every((frame, i) => frame.equals(expected[i]!))).toBe(true);
}

/** Splits bytes at random boundaries (sometimes 1 byte, sometimes large), feeding each chunk. */
function pushInRandomChunks(
  splitter: FrameSplitter,
  bytes: Buffer,
  random: SeededRandom,
  out: Buffer[],
): void {
  let offset = 0;
  let bufferedBytesMax = 0;
  while (offset < bytes.length) {
    const sizeMax = random.next() < 0.3 ? 3 : 9000;
    const end = Math.min(bytes.length, offset + random.int(1, sizeMax));
    splitter.push(bytes.subarray(offset, end), (frame) => out.push(Buffer.from(frame)));
    bufferedBytesMax = Math.max(bufferedBytesMax, splitter.bufferedBytes);
    offset = end;
  }
  expect(bufferedBytesMax).toBeLessThanOrEqual(splitter.frameBytesMax);
  expect(splitter.bufferedBytes).toBe(0);
}

describe('FrameSplitter', () => {
  it('defaults to RocketMQ 16 MiB limit', () => {
    expect(new FrameSplitter().frameBytesMax).toBe(16777216);
    expect(FRAME_BYTES_MAX_DEFAULT).toBe(16777216);
  });

  it('yields one frame without its length prefix', () => {
    const frames: Buffer[] = [];
    const encoded = encodeCommand(createRequest(105, { topic: 'T' }));
    new FrameSplitter().push(encoded, (frame) => frames.push(frame));
    expect(frames).toHaveLength(1);
    expect(decodeCommand(frames[0]!)).toMatchObject({ code: 105, extFields: { topic: 'T' } });
  });

  it('yields many frames from one chunk and frames fed one byte at a time', () => {
    const payloads = [Buffer.from('abcd'), Buffer.from('0123456789'), Buffer.alloc(70_000, 7)];
    const bytes = Buffer.concat(payloads.map(prefixed));
    const together: Buffer[] = [];
    new FrameSplitter().push(bytes, (frame) => together.push(Buffer.from(frame)));
    const byteByByte: Buffer[] = [];
    const splitter = new FrameSplitter();
    for (let i = 0; i < bytes.length; i += 1)
      splitter.push(bytes.subarray(i, i + 1), (f) => byteByByte.push(f));
    expectSameFrames(together, payloads);
    expectSameFrames(byteByByte, payloads);
    expect(splitter.bufferedBytes).toBe(0);
  });

  describe.each([1, 2, 3, 42, 1234, 99_991, 2_024_06, 7, 11, 13])('property, seed %i', (seed) => {
    it('reassembles random frames split at random boundaries exactly', () => {
      const random = seededRandom(seed);
      const payloads = Array.from({ length: random.int(1, 40) }, () => random.bytes(random.int(4, 20_000)));
      const out: Buffer[] = [];
      pushInRandomChunks(new FrameSplitter(64 * 1024), Buffer.concat(payloads.map(prefixed)), random, out);
      expectSameFrames(out, payloads);
    });
  });

  it('reassembles the frames captured from RocketMQ 4.9.8 split at random boundaries', () => {
    const files = listFrameFixtures();
    const captured = files.map((file) => readFrameFixture(file));
    const out: Buffer[] = [];
    pushInRandomChunks(new FrameSplitter(), Buffer.concat(captured), seededRandom(498), out);
    expectSameFrames(
      out.map((frame) => prefixed(frame)),
      captured,
    );
    for (const frame of out) expect(() => decodeCommand(frame)).not.toThrow();
  });

  it('accepts a frame exactly at frameBytesMax (prefix included) and refuses one byte more', () => {
    const frameBytesMax = 1024;
    const atLimit = prefixed(Buffer.alloc(frameBytesMax - 4, 1));
    const frames: Buffer[] = [];
    new FrameSplitter(frameBytesMax).push(atLimit, (frame) => frames.push(frame));
    expect(frames).toHaveLength(1);
    const overLimit = new FrameSplitter(frameBytesMax);
    expect(() => overLimit.push(lengthPrefix(frameBytesMax - 3), () => undefined)).toThrow(
      FrameTooLargeError,
    );
  });

  it('names each broken length: negative, too short, too large', () => {
    expect(() => new FrameSplitter().push(lengthPrefix(-1), () => undefined)).toThrow(
      NegativeFrameLengthError,
    );
    for (const length of [0, 1, 2, 3]) {
      expect(() => new FrameSplitter().push(lengthPrefix(length), () => undefined)).toThrow(
        FrameTooShortError,
      );
    }
    const tooLarge = Buffer.from([0x7f, 0xff, 0xff, 0xff]);
    expect(() => new FrameSplitter().push(tooLarge, () => undefined)).toThrow(FrameTooLargeError);
  });

  it('detects a broken prefix split across chunks, after delivering the frames before it', () => {
    const splitter = new FrameSplitter(1024);
    const frames: Buffer[] = [];
    const bytes = Buffer.concat([prefixed(Buffer.from('good')), lengthPrefix(5000)]);
    splitter.push(bytes.subarray(0, 10), (frame) => frames.push(Buffer.from(frame)));
    expect(() => splitter.push(bytes.subarray(10), (frame) => frames.push(frame))).toThrow(
      FrameTooLargeError,
    );
    expect(frames).toEqual([Buffer.from('good')]);
  });

  it('is sticky: after an error every push rethrows it', () => {
    const splitter = new FrameSplitter();
    let first: unknown;
    try {
      splitter.push(lengthPrefix(-5), () => undefined);
    } catch (err) {
      first = err;
    }
    expect(first).toBeInstanceOf(NegativeFrameLengthError);
    expect(() => splitter.push(prefixed(Buffer.from('fine')), () => undefined)).toThrow(first as Error);
  });

  it('holds only the bytes received for a frame announced at the limit', () => {
    const splitter = new FrameSplitter();
    splitter.push(lengthPrefix(FRAME_BYTES_MAX_DEFAULT - 4), () => undefined);
    splitter.push(Buffer.alloc(100), () => undefined);
    expect(splitter.bufferedBytes).toBe(104);
  });

  it('refuses a limit too small to hold a header word', () => {
    expect(() => new FrameSplitter(7)).toThrow(RangeError);
  });
});
