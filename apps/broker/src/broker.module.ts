/** The broker's Nest module: remoting handlers and REST admin over one BrokerController. */
import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreModuleOptions } from '@rmq/nest-kit';
import { AdminQueryHandlers } from './admin/admin-query.handlers';
import { AdminHttpController } from './admin/admin.http.controller';
import { BrokerConfigService } from './admin/broker-config.service';
import { BrokerRuntimeHandlers } from './admin/broker-runtime.handlers';
import { OffsetAdminHandlers } from './admin/offset-admin.handlers';
import { SubscriptionGroupAdminHandlers } from './admin/subscription-group-admin.handlers';
import { TopicAdminHandlers } from './admin/topic-admin.handlers';
import { BrokerController } from './broker-controller';
import { ClientManageHandlers } from './client/client-manage.handlers';
import { BrokerMetrics } from './metrics/broker-metrics';
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
        SubscriptionGroupAdminHandlers,
        AdminQueryHandlers,
        BrokerRuntimeHandlers,
        OffsetAdminHandlers,
        AdminHttpController,
        EndTransactionHandlers,
        ConsumerSendMsgBackHandlers,
      ],
      providers: [
        { provide: BrokerController, useValue: broker },
        { provide: BrokerConfigService, useFactory: () => new BrokerConfigService(broker) },
        // The broker's gauges and histograms land on the shared registry served at /metrics.
        { provide: BrokerMetrics, useFactory: () => new BrokerMetrics(shared.metrics, broker) },
      ],
    };
  }
}
