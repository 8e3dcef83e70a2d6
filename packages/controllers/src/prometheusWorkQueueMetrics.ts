/**
 * client-go's work-queue metrics on a prom-client registry: the provider component-base
 * registers (`workqueue_depth`, `workqueue_adds_total`, `workqueue_queue_duration_seconds`,
 * `workqueue_work_duration_seconds`, `workqueue_unfinished_work_seconds`,
 * `workqueue_longest_running_processor_seconds`, `workqueue_retries_total`, each labelled `name`
 * with the queue's name; BETA help texts; duration buckets 1 µs × 10^0..9).
 *
 * Contract: `workQueueMetricsProvider(registry)` registers the seven metrics once per registry
 * and returns the same provider for it every time (a new leadership term's queues reuse them:
 * a queue name's series continue). A queue's series are served, at 0, from the moment it is made.
 * Upstream: staging/src/k8s.io/component-base/metrics/prometheus/workqueue/metrics.go
 */
import { Counter, Gauge, Histogram, exponentialBuckets, type Registry } from 'prom-client';
import type { WorkQueueMetricsProvider } from '@miniplane/client';

const providers = new WeakMap<Registry, WorkQueueMetricsProvider>();

export function workQueueMetricsProvider(registry: Registry): WorkQueueMetricsProvider {
  let provider = providers.get(registry);
  if (!provider) providers.set(registry, (provider = newProvider(registry)));
  return provider;
}

function newProvider(registry: Registry): WorkQueueMetricsProvider {
  const registers = [registry];
  const labelNames = ['name'] as const;
  const gauge = (key: string, help: string) => new Gauge({ name: `workqueue_${key}`, help: `[BETA] ${help}`, labelNames, registers });
  const counter = (key: string, help: string) => new Counter({ name: `workqueue_${key}`, help: `[BETA] ${help}`, labelNames, registers });
  const histogram = (key: string, help: string) =>
    new Histogram({ name: `workqueue_${key}`, help: `[BETA] ${help}`, labelNames, buckets: exponentialBuckets(10e-7, 10, 10), registers });
  const depth = gauge('depth', 'Current depth of workqueue');
  const adds = counter('adds_total', 'Total number of adds handled by workqueue');
  const latency = histogram('queue_duration_seconds', 'How long in seconds an item stays in workqueue before being requested.');
  const work = histogram('work_duration_seconds', 'How long in seconds processing an item from workqueue takes.');
  const unfinished = gauge('unfinished_work_seconds', 'How many seconds of work has done that is in progress and hasn\'t been observed by work_duration. '
    + 'Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.');
  const longest = gauge('longest_running_processor_seconds', 'How many seconds has the longest running processor for workqueue been running.');
  const retries = counter('retries_total', 'Total number of retries handled by workqueue');
  // Each series is served from the queue's creation, 0 until it moves, as component-base's
  // WithLabelValues makes it (prom-client would otherwise show a series only once it is set).
  const shown = <T extends { inc(n: number): void }>(m: T): T => (m.inc(0), m);
  const zeroed = (h: Histogram<'name'>, name: string) => (h.zero({ name }), h.labels(name));
  return {
    newDepthMetric: (name) => shown(depth.labels(name)),
    newAddsMetric: (name) => shown(adds.labels(name)),
    newLatencyMetric: (name) => zeroed(latency, name),
    newWorkDurationMetric: (name) => zeroed(work, name),
    newUnfinishedWorkSecondsMetric: (name) => shown(unfinished.labels(name)),
    newLongestRunningProcessorSecondsMetric: (name) => shown(longest.labels(name)),
    newRetriesMetric: (name) => shown(retries.labels(name)),
  };
}
