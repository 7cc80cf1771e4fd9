import { Histogram, Registry } from 'prom-client';
import { BucketHistogram } from './bucket-histogram';

const BUCKETS = [0.001, 0.01, 0.1, 1];
const OBSERVATIONS: Array<[string, number]> = [
  ['ok', 0.0004],
  ['ok', 0.001],
  ['ok', 0.05],
  ['failed', 3],
  ['ok', 0.7],
  ['failed', 0.0099],
];

/** Both registries with the same default label, so rendering covers label merging too. */
function registries(): [Registry, Registry] {
  const ours = new Registry();
  const theirs = new Registry();
  for (const registry of [ours, theirs]) registry.setDefaultLabels({ app: 'broker' });
  return [ours, theirs];
}

describe('BucketHistogram', () => {
  it("renders exactly what prom-client's Histogram renders for the same observations", async () => {
    const [ours, theirs] = registries();
    const fast = new BucketHistogram('x_seconds', 'help text', ['outcome'], BUCKETS).registerOn(ours);
    const reference = new Histogram({
      name: 'x_seconds',
      help: 'help text',
      labelNames: ['outcome'],
      buckets: BUCKETS,
      registers: [theirs],
    });
    for (const [outcome, value] of OBSERVATIONS) {
      fast.labels({ outcome }).observe(value);
      reference.labels({ outcome }).observe(value);
    }
    // A series looked up but never observed is not rendered.
    fast.labels({ outcome: 'idle' });
    reference.labels({ outcome: 'idle' });
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('x_seconds_bucket{le="0.01",app="broker",outcome="failed"} 1');
    expect(text).toContain('x_seconds_count{app="broker",outcome="ok"} 4');
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('renders an unlabelled histogram like prom-client, and resets to zero', async () => {
    const [ours, theirs] = registries();
    const fast = new BucketHistogram('y_seconds', 'h', [], BUCKETS).registerOn(ours);
    const reference = new Histogram({ name: 'y_seconds', help: 'h', buckets: BUCKETS, registers: [theirs] });
    expect(await ours.metrics()).toBe(await theirs.metrics()); // a zero series before any observation
    for (const [, value] of OBSERVATIONS) {
      fast.observe(value);
      reference.observe(value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    fast.reset();
    reference.reset();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).not.toContain('y_seconds_count');
  });

  it('refuses values that are not numbers and label sets that miss a label', () => {
    const fast = new BucketHistogram('z_seconds', 'h', ['outcome'], BUCKETS);
    expect(() => fast.labels({ outcome: 'ok' }).observe(Number.NaN)).toThrow(TypeError);
    expect(() => fast.labels({} as { outcome: string })).toThrow(/needs label 'outcome'/);
    expect(() => fast.observe(1)).toThrow(/observe through labels/);
  });
});
