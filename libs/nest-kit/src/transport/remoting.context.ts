/** Per-request context handed to remoting handlers: the channel it came on and the raw request. */
import { BaseRpcContext } from '@nestjs/microservices';
import type { Channel } from '@rmq/remoting';
import type { RemotingCommand } from '@rmq/protocol';

export class RemotingContext extends BaseRpcContext<[Channel, RemotingCommand]> {
  get channel(): Channel {
    return this.args[0];
  }

  get request(): RemotingCommand {
    return this.args[1];
  }
}
