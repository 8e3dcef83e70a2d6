/**
 * What the Nodes view shows of one pod: phase, readiness, IP and controlling owner.
 *
 * Contract (pure): READY is the Ready condition being "True"; `terminating` once a
 * deletionTimestamp is set; the owner is the controlling ownerReference (else the first).
 * Upstream: pkg/printers/internalversion/printers.go (printPod READY/STATUS)
 */
import { conditionStatus, type Pod } from './kube.js';

export interface PodRow {
  namespace: string;
  name: string;
  phase: string;
  ready: boolean;
  terminating: boolean;
  ip: string;
  /** `Kind/name` of the controlling owner (e.g. `ReplicaSet/web-5d4f`), if any. */
  owner?: string;
}

export function podRow(p: Pod): PodRow {
  const owner = p.metadata.ownerReferences?.find((o) => o.controller) ?? p.metadata.ownerReferences?.[0];
  return {
    namespace: p.metadata.namespace ?? '',
    name: p.metadata.name,
    phase: p.status?.phase ?? 'Pending',
    ready: conditionStatus(p.status?.conditions, 'Ready') === 'True',
    terminating: p.metadata.deletionTimestamp !== undefined,
    ip: p.status?.podIP ?? '',
    ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {}),
  };
}

