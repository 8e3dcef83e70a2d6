/**
 * The delete of one stored object, as kube's generic Store.Delete does it, inside the caller's
 * transaction: the propagation policy's GC finalizers, then a graceful delete for kinds with a
 * graceful-delete strategy (pods), then either the delete itself or — while finalizers (or a
 * namespace's spec.finalizers) remain — deletionTimestamp set and the object kept.
 *
 * Contract: every write goes through `store` at the revision read, and each stored change runs
 * the kind's afterUpdate/afterDelete hook; results carry TypeMeta. Preconditions, the 404 and
 * transactions are the registry's (resourceRegistry.ts delete/deleteKeys).
 * Upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go (Delete,
 * updateForGracefulDeletionAndFinalizers); staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go
 * (BeforeDelete)
 */
import type { KubeObject, ResourceInfo } from '@miniplane/api';
import { metaTime } from '@miniplane/api/metaTime';
import type { Strategy, WriteContext } from '@miniplane/api/scheme/strategy';
import type { KvStore } from '../storage/kvStore.js';
import { gcFinalizers } from './gcFinalizers.js';
import { clone } from './jsonClone.js';
import { withTypeMeta } from './typeMeta.js';

/** The last second an RFC 3339 timestamp can name (9999-12-31T23:59:59Z). */
const maxDeletionTime = Date.UTC(9999, 11, 31, 23, 59, 59);

/** A namespace's spec.finalizers (the `kubernetes` finalizer the namespace controller removes). */
export function specFinalizers(o: KubeObject): string[] {
  const f = (o.spec as { finalizers?: unknown } | undefined)?.finalizers;
  return Array.isArray(f) ? (f as string[]) : [];
}

/** What of a DELETE's options the stored delete reads. */
export interface DeleteAsked {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
}

export class StoredDelete {
  constructor(
    private readonly store: KvStore,
    private readonly strategyOf: (info: ResourceInfo) => Strategy,
  ) {}

  /** A delete of a stored object, as kube's Store.Delete: GC finalizers, then graceful or not. */
  run(info: ResourceInfo, key: string, cur: KubeObject, curRev: number, o: DeleteAsked, ctx: WriteContext): { obj: KubeObject; gone: boolean } {
    const { obj, rev } = this.setGcFinalizers(info, key, cur, curRev, o.propagationPolicy, ctx);
    return this.deleteGracefully(info, key, obj, rev, o, ctx) ?? this.deleteStored(info, key, obj, rev, ctx);
  }

  /**
   * The propagation policy's finalizers (gcFinalizers.ts). On an object not yet terminating the
   * change rides on the delete's own write; on a terminating one it is stored now.
   */
  private setGcFinalizers(
    info: ResourceInfo, key: string, obj: KubeObject, rev: number, policy: string | undefined, ctx: WriteContext,
  ): { obj: KubeObject; rev: number } {
    const finalizers = gcFinalizers(obj.metadata.finalizers, policy);
    if (!finalizers) return { obj, rev };
    const next = clone(obj);
    if (finalizers.length) next.metadata.finalizers = finalizers;
    else delete next.metadata.finalizers;
    if (!obj.metadata.deletionTimestamp) return { obj: next, rev };
    const stored = this.store.update(key, next, rev);
    this.strategyOf(info).afterUpdate?.(stored, obj, ctx);
    return { obj: stored, rev: Number(stored.metadata.resourceVersion) };
  }

  /**
   * kube's rest.BeforeDelete for kinds with a graceful-delete strategy (pods): a delete with a
   * grace period > 0 sets deletionTimestamp = now + period and deletionGracePeriodSeconds and
   * keeps the object; a later delete may only shorten the period (deletionTimestamp moves by the
   * difference); 0 deletes now. Returns undefined when the object is to be deleted at once.
   */
  private deleteGracefully(
    info: ResourceInfo, key: string, obj: KubeObject, rev: number, o: DeleteAsked, ctx: WriteContext,
  ): { obj: KubeObject; gone: false; graceful: true } | undefined {
    const s = this.strategyOf(info);
    if (!s.gracePeriodForDelete) return undefined;
    const m = obj.metadata;
    const asked = o.gracePeriodSeconds !== undefined && o.gracePeriodSeconds < 0 ? 1 : o.gracePeriodSeconds;
    let period: number;
    let deletionAt: number;
    let base: number;
    if (m.deletionTimestamp) {
      const current = Number(m.deletionGracePeriodSeconds ?? 0);
      if (!current) return undefined;
      if (asked === undefined || asked >= current) return { obj: withTypeMeta(info, obj), gone: false, graceful: true };
      period = asked;
      base = Date.parse(m.deletionTimestamp) - current * 1000;
    } else {
      period = s.gracePeriodForDelete(obj, asked);
      base = ctx.now.getTime();
    }
    if (period === 0) return undefined;
    // An int64 grace period (up to 2^63-1 s) would put the deletion past the year 9999, which no
    // RFC 3339 time holds (Go's MarshalJSON refuses it): such a period ends there instead.
    period = Math.min(period, Math.floor((maxDeletionTime - base) / 1000));
    deletionAt = base + period * 1000;
    const next = clone(obj);
    next.metadata.deletionTimestamp = metaTime(new Date(deletionAt));
    next.metadata.deletionGracePeriodSeconds = period;
    const stored = this.store.update(key, next, rev);
    s.afterUpdate?.(stored, obj, ctx);
    return { obj: withTypeMeta(info, stored), gone: false, graceful: true };
  }

  private deleteStored(info: ResourceInfo, key: string, obj: KubeObject, rev: number, ctx: WriteContext): { obj: KubeObject; gone: boolean } {
    const keep = (obj.metadata.finalizers?.length ?? 0) > 0 || (info.kind === 'Namespace' && specFinalizers(obj).length > 0);
    if (keep) {
      if (obj.metadata.deletionTimestamp) return { obj: withTypeMeta(info, obj), gone: false };
      const next = clone(obj);
      next.metadata.deletionTimestamp = metaTime(ctx.now);
      next.metadata.deletionGracePeriodSeconds = 0;
      if (info.kind === 'Namespace') next.status = { ...((next.status as object) ?? {}), phase: 'Terminating' };
      const stored = this.store.update(key, next, rev);
      this.strategyOf(info).afterUpdate?.(stored, obj, ctx);
      return { obj: withTypeMeta(info, stored), gone: false };
    }
    const gone = this.store.delete(key, rev);
    this.strategyOf(info).afterDelete?.(gone, ctx);
    return { obj: withTypeMeta(info, gone), gone: true };
  }
}
