/**
 * Keeps one Collection in step with the server, as client-go's Reflector: list, then watch from
 * the list's resourceVersion (with bookmarks), resume from the last resourceVersion seen when the
 * watch ends, relist when the server answers 410 Gone (the history was compacted).
 *
 * Contract: `start()` lists and watches until `stop()`; errors are reported through `onStatus`
 * (an `ApiRequestError` with code 401 means the page needs a token) and retried after `retryMs`
 * (1 s), except 401/403 which wait for `start()` again. What it receives goes to `deliver` (by
 * default applied to the collection at once; the store queues it, applyQueue.ts), in order; the
 * watch resumes from the last resourceVersion received, applied yet or not. Objects are kept
 * without `metadata.managedFields` (as client-go informers are given a transform that drops them:
 * nothing on the page shows them, and they are ~40% of a pod's bytes, memory the page would hold).
 * Upstream: staging/src/k8s.io/client-go/tools/cache/reflector.go
 */
import { ApiRequestError, request, watch } from '../api/apiClient.js';
import type { KubeObject } from '../model/kube.js';
import type { Change } from './applyQueue.js';
import type { Collection } from './collection.js';

export type ReflectorStatus = { state: 'listing' | 'live' } | { state: 'error'; error: ApiRequestError | Error };

export interface ReflectorOptions {
  collection: Collection;
  onStatus(s: ReflectorStatus): void;
  retryMs?: number;
  deliver?: (c: Change) => void;
}

/** The object without metadata.managedFields (a copy when it had them; the input is not mutated). */
export function withoutManagedFields<T extends KubeObject>(o: T): T {
  const meta = o.metadata as (T['metadata'] & { managedFields?: unknown }) | undefined;
  if (!meta || meta.managedFields === undefined) return o;
  const { managedFields: _dropped, ...metadata } = meta;
  return { ...o, metadata };
}

const applyNow = (c: Change): void => ('event' in c ? c.collection.apply(c.event) : c.collection.replace(c.list.items, c.list.resourceVersion));

export class Reflector {
  private stopWatch: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  /** The last resourceVersion received (the resume point). */
  private resourceVersion = '';

  constructor(private readonly o: ReflectorOptions) {}

  start(): void {
    this.stop();
    this.running = true;
    void this.list();
  }

  stop(): void {
    this.running = false;
    this.stopWatch?.();
    this.stopWatch = undefined;
    clearTimeout(this.timer);
  }

  private async list(): Promise<void> {
    const c = this.o.collection;
    this.o.onStatus({ state: 'listing' });
    try {
      const list = await request<{ metadata: { resourceVersion: string }; items: KubeObject[] }>('GET', c.path);
      if (!this.running) return;
      this.resourceVersion = list.metadata.resourceVersion;
      (this.o.deliver ?? applyNow)({ collection: c, list: { items: list.items.map(withoutManagedFields), resourceVersion: list.metadata.resourceVersion } });
      this.watch();
    } catch (e: unknown) {
      if (!this.running) return;
      const error = e instanceof Error ? e : new Error(String(e));
      this.o.onStatus({ state: 'error', error });
      const authFailure = error instanceof ApiRequestError && (error.code === 401 || error.code === 403);
      if (!authFailure) this.retry(() => void this.list());
    }
  }

  private watch(): void {
    const c = this.o.collection;
    let gone = false;
    const since = Date.now();
    this.o.onStatus({ state: 'live' });
    const deliver = this.o.deliver ?? applyNow;
    this.stopWatch = watch(c.path, { resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true' }, {
      onEvent: (e) => {
        if (e.type === 'ERROR') {
          // 410 Gone: resume is impossible, the list starts over (client-go's relist).
          gone = e.object.code === 410;
          return;
        }
        if (e.object.metadata?.resourceVersion) this.resourceVersion = e.object.metadata.resourceVersion;
        deliver({ collection: c, event: { type: e.type, object: withoutManagedFields(e.object) } });
      },
      onClose: () => {
        this.stopWatch = undefined;
        if (!this.running) return;
        // A watch that ran a while ended normally (a server timeout, a reset): resume at once.
        const quick = Date.now() - since < (this.o.retryMs ?? 1000);
        this.retry(() => (gone ? void this.list() : this.watch()), gone || !quick ? 0 : undefined);
      },
    });
  }

  private retry(fn: () => void, ms = this.o.retryMs ?? 1000): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.running && fn(), ms);
  }
}
