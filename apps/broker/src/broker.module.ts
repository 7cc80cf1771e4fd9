/** The broker's Nest module: remoting handlers and REST admin over one BrokerController. */
import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreModuleOptions } from '@rmq/nest-kit';
import { TopicAdminHandlers } from './admin/topic-admin.handlers';
import { BrokerController } from './broker-controller';
import { ClientManageHandlers } from './client/client-manage.handlers';
import { ConsumerOffsetHandlers } from './offset/consumer-offset.handlers';
import { PullMessageHandlers } from './pull/pull-message.handlers';
import { QueryMessageHandlers } from './query/query-message.handlers';
import { ConsumerSendMsgBackHandlers } from './retry/consumer-send-msg-back.handlers';
import { SendMessageHandlers } from './send/send-message.handlers';
import { EndTransactionHandlers } from './transaction/end-transaction.handlers';

@Module({})
export class BrokerModule {
  static forRoot(broker: BrokerController, shared: CoreModuleOptions): DynamicModule {
    return {
      module: BrokerModule,
      imports: [CoreModule.forRoot(shared)],
      controllers: [
        ClientManageHandlers,
        SendMessageHandlers,
        PullMessageHandlers,
        ConsumerOffsetHandlers,
        QueryMessageHandlers,
        TopicAdminHandlers,
        EndTransactionHandlers,
        ConsumerSendMsgBackHandlers,
      ],
      providers: [{ provide: BrokerController, useValue: broker }],
    };
  }
}
