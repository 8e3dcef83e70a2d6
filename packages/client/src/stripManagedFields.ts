/**
 * stripManagedFields: an informer transform that drops `metadata.managedFields` from cached
 * objects, as controller-runtime's cache does by default (cache.TransformStripManagedFields).
 * The managed fields are often 40 % of a pod's JSON and no controller, scheduler or kubelet reads
 * them; an update sent without them keeps the stored ones (kube's field manager falls back to
 * the live object's when a request carries none).
 *
 * Contract: returns the object itself when it has no managedFields, else a shallow copy with a
 * new `metadata` lacking them; the input is never mutated.
 * Upstream: sigs.k8s.io/controller-runtime pkg/cache (TransformStripManagedFields),
 *           staging/src/k8s.io/client-go/tools/cache/shared_informer.go (SetTransform)
 */
import type { KubeObject } from '@miniplane/api';

export function stripManagedFields<T extends KubeObject>(obj: T): T {
  if (obj.metadata?.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
