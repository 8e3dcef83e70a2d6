/**
 * Store: the informer's local cache of objects by key, with secondary indexes.
 *
 * Contract:
 * - Keys are total: "ns/name" for namespaced objects, "name" for cluster-scoped ones
 *   (`metaNamespaceKey`).
 * - The namespace index (`namespaceIndex`) is always present; custom indexers map an object to
 *   zero or more index values and can be added at any time (existing items are indexed then).
 * - Stored objects are deep-frozen by default: the cache is shared by every handler and lister,
 *   so a caller that wants to edit one must copy it first (`structuredClone`). Mutation throws.
 * - `list()`/`byIndex()` return fresh arrays; their elements are the cached (frozen) objects.
 * JS runs one thing at a time, so the "thread safe" of client-go needs no lock here.
 * Upstream: staging/src/k8s.io/client-go/tools/cache/{store.go,thread_safe_store.go,index.go}
 */
import { deepFreeze } from '@miniplane/api/deepFreeze';
import type { KubeObject } from '@miniplane/api/types';

/** Re-exported: the one deepFreeze lives in @miniplane/api (the client exported it first). */
export { deepFreeze };

export type KeyFunc<T> = (obj: T) => string;
export type IndexFunc<T> = (obj: T) => string[];
export type Indexers<T> = Record<string, IndexFunc<T>>;

export interface Store<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  get(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** Swaps the whole content for `items` (a relist). */
  replace(items: T[]): void;
}

export interface Indexer<T> extends Store<T> {
  byIndex(indexName: string, indexedValue: string): T[];
  indexKeys(indexName: string, indexedValue: string): string[];
  listIndexValues(indexName: string): string[];
  /** Objects sharing any index value with `obj` under `indexName`. */
  index(indexName: string, obj: T): T[];
  addIndexers(indexers: Indexers<T>): void;
  /** Whether an indexer of that name exists (so a component sharing the cache adds its own once). */
  hasIndexer(indexName: string): boolean;
}

export const namespaceIndex = 'namespace';

/** "ns/name", or "name" for cluster-scoped objects. */
export function metaNamespaceKey(obj: Pick<KubeObject, 'metadata'>): string {
  const { namespace, name = '' } = obj.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

export function metaNamespaceIndexFunc(obj: Pick<KubeObject, 'metadata'>): string[] {
  return [obj.metadata.namespace ?? ''];
}


export interface IndexedStoreOptions<T> {
  keyFunc?: KeyFunc<T>;
  indexers?: Indexers<T>;
  /** Deep-freeze stored objects (default true). */
  freeze?: boolean;
}

export class IndexedStore<T extends Pick<KubeObject, 'metadata'> = KubeObject> implements Indexer<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** indexName → indexed value → keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly keyFunc: KeyFunc<T>;
  private readonly freeze: boolean;

  constructor(opts: IndexedStoreOptions<T> = {}) {
    this.keyFunc = opts.keyFunc ?? metaNamespaceKey;
    this.freeze = opts.freeze ?? true;
    this.addIndexers({ [namespaceIndex]: metaNamespaceIndexFunc, ...opts.indexers });
  }

  add(obj: T): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    if (this.freeze) deepFreeze(obj);
    this.items.set(key, obj);
    this.reindex(key, old, obj);
  }

  update(obj: T): void {
    this.add(obj);
  }

  delete(obj: T): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    if (old === undefined) return;
    this.items.delete(key);
    this.reindex(key, old, undefined);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  replace(items: T[]): void {
    this.items.clear();
    for (const idx of this.indices.values()) idx.clear();
    for (const obj of items) this.add(obj);
  }

  byIndex(indexName: string, indexedValue: string): T[] {
    const keys = this.indexOf(indexName).get(indexedValue);
    if (!keys) return [];
    const out = new Array<T>(keys.size);
    let i = 0;
    for (const k of keys) out[i++] = this.items.get(k)!;
    return out;
  }

  indexKeys(indexName: string, indexedValue: string): string[] {
    return [...(this.indexOf(indexName).get(indexedValue) ?? [])];
  }

  listIndexValues(indexName: string): string[] {
    return [...this.indexOf(indexName).keys()];
  }

  index(indexName: string, obj: T): T[] {
    const fn = this.indexers.get(indexName);
    if (!fn) throw new Error(`index with name ${indexName} does not exist`);
    const keys = new Set<string>();
    for (const v of fn(obj)) for (const k of this.indexOf(indexName).get(v) ?? []) keys.add(k);
    return [...keys].map((k) => this.items.get(k)!);
  }

  addIndexers(indexers: Indexers<T>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer conflict: ${name}`);
      this.indexers.set(name, fn);
      const idx = new Map<string, Set<string>>();
      this.indices.set(name, idx);
      for (const [key, obj] of this.items) for (const v of fn(obj)) addTo(idx, v, key);
    }
  }

  hasIndexer(indexName: string): boolean {
    return this.indexers.has(indexName);
  }

  private indexOf(indexName: string): Map<string, Set<string>> {
    const idx = this.indices.get(indexName);
    if (!idx) throw new Error(`index with name ${indexName} does not exist`);
    return idx;
  }

  private reindex(key: string, old: T | undefined, obj: T | undefined): void {
    for (const [name, fn] of this.indexers) {
      const idx = this.indices.get(name)!;
      if (old !== undefined) for (const v of fn(old)) removeFrom(idx, v, key);
      if (obj !== undefined) for (const v of fn(obj)) addTo(idx, v, key);
    }
  }
}

function addTo(idx: Map<string, Set<string>>, value: string, key: string): void {
  let set = idx.get(value);
  if (!set) idx.set(value, (set = new Set()));
  set.add(key);
}

function removeFrom(idx: Map<string, Set<string>>, value: string, key: string): void {
  const set = idx.get(value);
  if (!set) return;
  set.delete(key);
  // Empty buckets are dropped so listIndexValues only names values that still match something.
  if (set.size === 0) idx.delete(value);
}
