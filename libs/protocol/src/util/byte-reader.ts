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
    const value = this.buf.readBigInt64BE(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw this.overrun(`${what} ${value} at ${at} is beyond 2^53`);
    }
    return Number(value);
  }

  bytes(length: number, what: string): Buffer {
    const at = this.take(length, what);
    return this.buf.subarray(at, at + length);
  }
}

/** Writes an int64 from a safe-integer JS number. */
export function writeInt64(buf: Buffer, value: number, offset: number): number {
  return buf.writeBigInt64BE(BigInt(value), offset);
}
