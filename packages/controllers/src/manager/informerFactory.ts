/**
 * SharedInformerFactory: one informer per kind, shared by every controller of a term, created
 * only for the kinds some enabled controller declares.
 *
 * Contract: `want(kind)` registers a kind before `start()`; `get(kind)` returns its informer and
 * throws for a kind nobody declared (a controller must list what it reads). `start()` starts them
 * all; `waitForCacheSync(signal)` is true once every cache is synced, false if `signal` aborted
 * first; `stop()` stops them.
 * Upstream: staging/src/k8s.io/client-go/informers/factory.go
 */
import { setMaxListeners } from 'node:events';
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { SharedInformer, listWatch, type Clock, type RestClient } from '@miniplane/client';
import type { Logger } from 'pino';

/** A kind an informer lists and watches: `[apiVersion, kind]`, e.g. `['v1', 'Service']`. */
export type InformerKind = readonly [apiVersion: string, kind: string];

export class InformerFactory {
  private readonly informers = new Map<string, SharedInformer>();

  constructor(private readonly o: { client: RestClient; clock: Clock; logger: Logger }) {}

  want(kind: InformerKind): void {
    const key = kind.join('/');
    if (this.informers.has(key)) return;
    const r = findResourceByKind(kind[0], kind[1]);
    if (!r) throw new Error(`informer: ${key} is not a served kind`);
    this.informers.set(key, new SharedInformer({
      listerWatcher: listWatch(this.o.client.resource(r)), name: r.plural, clock: this.o.clock,
      logger: this.o.logger.child({ component: 'informer', resource: r.plural }),
    }));
  }

  get<T extends KubeObject>(kind: InformerKind): SharedInformer<T> {
    const i = this.informers.get(kind.join('/'));
    if (!i) throw new Error(`informer: ${kind.join('/')} was not declared by any enabled controller`);
    return i as unknown as SharedInformer<T>;
  }

  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  async waitForCacheSync(signal: AbortSignal): Promise<boolean> {
    // One abort listener per informer: on a signal of our own, allowed as many as there are
    // informers (the garbage collector alone watches a dozen kinds; Node warns past 10).
    const own = new AbortController();
    setMaxListeners(this.informers.size + 1, own.signal);
    const onAbort = () => own.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) own.abort();
    try {
      return (await Promise.all([...this.informers.values()].map((i) => i.waitForCacheSync(own.signal)))).every(Boolean);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** The kinds created, as `apiVersion/Kind`. */
  kinds(): string[] {
    return [...this.informers.keys()];
  }
}
