/**
 * The scheduler's filter plugins of kube's default profile that matter without volumes and
 * inter-pod rules, in the framework's order; each returns why a node is refused, in kube's words,
 * and whether preemption could help.
 *
 * Contract (pure)
 * - NodeUnschedulable: `spec.unschedulable` unless the pod tolerates
 *   `node.kubernetes.io/unschedulable:NoSchedule` → "node(s) were unschedulable".
 * - TaintToleration: the first NoSchedule/NoExecute taint the pod does not tolerate →
 *   "node(s) had untolerated taint {key: value}". A node whose Ready condition is not True
 *   counts as tainted `node.kubernetes.io/not-ready:NoSchedule` (Unknown: `unreachable`), the
 *   taints kube's node lifecycle controller would have put on it.
 * - NodeAffinity: nodeSelector and required node affinity (In, NotIn, Exists, DoesNotExist, Gt,
 *   Lt; matchFields on metadata.name) → "node(s) didn't match Pod's node affinity/selector".
 * - NodeResourcesFit: "Too many pods", "Insufficient cpu", "Insufficient memory" (all that apply).
 * The first three are unresolvable (preemption cannot help); resource shortages are not.
 * Upstream: pkg/scheduler/framework/plugins/{nodeunschedulable,tainttoleration,nodeaffinity,noderesources}
 */
import type { NodeObject, NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint, Toleration } from '@miniplane/api/pod/types';

export interface FilterResult {
  reasons: string[];
  /** UnschedulableAndUnresolvable: preemption cannot help on this node. */
  unresolvable: boolean;
}

/** What a node has left for new pods: allocatable minus the requests of the pods on it. */
export interface NodeUsage {
  cpu: number;
  memory: number;
  pods: number;
}

export interface PodRequests {
  cpu: number;
  memory: number;
}

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

const tolerates = (pod: Pod, taint: Taint) => (pod.spec.tolerations ?? []).some((t) => toleratesTaint(t, taint));

/** The node's taints, with the lifecycle controller's not-ready/unreachable taint when Ready is not True. */
export function effectiveTaints(node: NodeObject): Taint[] {
  const taints = [...(node.spec?.taints ?? [])];
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') {
    const key = ready?.status === 'Unknown' ? 'node.kubernetes.io/unreachable' : 'node.kubernetes.io/not-ready';
    if (!taints.some((t) => t.key === key && t.effect === 'NoSchedule')) taints.push({ key, effect: 'NoSchedule' });
  }
  return taints;
}

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return value !== undefined && values.includes(value);
    case 'NotIn': return value === undefined || !values.includes(value);
    case 'Exists': return value !== undefined;
    case 'DoesNotExist': return value === undefined;
    case 'Gt':
    case 'Lt': {
      const v = Number(value);
      const bound = Number(values[0]);
      if (value === undefined || !/^-?\d+$/.test(value) || !Number.isFinite(bound)) return false;
      return r.operator === 'Gt' ? v > bound : v < bound;
    }
    default: return false;
  }
}

function matchTerm(term: NodeSelectorTerm, node: NodeObject): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  return exprs.every((r) => matchRequirement(r, labels[r.key])) &&
    fields.every((r) => r.key === 'metadata.name' && matchRequirement(r, node.metadata.name));
}

export function matchesNodeAffinity(pod: Pod, node: NodeObject): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !terms || terms.some((t) => matchTerm(t, node));
}

export function filterNode(pod: Pod, req: PodRequests, node: NodeObject, free: NodeUsage): FilterResult | undefined {
  if (node.spec?.unschedulable && !tolerates(pod, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' })) {
    return { reasons: ['node(s) were unschedulable'], unresolvable: true };
  }
  const untolerated = effectiveTaints(node).find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod, t));
  if (untolerated) return { reasons: [`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`], unresolvable: true };
  if (!matchesNodeAffinity(pod, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
  const reasons: string[] = [];
  if (free.pods < 1) reasons.push('Too many pods');
  if (req.cpu > 0 && req.cpu > free.cpu) reasons.push('Insufficient cpu');
  if (req.memory > 0 && req.memory > free.memory) reasons.push('Insufficient memory');
  return reasons.length ? { reasons, unresolvable: false } : undefined;
}
