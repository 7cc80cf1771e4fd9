/** A length prefix that reads as a negative int32: never produced by a RocketMQ encoder. */
import { RmqError } from '@rmq/protocol';

export class NegativeFrameLengthError extends RmqError {
  constructor(lengthField: number) {
    super('NEGATIVE_FRAME_LENGTH', 1, `frame length ${lengthField} is negative`, {
      context: { lengthField },
    });
  }
}
