/**
 * FakeListerWatcher: an in-memory ListerWatcher for unit tests of informers and controllers,
 * with no HTTP and no timers.
 *
 * Contract: holds objects and a global resourceVersion counter. `add`/`modify`/`delete` bump the
 * counter, stamp the object and fan the event out to open watches; a watch from RV n replays
 * every retained event after n first. `compact()` forgets history: open watches and later
 * watches from an older RV fail with `ResourceVersionTooOld` (410), as the real server does.
 * `breakWatches(err?)` ends open watches (cleanly, or with `err`); `failNextList(err)` makes the
 * next list reject. `calls` records "list" and "watch@rv" in order.
 * Upstream: staging/src/k8s.io/client-go/tools/cache/testing/fake_controller_source.go
 */
import { ResourceVersionTooOld, type KubeList, type KubeObject } from '@miniplane/api';
import type { ListerWatcher } from '../reflector.js';
import { metaNamespaceKey } from '../store.js';
import type { ObjectWatchEvent } from '../watchStream.js';

interface OpenWatch<T> {
  push(x: ObjectWatchEvent<T> | Error | 'end'): void;
}

export class FakeListerWatcher<T extends KubeObject = KubeObject> implements ListerWatcher<T> {
  readonly calls: string[] = [];
  private rv = 0;
  private oldest = 0;
  private readonly objects = new Map<string, T>();
  private history: Array<{ rv: number; type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T }> = [];
  private readonly watches = new Set<OpenWatch<T>>();
  private listFailures: Error[] = [];

  resourceVersion(): string {
    return String(this.rv);
  }

  add(obj: T): T {
    return this.emit('ADDED', obj);
  }

  modify(obj: T): T {
    return this.emit('MODIFIED', obj);
  }

  delete(obj: T): T {
    const last = this.objects.get(metaNamespaceKey(obj)) ?? obj;
    return this.emit('DELETED', last);
  }

  /** Sends a BOOKMARK at the current resourceVersion to open watches. */
  bookmark(): void {
    const ev: ObjectWatchEvent<T> = { type: 'BOOKMARK', object: { metadata: { resourceVersion: this.resourceVersion() } } as T };
    for (const w of this.watches) w.push(ev);
  }

  /** Drops all history; open watches end with a 410. */
  compact(): void {
    this.oldest = this.rv;
    this.history = [];
    this.breakWatches(new ResourceVersionTooOld(this.rv, this.rv));
  }

  breakWatches(err?: Error): void {
    for (const w of this.watches) w.push(err ?? 'end');
  }

  failNextList(err: Error): void {
    this.listFailures.push(err);
  }

  openWatches(): number {
    return this.watches.size;
  }

  async list(): Promise<KubeList<T>> {
    this.calls.push('list');
    const err = this.listFailures.shift();
    if (err) throw err;
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: this.resourceVersion() }, items: [...this.objects.values()].map(clone) };
  }

  watch(o: { resourceVersion?: string; signal?: AbortSignal }): AsyncIterable<ObjectWatchEvent<T>> {
    this.calls.push(`watch@${o.resourceVersion ?? ''}`);
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        if (o.signal?.aborted) return;
        // Registered when iteration starts, and history read at the same moment, so no event
        // falls between the replay and the live feed.
        const from = Number(o.resourceVersion || self.rv);
        const queue: Array<ObjectWatchEvent<T> | Error | 'end'> = [];
        let wake: (() => void) | undefined;
        const w: OpenWatch<T> = { push: (x) => (queue.push(x), wake?.()) };
        if (from < self.oldest) queue.push(new ResourceVersionTooOld(from, self.oldest));
        else for (const h of self.history) if (h.rv > from) queue.push({ type: h.type, object: clone(h.object) });
        self.watches.add(w);
        const onAbort = (): void => w.push('end');
        o.signal?.addEventListener('abort', onAbort);
        try {
          for (;;) {
            while (queue.length === 0) await new Promise<void>((r) => (wake = r));
            const x = queue.shift()!;
            if (x === 'end') return;
            if (x instanceof Error) throw x;
            yield x;
          }
        } finally {
          self.watches.delete(w);
          o.signal?.removeEventListener('abort', onAbort);
        }
      },
    };
  }

  private emit(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): T {
    const stamped = clone(obj);
    stamped.metadata.resourceVersion = String(++this.rv);
    const key = metaNamespaceKey(stamped);
    if (type === 'DELETED') this.objects.delete(key);
    else this.objects.set(key, stamped);
    this.history.push({ rv: this.rv, type, object: clone(stamped) });
    for (const w of this.watches) w.push({ type, object: clone(stamped) });
    return clone(stamped);
  }
}

function clone<T>(x: T): T {
  return structuredClone(x);
}
