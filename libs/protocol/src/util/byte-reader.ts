/**
 * A bounds-checked big-endian cursor over a Buffer. Every read past `end` throws the error the
 * caller's factory builds, so codecs never half-decode or read neighbouring records.
 */
export class ByteReader {
  constructor(
    private readonly buf: Buffer,
    public position: number,
    private readonly end: number,
    private readonly overrun: (message: string) => Error,
  ) {}

  get remaining(): number {
    return this.end - this.position;
  }

  private take(bytes: number, what: string): number {
    if (bytes < 0 || this.position + bytes > this.end) {
      throw this.overrun(`${what} of ${bytes} bytes at ${this.position} runs past ${this.end}`);
    }
    const at = this.position;
    this.position += bytes;
    return at;
  }

  int8(what: string): number {
    return this.buf.readInt8(this.take(1, what));
  }

  int16(what: string): number {
    return this.buf.readInt16BE(this.take(2, what));
  }

  int32(what: string): number {
    return this.buf.readInt32BE(this.take(4, what));
  }

  /** An int64 that must fit a JS number exactly. */
  int64(what: string): number {
    const at = this.take(8, what);
    const value = readInt64(this.buf, at);
    if (!Number.isSafeInteger(value)) {
      throw this.overrun(`${what} ${this.buf.readBigInt64BE(at)} at ${at} is beyond 2^53`);
    }
    return value;
  }

  bytes(length: number, what: string): Buffer {
    const at = this.take(length, what);
    return this.buf.subarray(at, at + length);
  }
}

const TWO_POW_32 = 0x1_0000_0000;

/**
 * Writes an int64 from a safe-integer JS number as two 32-bit halves (two's complement for
 * negatives): several times faster than going through BigInt on the append path.
 */
export function writeInt64(buf: Buffer, value: number, offset: number): number {
  const high = Math.floor(value / TWO_POW_32);
  buf.writeInt32BE(high, offset);
  return buf.writeUInt32BE(value - high * TWO_POW_32, offset + 4);
}

/** Reads an int64; exact while it is a safe integer (callers check Number.isSafeInteger). */
export function readInt64(buf: Buffer, offset: number): number {
  return buf.readInt32BE(offset) * TWO_POW_32 + buf.readUInt32BE(offset + 4);
}
