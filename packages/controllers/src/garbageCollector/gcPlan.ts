/**
 * The garbage collector's decisions, as kube's attemptToDeleteItem and the owner finalizer
 * handlers take them. Pure: owners come in already resolved.
 *
 * - planDependent: a dependent whose owners are all absent (dangling: not found under that name
 *   and uid in the dependent's namespace, or cluster-wide for a cluster-scoped owner) or waiting
 *   for their dependents (foregroundDeletion) is deleted: Foreground when an owner waits and it
 *   has dependents of its own, else as its own finalizers say (orphan → Orphan,
 *   foregroundDeletion → Foreground) or Background. With at least one solid owner it stays,
 *   and references to absent or waiting owners are removed. An unresolvable reference (a
 *   cluster-scoped dependent naming a namespaced kind) counts as solid: kube never collects it.
 * - planOwner: an owner being deleted with `orphan` releases every dependent (its reference
 *   removed) and then drops the finalizer; with `foregroundDeletion` it drops the finalizer once
 *   no dependent blocking it (blockOwnerDeletion) is left, deleting the dependents meanwhile.
 * Upstream: pkg/controller/garbagecollector/garbagecollector.go (attemptToDeleteItem,
 *           classifyReferences, processDeletingDependentsItem, orphanDependents)
 */
import type { GraphNode, OwnerRef } from './ownerGraph.js';

export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

export type OwnerState = 'solid' | 'dangling' | 'waiting';

export type DependentAction =
  | { action: 'none' }
  | { action: 'removeOwners'; uids: string[] }
  | { action: 'delete'; propagationPolicy: 'Background' | 'Foreground' | 'Orphan' };

export function planDependent(n: GraphNode, owners: ReadonlyMap<string, OwnerState>, hasDependents: boolean): DependentAction {
  if (!n.owners.length || (n.deleting && !n.finalizers.includes(foregroundFinalizer) && !n.finalizers.includes(orphanFinalizer))) return { action: 'none' };
  const of = (s: OwnerState) => n.owners.filter((o) => owners.get(o.uid) === s);
  const solid = of('solid');
  const dangling = of('dangling');
  const waiting = of('waiting');
  if (solid.length) {
    const gone = [...dangling, ...waiting].map((o) => o.uid);
    return gone.length ? { action: 'removeOwners', uids: gone } : { action: 'none' };
  }
  if (n.deleting) return { action: 'none' };
  if (waiting.length && hasDependents) return { action: 'delete', propagationPolicy: 'Foreground' };
  if (n.finalizers.includes(orphanFinalizer)) return { action: 'delete', propagationPolicy: 'Orphan' };
  if (n.finalizers.includes(foregroundFinalizer)) return { action: 'delete', propagationPolicy: 'Foreground' };
  return { action: 'delete', propagationPolicy: 'Background' };
}

export type OwnerAction =
  | { action: 'none' }
  | { action: 'orphan'; release: GraphNode[] }
  | { action: 'removeFinalizer'; finalizer: string }
  | { action: 'deleteDependents'; dependents: GraphNode[] };

export function planOwner(n: GraphNode, dependents: readonly GraphNode[]): OwnerAction {
  if (!n.deleting) return { action: 'none' };
  if (n.finalizers.includes(orphanFinalizer)) {
    return dependents.length ? { action: 'orphan', release: [...dependents] } : { action: 'removeFinalizer', finalizer: orphanFinalizer };
  }
  if (n.finalizers.includes(foregroundFinalizer)) {
    const blocking = dependents.filter((d) => d.owners.some((o: OwnerRef) => o.uid === n.uid && o.blockOwnerDeletion));
    if (!blocking.length) return { action: 'removeFinalizer', finalizer: foregroundFinalizer };
    return { action: 'deleteDependents', dependents: [...dependents] };
  }
  return { action: 'none' };
}
