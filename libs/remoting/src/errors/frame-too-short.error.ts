/** A length prefix of 0..3: too short to hold the 4-byte serialize-type/header-length word. */
import { RmqError } from '@rmq/protocol';

export class FrameTooShortError extends RmqError {
  constructor(lengthField: number) {
    super('FRAME_TOO_SHORT', 1, `frame length ${lengthField} is shorter than the 4-byte header word`, {
      context: { lengthField },
    });
  }
}
