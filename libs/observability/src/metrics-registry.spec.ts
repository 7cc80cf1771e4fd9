import { MetricsRegistry } from './metrics-registry';

describe('MetricsRegistry', () => {
  it('renders process metrics and the remoting catalog in Prometheus text format', async () => {
    const metrics = new MetricsRegistry('namesrv');
    metrics.remoting.requestsTotal.inc({
      code: '105',
      request: 'GET_ROUTEINFO_BY_TOPIC',
      response_code: '0',
    });
    const { contentType, body } = await metrics.render();
    expect(contentType).toContain('text/plain');
    expect(body).toContain('process_cpu_seconds_total');
    expect(body).toMatch(
      /rocketmq_remoting_requests_total\{code="105",request="GET_ROUTEINFO_BY_TOPIC",response_code="0",app="namesrv"\} 1/,
    );
  });

  it('keeps registries of two apps apart', async () => {
    const a = new MetricsRegistry('a');
    const b = new MetricsRegistry('b');
    a.counter('only_in_a_total', 'x').inc();
    expect((await b.render()).body).not.toContain('only_in_a_total');
  });
});
