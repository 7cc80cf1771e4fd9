/** The client already holds channelsMax connections; a connection to a new address is refused. */
import { RmqError } from '@rmq/protocol';

export class ChannelLimitExceededError extends RmqError {
  constructor(addr: string, channelsMax: number) {
    super('CHANNEL_LIMIT_EXCEEDED', 2, `cannot open a channel to ${addr}: ${channelsMax} channels open`, {
      retriable: true,
      context: { addr, channelsMax },
    });
  }
}
