/**
 * Pods grouped by the Node they are bound to, with what the Nodes view shows of each: the node's
 * zone, podCIDR(s) and Ready condition; each pod's phase, readiness, IP and controlling owner.
 *
 * Contract (pure): every node gets a group (empty ones too), in name order; pods bound to a node
 * the store does not hold get a group of that name marked `known: false`; unscheduled pods are in
 * the last group, `nodeName` undefined. Pods are in namespace/name order within a group.
 * Upstream: pkg/printers/internalversion/printers.go (printPod READY/STATUS, printNode),
 * staging/src/k8s.io/api/core/v1/well_known_labels.go (topology.kubernetes.io/zone)
 */
import { conditionStatus, type Node, type Pod } from './kube.js';

export const zoneLabel = 'topology.kubernetes.io/zone';

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

export interface NodeGroup {
  /** Undefined for the group of unscheduled pods. */
  nodeName?: string;
  known: boolean;
  zone?: string;
  podCIDRs: string[];
  /** The Ready condition's status ("True", "False", "Unknown"), or undefined. */
  ready?: string;
  pods: PodRow[];
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

function byNamespacedName(a: PodRow, b: PodRow): number {
  const x = `${a.namespace}/${a.name}`;
  const y = `${b.namespace}/${b.name}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function podsByNode(nodes: Iterable<Node>, pods: Iterable<Pod>): NodeGroup[] {
  const groups = new Map<string, NodeGroup>();
  for (const n of nodes) {
    groups.set(n.metadata.name, {
      nodeName: n.metadata.name,
      known: true,
      ...(n.metadata.labels?.[zoneLabel] ? { zone: n.metadata.labels[zoneLabel] } : {}),
      podCIDRs: n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : []),
      ...(conditionStatus(n.status?.conditions, 'Ready') ? { ready: conditionStatus(n.status?.conditions, 'Ready') } : {}),
      pods: [],
    });
  }
  const unscheduled: NodeGroup = { known: true, podCIDRs: [], pods: [] };
  for (const p of pods) {
    const node = p.spec?.nodeName;
    if (!node) {
      unscheduled.pods.push(podRow(p));
      continue;
    }
    let g = groups.get(node);
    if (!g) groups.set(node, (g = { nodeName: node, known: false, podCIDRs: [], pods: [] }));
    g.pods.push(podRow(p));
  }
  const out = [...groups.values()].sort((a, b) => (a.nodeName! < b.nodeName! ? -1 : 1));
  if (unscheduled.pods.length) out.push(unscheduled);
  for (const g of out) g.pods.sort(byNamespacedName);
  return out;
}
