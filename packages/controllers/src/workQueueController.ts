/**
 * WorkQueueController: the start/stop skeleton every controller shell here shares, in
 * client-go's split: informer handlers → one rate-limited work queue of keys → N workers →
 * one `sync(key)` per key (workerLoop.ts: back-off, retry budget, one worker per key at a time).
 * A shell states only what differs: its queue's name and back-off, its informer handlers
 * (`handlers()`), the keys it syncs at start (`initialKeys()`), and `sync(key)`.
 *
 * Contract
 * - The constructor makes the queue and does no I/O.
 * - `start()` registers the handlers, queues the initial keys (and `pass.key`), then starts the
 *   workers; it expects synced informers (each cached object is offered to a new handler).
 *   Later calls do nothing.
 * - A `pass` shell plans over its whole cache under one key; with `pass.everyMs` the key is
 *   queued again that long after each sync of it, failed or not (kube's wait.Until).
 * - With `resyncPeriodMs`, `resync()` runs that often until stop.
 * - `stop()`: aborts `signal` (requests in flight give up), shuts the queue down (a worker
 *   finishes the key in hand and takes no other), removes the handlers — it never stops an
 *   informer: informers may be shared (`miniplane up` hands one SharedInformerFactory to every
 *   component and every term of leadership) — then resolves once every worker has returned and
 *   `stopped()` (e.g. an Event flush) is done. Writes are fenced by the manager's client, not here.
 * Upstream: staging/src/k8s.io/sample-controller/controller.go (Run, runWorker),
 * pkg/controller/endpointslice/endpointslice_controller.go (Run)
 */
import type { KubeObject } from '@miniplane/api';
import {
  BucketRateLimiter, ItemExponentialFailureRateLimiter, MaxOfRateLimiter, RateLimitingWorkQueue, realClock, silentLogger,
  type Clock, type HandlerRegistration, type Indexer, type Logger, type RestClient, type Timer,
} from '@miniplane/client';
import { EventRecorder, apiEventSink, type EventSink } from './eventRecorder.js';
import { startWorkers } from './workerLoop.js';

/** What the options of every controller shell carry. */
export interface ControllerShellOptions {
  /** The apiserver, reached only through its HTTP API. */
  client: RestClient;
  /** Written as the Events' source.host / reportingInstance (the leader election identity). */
  identity?: string;
  /** Where Events go (default: the API through `client`). */
  eventSink?: EventSink;
  clock?: Clock;
  logger?: Logger;
  /** Requeues of a failing key before it is dropped (default 15, client-go's). */
  maxRetries?: number;
}

/** How a shell's queue and workers are set up. */
export interface WorkQueueSetup {
  /** The queue's name: the `name` label of its workqueue metrics (kube's queue name). */
  queueName: string;
  /**
   * A failing key's back-off, doubling from base to max (default client-go's DefaultControllerRateLimiter:
   * 5 ms to 1000 s); retries overall are held to 10 qps (burst 100) either way, as kube's.
   */
  backoff?: { baseDelayMs: number; maxDelayMs: number };
  /** Keys synced at once (default 1), kube's `--concurrent-*-syncs`. */
  workers?: number;
  /** One key for a pass over the whole cache: queued at start, and `everyMs` after each pass. */
  pass?: { key: string; everyMs?: number };
  /** How often `resync()` runs (default never). */
  resyncPeriodMs?: number;
}

export abstract class WorkQueueController {
  readonly queue: RateLimitingWorkQueue<string>;
  protected readonly clock: Clock;
  protected readonly log: Logger;
  /** Aborted by `stop()`: requests given it end then. */
  protected readonly signal: AbortSignal;
  private readonly abort = new AbortController();
  private registrations: HandlerRegistration[] = [];
  private workers: Promise<void>[] = [];
  private resyncTimer: Timer | undefined;

  constructor(private readonly shell: ControllerShellOptions, private readonly setup: WorkQueueSetup) {
    this.clock = shell.clock ?? realClock;
    this.log = shell.logger ?? silentLogger;
    this.signal = this.abort.signal;
    const rateLimiter = setup.backoff && new MaxOfRateLimiter<string>(
      new ItemExponentialFailureRateLimiter<string>(setup.backoff), new BucketRateLimiter<string>({ qps: 10, burst: 100, clock: this.clock }));
    this.queue = new RateLimitingWorkQueue<string>({ name: setup.queueName, clock: this.clock, rateLimiter });
  }

  /** Syncs one key: plans from the caches and writes. A throw retries the key rate limited. */
  protected abstract sync(key: string): Promise<void>;

  /** Registers the informer handlers that queue keys (default none). */
  protected handlers(): HandlerRegistration[] {
    return [];
  }

  /** The keys to sync at start besides those the handlers queue (default none). */
  protected initialKeys(): Iterable<string> {
    return [];
  }

  /** Runs every `resyncPeriodMs` while started. */
  protected resync(): void {}

  /** Runs at the end of `stop()`, once the workers have returned. */
  protected async stopped(): Promise<void> {}

  /** Queues `key` unless it is undefined or empty. */
  protected enqueue(key: string | undefined): void {
    if (key) this.queue.add(key);
  }

  /**
   * Adds the index `name` (one key per object, none for undefined or empty) to a cache unless it
   * has it: a shared informer outlives a term of controllers (miniplane up's factory).
   */
  protected indexOnce<T extends KubeObject>(store: Indexer<T>, name: string, keyOf: (obj: T) => string | undefined): void {
    if (store.hasIndexer(name)) return;
    store.addIndexers({
      [name]: (obj) => {
        const key = keyOf(obj);
        return key ? [key] : [];
      },
    });
  }

  /** An Event recorder for `component`, on the shell's sink (default: the API) and identity. */
  protected eventRecorder(component: string): EventRecorder {
    const { eventSink, client, identity } = this.shell;
    return new EventRecorder({ sink: eventSink ?? apiEventSink(client), component, host: identity, clock: this.clock, logger: this.log });
  }

  async start(): Promise<void> {
    if (this.workers.length) return;
    this.registrations = this.handlers();
    for (const key of this.initialKeys()) this.queue.add(key);
    const pass = this.setup.pass;
    if (pass) this.queue.add(pass.key);
    const sync = pass?.everyMs === undefined ? (key: string) => this.sync(key) : (key: string) => this.syncPass(key, pass.key, pass.everyMs!);
    this.workers = startWorkers(this.setup.workers ?? 1, { queue: this.queue, sync, logger: this.log, maxRetries: this.shell.maxRetries });
    this.scheduleResync();
  }

  async stop(): Promise<void> {
    this.resyncTimer?.cancel();
    this.abort.abort();
    this.queue.shutDown();
    await Promise.all(this.registrations.map((r) => r.remove()));
    await Promise.all(this.workers);
    await this.stopped();
  }

  private async syncPass(key: string, passKey: string, everyMs: number): Promise<void> {
    try {
      await this.sync(key);
    } finally {
      if (key === passKey) this.queue.addAfter(passKey, everyMs);
    }
  }

  private scheduleResync(): void {
    const period = this.setup.resyncPeriodMs ?? 0;
    if (period <= 0) return;
    this.resyncTimer = this.clock.setTimer(period, () => {
      if (this.queue.shuttingDown()) return;
      this.resync();
      this.scheduleResync();
    });
  }
}
