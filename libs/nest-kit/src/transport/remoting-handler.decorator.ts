/** Binds a controller method to a RocketMQ request code: `@RemotingHandler(RequestCode.REGISTER_BROKER)`. */
import { MessagePattern } from '@nestjs/microservices';

export function RemotingHandler(requestCode: number): MethodDecorator {
  return MessagePattern(requestCode);
}
