/** An address that is not `host:port` with a port in 1..65535. */
import { RmqError } from '@rmq/protocol';

export class InvalidAddressError extends RmqError {
  constructor(addr: string) {
    super('INVALID_ADDRESS', 1, `invalid address "${addr}", expected host:port`, { context: { addr } });
  }
}
