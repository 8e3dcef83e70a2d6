/**
 * Reflector: keeps a `Store` in step with the server by list, then watch from the list's
 * resourceVersion, and reports every change as a `Delta`.
 *
 * Contract:
 * - First a full (paged) list; its items enter the store as `add` deltas (`initial: true`).
 * - Then a watch from the last seen resourceVersion, with bookmarks. ADDED/MODIFIED become
 *   `add` or `update(old, new)` by whether the key is known; DELETED becomes `delete` carrying the
 *   object's final state. BOOKMARK only advances the resourceVersion.
 * - When a watch ends cleanly (server timeout) it is resumed at once from the last
 *   resourceVersion; on errors it is resumed after a capped exponential back-off (1s → 30s),
 *   reset by any successful list or any watch that delivered events.
 * - A 410 Expired, as HTTP status or ERROR event, means the resourceVersion is gone: relist
 *   (consistent read) and deliver only the difference — new keys as `add`, changed
 *   resourceVersions as `update`, vanished keys as `delete` with their last known state.
 * - The store is updated before each delta is reported, so a handler reading the store sees
 *   at least the state of its delta.
 * - `relist()` ends the watch in progress and lists afresh the same way (only differences
 *   delivered); it resolves once that list is in the store. `transform` (client-go's
 *   SetTransform) rewrites each listed or watched object before it is stored.
 * Upstream: staging/src/k8s.io/client-go/tools/cache/reflector.go
 */
import { Expired, type KubeList, type KubeObject } from '@miniplane/api';
import { Backoff, type BackoffOptions } from './backoff.js';
import { realClock, sleep, type Clock } from './clock.js';
import { silentLogger, type Logger } from './logger.js';
import type { ListOptions, ResourceClient, WatchOptions } from './resourceClient.js';
import { IndexedStore, metaNamespaceKey, type Store } from './store.js';
import type { ObjectWatchEvent } from './watchStream.js';

export interface ListerWatcher<T extends KubeObject> {
  list(opts: Pick<ListOptions, 'limit' | 'all' | 'signal'>): Promise<KubeList<T>>;
  watch(opts: Pick<WatchOptions, 'resourceVersion' | 'allowWatchBookmarks' | 'timeoutSeconds' | 'signal'>): AsyncIterable<ObjectWatchEvent<T>>;
}

/** A ListerWatcher over a ResourceClient, narrowed by namespace and selectors. */
export function listWatch<T extends KubeObject>(
  client: ResourceClient<T>,
  scope: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
): ListerWatcher<T> {
  return {
    list: (o) => client.list({ ...scope, ...o }),
    watch: (o) => client.watch({ ...scope, ...o }),
  };
}

export type Delta<T> =
  | { type: 'add'; obj: T; initial: boolean }
  | { type: 'update'; old: T; obj: T }
  | { type: 'delete'; obj: T };

/** The deltas that turn the store's content into `items` (pure; unchanged RVs give none). */
export function planRelist<T extends KubeObject>(current: Pick<Store<T>, 'get' | 'list'>, items: readonly T[], initial: boolean): Delta<T>[] {
  const deltas: Delta<T>[] = [];
  const seen = new Set<string>();
  for (const obj of items) {
    const key = metaNamespaceKey(obj);
    seen.add(key);
    const old = current.get(key);
    if (old === undefined) deltas.push({ type: 'add', obj, initial });
    else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) deltas.push({ type: 'update', old, obj });
  }
  for (const old of current.list()) if (!seen.has(metaNamespaceKey(old))) deltas.push({ type: 'delete', obj: old });
  return deltas;
}

export interface ReflectorOptions<T extends KubeObject> {
  listerWatcher: ListerWatcher<T>;
  /** Where objects are kept (default: a new IndexedStore). */
  store?: Store<T>;
  /** Called synchronously after each store change. */
  onDelta?: (d: Delta<T>) => void;
  /** Called after each successful (re)list has been applied, with its resourceVersion. */
  onSync?: (resourceVersion: string) => void;
  name?: string;
  clock?: Clock;
  backoff?: BackoffOptions;
  /** Page size of the list (default 500). */
  pageSize?: number;
  /** Server-side watch timeout; each watch asks for a random value in [min, 2·min) (default 300 s). */
  minWatchTimeoutSeconds?: number;
  random?: () => number;
  logger?: Logger;
  /**
   * Applied to every listed and watched object before it is stored (client-go's SetTransform),
   * e.g. `stripManagedFields`. It gets a freshly decoded object; it must keep the identity
   * (`metadata.name`, `namespace`) and `metadata.resourceVersion`.
   */
  transform?: (obj: T) => T;
}

export class Reflector<T extends KubeObject = KubeObject> {
  readonly store: Store<T>;
  private readonly o: ReflectorOptions<T>;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly log: Logger;
  private rv = '';
  private synced = false;
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;
  /** Set by `relist()`: the watch in progress is ended and the next round lists afresh. */
  private relistWanted = false;
  private watchAbort: AbortController | undefined;
  private relistWaiters: Array<() => void> = [];

  constructor(opts: ReflectorOptions<T>) {
    this.o = opts;
    this.store = opts.store ?? new IndexedStore<T>();
    this.clock = opts.clock ?? realClock;
    this.backoff = new Backoff(opts.backoff);
    this.log = opts.logger ?? silentLogger;
  }

  /** The resourceVersion the next watch resumes from ("" before the first list). */
  lastSyncResourceVersion(): string {
    return this.rv;
  }

  /** True once the first list has been applied to the store. */
  hasSynced(): boolean {
    return this.synced;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.controller = new AbortController();
    this.running = this.run(this.controller.signal);
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
    for (const r of this.relistWaiters.splice(0)) r();
  }

  /**
   * Ends the watch in progress and lists afresh (the store gets only the real differences, as
   * after a 410). Resolves once that list is in the store, or when the reflector stops.
   */
  relist(): Promise<void> {
    if (!this.running || this.controller?.signal.aborted) return Promise.resolve();
    this.relistWanted = true;
    this.watchAbort?.abort();
    return new Promise((resolve) => this.relistWaiters.push(resolve));
  }

  /** The list-and-watch loop; resolves when `signal` aborts. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList || this.relistWanted) {
          const waiters = this.relistWaiters.splice(0);
          this.relistWanted = false;
          try {
            await this.list(signal);
          } catch (e: unknown) {
            this.relistWanted ||= waiters.length > 0;
            this.relistWaiters.unshift(...waiters);
            throw e;
          }
          for (const r of waiters) r();
          needList = false;
          this.backoff.reset();
        }
        if (await this.watchOnce(signal)) continue;
      } catch (e: unknown) {
        if (signal.aborted) break;
        if (e instanceof Expired && !needList) {
          // Our resourceVersion was compacted away: only a fresh list can tell us the truth.
          // (A 410 from the list itself falls through to the back-off: no hot relist loop.)
          this.log.info({ name: this.o.name, rv: this.rv, err: e.message }, 'watch expired; relisting');
          needList = true;
          continue;
        }
        this.log.warn({ name: this.o.name, rv: this.rv, err: e instanceof Error ? e.message : String(e) }, needList || this.relistWanted ? 'list failed' : 'watch failed');
      }
      if (!(await sleep(this.clock, this.backoff.next(), signal))) break;
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    const list = await this.o.listerWatcher.list({ limit: this.o.pageSize ?? 500, all: true, signal });
    if (signal.aborted) return;
    const t = this.o.transform;
    for (const d of planRelist(this.store, t ? list.items.map(t) : list.items, !this.synced)) this.apply(d);
    this.rv = list.metadata.resourceVersion ?? '';
    this.synced = true;
    this.o.onSync?.(this.rv);
  }

  /**
   * One watch stream. Returns true when it should be resumed at once: it ended cleanly after
   * delivering events or after running at least a second (a server timeout). False asks for
   * the back-off, which guards against a server that closes every watch immediately.
   */
  private async watchOnce(signal: AbortSignal): Promise<boolean> {
    if (this.relistWanted) return true; // asked for during the list just made
    const min = this.o.minWatchTimeoutSeconds ?? 300;
    const timeoutSeconds = Math.floor(min * (1 + (this.o.random ?? Math.random)()));
    const started = this.clock.now();
    let events = 0;
    const own = (this.watchAbort = new AbortController());
    const stream = this.o.listerWatcher.watch({ resourceVersion: this.rv, allowWatchBookmarks: true, timeoutSeconds, signal: AbortSignal.any([signal, own.signal]) });
    try {
      for await (const ev of stream) {
        events++;
        this.handle(ev);
      }
    } catch (e: unknown) {
      if (!own.signal.aborted) throw e;
    } finally {
      this.watchAbort = undefined;
      // Any delivered event proves the connection healthy, even if the stream then failed.
      if (events > 0) this.backoff.reset();
    }
    return events > 0 || own.signal.aborted || this.clock.now() - started >= 1000;
  }

  private handle(ev: ObjectWatchEvent<T>): void {
    const obj = ev.type !== 'BOOKMARK' && this.o.transform ? this.o.transform(ev.object) : ev.object;
    if (ev.type !== 'BOOKMARK') {
      const old = this.store.get(metaNamespaceKey(obj));
      if (ev.type === 'DELETED') this.apply({ type: 'delete', obj });
      else this.apply(old === undefined ? { type: 'add', obj, initial: false } : { type: 'update', old, obj });
    }
    this.rv = obj.metadata.resourceVersion ?? this.rv;
  }

  private apply(d: Delta<T>): void {
    if (d.type === 'delete') this.store.delete(d.obj);
    else this.store.update(d.obj);
    this.o.onDelta?.(d);
  }
}
