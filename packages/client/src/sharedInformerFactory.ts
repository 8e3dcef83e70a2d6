/**
 * SharedInformerFactory: one SharedInformer per resource and scope (namespace, label and field
 * selector) in a process, however many components ask for it, so N consumers of pods cost one
 * list, one watch and one cache. kube-controller-manager hands one factory to all its controllers;
 * `miniplane up` hands one to its controllers, scheduler and kubelets.
 *
 * Contract
 * - `informerFor(resource, scope)` returns the same informer for the same resource and scope,
 *   creating it on first ask; indexers given are added to its cache once (by name).
 * - `start()` starts every informer not started yet (ones asked for later start at the next
 *   `start()`); `waitForCacheSync(signal)` is true once every started informer has listed (as
 *   client-go's, it does not wait for one not started yet), false if `signal` aborts or the
 *   factory stops first.
 * - Consumers do not stop shared informers: they remove their handlers. `stop()` (the owner's)
 *   stops them all; asking for an informer after it throws.
 * - `relist()` makes every running informer list afresh (handlers get only the differences) and
 *   resolves once all have; until then `waitForCacheSync` waits for it too, so a consumer starting
 *   after the server's state was swapped (reset) starts from the new state, not from caches that
 *   may lag it.
 * - `transform` (e.g. `stripManagedFields`) applies to every informer of the factory.
 * Upstream: staging/src/k8s.io/client-go/informers/factory.go (sharedInformerFactory)
 */
import { setMaxListeners } from 'node:events';
import type { KubeObject } from '@miniplane/api';
import type { ResourceInfo } from '@miniplane/api/resources';
import { realClock, type Clock } from './clock.js';
import { silentLogger, type Logger } from './logger.js';
import { listWatch } from './reflector.js';
import type { ResourceClient } from './resourceClient.js';
import { SharedInformer } from './sharedInformer.js';
import type { Indexers } from './store.js';

/** What an informer lists and watches besides its resource (client-go's TweakListOptions). */
export interface InformerScope {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface SharedInformerFactoryOptions {
  client: { resource<T extends KubeObject>(resource: ResourceInfo): ResourceClient<T> };
  clock?: Clock;
  /** With a pino-like `child`, each informer logs as `{component: 'informer', resource}`. */
  logger?: Logger & { child?(bindings: Record<string, unknown>): Logger };
  /** Default resync period of the informers' handlers, in ms (default 0: never). */
  resyncPeriodMs?: number;
  /** Applied to every object before it is cached (see SharedInformerOptions.transform). */
  transform?: (obj: KubeObject) => KubeObject;
}

/** The informer key: group/version/plural, then the scope. */
export function informerKey(resource: Pick<ResourceInfo, 'group' | 'version' | 'plural'>, scope: InformerScope = {}): string {
  const base = `${resource.group ? `${resource.group}/` : ''}${resource.version}/${resource.plural}`;
  const parts = [['namespace', scope.namespace], ['labelSelector', scope.labelSelector], ['fieldSelector', scope.fieldSelector]]
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${base}?${parts.join('&')}` : base;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedInformer>();
  private readonly started = new Set<SharedInformer>();
  private stopped = false;
  private relisting: Promise<void> | undefined;

  constructor(private readonly o: SharedInformerFactoryOptions) {}

  informerFor<T extends KubeObject>(resource: ResourceInfo, scope: InformerScope = {}, indexers?: Indexers<T>): SharedInformer<T> {
    if (this.stopped) throw new Error('informer factory: stopped');
    const key = informerKey(resource, scope);
    let inf = this.informers.get(key) as SharedInformer<T> | undefined;
    if (!inf) {
      const log = this.o.logger?.child ? this.o.logger.child({ component: 'informer', resource: resource.plural }) : this.o.logger ?? silentLogger;
      inf = new SharedInformer<T>({
        listerWatcher: listWatch(this.o.client.resource<T>(resource), scope), name: resource.plural, clock: this.o.clock ?? realClock,
        logger: log, resyncPeriodMs: this.o.resyncPeriodMs, transform: this.o.transform as ((obj: T) => T) | undefined,
      });
      this.informers.set(key, inf as unknown as SharedInformer);
    }
    const missing = Object.entries(indexers ?? {}).filter(([name]) => !inf.store.hasIndexer(name));
    if (missing.length) inf.store.addIndexers(Object.fromEntries(missing));
    return inf;
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    const fresh = [...this.informers.values()].filter((i) => !this.started.has(i));
    for (const i of fresh) this.started.add(i);
    await Promise.all(fresh.map((i) => i.start()));
  }

  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    // One abort listener per informer: on a signal of our own, allowed as many as there are
    // informers (the garbage collector alone watches a dozen kinds; Node warns past 10).
    const own = new AbortController();
    setMaxListeners(this.started.size + 2, own.signal);
    const onAbort = (): void => own.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) own.abort();
    try {
      const synced = (await Promise.all([...this.started].map((i) => i.waitForCacheSync(own.signal)))).every(Boolean);
      if (synced && this.relisting) await Promise.race([this.relisting, new Promise((r) => own.signal.addEventListener('abort', r, { once: true }))]);
      return synced && !own.signal.aborted;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  relist(): Promise<void> {
    const done: Promise<void> = Promise.all([...this.started].map((i) => i.relist())).then(() => {
      if (this.relisting === done) this.relisting = undefined;
    });
    this.relisting = done;
    return done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** The informers created, by key (`informerKey`). */
  keys(): string[] {
    return [...this.informers.keys()];
  }
}
