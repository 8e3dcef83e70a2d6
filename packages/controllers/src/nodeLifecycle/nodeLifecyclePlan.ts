/**
 * kube's node lifecycle controller and taint-based eviction, as pure decisions.
 *
 * Contract
 * - `planNodeHealth`: a node whose kubelet was last heard of (its Lease's renewTime or its Ready
 *   condition's lastHeartbeatTime, the later) more than `gracePeriodMs` ago gets every condition
 *   it has (Ready, MemoryPressure, DiskPressure, PIDPressure) set Unknown with reason
 *   `NodeStatusUnknown`, "Kubelet stopped posting node status." (lastTransitionTime now when the
 *   status changes; lastHeartbeatTime kept); conditions the kubelet never posted are added
 *   Unknown with `NodeStatusNeverUpdated`, "Kubelet never posted node status.". A node that
 *   never posted its Ready condition is given `startupGracePeriodMs` (--node-startup-grace-period,
 *   60 s) instead.
 * - `planNodeTaints`: Ready Unknown → `node.kubernetes.io/unreachable` NoSchedule and NoExecute;
 *   Ready False → `node.kubernetes.io/not-ready` NoSchedule and NoExecute; Ready True → neither;
 *   `spec.unschedulable` → `node.kubernetes.io/unschedulable` NoSchedule. Other taints are kept,
 *   kept ones keep their timeAdded; new NoExecute taints get timeAdded = now. Undefined when
 *   nothing changes. NoSchedule taints follow at once; a NoExecute taint (what evicts pods) is
 *   added only in mode `add` (the zone's eviction rate limiter let the node through), swapped at
 *   once between not-ready and unreachable when the other is there (kube's instant swap), kept in
 *   mode `keep`, and removed in mode `remove` (all zones fully disrupted: kube's
 *   markNodeAsReachable) or when the node is Ready. `needsNoExecuteTaint`: not Ready and neither
 *   NoExecute taint yet, so the node waits in its zone's tainting queue.
 * - `planEvictions`: for the pods of a node with NoExecute taints: a pod that does not tolerate
 *   one of them is evicted now; one whose matching tolerations all carry tolerationSeconds is
 *   evicted once the shortest has passed since the taint's timeAdded (`nextAt` says when to look
 *   again); one tolerating without tolerationSeconds stays. Terminating pods are skipped.
 * Upstream: pkg/controller/nodelifecycle/node_lifecycle_controller.go (tryUpdateNodeHealth,
 * doNoScheduleTaintingPass, markNodeAsReachable), pkg/controller/tainteviction/taint_eviction.go,
 * pkg/apis/core/v1/helper (ToleratesTaint)
 */
import type { NodeObject, Pod, Taint, Toleration } from '@miniplane/api/pod/types';

export const taintUnreachable = 'node.kubernetes.io/unreachable';
export const taintNotReady = 'node.kubernetes.io/not-ready';
export const taintUnschedulable = 'node.kubernetes.io/unschedulable';
const monitored = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

type Condition = NonNullable<NonNullable<NodeObject['status']>['conditions']>[number];

export function lastHeard(node: NodeObject, leaseRenewTime: string | undefined): number {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const times = [leaseRenewTime, ready?.lastHeartbeatTime, node.metadata.creationTimestamp].filter((x): x is string => !!x).map(Date.parse);
  return Math.max(...times, 0);
}

/** New conditions when the node is to be marked Unknown; undefined when nothing changes. */
export function planNodeHealth(node: NodeObject, leaseRenewTime: string | undefined, now: number, gracePeriodMs: number, nowText: string, startupGracePeriodMs = 60_000): Condition[] | undefined {
  // A node that never posted its Ready condition gets kube's --node-startup-grace-period instead.
  const grace = node.status?.conditions?.some((c) => c.type === 'Ready') ? gracePeriodMs : startupGracePeriodMs;
  if (now - lastHeard(node, leaseRenewTime) <= grace) return undefined;
  const current = node.status?.conditions ?? [];
  let changed = false;
  const next = current.map((c) => {
    if (!monitored.includes(c.type) || c.status === 'Unknown') return c;
    changed = true;
    return { ...c, status: 'Unknown' as const, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: nowText };
  });
  for (const type of monitored) {
    if (current.some((c) => c.type === type)) continue;
    changed = true;
    next.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: nowText, lastTransitionTime: nowText } as Condition);
  }
  return changed ? next : undefined;
}

/** How planNodeTaints treats the NoExecute taint of the node's condition. */
export type NoExecuteMode = 'keep' | 'add' | 'remove';

const readyOf = (node: NodeObject) => node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
const noExecuteKeys = [taintUnreachable, taintNotReady];

export function needsNoExecuteTaint(node: NodeObject): boolean {
  const ready = readyOf(node);
  if (ready === 'True') return false;
  return !(node.spec?.taints ?? []).some((t) => t.effect === 'NoExecute' && noExecuteKeys.includes(t.key));
}

export function planNodeTaints(node: NodeObject, nowText: string, mode: NoExecuteMode): Taint[] | undefined {
  const ready = readyOf(node);
  const have = node.spec?.taints ?? [];
  const hasNoExecute = have.some((t) => t.effect === 'NoExecute' && noExecuteKeys.includes(t.key));
  const noExecute = mode === 'add' || (mode === 'keep' && hasNoExecute);
  const key = ready === 'Unknown' ? taintUnreachable : ready === 'False' ? taintNotReady : undefined;
  const want: Taint[] = [];
  if (key) want.push({ key, effect: 'NoSchedule' });
  if (key && noExecute) want.push({ key, effect: 'NoExecute', timeAdded: nowText });
  if (node.spec?.unschedulable) want.push({ key: taintUnschedulable, effect: 'NoSchedule', timeAdded: nowText });
  const managed = new Set([taintUnreachable, taintNotReady, taintUnschedulable]);
  const same = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;
  const kept = have.filter((t) => !managed.has(t.key) || want.some((w) => same(w, t)));
  const added = want.filter((w) => !have.some((t) => same(w, t)));
  if (kept.length === have.length && !added.length) return undefined;
  return [...kept, ...added];
}

/** kube's ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (!t.key && t.operator !== 'Exists') return false;
  return (t.value ?? '') === (taint.value ?? '');
}

export interface EvictionPlan {
  evict: Pod[];
  /** When the next toleration runs out (ms since the epoch), if one will. */
  nextAt?: number;
}

export function planEvictions(node: NodeObject, pods: readonly Pod[], now: number): EvictionPlan {
  const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
  const evict: Pod[] = [];
  let nextAt: number | undefined;
  if (!taints.length) return { evict };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    let deadline = Infinity;
    let tolerated = true;
    for (const taint of taints) {
      const matching = (pod.spec.tolerations ?? []).filter((t) => tolerates(t, taint));
      if (!matching.length) {
        tolerated = false;
        break;
      }
      const seconds = matching.map((t) => (t.tolerationSeconds === undefined ? Infinity : Math.max(0, Number(t.tolerationSeconds))));
      const since = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
      deadline = Math.min(deadline, since + Math.min(...seconds) * 1000);
    }
    if (!tolerated || deadline <= now) evict.push(pod);
    else if (deadline !== Infinity) nextAt = Math.min(nextAt ?? Infinity, deadline);
  }
  return nextAt === undefined ? { evict } : { evict, nextAt };
}
