/**
 * One resource's objects as the last list + watch gave them (client-go's Store/Indexer, keyed
 * "ns/name"), with a version that grows on every change so views can tell when to re-read, and
 * the raw watch events for whoever wants the stream itself (a timeline).
 *
 * Contract: `replace` (after a list) and `apply` (a watch event) are the only writers; objects
 * are stored as received and never mutated. Event listeners run synchronously, in order, for
 * ADDED/MODIFIED/DELETED (replace calls them with no event: a relist).
 */
import type { WatchEvent } from '../api/apiClient.js';
import { objectKey, type KubeObject } from '../model/kube.js';

export type EventListener = (e: WatchEvent | undefined) => void;

export class Collection<T extends KubeObject = KubeObject> {
  readonly items = new Map<string, T>();
  /** Grows on every change. */
  version = 0;
  /** The resourceVersion to resume the watch from. */
  resourceVersion = '';
  private readonly listeners = new Set<EventListener>();

  constructor(
    /** The store's name for it (e.g. "pods"). */
    readonly name: string,
    /** The API path it lists and watches (e.g. "/api/v1/pods"). */
    readonly path: string,
  ) {}

  values(): IterableIterator<T> {
    return this.items.values();
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  replace(items: T[], resourceVersion: string): void {
    this.items.clear();
    for (const o of items) this.items.set(objectKey(o), o);
    this.resourceVersion = resourceVersion;
    this.version++;
    for (const l of this.listeners) l(undefined);
  }

  apply(e: WatchEvent): void {
    const o = e.object as T;
    if (o.metadata?.resourceVersion) this.resourceVersion = o.metadata.resourceVersion;
    if (e.type === 'BOOKMARK') return;
    if (e.type === 'DELETED') this.items.delete(objectKey(o));
    else this.items.set(objectKey(o), o);
    this.version++;
    for (const l of this.listeners) l(e);
  }

  /** Calls `l` for each change; returns its removal. */
  onEvent(l: EventListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
