/**
 * Work queue: the FIFO of keys ("ns/name") that controller workers drain.
 *
 * Contract (client-go's, kept exactly):
 * - A key is never handed to two workers at once: between `get()` returning it and `done(key)`
 *   it is in `processing`, and a re-`add` only marks it dirty.
 * - `done(key)` on a key that was re-added while processing puts it back in the queue, so the
 *   change that arrived during the sync is never lost ("run again").
 * - A key waiting in the queue is added at most once however often `add` is called (dirty set).
 * - After `shutDown()` new adds are ignored; `get()` still hands out what is queued and then
 *   resolves `undefined`, the worker's signal to exit.
 * - `shutDownWithDrain()` also resolves once every queued and in-flight key is done; calling
 *   `shutDown()` afterwards stops waiting.
 * - With a `name` and a metrics provider (workQueueMetrics.ts) it records client-go's queue
 *   metrics: adds and depth when an item becomes dirty, latency at `get`, work duration at
 *   `done`, unfinished work every 500 ms until shut down.
 * Single-threaded JS needs no lock; "concurrency" here means interleaved async workers.
 * Upstream: staging/src/k8s.io/client-go/util/workqueue/queue.go
 */

import { realClock, type Clock, type Timer } from './clock.js';
import { newQueueMetrics, unfinishedWorkUpdatePeriodMs, type QueueMetrics, type WorkQueueMetricsProvider } from './workQueueMetrics.js';

/** client-go's QueueConfig. */
export interface WorkQueueOptions {
  /** The queue's name: the `name` label of its metrics (kube's queue name for the controller). */
  name?: string;
  clock?: Clock;
  /** Default: the provider set by setWorkQueueMetricsProvider when the queue is created. */
  metricsProvider?: WorkQueueMetricsProvider;
}

export interface Queue<T = string> {
  add(item: T): void;
  len(): number;
  /** Resolves with the next item to process, or `undefined` once shut down and empty. */
  get(): Promise<T | undefined>;
  done(item: T): void;
  shutDown(): void;
  shutDownWithDrain(): Promise<void>;
  shuttingDown(): boolean;
}

/** An array-backed FIFO with O(1) amortised shift. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(x: T): void {
    this.items.push(x);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head++];
    // Compact once the consumed prefix dominates, keeping memory proportional to the backlog.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

export class WorkQueue<T = string> implements Queue<T> {
  /** Order of work; every element is in `dirty` and not in `processing`. */
  private readonly queue = new Fifo<T>();
  /** Items that need processing (queued, or re-added while processing). */
  private readonly dirty = new Set<T>();
  /** Items handed out by `get()` and not yet `done()`; may also be dirty. */
  private readonly processing = new Set<T>();
  /** Workers blocked in `get()`, oldest first. */
  private readonly waiters: Array<(item: T | undefined) => void> = [];
  private shutdown = false;
  private drainWaiters: Array<() => void> = [];
  protected readonly clock: Clock;
  protected readonly metrics: QueueMetrics<T> | undefined;
  private unfinishedTimer: Timer | undefined;

  constructor(opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? realClock;
    this.metrics = newQueueMetrics<T>(opts.name, this.clock, opts.metricsProvider);
    if (this.metrics) this.scheduleUnfinishedWork();
  }

  add(item: T): void {
    if (this.shutdown || this.dirty.has(item)) return;
    this.metrics?.add(item);
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    this.queue.push(item);
    this.dispatch();
  }

  len(): number {
    return this.queue.length;
  }

  get(): Promise<T | undefined> {
    if (this.queue.length > 0) return Promise.resolve(this.take());
    if (this.shutdown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  done(item: T): void {
    if (!this.processing.delete(item)) return;
    this.metrics?.done(item);
    if (this.dirty.has(item)) {
      this.queue.push(item);
      this.dispatch();
    }
    this.checkDrained();
  }

  shutDown(): void {
    this.shutdown = true;
    this.stopUnfinishedWork();
    this.releaseWaiters();
    // A forced shut down ends any drain in progress without waiting.
    this.resolveDrain();
  }

  shutDownWithDrain(): Promise<void> {
    this.shutdown = true;
    this.stopUnfinishedWork();
    this.releaseWaiters();
    const p = new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.checkDrained();
    return p;
  }

  shuttingDown(): boolean {
    return this.shutdown;
  }

  private take(): T {
    const item = this.queue.shift() as T;
    this.metrics?.get(item);
    this.processing.add(item);
    this.dirty.delete(item);
    return item;
  }

  private scheduleUnfinishedWork(): void {
    this.unfinishedTimer = this.clock.setTimer(unfinishedWorkUpdatePeriodMs, () => {
      this.metrics?.updateUnfinishedWork();
      if (!this.shutdown) this.scheduleUnfinishedWork();
    });
  }

  private stopUnfinishedWork(): void {
    this.unfinishedTimer?.cancel();
    this.unfinishedTimer = undefined;
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.waiters.length > 0) this.waiters.shift()!(this.take());
  }

  /** Shut down with an empty queue: every blocked worker learns it must exit. */
  private releaseWaiters(): void {
    if (this.queue.length > 0) return;
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  private checkDrained(): void {
    if (!this.shutdown) return;
    if (this.queue.length === 0) this.releaseWaiters();
    if (this.queue.length === 0 && this.processing.size === 0) this.resolveDrain();
  }

  private resolveDrain(): void {
    for (const r of this.drainWaiters.splice(0)) r();
  }
}
