/**
 * The garbage-collection finalizers a DELETE sets, as kube's generic registry does before it
 * deletes: `propagationPolicy: Orphan` (or `orphanDependents: true`) adds `orphan`, `Foreground`
 * adds `foregroundDeletion`, each removing the other; an explicit `Background` removes both; no
 * policy keeps what the object has. An object left with a finalizer is then only marked
 * (deletionTimestamp) and the garbage collector finishes the job.
 *
 * Returns the new finalizer list, or undefined when it does not change. Pure.
 * Upstream: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go
 *           (deletionFinalizersForGarbageCollection, shouldOrphanDependents, shouldDeleteDependents)
 */
export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

export function gcFinalizers(finalizers: readonly string[] | undefined, policy: string | undefined): string[] | undefined {
  if (policy === undefined) return undefined;
  const have = finalizers ?? [];
  const rest = have.filter((f) => f !== orphanFinalizer && f !== foregroundFinalizer);
  const add = policy === 'Orphan' ? [orphanFinalizer] : policy === 'Foreground' ? [foregroundFinalizer] : [];
  const next = [...rest, ...add];
  if (next.length === have.length && next.every((f) => have.includes(f))) return undefined;
  return next;
}
