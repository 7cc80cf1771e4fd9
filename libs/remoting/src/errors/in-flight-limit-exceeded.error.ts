/** A channel already has inFlightMax requests awaiting responses; the new one is refused at once. */
import { RmqError } from '@rmq/protocol';

export class InFlightLimitExceededError extends RmqError {
  constructor(addr: string, inFlightMax: number, code: number) {
    super('IN_FLIGHT_LIMIT_EXCEEDED', 2, `${inFlightMax} requests already in flight to ${addr}`, {
      retriable: true,
      context: { addr, inFlightMax, code },
    });
  }
}
