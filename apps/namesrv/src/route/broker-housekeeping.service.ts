/**
 * Broker liveness: scans every brokerScanIntervalMs (first after 5 s, as RocketMQ) for brokers that
 * stopped registering, and keeps the live-broker and topic gauges current.
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_LOGGER, APP_METRICS } from '@rmq/nest-kit';
import type { Logger, MetricsRegistry } from '@rmq/observability';
import { NAMESRV_CONFIG, NamesrvRuntimeConfig } from '../namesrv.tokens';
import { BrokerRegistrationService } from './broker-registration.service';
import { RouteInfoManager } from './route-info-manager';

const FIRST_SCAN_DELAY_MS = 5_000;

@Injectable()
export class BrokerHousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: Logger;

  constructor(
    private readonly registration: BrokerRegistrationService,
    routes: RouteInfoManager,
    @Inject(NAMESRV_CONFIG) private readonly config: NamesrvRuntimeConfig,
    @Inject(APP_LOGGER) logger: Logger,
    @Inject(APP_METRICS) metrics: MetricsRegistry,
  ) {
    this.log = logger.child({ component: 'broker-housekeeping' });
    metrics.gauge('rocketmq_namesrv_live_brokers', 'Brokers registered and alive', [], function collect() {
      this.set(routes.liveBrokers().size);
    });
    metrics.gauge('rocketmq_namesrv_topics', 'Topics with a route', [], function collect() {
      this.set(routes.topicCount());
    });
  }

  onApplicationBootstrap(): void {
    const first = setTimeout(
      () => {
        this.scan();
        const every = setInterval(() => this.scan(), this.config.brokerScanIntervalMs);
        every.unref();
        this.timers.push(every);
      },
      Math.min(FIRST_SCAN_DELAY_MS, this.config.brokerScanIntervalMs),
    );
    first.unref();
    this.timers.push(first);
  }

  scan(): void {
    const expired = this.registration.scanNotActiveBroker();
    for (const brokerAddr of expired)
      this.log.warn({ brokerAddr }, 'broker expired: no registration for too long');
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }
}
