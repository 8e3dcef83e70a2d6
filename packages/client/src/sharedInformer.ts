/**
 * SharedInformer: one reflector and one indexed cache shared by many event handlers.
 *
 * Contract (client-go's, restated):
 * - The cache is eventually consistent with the server: after changes stop, it converges to
 *   the server's state, and every handler is told about each change it lives through.
 * - Per handler, notifications arrive in the order the cache changed, never two at a time.
 *   Each handler has its own unbounded buffer, so a slow handler never delays another.
 * - `onAdd(obj, isInInitialList)`, `onUpdate(old, new)`, `onDelete(lastKnownState)`. After a
 *   410 relist only real differences are delivered. A handler added late first receives an
 *   `onAdd(…, true)` for every cached object.
 * - Resync: every `resyncPeriodMs` (per handler; 0 = never) the handler gets
 *   `onUpdate(obj, obj)` for every cached object — a chance to re-check the world; the two
 *   arguments are the same object.
 * - `start()` launches the list/watch and returns at once; `hasSynced()` turns true after the
 *   first list is in the cache; `waitForCacheSync(signal)` awaits that. `stop()` ends the watch,
 *   cancels resyncs, drops undelivered notifications and waits for calls in progress.
 * - `relist()` lists afresh and delivers only the differences; `transform` rewrites each object
 *   before it is cached (client-go's SetTransform).
 * - Cached objects are frozen (see store.ts); copy before editing.
 * Upstream: staging/src/k8s.io/client-go/tools/cache/shared_informer.go
 */
import type { KubeObject } from '@miniplane/api';
import { realClock, type Clock, type Timer } from './clock.js';
import { silentLogger, type Logger } from './logger.js';
import { ProcessorListener, type ResourceEventHandler } from './processorListener.js';
import { Reflector, type Delta, type ListerWatcher, type ReflectorOptions } from './reflector.js';
import { IndexedStore, type Indexer, type Indexers } from './store.js';

export interface SharedInformerOptions<T extends KubeObject> {
  listerWatcher: ListerWatcher<T>;
  /** Default resync period for handlers, in ms (default 0: never). */
  resyncPeriodMs?: number;
  indexers?: Indexers<T>;
  name?: string;
  clock?: Clock;
  logger?: Logger;
  /** Passed through to the Reflector. */
  reflector?: Pick<ReflectorOptions<T>, 'backoff' | 'pageSize' | 'minWatchTimeoutSeconds' | 'random'>;
  /** Rewrites each object before it is cached (see ReflectorOptions.transform), e.g. `stripManagedFields`. */
  transform?: (obj: T) => T;
}

export interface HandlerRegistration {
  /** True once this handler has been handed the informer's initial state. */
  hasSynced(): boolean;
  /** Stops notifications to this handler; resolves when a call in progress ends. */
  remove(): Promise<void>;
}

interface Entry<T> {
  listener: ProcessorListener<T>;
  resyncMs: number;
  timer?: Timer;
}

export class SharedInformer<T extends KubeObject = KubeObject> {
  readonly store: Indexer<T>;
  private readonly reflector: Reflector<T>;
  private readonly entries = new Set<Entry<T>>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly defaultResyncMs: number;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private syncWaiters: Array<(ok: boolean) => void> = [];

  constructor(opts: SharedInformerOptions<T>) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.logger ?? silentLogger;
    this.defaultResyncMs = opts.resyncPeriodMs ?? 0;
    this.store = new IndexedStore<T>({ indexers: opts.indexers });
    this.reflector = new Reflector<T>({
      ...opts.reflector,
      listerWatcher: opts.listerWatcher,
      transform: opts.transform,
      store: this.store,
      name: opts.name,
      clock: this.clock,
      logger: this.log,
      onDelta: (d) => this.distribute(d),
      onSync: () => this.onSync(),
    });
  }

  addEventHandler(handler: ResourceEventHandler<T>, opts: { resyncPeriodMs?: number } = {}): HandlerRegistration {
    const listener = new ProcessorListener<T>(handler, (err, d) =>
      this.log.error({ err: err instanceof Error ? err.message : String(err), delta: d.type }, 'event handler failed'));
    const entry: Entry<T> = { listener, resyncMs: opts.resyncPeriodMs ?? this.defaultResyncMs };
    this.entries.add(entry);
    for (const obj of this.store.list()) listener.add({ type: 'add', obj, initial: true });
    if (this.reflector.hasSynced()) {
      listener.markSynced();
      this.armResync(entry);
    }
    return {
      hasSynced: () => listener.hasSynced(),
      remove: async () => {
        this.entries.delete(entry);
        entry.timer?.cancel();
        await listener.stop();
      },
    };
  }

  async start(): Promise<void> {
    if (this.state !== 'new') return;
    this.state = 'running';
    await this.reflector.start();
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await this.reflector.stop();
    for (const r of this.syncWaiters.splice(0)) r(false);
    await Promise.all([...this.entries].map(async (e) => {
      e.timer?.cancel();
      await e.listener.stop();
    }));
  }

  hasSynced(): boolean {
    return this.reflector.hasSynced();
  }

  /** Resolves true once synced, false if `signal` aborts or the informer stops first. */
  waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    if (this.hasSynced()) return Promise.resolve(true);
    if (signal?.aborted || this.state === 'stopped') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const onAbort = (): void => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(done);
    });
  }

  /**
   * Lists afresh (ending the watch in progress); handlers get only the differences, as after a
   * 410. Resolves once the new list is in the cache (at once if not running).
   */
  relist(): Promise<void> {
    return this.state === 'running' ? this.reflector.relist() : Promise.resolve();
  }

  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion();
  }

  /** Resolves when every handler has processed everything delivered so far (for tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.entries].map((e) => e.listener.idle()));
  }

  private distribute(d: Delta<T>): void {
    for (const e of this.entries) e.listener.add(d);
  }

  private onSync(): void {
    // Only the first list defines "initial state"; relists after a 410 change nothing here.
    for (const e of this.entries) {
      e.listener.markSynced();
      if (!e.timer) this.armResync(e);
    }
    for (const r of this.syncWaiters.splice(0)) r(true);
  }

  private armResync(e: Entry<T>): void {
    if (e.resyncMs <= 0 || this.state !== 'running') return;
    e.timer = this.clock.setTimer(e.resyncMs, () => {
      if (!this.entries.has(e) || this.state !== 'running') return;
      for (const obj of this.store.list()) e.listener.add({ type: 'update', old: obj, obj });
      this.armResync(e);
    });
  }
}
