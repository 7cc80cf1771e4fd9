/** A length prefix announcing a frame above frameBytesMax (limit counts the 4-byte prefix, as Netty's). */
import { RmqError } from '@rmq/protocol';

export class FrameTooLargeError extends RmqError {
  constructor(frameBytes: number, frameBytesMax: number, context: Record<string, unknown> = {}) {
    super('FRAME_TOO_LARGE', 1, `frame of ${frameBytes} bytes exceeds frameBytesMax ${frameBytesMax}`, {
      context: { ...context, frameBytes, frameBytesMax },
    });
  }
}
