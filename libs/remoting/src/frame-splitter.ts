/**
 * Framing: a TCP byte stream -> whole frames (protocol.md §1.1), each WITHOUT its 4-byte length
 * prefix, for any chunking. Invariants: buffered bytes never exceed frameBytesMax (the limit counts
 * the prefix, like Netty's LengthFieldBasedFrameDecoder in RocketMQ); memory follows the bytes
 * actually received (at most 2x), never the announced length; after the first error every push rethrows it.
 */
import { FrameTooLargeError } from './errors/frame-too-large.error';
import { FrameTooShortError } from './errors/frame-too-short.error';
import { NegativeFrameLengthError } from './errors/negative-frame-length.error';

/** RocketMQ's `com.rocketmq.remoting.frameMaxLength` default: 16 MiB including the length prefix. */
export const FRAME_BYTES_MAX_DEFAULT = 16 * 1024 * 1024;
export const LENGTH_PREFIX_BYTES = 4;
/** The serialize-type/header-length word every frame starts with. */
const HEADER_WORD_BYTES = 4;
const BODY_CAPACITY_MIN_BYTES = 64 * 1024;

export class FrameSplitter {
  private readonly prefix = Buffer.alloc(LENGTH_PREFIX_BYTES);
  private prefixFilledBytes = 0;
  /** Length of the frame being collected (after the prefix), or -1 while reading the prefix. */
  private frameBytes = -1;
  /** Grows by doubling up to frameBytes, so memory follows the bytes received (<= 2x, <= frameBytes). */
  private body: Buffer = Buffer.alloc(0);
  private bodyFilledBytes = 0;
  private failure: Error | undefined;

  constructor(readonly frameBytesMax: number = FRAME_BYTES_MAX_DEFAULT) {
    if (!Number.isInteger(frameBytesMax) || frameBytesMax < LENGTH_PREFIX_BYTES + HEADER_WORD_BYTES) {
      throw new RangeError(`frameBytesMax must be an integer >= 8, got ${frameBytesMax}`);
    }
  }

  /** Bytes held for the incomplete frame (prefix included); at most frameBytesMax. */
  get bufferedBytes(): number {
    return this.frameBytes < 0 ? this.prefixFilledBytes : LENGTH_PREFIX_BYTES + this.bodyFilledBytes;
  }

  /**
   * Feeds one chunk. Calls onFrame for each frame completed by it, in order; a frame may share
   * memory with the chunk (copy it to keep it). Throws a frame error at the first broken prefix,
   * after delivering the frames before it.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    if (this.failure !== undefined) throw this.failure;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.frameBytes < 0) {
        offset = this.readPrefix(chunk, offset, onFrame);
      } else {
        offset = this.readBody(chunk, offset, onFrame);
      }
    }
  }

  private readPrefix(chunk: Buffer, offset: number, onFrame: (frame: Buffer) => void): number {
    if (this.prefixFilledBytes === 0 && chunk.length - offset >= LENGTH_PREFIX_BYTES) {
      // Fast path: the prefix is whole in this chunk, and often the frame too (zero copy).
      const frameBytes = this.checkedLength(chunk.readInt32BE(offset));
      const start = offset + LENGTH_PREFIX_BYTES;
      if (chunk.length - start >= frameBytes) {
        onFrame(chunk.subarray(start, start + frameBytes));
        return start + frameBytes;
      }
      this.frameBytes = frameBytes;
      return start;
    }
    const copied = chunk.copy(this.prefix, this.prefixFilledBytes, offset, offset + LENGTH_PREFIX_BYTES);
    this.prefixFilledBytes += copied;
    if (this.prefixFilledBytes === LENGTH_PREFIX_BYTES) {
      this.prefixFilledBytes = 0;
      this.frameBytes = this.checkedLength(this.prefix.readInt32BE(0));
    }
    return offset + copied;
  }

  private readBody(chunk: Buffer, offset: number, onFrame: (frame: Buffer) => void): number {
    const takeBytes = Math.min(this.frameBytes - this.bodyFilledBytes, chunk.length - offset);
    // Copy: the chunk is the socket's buffer, which a slow frame must not pin.
    this.ensureBodyCapacity(this.bodyFilledBytes + takeBytes);
    chunk.copy(this.body, this.bodyFilledBytes, offset, offset + takeBytes);
    this.bodyFilledBytes += takeBytes;
    if (this.bodyFilledBytes === this.frameBytes) {
      const frame = this.body.subarray(0, this.frameBytes);
      this.body = Buffer.alloc(0);
      this.bodyFilledBytes = 0;
      this.frameBytes = -1;
      onFrame(frame);
    }
    return offset + takeBytes;
  }

  private ensureBodyCapacity(neededBytes: number): void {
    if (neededBytes <= this.body.length) return;
    let capacityBytes = Math.max(this.body.length * 2, BODY_CAPACITY_MIN_BYTES);
    while (capacityBytes < neededBytes) capacityBytes *= 2;
    const grown = Buffer.allocUnsafe(Math.min(capacityBytes, this.frameBytes));
    this.body.copy(grown, 0, 0, this.bodyFilledBytes);
    this.body = grown;
  }

  private checkedLength(lengthField: number): number {
    let failure: Error | undefined;
    if (lengthField < 0) failure = new NegativeFrameLengthError(lengthField);
    else if (lengthField < HEADER_WORD_BYTES) failure = new FrameTooShortError(lengthField);
    else if (LENGTH_PREFIX_BYTES + lengthField > this.frameBytesMax) {
      failure = new FrameTooLargeError(LENGTH_PREFIX_BYTES + lengthField, this.frameBytesMax);
    }
    if (failure === undefined) return lengthField;
    this.failure = failure;
    throw failure;
  }
}
