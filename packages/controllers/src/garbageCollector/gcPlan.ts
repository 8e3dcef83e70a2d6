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
 *   An object already being deleted is left alone (one waiting for its dependents: planOwner).
 *   Cycle guard (kube's): deleted in Foreground while one of its own dependents also waits for
 *   its dependents, it first sets blockOwnerDeletion=false on its references (`unblockOwners`),
 *   so two objects waiting on each other cannot hold both owners forever.
 * - planOwner: an owner being deleted with `orphan` releases every dependent (its reference
 *   removed) and then drops the finalizer; with `foregroundDeletion` it drops the finalizer once
 *   no dependent blocking it (a reference to it with blockOwnerDeletion=true) is left; meanwhile
 *   the blocking dependents not themselves waiting are checked again (and so deleted).
 *   Dependents without blockOwnerDeletion never hold the owner: they go after it, as dangling.
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
  | { action: 'delete'; propagationPolicy: 'Background' | 'Foreground' | 'Orphan'; unblockOwners?: true };

/** Being deleted and holding `foregroundDeletion`: kube's isDeletingDependents. */
export const waitsForDependents = (n: Pick<GraphNode, 'deleting' | 'finalizers'>): boolean => n.deleting && n.finalizers.includes(foregroundFinalizer);

/** The references of `n` that block the deletion of their owner. */
const blocks = (n: GraphNode, ownerUid: string) => n.owners.some((o: OwnerRef) => o.uid === ownerUid && o.blockOwnerDeletion === true);

export function planDependent(n: GraphNode, owners: ReadonlyMap<string, OwnerState>, dependents: readonly GraphNode[]): DependentAction {
  // "Being deleted" is a one-way trip; one waiting for its own dependents is planOwner's.
  if (!n.owners.length || n.deleting) return { action: 'none' };
  const of = (s: OwnerState) => n.owners.filter((o) => owners.get(o.uid) === s);
  const solid = of('solid');
  const dangling = of('dangling');
  const waiting = of('waiting');
  if (solid.length) {
    const gone = [...dangling, ...waiting].map((o) => o.uid);
    return gone.length ? { action: 'removeOwners', uids: gone } : { action: 'none' };
  }
  if (waiting.length && dependents.length) {
    // A dependent of ours waiting too may (through us) wait on our owner: unblock first.
    const cycle = dependents.some(waitsForDependents) && n.owners.some((o) => o.blockOwnerDeletion === true);
    return cycle ? { action: 'delete', propagationPolicy: 'Foreground', unblockOwners: true } : { action: 'delete', propagationPolicy: 'Foreground' };
  }
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
    const blocking = dependents.filter((d) => blocks(d, n.uid));
    if (!blocking.length) return { action: 'removeFinalizer', finalizer: foregroundFinalizer };
    return { action: 'deleteDependents', dependents: blocking.filter((d) => !waitsForDependents(d)) };
  }
  return { action: 'none' };
}
