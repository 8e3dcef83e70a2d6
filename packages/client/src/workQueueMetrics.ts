/**
 * Work-queue metrics: the provider hook of client-go's work queue, with its semantics.
 *
 * Contract
 * - A provider (`WorkQueueMetricsProvider`, client-go's MetricsProvider) makes one metric of each
 *   kind per queue name. `setWorkQueueMetricsProvider` sets the provider for queues created from
 *   then on (client-go's SetProvider; here a later call replaces it, and `undefined` turns metrics
 *   off); `withWorkQueueMetricsProvider(p, fn)` sets it only while `fn` runs synchronously, so the
 *   queues a controller manager constructs bind to that manager's registry.
 * - A queue without a name, or created while no provider is set (nor given in its options),
 *   records nothing.
 * - `QueueMetrics` is what a queue calls: `add` (an item becomes dirty: adds+1, depth+1, its add
 *   time kept unless it already has one), `get` (depth-1, the time it waited observed as
 *   latency), `done` (the processing time observed as work duration), `retry` (every AddAfter),
 *   and `updateUnfinishedWork` (sum and maximum of the running items' ages, in seconds), which the
 *   queue calls every 500 ms while it runs (client-go's updateUnfinishedWorkLoop).
 * Upstream: staging/src/k8s.io/client-go/util/workqueue/metrics.go, queue.go (updateUnfinishedWorkLoop)
 */
import type { Clock } from './clock.js';

export interface GaugeMetric {
  inc(): void;
  dec(): void;
}
export interface SettableGaugeMetric {
  set(value: number): void;
}
export interface CounterMetric {
  inc(): void;
}
export interface HistogramMetric {
  observe(value: number): void;
}

export interface WorkQueueMetricsProvider {
  newDepthMetric(name: string): GaugeMetric;
  newAddsMetric(name: string): CounterMetric;
  newLatencyMetric(name: string): HistogramMetric;
  newWorkDurationMetric(name: string): HistogramMetric;
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  newRetriesMetric(name: string): CounterMetric;
}

/** client-go's unfinished-work update period. */
export const unfinishedWorkUpdatePeriodMs = 500;

let current: WorkQueueMetricsProvider | undefined;

/** Sets the provider for queues created from now on; returns the one it replaces. */
export function setWorkQueueMetricsProvider(provider: WorkQueueMetricsProvider | undefined): WorkQueueMetricsProvider | undefined {
  const previous = current;
  current = provider;
  return previous;
}

/** Runs `fn` with `provider` set, then puts the previous one back (queues bind at construction). */
export function withWorkQueueMetricsProvider<T>(provider: WorkQueueMetricsProvider | undefined, fn: () => T): T {
  const previous = setWorkQueueMetricsProvider(provider);
  try {
    return fn();
  } finally {
    setWorkQueueMetricsProvider(previous);
  }
}

export class QueueMetrics<T> {
  private readonly depth: GaugeMetric;
  private readonly adds: CounterMetric;
  private readonly latency: HistogramMetric;
  private readonly workDuration: HistogramMetric;
  private readonly unfinished: SettableGaugeMetric;
  private readonly longest: SettableGaugeMetric;
  private readonly retries: CounterMetric;
  private readonly addTimes = new Map<T, number>();
  private readonly processingStartTimes = new Map<T, number>();

  constructor(name: string, provider: WorkQueueMetricsProvider, private readonly clock: Clock) {
    this.depth = provider.newDepthMetric(name);
    this.adds = provider.newAddsMetric(name);
    this.latency = provider.newLatencyMetric(name);
    this.workDuration = provider.newWorkDurationMetric(name);
    this.unfinished = provider.newUnfinishedWorkSecondsMetric(name);
    this.longest = provider.newLongestRunningProcessorSecondsMetric(name);
    this.retries = provider.newRetriesMetric(name);
  }

  add(item: T): void {
    this.adds.inc();
    this.depth.inc();
    if (!this.addTimes.has(item)) this.addTimes.set(item, this.clock.now());
  }

  get(item: T): void {
    this.depth.dec();
    const now = this.clock.now();
    this.processingStartTimes.set(item, now);
    const added = this.addTimes.get(item);
    if (added !== undefined) {
      this.latency.observe((now - added) / 1000);
      this.addTimes.delete(item);
    }
  }

  done(item: T): void {
    const started = this.processingStartTimes.get(item);
    if (started === undefined) return;
    this.workDuration.observe((this.clock.now() - started) / 1000);
    this.processingStartTimes.delete(item);
  }

  retry(): void {
    this.retries.inc();
  }

  updateUnfinishedWork(): void {
    const now = this.clock.now();
    let total = 0;
    let oldest = 0;
    for (const started of this.processingStartTimes.values()) {
      const age = (now - started) / 1000;
      total += age;
      oldest = Math.max(oldest, age);
    }
    this.unfinished.set(total);
    this.longest.set(oldest);
  }
}

/** The metrics of a new queue: undefined without a name or a provider (client-go's noMetrics). */
export function newQueueMetrics<T>(name: string | undefined, clock: Clock, provider = current): QueueMetrics<T> | undefined {
  return name && provider ? new QueueMetrics<T>(name, provider, clock) : undefined;
}
