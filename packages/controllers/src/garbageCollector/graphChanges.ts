/**
 * What the garbage collector re-checks when its graph changes and on its periodic resync. Pure.
 *
 * - sameOwnerRefs: whether an update left an object's ownerReferences as they were (field by
 *   field, in order; absent = none), so the common update that does not touch them costs no
 *   dependent check and no encoding of either list.
 * - unblockedOwners: a dependent that drops a reference with blockOwnerDeletion=true, or turns
 *   it to false, may have been the last thing an owner in Foreground deletion waited for: those
 *   owners' uids are returned, to be checked again (kube's addUnblockedOwnersToDeleteQueue).
 * - planResync: kube's graph is rebuilt from informers that relist after a lost watch, so a
 *   missed event converges. Ours does the same on a timer over the cached state: a graph node
 *   whose object is no longer in its informer's store is forgotten (a delete we missed), every
 *   dependent with an owner the graph does not hold (a "virtual" owner: looked up again) or an
 *   owner waiting for its dependents is checked again, and every owner being deleted with
 *   `orphan` or `foregroundDeletion` too. Nodes whose owners are all present and not waiting are
 *   left alone, so a quiet cluster costs no request.
 * Upstream: pkg/controller/garbagecollector/graph_builder.go (addUnblockedOwnersToDeleteQueue,
 *           processGraphChanges), garbagecollector.go (Sync)
 */
import { foregroundFinalizer, orphanFinalizer, waitsForDependents } from './gcPlan.js';
import type { GraphNode, OwnerRef } from './ownerGraph.js';

const blocking = (r: OwnerRef | undefined) => r?.blockOwnerDeletion === true;

const refFields = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'] as const;

export function sameOwnerRefs(a: readonly OwnerRef[] | undefined, b: readonly OwnerRef[] | undefined): boolean {
  if (a === b) return true;
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  return x.every((r, i) => refFields.every((f) => r[f] === y[i]![f]));
}

export function unblockedOwners(oldRefs: readonly OwnerRef[], newRefs: readonly OwnerRef[]): string[] {
  const now = new Map(newRefs.map((r) => [r.uid, r]));
  return oldRefs.filter((r) => blocking(r) && !blocking(now.get(r.uid))).map((r) => r.uid);
}

export interface ResyncPlan {
  /** uids of graph nodes whose objects are gone from the caches. */
  forget: string[];
  /** Dependents to check again (D keys). */
  dependents: GraphNode[];
  /** Owners being deleted with a GC finalizer (O keys). */
  owners: GraphNode[];
}

export function planResync(nodes: Iterable<GraphNode>, cached: (n: GraphNode) => boolean, known: (uid: string) => GraphNode | undefined): ResyncPlan {
  const plan: ResyncPlan = { forget: [], dependents: [], owners: [] };
  const live: GraphNode[] = [];
  for (const n of nodes) {
    if (cached(n)) live.push(n);
    else plan.forget.push(n.uid);
  }
  const forgotten = new Set(plan.forget);
  const present = (uid: string) => !forgotten.has(uid) && known(uid);
  for (const n of live) {
    if (n.deleting && n.finalizers.some((f) => f === orphanFinalizer || f === foregroundFinalizer)) plan.owners.push(n);
    if (n.deleting) continue; // a dependent being deleted is never collected again
    if (n.owners.some((o) => {
      const owner = present(o.uid);
      return !owner || waitsForDependents(owner);
    })) plan.dependents.push(n);
  }
  return plan;
}
