/**
 * One prom-client Registry per process, with the default process metrics and the catalog of
 * metrics shared by every app (remoting requests). App-specific metrics are created from
 * the registry so that everything lands on the same `/metrics` page.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const REQUEST_DURATION_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface RemotingMetrics {
  requestsTotal: Counter<'code' | 'request' | 'response_code'>;
  requestDurationSeconds: Histogram<'code' | 'request'>;
  connections: Gauge;
  malformedFramesTotal: Counter;
  busyRejectionsTotal: Counter;
}

export class MetricsRegistry {
  readonly registry = new Registry();
  readonly remoting: RemotingMetrics;

  constructor(readonly app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry });
    this.remoting = {
      requestsTotal: this.counter('rocketmq_remoting_requests_total', 'Remoting requests served, by request code and response code', [
        'code',
        'request',
        'response_code',
      ]),
      requestDurationSeconds: new Histogram({
        name: 'rocketmq_remoting_request_duration_seconds',
        help: 'Time to serve a remoting request, by request code',
        labelNames: ['code', 'request'],
        buckets: REQUEST_DURATION_BUCKETS_SECONDS,
        registers: [this.registry],
      }),
      connections: this.gauge('rocketmq_remoting_connections', 'Open remoting connections'),
      malformedFramesTotal: this.counter('rocketmq_remoting_malformed_frames_total', 'Connections closed for a malformed or oversize frame'),
      busyRejectionsTotal: this.counter('rocketmq_remoting_busy_rejections_total', 'Requests refused with SYSTEM_BUSY'),
    };
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: L[] = [], collect?: (this: Gauge<L>) => void): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect } : {}) });
  }

  histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /** Prometheus text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
