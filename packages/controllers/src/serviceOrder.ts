/**
 * The one order controllers here walk Services in when they must pick a winner (who keeps a
 * contested ClusterIP, NodePort or LoadBalancer IP): oldest first by creationTimestamp, ties by
 * namespace/name. Total and stable, so every pass — and every process — picks the same one.
 * `byKey` is the order kube's port repair walks its Service list in (etcd key order).
 */
import type { Service } from '@miniplane/api/service/types';

export function serviceKey(svc: Service): string {
  return `${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`;
}

export function byAge(a: Service, b: Service): number {
  // RFC 3339 timestamps of one format order as text.
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = serviceKey(a);
  const kb = serviceKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** namespace/name order, as a LIST returns Services. */
export function byKey(a: Service, b: Service): number {
  const ka = serviceKey(a);
  const kb = serviceKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
