/**
 * Shared module of every app: the validated config, the pino logger, the metrics registry and
 * readiness, as global providers, plus the ops endpoints.
 */
import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger, MetricsRegistry } from '@rmq/observability';
import { OpsController } from './ops.controller';
import { Readiness } from './readiness';
import { APP_CONFIG, APP_LOGGER, APP_METRICS } from './tokens';

export interface CoreModuleOptions {
  config: unknown;
  logger: Logger;
  metrics: MetricsRegistry;
  readiness?: Readiness;
}

@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      controllers: [OpsController],
      providers: [
        { provide: APP_CONFIG, useValue: options.config },
        { provide: APP_LOGGER, useValue: options.logger },
        { provide: APP_METRICS, useValue: options.metrics },
        { provide: Readiness, useValue: options.readiness ?? new Readiness() },
      ],
      exports: [APP_CONFIG, APP_LOGGER, APP_METRICS, Readiness],
    };
  }
}
