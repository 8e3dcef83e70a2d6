/**
 * Pods grouped by the Node they are bound to, with what the Nodes view shows of each: the node's
 * zone, podCIDR(s) and Ready condition; each pod's phase, readiness, IP and controlling owner.
 *
 * Contract (pure): every node gets a group (empty ones too), in name order; pods bound to a node
 * the store does not hold get a group of that name marked `known: false`; unscheduled pods are in
 * the last group, `nodeName` undefined. Pods are in namespace/name order within a group.
 * `nodeGroups` gives the same from a PodIndex (podIndex.ts), kept up to date event by event.
 * Upstream: pkg/printers/internalversion/printers.go (printPod READY/STATUS, printNode),
 * staging/src/k8s.io/api/core/v1/well_known_labels.go (topology.kubernetes.io/zone)
 */
import { conditionStatus, type Node, type Pod } from './kube.js';
import { PodIndex } from './podIndex.js';
import type { PodRow } from './podRow.js';

export { podRow, type PodRow } from './podRow.js';

export const zoneLabel = 'topology.kubernetes.io/zone';

export interface NodeGroup {
  /** Undefined for the group of unscheduled pods. */
  nodeName?: string;
  known: boolean;
  zone?: string;
  podCIDRs: string[];
  /** The Ready condition's status ("True", "False", "Unknown"), or undefined. */
  ready?: string;
  pods: readonly PodRow[];
}

export function podsByNode(nodes: Iterable<Node>, pods: Iterable<Pod>): NodeGroup[] {
  const index = new PodIndex();
  index.reset(pods);
  return nodeGroups(nodes, index);
}

export function nodeGroups(nodes: Iterable<Node>, index: PodIndex): NodeGroup[] {
  const groups = new Map<string, NodeGroup>();
  for (const n of nodes) {
    const ready = conditionStatus(n.status?.conditions, 'Ready');
    groups.set(n.metadata.name, {
      nodeName: n.metadata.name,
      known: true,
      ...(n.metadata.labels?.[zoneLabel] ? { zone: n.metadata.labels[zoneLabel] } : {}),
      podCIDRs: n.spec?.podCIDRs ?? (n.spec?.podCIDR ? [n.spec.podCIDR] : []),
      ...(ready ? { ready } : {}),
      pods: index.rows(n.metadata.name),
    });
  }
  for (const name of index.nodeNames()) if (!groups.has(name)) groups.set(name, { nodeName: name, known: false, podCIDRs: [], pods: index.rows(name) });
  const out = [...groups.values()].sort((a, b) => (a.nodeName! < b.nodeName! ? -1 : 1));
  const unscheduled = index.rows(undefined);
  if (unscheduled.length) out.push({ known: true, podCIDRs: [], pods: unscheduled });
  return out;
}
