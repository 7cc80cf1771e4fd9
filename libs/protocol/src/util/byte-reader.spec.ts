import { readInt64, writeInt64 } from './byte-reader';

describe('int64 helpers', () => {
  it.each([
    0,
    1,
    -1,
    2167,
    1795622128816,
    -1097481203,
    2 ** 32,
    -(2 ** 32),
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
  ])('writes %d exactly as writeBigInt64BE does and reads it back', (value) => {
    const ours = Buffer.alloc(8);
    const reference = Buffer.alloc(8);
    writeInt64(ours, value, 0);
    reference.writeBigInt64BE(BigInt(value), 0);
    expect(ours.toString('hex')).toBe(reference.toString('hex'));
    expect(readInt64(ours, 0)).toBe(value);
  });
});
