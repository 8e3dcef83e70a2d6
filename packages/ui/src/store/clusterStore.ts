/**
 * The page's state: one Collection per watched resource, each kept live by its Reflector, and one
 * batched change signal for the views.
 *
 *   API (list + WebSocket watch) -> Reflector -> ApplyQueue (what arrived, in order)
 *                                                    |  once per animation frame, within a budget
 *                                                    v
 *                              Collection (Map "ns/name" -> object, version++), its listeners
 *                                                    |  at most every `minIntervalMs`
 *                                                    v
 *                     views (hooks.ts useCollections) re-render and derive with model/*.ts
 *
 * Contract: `collection(name, path)` registers a resource (idempotent by name; the built-in ones are
 * `coreCollections`) and starts it when the store runs. What the reflectors receive is applied in
 * frames (`schedule`, default requestAnimationFrame), at most `frameBudgetMs` of applying per frame
 * (default 8; a large batch takes several frames); subscribers are called at most once per frame,
 * and no sooner than `minIntervalMs` (default 0) after the previous call, with the names of the
 * collections that changed since ("$status" = connection state). `status` sums the reflectors:
 * `unauthorized` when any was refused for want of a (valid) token, then `error`, `connecting`, `live`.
 */
import { ApiRequestError } from '../api/apiClient.js';
import type { KubeObject } from '../model/kube.js';
import { ApplyQueue, type Change } from './applyQueue.js';
import { Collection } from './collection.js';
import { Reflector, type ReflectorStatus } from './reflector.js';

export type StoreStatus = { state: 'connecting' | 'live' | 'unauthorized' } | { state: 'error'; message: string };

export type Subscriber = (changed: ReadonlySet<string>) => void;

/** The resources the core views read: name -> API path. */
export const coreCollections = {
  services: '/api/v1/services',
  endpointslices: '/apis/discovery.k8s.io/v1/endpointslices',
  endpoints: '/api/v1/endpoints',
  pods: '/api/v1/pods',
  nodes: '/api/v1/nodes',
} as const;

export interface ClusterStoreOptions {
  schedule?: (fn: () => void) => void;
  /** Milliseconds of applying queued changes per frame (default 8). */
  frameBudgetMs?: number;
  /** The least time between two notifications of the subscribers (default 0: every frame). */
  minIntervalMs?: number;
  now?: () => number;
}

export class ClusterStore {
  private readonly entries = new Map<string, { collection: Collection; reflector: Reflector; status: ReflectorStatus }>();
  private readonly subscribers = new Set<Subscriber>();
  private dirty = new Set<string>();
  private scheduled = false;
  private running = false;
  private readonly schedule: (fn: () => void) => void;
  private readonly now: () => number;
  private readonly queue: ApplyQueue;
  private readonly frameBudgetMs: number;
  private readonly minIntervalMs: number;
  private lastNotified = -Infinity;

  constructor(o: ClusterStoreOptions = {}) {
    this.schedule = o.schedule ?? ((fn) => requestAnimationFrame(() => fn()));
    this.now = o.now ?? (() => performance.now());
    this.queue = new ApplyQueue(this.now);
    this.frameBudgetMs = o.frameBudgetMs ?? 8;
    this.minIntervalMs = o.minIntervalMs ?? 0;
    for (const [name, path] of Object.entries(coreCollections)) this.collection(name, path);
  }

  collection<T extends KubeObject = KubeObject>(name: string, path: string): Collection<T> {
    const have = this.entries.get(name);
    if (have) return have.collection as Collection<T>;
    const collection = new Collection<T>(name, path);
    const entry = {
      collection: collection as unknown as Collection,
      status: { state: 'listing' } as ReflectorStatus,
      reflector: new Reflector({
        collection: collection as unknown as Collection,
        onStatus: (s) => {
          entry.status = s;
          this.changed('$status');
        },
        deliver: (c) => this.deliver(c),
      }),
    };
    this.entries.set(name, entry);
    collection.onEvent(() => this.changed(name));
    if (this.running) entry.reflector.start();
    return collection;
  }

  get<T extends KubeObject = KubeObject>(name: keyof typeof coreCollections | string): Collection<T> {
    const e = this.entries.get(name);
    if (!e) throw new Error(`no collection ${name}`);
    return e.collection as unknown as Collection<T>;
  }

  /** (Re)starts every reflector: at load, and after a token is given. */
  start(): void {
    this.running = true;
    for (const e of this.entries.values()) e.reflector.start();
  }

  stop(): void {
    this.running = false;
    for (const e of this.entries.values()) e.reflector.stop();
  }

  status(): StoreStatus {
    const all = [...this.entries.values()].map((e) => e.status);
    const errors = all.flatMap((s) => (s.state === 'error' ? [s.error] : []));
    if (errors.some((e) => e instanceof ApiRequestError && (e.code === 401 || e.code === 403))) return { state: 'unauthorized' };
    if (errors.length) return { state: 'error', message: errors[0]!.message };
    return all.every((s) => s.state === 'live') ? { state: 'live' } : { state: 'connecting' };
  }

  subscribe(fn: Subscriber): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** Queues what a reflector received; it is applied in the coming frames. */
  deliver(c: Change): void {
    this.queue.push(c);
    this.wake();
  }

  /** How many received changes wait to be applied. */
  pending(): number {
    return this.queue.size;
  }

  private changed(name: string): void {
    this.dirty.add(name);
    this.wake();
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.frame());
  }

  private frame(): void {
    // Still `scheduled` while applying: the collections' change listeners only mark them dirty.
    const left = this.queue.drain(this.frameBudgetMs);
    this.scheduled = false;
    if (left > 0) this.wake();
    if (this.dirty.size === 0) return;
    const now = this.now();
    if (now - this.lastNotified < this.minIntervalMs) {
      this.wake();
      return;
    }
    this.lastNotified = now;
    const changed = this.dirty;
    this.dirty = new Set();
    for (const s of this.subscribers) s(changed);
  }
}
