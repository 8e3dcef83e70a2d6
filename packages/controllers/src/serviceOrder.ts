/**
 * The one order controllers here walk objects in when they must pick a winner (who keeps a
 * contested ClusterIP, NodePort or LoadBalancer IP; which mirrored EndpointSlice is kept):
 * oldest first by creationTimestamp, ties by namespace/name. Total and stable, so every pass — and every process — picks the same one.
 * `byKey` is the order kube's port repair walks its Service list in (etcd key order).
 */
import type { KubeObject } from '@miniplane/api';

export function serviceKey(svc: Pick<KubeObject, 'metadata'>): string {
  return `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;
}

export function byAge(a: Pick<KubeObject, 'metadata'>, b: Pick<KubeObject, 'metadata'>): number {
  // RFC 3339 timestamps of one format order as text.
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = serviceKey(a);
  const kb = serviceKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** namespace/name order, as a LIST returns Services. */
export function byKey(a: Pick<KubeObject, 'metadata'>, b: Pick<KubeObject, 'metadata'>): number {
  const ka = serviceKey(a);
  const kb = serviceKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
