/**
 * The generic registry: kube-apiserver's generic store semantics for every served kind, on top
 * of the key-value store. HTTP handlers call it; it never sees HTTP.
 *
 * Contract:
 * - create: namespace must exist (404 as kube's NamespaceLifecycle) and not be terminating (403);
 *   generateName, uid, creationTimestamp, generation=1 where the kind tracks generations;
 *   prepareForCreate, validation (422 Invalid with causes), beginCreate hook, store — all in one
 *   transaction; dryRun runs everything and rolls back.
 * - update (PUT): a stale metadata.resourceVersion is a 409 Conflict in kube's words; an empty one
 *   is unconditional. Main-resource writes keep the stored status, `/status` writes keep
 *   everything but status and are prepared and validated by the strategy's status hooks.
 *   generation is bumped when anything outside metadata/status changes.
 *   An object being deleted whose last finalizer is removed is deleted by that write.
 * - delete: finalizers turn a delete into setting deletionTimestamp; otherwise the object goes.
 *   A namespace is also kept, Terminating, while its spec.finalizers is not empty: the namespace
 *   controller deletes its content, then removes `kubernetes` through `/finalize`, and that
 *   update deletes it (kube's ShouldDeleteNamespaceDuringUpdate).
 * Upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go
 */
import { encodeJson } from '@miniplane/api/patch/goJsonText';
import {
  AlreadyExists,
  BadRequest,
  Conflict,
  Forbidden,
  Invalid,
  NotFound,
  apiVersionOf,
  type Scheme,
  type FieldError,
  type GroupResource,
  type KubeObject,
  type ResourceInfo,
} from '@miniplane/api';
import { metaTime } from '@miniplane/api/metaTime';
import { validateObjectMeta, validateObjectMetaUpdate } from '@miniplane/api/validation/objectMeta';
import { nameIsDNSSubdomain } from '@miniplane/api/validation/names';
import { deepEqual } from '@miniplane/api/patch/jsonValue';
import { KeyExists, RevisionMismatch, type KvStore, type ListResult } from '../storage/kvStore.js';
import type { RevisionLog } from '../storage/revisionLog.js';

/** What a watch reads of the revision log (the registry's; nothing else touches the log). */
export type WatchFeed = Pick<RevisionLog, 'currentRevision' | 'compactRevision' | 'committedRevision' | 'replaysFromMemory' | 'pin' | 'subscribe' | 'eventsPage'>;
import { generateName, type Environment } from './environment.js';
import { listPrefix, objectKey } from './keys.js';
import type { Strategy, WriteContext } from '@miniplane/api/scheme/strategy';
import { strategyKey, type StrategyTable } from './strategyTable.js';
import { recordManagedFields } from './fieldManagement.js';
import { patchedObject, type PatchRequest } from './patchedObject.js';
import { clone } from './jsonClone.js';
import { StoredDelete, specFinalizers, type DeleteAsked } from './storedDelete.js';
import { withTypeMeta, withoutTypeMeta } from './typeMeta.js';

export { withTypeMeta, withoutTypeMeta };

export interface WriteOptions {
  dryRun?: boolean;
  /** create and update: the manager the write's managedFields are recorded under (none: not recorded). */
  manager?: string;
  /**
   * create only: the caller hands `body` over (an HTTP handler's freshly decoded body), so the
   * registry edits it instead of copying it first.
   */
  adopt?: boolean;
}

export interface DeleteOptions extends WriteOptions, DeleteAsked {
  preconditions?: { uid?: string; resourceVersion?: string };
}

export type Subresource = '' | 'status' | 'finalize';

/** Thrown inside a dry-run transaction to roll it back while carrying the result out. */
class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super('dry run');
  }
}

export function groupResource(info: ResourceInfo): GroupResource {
  return { group: info.group, resource: info.plural };
}

function specOf(obj: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return encodeJson(rest);
}

/**
 * Equal apart from resourceVersion and managedFields timestamps (what a no-op update changes).
 * A change of field ownership alone (kubectl's client-side to server-side apply migration) is a
 * real change.
 */
function unchanged(next: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { resourceVersion: _r, managedFields, ...meta } = o.metadata;
    return { ...o, metadata: { ...meta, managedFields: managedFields?.map(({ time: _t, ...e }) => e) } };
  };
  return deepEqual(strip(next), strip(old));
}

function parseRev(rv: string): number {
  if (!/^\d+$/.test(rv)) throw new BadRequest(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}

export class ResourceRegistry {
  /** Namespace name → whether its stored version (by revision) is terminating. */
  private readonly namespaces = new Map<string, { rev: number; terminating: boolean }>();

  private readonly namespaceInfo: ResourceInfo;

  /** The delete path (GC finalizers, graceful deletion, finalizers keeping an object). */
  private readonly deletion: StoredDelete;

  /** `strategies` replace the scheme's strategy of a kind (see strategyTable.ts). */
  constructor(
    readonly store: KvStore,
    readonly scheme: Scheme,
    private readonly strategies: StrategyTable,
    private readonly env: Environment,
  ) {
    this.namespaceInfo = scheme.findResourceByKind('v1', 'Namespace')!;
    this.deletion = new StoredDelete(store, (info) => this.strategy(info));
  }

  /** The newest committed revision (what lists and watches report as their resourceVersion). */
  get currentRevision(): number {
    return this.store.log.currentRevision;
  }

  /** The newest revision compaction removed (a watch or continue before it is 410 Gone). */
  get compactRevision(): number {
    return this.store.log.compactRevision;
  }

  /** Resolves once every write so far is committed (acknowledge only what is durable). */
  settled(): Promise<void> {
    return this.store.log.settled();
  }

  /** The watch feed: the committed changes, in order, and the revisions a watch starts from. */
  get watchFeed(): WatchFeed {
    return this.store.log;
  }

  strategy(info: ResourceInfo): Strategy {
    return this.strategies.get(strategyKey(info)) ?? this.scheme.strategy(info);
  }

  private ctx(o: WriteOptions): WriteContext {
    const log = this.store.log;
    return { dryRun: !!o.dryRun, now: this.env.now(), onRollback: (undo) => log.onRollback(undo) };
  }

  /** Runs `fn` in one transaction; a dry run rolls it back and still returns its result. */
  private write<T>(o: WriteOptions, fn: () => T): T {
    try {
      return this.store.transaction(() => {
        const r = fn();
        if (o.dryRun) throw new DryRunRollback(r);
        return r;
      });
    } catch (e) {
      if (e instanceof DryRunRollback) return e.result as T;
      throw e;
    }
  }

  /**
   * The kind's defaulting (kube's decoder applies it to every body), run once per write, before
   * the field manager and the strategy, which both take the defaulted object as it is.
   */
  private defaulted(info: ResourceInfo, obj: KubeObject): KubeObject {
    const d = this.scheme.defaults(info);
    return d ? d(obj) : obj;
  }

  private validateAll(info: ResourceInfo, obj: KubeObject, old?: KubeObject, sub: Subresource = ''): void {
    const s = this.strategy(info);
    const errs: FieldError[] = [
      ...validateObjectMeta(obj.metadata, { namespaced: info.namespaced, nameValidator: s.nameValidator ?? nameIsDNSSubdomain }),
    ];
    if (old) errs.push(...validateObjectMetaUpdate(obj.metadata, old.metadata));
    if (old && sub === 'status' && s.validateStatusUpdate) errs.push(...s.validateStatusUpdate(obj, old));
    else errs.push(...(old ? (s.validateUpdate?.(obj, old) ?? s.validate?.(obj) ?? []) : (s.validate?.(obj) ?? [])));
    if (errs.length) throw new Invalid({ group: info.group, kind: info.kind }, obj.metadata.name ?? '', errs);
  }

  private checkNamespace(info: ResourceInfo, namespace: string | undefined): void {
    if (!info.namespaced || !namespace) return;
    const row = this.store.getRaw(objectKey(this.namespaceInfo, undefined, namespace));
    if (!row) {
      this.namespaces.delete(namespace);
      throw new NotFound(groupResource(this.namespaceInfo), namespace);
    }
    // Every namespaced create reads its namespace: parse each stored version only once.
    let seen = this.namespaces.get(namespace);
    if (seen?.rev !== row.rev) {
      seen = { rev: row.rev, terminating: !!(JSON.parse(row.json) as KubeObject).metadata?.deletionTimestamp };
      this.namespaces.set(namespace, seen);
    }
    if (seen.terminating) {
      throw new Forbidden(groupResource(info), '', `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  get(info: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
    const s = this.store.get(objectKey(info, namespace, name));
    if (!s) throw new NotFound(groupResource(info), name);
    return withTypeMeta(info, s.obj);
  }

  list(info: ResourceInfo, namespace: string | undefined, o: { limit?: number; startAfter?: string; atRev?: number; filter?: (o: KubeObject) => boolean }): ListResult {
    return this.store.list(listPrefix(info, namespace), o);
  }

  create(info: ResourceInfo, namespace: string | undefined, body: KubeObject, o: WriteOptions = {}): KubeObject {
    const ctx = this.ctx(o);
    let obj = this.defaulted(info, o.adopt ? body : clone(body));
    if (o.manager !== undefined) obj = recordManagedFields(this.scheme, info, undefined, obj, o.manager, '', ctx.now);
    const generated = this.stampCreate(info, namespace, obj, ctx.now);
    const s = this.strategy(info);
    s.prepareForCreate?.(obj, ctx);
    this.validateAll(info, obj);
    return this.write(o, () => {
      this.checkNamespace(info, namespace);
      return this.storeCreate(info, namespace, obj, s, ctx, o, generated);
    });
  }

  /**
   * A create of an object the server built itself inside another write (a Service's IPAddress):
   * it takes `obj` without copying it and skips preparation and validation (its builder makes
   * it valid), but stamps metadata, runs beginCreate and stores exactly as `create` does.
   * Must run inside the caller's transaction; cluster-scoped kinds only.
   */
  createInternal(info: ResourceInfo, obj: KubeObject, ctx: WriteContext): KubeObject {
    if (info.namespaced) throw new Error(`createInternal: ${info.kind} is namespaced`);
    this.stampCreate(info, undefined, obj, ctx.now);
    return this.store.transaction(() => this.storeCreate(info, undefined, obj, this.strategy(info), ctx, { dryRun: ctx.dryRun }, false));
  }

  /** The metadata a create sets; returns whether the name was generated. */
  private stampCreate(info: ResourceInfo, namespace: string | undefined, obj: KubeObject, now: Date): boolean {
    obj.apiVersion = apiVersionOf(info);
    obj.kind = info.kind;
    const meta = (obj.metadata ??= {});
    if (info.namespaced) meta.namespace = namespace;
    else delete meta.namespace;
    let generated = false;
    if (!meta.name && meta.generateName) {
      meta.name = generateName(meta.generateName, this.env.random);
      generated = true;
    }
    meta.uid = this.env.uid();
    meta.creationTimestamp = metaTime(now);
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (info.hasGeneration) meta.generation = 1;
    else delete meta.generation;
    return generated;
  }

  private storeCreate(
    info: ResourceInfo, namespace: string | undefined, obj: KubeObject, s: Strategy, ctx: WriteContext, o: WriteOptions, generated: boolean,
  ): KubeObject {
    s.beginCreate?.(obj, ctx);
    const name = obj.metadata.name!;
    try {
      const stored = this.store.create(objectKey(info, namespace, name), obj);
      return withTypeMeta(info, o.dryRun ? { ...stored, metadata: { ...stored.metadata, resourceVersion: undefined } } : stored);
    } catch (e) {
      if (e instanceof KeyExists) throw new AlreadyExists(groupResource(info), name, generated);
      throw e;
    }
  }

  /** PUT. Returns the stored object and whether the PUT created it. */
  update(info: ResourceInfo, namespace: string | undefined, name: string, body: KubeObject, sub: Subresource, o: WriteOptions = {}): { obj: KubeObject; created: boolean } {
    const bodyName = body.metadata?.name;
    if (bodyName && bodyName !== name) {
      throw new BadRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
    }
    return this.write(o, () => {
      const key = objectKey(info, namespace, name);
      const cur = this.store.get(key);
      if (!cur) {
        if (sub === '' && this.strategy(info).allowCreateOnUpdate) {
          const obj = { ...body, metadata: { ...body.metadata, name } };
          return { obj: this.create(info, namespace, obj, { dryRun: false, adopt: true, manager: o.manager }), created: true };
        }
        throw new NotFound(groupResource(info), name);
      }
      const ctx = this.ctx(o);
      const live = withTypeMeta(info, cur.obj);
      const defaulted = this.defaulted(info, body);
      const next = o.manager === undefined ? defaulted : recordManagedFields(this.scheme, info, live, defaulted, o.manager, sub, ctx.now);
      return { obj: this.replace(info, key, live, cur.rev, next, sub, ctx, o.adopt), created: false };
    });
  }

  /**
   * PATCH, every patch type, in one transaction with one read of the stored object: patch,
   * field validation and type check (patchedObject.ts), defaulting, managed fields, then the
   * update rules.
   * An apply to a missing object creates it in the same transaction (not through a
   * subresource: kube's status and scale REST pass forceAllowCreate=false, so that is a 404).
   */
  patch(info: ResourceInfo, namespace: string | undefined, name: string, sub: Subresource, p: PatchRequest, o: WriteOptions = {}): { obj: KubeObject; created: boolean; warnings: string[] } {
    return this.write(o, () => {
      const key = objectKey(info, namespace, name);
      const cur = this.store.get(key);
      if (!cur) {
        if (p.type !== 'apply' || sub !== '') throw new NotFound(groupResource(info), name);
        const r = patchedObject(this.scheme, info, { metadata: { name, namespace } }, p, sub);
        return { obj: this.create(info, namespace, r.obj, { dryRun: false, adopt: true }), created: true, warnings: r.warnings };
      }
      const live = withTypeMeta(info, cur.obj);
      const r = patchedObject(this.scheme, info, live, p, sub);
      const ctx = this.ctx(o);
      let next = this.defaulted(info, r.obj);
      // An apply recorded its managedFields as it merged; the other patch types are an Update.
      if (p.type !== 'apply' && p.manager !== undefined) next = recordManagedFields(this.scheme, info, live, next, p.manager, sub, ctx.now);
      return { obj: this.replace(info, key, live, cur.rev, next, sub, ctx, true), created: false, warnings: r.warnings };
    });
  }

  /**
   * Writes `body` over `old` (stored at revision `rev`), applying the update rules. With `adopt`
   * the caller hands `body` over (a freshly decoded or patched object) and it is not copied.
   */
  replace(info: ResourceInfo, key: string, old: KubeObject, rev: number, body: KubeObject, sub: Subresource, ctx: WriteContext, adopt = false): KubeObject {
    const name = old.metadata.name!;
    const wantRv = body.metadata?.resourceVersion;
    if (wantRv && parseRev(wantRv) !== rev) throw new Conflict(groupResource(info), name);
    let next: KubeObject;
    if (sub === 'status') {
      // The one copy of the stored object a write makes (`old` must stay as stored for the checks).
      next = clone(old);
      const own = adopt ? <T>(v: T) => v : clone;
      if ('status' in body) next.status = own(body.status);
      else delete next.status;
      // The field manager recorded this status write in the body's managedFields; kube keeps
      // them too (ResetObjectMetaForStatus leaves managedFields alone).
      if (body.metadata?.managedFields) next.metadata.managedFields = own(body.metadata.managedFields);
    } else if (sub === 'finalize') {
      // kube's finalize strategy: the body's spec.finalizers, nothing else of it.
      next = clone(old);
      next.spec = { ...((old.spec as object | undefined) ?? {}), finalizers: specFinalizers(body) };
    } else {
      next = adopt ? { ...body } : clone(body);
      next.metadata = { ...(next.metadata ?? {}) };
      if (info.subresources.includes('status')) {
        if ('status' in old) next.status = clone(old.status);
        else delete next.status;
      }
    }
    next.apiVersion = apiVersionOf(info);
    next.kind = info.kind;
    const m = next.metadata;
    m.name = name;
    if (info.namespaced) m.namespace = old.metadata.namespace;
    m.uid = old.metadata.uid;
    m.creationTimestamp = old.metadata.creationTimestamp;
    if (old.metadata.deletionTimestamp) {
      m.deletionTimestamp = old.metadata.deletionTimestamp;
      m.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
    } else {
      delete m.deletionTimestamp;
      delete m.deletionGracePeriodSeconds;
    }
    if (info.hasGeneration) {
      m.generation = (old.metadata.generation ?? 1) + (sub === '' && specOf(next) !== specOf(old) ? 1 : 0);
    } else delete m.generation;
    const s = this.strategy(info);
    if (sub === '') s.prepareForUpdate?.(next, old, ctx);
    else s.prepareForStatusUpdate?.(next, old, body, ctx);
    this.validateAll(info, next, old, sub);
    if (sub === '') s.beginUpdate?.(next, old, ctx);
    try {
      // kube's ShouldDeleteDuringUpdate: only an object whose grace period is over (0) goes.
      if (m.deletionTimestamp && !(m.finalizers?.length) && !old.metadata.deletionGracePeriodSeconds && !(info.kind === 'Namespace' && specFinalizers(next).length)) {
        const gone = this.store.delete(key, rev);
        s.afterDelete?.(gone, ctx);
        return withTypeMeta(info, gone);
      }
      // kube writes nothing when an update changes nothing but managedFields timestamps: the
      // resourceVersion stays, no watch event goes out (`kubectl patch` says "no change").
      if (unchanged(next, old)) return withTypeMeta(info, old);
      const stored = this.store.update(key, next, rev);
      s.afterUpdate?.(stored, old, ctx);
      // A dry run answers with the stored revision, not the one the write would have taken.
      if (ctx.dryRun) return withTypeMeta(info, { ...stored, metadata: { ...stored.metadata, resourceVersion: String(rev) } });
      return withTypeMeta(info, stored);
    } catch (e) {
      if (e instanceof RevisionMismatch) throw new Conflict(groupResource(info), name);
      throw e;
    }
  }

  /**
   * DELETE. Returns the object and whether it is gone (false: finalizers keep it, with
   * deletionTimestamp set).
   */
  delete(info: ResourceInfo, namespace: string | undefined, name: string, o: DeleteOptions = {}): { obj: KubeObject; gone: boolean; graceful?: boolean } {
    if (info.kind === 'Namespace' && ['default', 'kube-system', 'kube-public'].includes(name)) {
      throw new Forbidden(groupResource(info), name, 'this namespace may not be deleted');
    }
    return this.write(o, () => {
      const key = objectKey(info, namespace, name);
      const cur = this.store.get(key);
      if (!cur) throw new NotFound(groupResource(info), name);
      const pre = o.preconditions;
      if (pre?.uid && pre.uid !== cur.obj.metadata.uid) {
        throw new Conflict(groupResource(info), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.obj.metadata.uid}`);
      }
      if (pre?.resourceVersion && pre.resourceVersion !== String(cur.rev)) {
        throw new Conflict(groupResource(info), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.rev}`);
      }
      return this.deletion.run(info, key, cur.obj, cur.rev, o, this.ctx(o));
    });
  }

  /**
   * kube's Storage.GuaranteedUpdate as BindingREST uses it: reads the object, lets `fn` change
   * it (spec and status alike) and stores it in one transaction, with no strategy, validation or
   * generation bump. `fn` may throw an ApiError to refuse.
   */
  guaranteedUpdate(info: ResourceInfo, namespace: string | undefined, name: string, o: WriteOptions, fn: (cur: KubeObject, now: Date) => KubeObject): KubeObject {
    return this.write(o, () => {
      const key = objectKey(info, namespace, name);
      const cur = this.store.get(key);
      if (!cur) throw new NotFound(groupResource(info), name);
      const ctx = this.ctx(o);
      const next = fn(clone(withTypeMeta(info, cur.obj)), ctx.now);
      const stored = this.store.update(key, next, cur.rev);
      this.strategy(info).afterUpdate?.(stored, cur.obj, ctx);
      return withTypeMeta(info, stored);
    });
  }

  /**
   * One slice of a deletecollection (see deleteCollection.ts): deletes, in one transaction, those
   * of `keys` that still exist (kube deletes by name what its list returned and skips the gone),
   * each as a delete of its own: propagation finalizers, and a graceful delete for pods (kube's
   * namespace controller empties a namespace of pods this way, and they go Terminating).
   */
  deleteKeys(info: ResourceInfo, keys: string[], o: DeleteOptions = {}): KubeObject[] {
    return this.write(o, () => {
      const out: KubeObject[] = [];
      for (const key of keys) {
        const cur = this.store.get(key);
        if (cur) out.push(this.deletion.run(info, key, cur.obj, cur.rev, o, this.ctx(o)).obj);
      }
      return out;
    });
  }

  /** Creates the namespaces kube starts with (idempotent). */
  bootstrap(): void {
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      if (!this.store.get(objectKey(this.namespaceInfo, undefined, ns))) {
        this.create(this.namespaceInfo, undefined, { metadata: { name: ns } });
      }
    }
  }
}
