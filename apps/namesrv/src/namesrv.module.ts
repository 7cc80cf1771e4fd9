/** The NameServer's Nest module: route and KV handlers, REST admin, housekeeping. */
import { DynamicModule, Module } from '@nestjs/common';
import { CoreModule, CoreModuleOptions } from '@rmq/nest-kit';
import { KvConfigHandlers } from './kv/kv-config.handlers';
import { KvConfigManager } from './kv/kv-config-manager';
import { NAMESRV_CONFIG, NamesrvRuntimeConfig } from './namesrv.tokens';
import { BrokerHousekeepingService } from './route/broker-housekeeping.service';
import { BrokerRegistrationService } from './route/broker-registration.service';
import { RouteHandlers } from './route/route.handlers';
import { RouteHttpController } from './route/route.http.controller';
import { RouteInfoManager } from './route/route-info-manager';

/** The core objects live outside Nest so the transport can reach them before the app starts. */
export interface NamesrvCore {
  config: NamesrvRuntimeConfig;
  routes: RouteInfoManager;
  kv: KvConfigManager;
  registration: BrokerRegistrationService;
}

@Module({})
export class NamesrvModule {
  static forRoot(core: NamesrvCore, shared: CoreModuleOptions): DynamicModule {
    return {
      module: NamesrvModule,
      imports: [CoreModule.forRoot(shared)],
      controllers: [RouteHandlers, KvConfigHandlers, RouteHttpController],
      providers: [
        { provide: NAMESRV_CONFIG, useValue: core.config },
        { provide: RouteInfoManager, useValue: core.routes },
        { provide: KvConfigManager, useValue: core.kv },
        { provide: BrokerRegistrationService, useValue: core.registration },
        BrokerHousekeepingService,
      ],
    };
  }
}
