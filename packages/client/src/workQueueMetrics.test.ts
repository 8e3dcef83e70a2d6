import t from 'tap';
import { DelayingWorkQueue } from './delayingQueue.js';
import { RateLimitingWorkQueue } from './rateLimitingQueue.js';
import { FakeClock } from './testing/fakeClock.js';
import { WorkQueue } from './workQueue.js';
import { setWorkQueueMetricsProvider, withWorkQueueMetricsProvider, type WorkQueueMetricsProvider } from './workQueueMetrics.js';

/** A provider that records every value per `<metric>/<queue name>`. */
function recordingProvider(): { provider: WorkQueueMetricsProvider; values: Map<string, number[]> } {
  const values = new Map<string, number[]>();
  const push = (key: string, v: number): void => void values.set(key, [...(values.get(key) ?? []), v]);
  const gauge = (key: string) => {
    let v = 0;
    return { inc: () => push(key, ++v), dec: () => push(key, --v), set: (x: number) => push(key, x) };
  };
  const counter = (key: string) => {
    let v = 0;
    return { inc: () => push(key, ++v) };
  };
  const histogram = (key: string) => ({ observe: (x: number) => push(key, x) });
  return {
    values,
    provider: {
      newDepthMetric: (n) => gauge(`depth/${n}`),
      newAddsMetric: (n) => counter(`adds/${n}`),
      newLatencyMetric: (n) => histogram(`latency/${n}`),
      newWorkDurationMetric: (n) => histogram(`work/${n}`),
      newUnfinishedWorkSecondsMetric: (n) => gauge(`unfinished/${n}`),
      newLongestRunningProcessorSecondsMetric: (n) => gauge(`longest/${n}`),
      newRetriesMetric: (n) => counter(`retries/${n}`),
    },
  };
}

t.test('client-go queue metrics, step by step', async (t) => {
  const clock = new FakeClock({ now: 0 });
  const { provider, values } = recordingProvider();
  const q = new DelayingWorkQueue<string>({ name: 'endpoint', clock, metricsProvider: provider });
  const steps: Array<[string, () => unknown, Record<string, number[]>]> = [
    ['add a: adds and depth go up', () => q.add('a'), { 'adds/endpoint': [1], 'depth/endpoint': [1] }],
    ['add a again while queued: nothing', () => q.add('a'), { 'adds/endpoint': [1], 'depth/endpoint': [1] }],
    ['get after 2 s: depth down, 2 s of latency', async () => (clock.advance(2000), q.get()), { 'depth/endpoint': [1, 0], 'latency/endpoint': [2] }],
    ['re-add while processing: counted (the item is dirty)', () => q.add('a'), { 'adds/endpoint': [1, 2], 'depth/endpoint': [1, 0, 1] }],
    ['0.5 s into the work: unfinished and longest', () => clock.advance(500), { 'unfinished/endpoint': [0.5], 'longest/endpoint': [0.5] }],
    ['done after 1 s of work', () => (clock.advance(500), q.done('a')), { 'work/endpoint': [1] }],
    ['addAfter counts a retry', () => q.addAfter('b', 100), { 'retries/endpoint': [1] }],
  ];
  for (const [name, act, want] of steps) {
    await act();
    for (const [key, series] of Object.entries(want)) t.same(values.get(key)?.slice(-series.length), series, `${name}: ${key}`);
  }
  q.shutDown();
});

t.test('which queues record', async (t) => {
  const clock = new FakeClock({ now: 0 });
  const { provider, values } = recordingProvider();
  const cases: Array<[string, () => WorkQueue<string>, boolean]> = [
    ['named, provider in options', () => new WorkQueue<string>({ name: 'q1', clock, metricsProvider: provider }), true],
    ['no name', () => new WorkQueue<string>({ clock, metricsProvider: provider }), false],
    ['named, no provider anywhere', () => new WorkQueue<string>({ name: 'q2', clock }), false],
    ['named, provider set while constructing', () => withWorkQueueMetricsProvider(provider, () => new RateLimitingWorkQueue<string>({ name: 'q3', clock })), true],
    ['named, constructed after the scoped provider was put back', () => new WorkQueue<string>({ name: 'q4', clock }), false],
  ];
  for (const [name, make, records] of cases) {
    const before = values.size;
    const q = make();
    q.add('x');
    t.equal(values.size > before, records, name);
    q.shutDown();
  }
  t.equal(setWorkQueueMetricsProvider(undefined), undefined, 'the scoped provider left nothing set');
});

t.test('shut down stops the unfinished-work updates', async (t) => {
  const clock = new FakeClock({ now: 0 });
  const { provider, values } = recordingProvider();
  const q = new WorkQueue<string>({ name: 'q', clock, metricsProvider: provider });
  clock.advance(1000);
  t.equal(values.get('unfinished/q')?.length, 2);
  q.shutDown();
  clock.advance(5000);
  t.equal(values.get('unfinished/q')?.length, 2);
});
