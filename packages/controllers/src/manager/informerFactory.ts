/**
 * InformerFactory: the controller manager's view of a SharedInformerFactory (client-go's): one
 * informer per kind, shared by every controller of a term, created only for the kinds some
 * enabled controller declares.
 *
 * Contract: `want(kind)` registers a kind before `start()`; `get(kind)` returns its informer and
 * throws for a kind nobody declared (a controller must list what it reads). `start()` starts them
 * all; `waitForCacheSync(signal)` is true once every cache is synced, false if `signal` aborted
 * first; `stop()` stops them — unless the SharedInformerFactory was handed in (`shared`: the one
 * `miniplane up` gives its controllers, scheduler and kubelets), whose owner stops it; the
 * controllers only remove their handlers.
 * Upstream: staging/src/k8s.io/client-go/informers/factory.go
 */
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { SharedInformerFactory, type Clock, type RestClient, type SharedInformer } from '@miniplane/client';
import type { Logger } from 'pino';

/** A kind an informer lists and watches: `[apiVersion, kind]`, e.g. `['v1', 'Service']`. */
export type InformerKind = readonly [apiVersion: string, kind: string];

export class InformerFactory {
  private readonly informers = new Map<string, SharedInformer>();
  private readonly factory: SharedInformerFactory;
  private readonly owned: boolean;

  constructor(o: { client: RestClient; clock: Clock; logger: Logger; shared?: SharedInformerFactory }) {
    this.owned = !o.shared;
    this.factory = o.shared ?? new SharedInformerFactory({ client: o.client, clock: o.clock, logger: o.logger });
  }

  want(kind: InformerKind): void {
    const key = kind.join('/');
    if (this.informers.has(key)) return;
    const r = findResourceByKind(kind[0], kind[1]);
    if (!r) throw new Error(`informer: ${key} is not a served kind`);
    this.informers.set(key, this.factory.informerFor(r));
  }

  get<T extends KubeObject>(kind: InformerKind): SharedInformer<T> {
    const i = this.informers.get(kind.join('/'));
    if (!i) throw new Error(`informer: ${kind.join('/')} was not declared by any enabled controller`);
    return i as unknown as SharedInformer<T>;
  }

  async start(): Promise<void> {
    await this.factory.start();
  }

  async waitForCacheSync(signal: AbortSignal): Promise<boolean> {
    return this.factory.waitForCacheSync(signal);
  }

  async stop(): Promise<void> {
    if (this.owned) await this.factory.stop();
  }

  /** The kinds created, as `apiVersion/Kind`. */
  kinds(): string[] {
    return [...this.informers.keys()];
  }
}
