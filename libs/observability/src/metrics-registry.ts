/**
 * One prom-client Registry per process, with the default process metrics and the catalog of
 * metrics shared by every app (remoting requests). App-specific metrics are created from
 * the registry so that everything lands on the same `/metrics` page.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { BucketHistogram } from './bucket-histogram';

export const REQUEST_DURATION_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

export interface RemotingMetrics {
  requestsTotal: Counter<'code' | 'request' | 'response_code'>;
  requestDurationSeconds: BucketHistogram<'code' | 'request'>;
}

/** Totals a remoting server keeps itself; exported as metrics when Prometheus scrapes. */
export interface RemotingServerTotals {
  connections: number;
  malformedFrameCloses: number;
  busyRejections: number;
  idleCloses: number;
}

export class MetricsRegistry {
  readonly registry = new Registry();
  readonly remoting: RemotingMetrics;

  constructor(readonly app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry });
    this.remoting = {
      requestsTotal: this.counter(
        'rocketmq_remoting_requests_total',
        'Remoting requests served, by request code and response code',
        ['code', 'request', 'response_code'],
      ),
      requestDurationSeconds: this.histogram(
        'rocketmq_remoting_request_duration_seconds',
        'Time to serve a remoting request, by request code',
        ['code', 'request'],
        REQUEST_DURATION_BUCKETS_SECONDS,
      ),
    };
  }

  /** Exports a remoting server's own totals, read at scrape time (nothing is counted twice). */
  observeRemotingServer(read: () => RemotingServerTotals): void {
    this.gauge('rocketmq_remoting_connections', 'Open remoting connections', [], function collect() {
      this.set(read().connections);
    });
    this.counterFromTotal(
      'rocketmq_remoting_malformed_frames_total',
      'Connections closed for a malformed or oversize frame',
      () => read().malformedFrameCloses,
    );
    this.counterFromTotal(
      'rocketmq_remoting_busy_rejections_total',
      'Requests refused with SYSTEM_BUSY',
      () => read().busyRejections,
    );
    this.counterFromTotal(
      'rocketmq_remoting_idle_closes_total',
      'Connections closed for being idle',
      () => read().idleCloses,
    );
  }

  /** A counter whose value is a running total kept elsewhere. */
  counterFromTotal(name: string, help: string, read: () => number): Counter {
    return new Counter({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  }

  counter<L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: L[] = [],
    collect?: (this: Gauge<L>) => void,
  ): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry], ...(collect ? { collect } : {}) });
  }

  /** A histogram for hot paths (see BucketHistogram): observe through a child kept from labels(). */
  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    buckets: number[],
  ): BucketHistogram<L> {
    return new BucketHistogram(name, help, labelNames, buckets).registerOn(this.registry);
  }

  /** Prometheus text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
