/**
 * The pod garbage collector's pure plan: given one snapshot of the cached Pods and Nodes, which
 * pods one pass force-deletes, for which of kube's four reasons (kube's order, but for the orphans,
 * which the shell deletes last, once the apiserver has confirmed their nodes gone):
 * - `terminated`: pods in phase Succeeded/Failed beyond `terminatedPodThreshold` (0 or less = off), the
 *   oldest first by kube's byEvictionAndCreationTimestamp (evicted pods first, then creation
 *   time, then name);
 * - `out-of-service`: terminating pods on a node that is not Ready and carries the
 *   `node.kubernetes.io/out-of-service` taint (any effect);
 * - `orphaned`: pods bound to a node missing from the cache. A missing node is first put in
 *   quarantine (`quarantineMs`, kube's 40 s); once that has run out the shell asks the apiserver
 *   (`checkNodes`) and only pods on nodes it confirms gone (`orphansOn`) are deleted. A node
 *   taken out of quarantine is quarantined afresh at the next pass, as kube's delaying queue does;
 * - `unscheduled`: terminating pods with no nodeName.
 * Each pod is planned once per pass (the first reason wins). `failedStatus` is the status patch
 * kube sends before the delete: phase Failed, plus the DisruptionTarget condition for orphans.
 * Upstream: pkg/controller/podgc/gc_controller.go, pkg/controller/podgc/metrics/metrics.go
 */
import type { NodeObject, Pod, PodCondition } from '@miniplane/api/pod/types';

export type PodGcReason = 'terminated' | 'out-of-service' | 'orphaned' | 'unscheduled';

export const outOfServiceTaintKey = 'node.kubernetes.io/out-of-service';

export interface PodGcInput {
  pods: readonly Pod[];
  nodes: ReadonlyMap<string, NodeObject>;
  terminatedPodThreshold: number;
  /** Missing node name -> when its quarantine ends (ms), from the previous pass. */
  quarantine: ReadonlyMap<string, number>;
  quarantineMs: number;
  now: number;
}

export interface PodGcPlan {
  /** Pods to force-delete now, in order, with their reason (orphans come later, see checkNodes). */
  deletes: Array<{ pod: Pod; reason: PodGcReason }>;
  /** Nodes missing from the cache whose quarantine has run out: look them up live. */
  checkNodes: string[];
  /** The quarantine to keep for the next pass. */
  quarantine: Map<string, number>;
}

export function isPodTerminated(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
}

/** kube's eviction.PodIsEvicted. */
function isEvicted(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
}

/** kube's byEvictionAndCreationTimestamp: evicted first, then older first, then by name. */
export function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = isEvicted(a);
  if (ea !== isEvicted(b)) return ea ? -1 : 1;
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function isNodeReady(node: NodeObject): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function isOutOfService(node: NodeObject | undefined): boolean {
  return !!node && !isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === outOfServiceTaintKey);
}

export function planPodGc(input: PodGcInput): PodGcPlan {
  const { pods, nodes, now } = input;
  const deletes: PodGcPlan['deletes'] = [];
  const planned = new Set<Pod>();
  const add = (list: readonly Pod[], reason: PodGcReason) => {
    for (const pod of list) {
      if (planned.has(pod)) continue;
      planned.add(pod);
      deletes.push({ pod, reason });
    }
  };
  if (input.terminatedPodThreshold > 0) {
    const terminated = pods.filter(isPodTerminated);
    const excess = terminated.length - input.terminatedPodThreshold;
    if (excess > 0) add([...terminated].sort(byEvictionAndCreation).slice(0, excess), 'terminated');
  }
  const terminating = pods.filter((p) => !!p.metadata.deletionTimestamp);
  add(terminating.filter((p) => !!p.spec.nodeName && isOutOfService(nodes.get(p.spec.nodeName))).sort(byEvictionAndCreation), 'out-of-service');

  const quarantine = new Map<string, number>();
  for (const p of pods) {
    const name = p.spec.nodeName;
    if (name && !nodes.has(name) && !quarantine.has(name)) quarantine.set(name, input.quarantine.get(name) ?? now + input.quarantineMs);
  }
  const checkNodes: string[] = [];
  for (const [name, until] of quarantine) {
    if (until > now) continue;
    checkNodes.push(name);
    quarantine.delete(name);
  }
  add(terminating.filter((p) => !p.spec.nodeName), 'unscheduled');
  return { deletes, checkNodes, quarantine };
}

/** The pods bound to the nodes the apiserver confirmed gone, in the snapshot's order. */
export function orphansOn(pods: readonly Pod[], gone: ReadonlySet<string>): Pod[] {
  return pods.filter((p) => !!p.spec.nodeName && gone.has(p.spec.nodeName));
}

/** The DisruptionTarget condition kube's podgc sets on an orphan before deleting it. */
export function orphanCondition(nowText: string): PodCondition {
  return { type: 'DisruptionTarget', status: 'True', lastTransitionTime: nowText, reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
}

/**
 * The status kube's markFailedAndDeletePod writes before the delete: undefined for a pod already
 * Succeeded or Failed (no write), else phase Failed with `condition` set (replacing one of its type).
 */
export function failedStatus(pod: Pod, condition?: PodCondition): { phase: 'Failed'; conditions?: PodCondition[] } | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return undefined;
  if (!condition) return { phase: 'Failed' };
  const old = pod.status?.conditions ?? [];
  const same = old.find((c) => c.type === condition.type);
  const kept = same && same.status === condition.status ? { ...condition, lastTransitionTime: same.lastTransitionTime } : condition;
  return { phase: 'Failed', conditions: same ? old.map((c) => (c.type === condition.type ? kept : c)) : [...old, kept] };
}
