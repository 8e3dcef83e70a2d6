/**
 * ResourceClient<T>: the typed verbs over one served resource (any `ResourceInfo` row), using
 * kube's real URL layout:
 *
 *   /api/v1[/namespaces/{ns}]/{plural}[/{name}[/status]]              core group
 *   /apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}[/status]]
 *
 * Contract:
 * - Namespace comes from the call's `namespace` option, else the client's bound namespace
 *   (`.namespace(ns)`), else (create/update) the object's `metadata.namespace`. A namespaced
 *   get/update/patch/delete without one throws a TypeError before any I/O; list/watch without
 *   one span all namespaces. Cluster-scoped resources ignore it.
 * - List items get `apiVersion`/`kind` filled in (kube omits them inside lists).
 * - `list({ all: true })` follows `continue` tokens; if a token expires mid-way (410) it falls
 *   back to one unpaged list, like client-go's pager.
 * - `watch()` yields ADDED/MODIFIED/DELETED/BOOKMARK; an ERROR event or non-2xx answer is thrown
 *   as its `ApiError`; aborting `signal` or breaking out of the loop ends it quietly.
 * Upstream: staging/src/k8s.io/client-go/{dynamic/simple.go,tools/pager/pager.go}
 */
import { ContinueExpired } from '@miniplane/api/errors';
import { apiVersionOf, type ResourceInfo } from '@miniplane/api/resources';
import type { KubeList, KubeObject, Status } from '@miniplane/api/types';
import type { HttpRequest, Query, Requester } from './httpRequest.js';
import { decodeWatchStream, type ObjectWatchEvent } from './watchStream.js';

export interface CallOptions {
  namespace?: string;
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
  /** Follow `continue` until the list is complete. */
  all?: boolean;
}

export interface WatchOptions extends CallOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
  sendInitialEvents?: boolean;
  resourceVersionMatch?: 'NotOlderThan';
}

export interface WriteOptions extends CallOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  /** Apply only: take ownership of conflicting fields. */
  force?: boolean;
  subresource?: 'status' | 'scale';
}

export interface DeleteOptions extends CallOptions {
  dryRun?: boolean;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export const patchContentTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** The URL path of a resource collection, object or subresource. */
export function resourcePath(info: ResourceInfo, at: { namespace?: string; name?: string; subresource?: string } = {}): string {
  let p = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  if (info.namespaced && at.namespace) p += `/namespaces/${encodeURIComponent(at.namespace)}`;
  p += `/${info.plural}`;
  if (at.name !== undefined) p += `/${encodeURIComponent(at.name)}`;
  if (at.subresource) p += `/${at.subresource}`;
  return p;
}

export interface ResourceClientOptions {
  client: Requester;
  resource: ResourceInfo;
  namespace?: string;
}

export class ResourceClient<T extends KubeObject = KubeObject> {
  readonly resource: ResourceInfo;
  private readonly client: Requester;
  private readonly ns: string | undefined;

  constructor(opts: ResourceClientOptions) {
    this.client = opts.client;
    this.resource = opts.resource;
    this.ns = opts.namespace;
  }

  /** A client bound to `namespace`. */
  namespace(namespace: string): ResourceClient<T> {
    return new ResourceClient<T>({ client: this.client, resource: this.resource, namespace });
  }

  async create(obj: T, o: WriteOptions = {}): Promise<T> {
    const namespace = this.nsFor('create', o, obj, false);
    return this.call({ method: 'POST', path: resourcePath(this.resource, { namespace }), body: obj, query: writeQuery(o), signal: o.signal });
  }

  async get(name: string, o: CallOptions & { resourceVersion?: string } = {}): Promise<T> {
    const path = resourcePath(this.resource, { namespace: this.nsFor('get', o), name });
    return this.call({ method: 'GET', path, query: { resourceVersion: o.resourceVersion }, signal: o.signal });
  }

  async update(obj: T, o: WriteOptions = {}): Promise<T> {
    return this.put(obj, o, undefined);
  }

  async updateStatus(obj: T, o: WriteOptions = {}): Promise<T> {
    return this.put(obj, o, 'status');
  }

  async patch(name: string, patch: unknown, type: PatchType, o: PatchOptions = {}): Promise<T> {
    const path = resourcePath(this.resource, { namespace: this.nsFor('patch', o), name, subresource: o.subresource });
    const query = { ...writeQuery(o), force: o.force || undefined };
    if (type === 'apply' && !o.fieldManager) throw new TypeError('patch: fieldManager is required for apply patches');
    return this.call({ method: 'PATCH', path, body: patch, contentType: patchContentTypes[type], query, signal: o.signal });
  }

  /** Resolves with the deleted object, or a Success Status, whichever the server returns. */
  async delete(name: string, o: DeleteOptions = {}): Promise<T | Status> {
    const path = resourcePath(this.resource, { namespace: this.nsFor('delete', o), name });
    return this.call({ method: 'DELETE', path, body: deleteBody(o), signal: o.signal });
  }

  async deleteCollection(o: DeleteOptions & Omit<ListOptions, 'all'> = {}): Promise<KubeList<T> | Status> {
    const path = resourcePath(this.resource, { namespace: o.namespace ?? this.ns });
    return this.call({ method: 'DELETE', path, body: deleteBody(o), query: listQuery(o), signal: o.signal });
  }

  async list(o: ListOptions = {}): Promise<KubeList<T>> {
    if (!o.all) return this.listPage(o);
    const first = await this.listPage(o);
    const items = [...first.items];
    let page = first;
    try {
      while (page.metadata.continue) {
        page = await this.listPage({ ...o, continue: page.metadata.continue });
        items.push(...page.items);
      }
    } catch (e: unknown) {
      // The snapshot behind the token was compacted: one consistent, unpaged list instead.
      if (e instanceof ContinueExpired) return this.listPage({ ...o, limit: undefined, continue: undefined });
      throw e;
    }
    return { ...page, metadata: { resourceVersion: page.metadata.resourceVersion }, items };
  }

  async *watch(o: WatchOptions = {}): AsyncGenerator<ObjectWatchEvent<T>> {
    const query: Query = {
      watch: 'true', labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, resourceVersion: o.resourceVersion,
      resourceVersionMatch: o.resourceVersionMatch, allowWatchBookmarks: o.allowWatchBookmarks || undefined,
      timeoutSeconds: o.timeoutSeconds, sendInitialEvents: o.sendInitialEvents,
    };
    const path = resourcePath(this.resource, { namespace: o.namespace ?? this.ns });
    let res;
    try {
      res = await this.client.stream({ method: 'GET', path, query, signal: o.signal });
    } catch (e: unknown) {
      if (o.signal?.aborted) return;
      throw e;
    }
    try {
      for await (const ev of decodeWatchStream<T>(res)) yield { type: ev.type, object: this.fill(ev.object) };
    } catch (e: unknown) {
      if (o.signal?.aborted) return;
      throw e;
    } finally {
      res.destroy();
    }
  }

  private async listPage(o: ListOptions): Promise<KubeList<T>> {
    const path = resourcePath(this.resource, { namespace: o.namespace ?? this.ns });
    const list = await this.client.request<KubeList<T>>({ method: 'GET', path, query: listQuery(o), signal: o.signal });
    list.items = (list.items ?? []).map((x) => this.fill(x));
    list.metadata ??= {};
    return list;
  }

  private async put(obj: T, o: WriteOptions, subresource: 'status' | undefined): Promise<T> {
    const name = obj.metadata.name;
    if (!name) throw new TypeError(`update: ${this.resource.plural} object has no metadata.name`);
    const path = resourcePath(this.resource, { namespace: this.nsFor('update', o, obj), name, subresource });
    return this.call({ method: 'PUT', path, body: obj, query: writeQuery(o), signal: o.signal });
  }

  private call<R>(req: HttpRequest): Promise<R> {
    return this.client.request<R>(req);
  }

  private nsFor(verb: string, o: CallOptions, obj?: T, required = true): string | undefined {
    if (!this.resource.namespaced) return undefined;
    const ns = o.namespace ?? this.ns ?? obj?.metadata.namespace;
    if (!ns && required) throw new TypeError(`${verb}: ${this.resource.plural} is namespaced and no namespace was given`);
    return ns;
  }

  /** Fills in apiVersion/kind, which kube omits on list items and some bookmark objects. */
  private fill(obj: T): T {
    obj.apiVersion ??= apiVersionOf(this.resource);
    obj.kind ??= this.resource.kind;
    return obj;
  }
}

function writeQuery(o: WriteOptions): Query {
  return { dryRun: o.dryRun ? 'All' : undefined, fieldManager: o.fieldManager, fieldValidation: o.fieldValidation };
}

function listQuery(o: Omit<ListOptions, 'all'>): Query {
  return {
    labelSelector: o.labelSelector, fieldSelector: o.fieldSelector, limit: o.limit, continue: o.continue,
    resourceVersion: o.resourceVersion, resourceVersionMatch: o.resourceVersionMatch, timeoutSeconds: o.timeoutSeconds,
  };
}

function deleteBody(o: DeleteOptions): object | undefined {
  const body = {
    kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: o.gracePeriodSeconds, propagationPolicy: o.propagationPolicy,
    preconditions: o.preconditions, dryRun: o.dryRun ? ['All'] : undefined,
  };
  const set = Object.entries(body).filter(([k, v]) => v !== undefined && k !== 'kind' && k !== 'apiVersion');
  return set.length ? body : undefined;
}
