/**
 * schedulePod: where kube's default scheduler would put one pending pod, over cached Nodes and
 * the pods already on them. Pure; the tie-break is an injected random source.
 *
 * Contract
 * - Feasible nodes pass every filter of nodeFilters.ts against what the node has left
 *   (allocatable cpu, memory and pods minus the requests of the pods bound or assumed on it;
 *   pods that finished — Succeeded/Failed — hold nothing).
 * - Scores (0-100 each): NodeResourcesFit least-allocated and NodeResourcesBalancedAllocation
 *   over cpu and memory, counting a container without requests as 100m / 200Mi as kube's
 *   scoring does, plus spreading (weight 2): fewer pods of the same controller (owner uid) on a
 *   node score higher. The best total wins; ties are broken at random (kube's selectHost).
 * - No feasible node: kube's FitError text, reasons counted per node and sorted:
 *   `0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No
 *   preemption victims found for incoming pod..` (preemption never evicts here: every pod has
 *   priority 0, so it never finds victims; where a filter is unresolvable it "is not helpful");
 *   no nodes at all: "no nodes available to schedule pods".
 * Upstream: pkg/scheduler/schedule_one.go (findNodesThatFitPod, prioritizeNodes, selectHost),
 *           pkg/scheduler/framework/types.go (FitError.Error),
 *           pkg/scheduler/framework/plugins/noderesources/{least_allocated,balanced_allocation}.go
 */
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import { parseQuantity } from '@miniplane/api/pod/quantity';
import { filterNode, type NodeUsage, type PodRequests } from './nodeFilters.js';

const defaultMilliCPU = 100;
const defaultMemory = 200 * 2 ** 20;

export interface NodeState {
  node: NodeObject;
  allocatable: NodeUsage;
  requested: NodeUsage;
  /** Requests with kube's scoring defaults for containers without any. */
  nonZero: PodRequests;
  /** Controller owner uid → pods of it on the node. */
  owners: Map<string, number>;
}

export type ScheduleResult = { node: string } | { message: string };

const milliCPU = (q: string | undefined) => Math.round((parseQuantity(q) ?? 0) * 1000);
const bytes = (q: string | undefined) => Math.round(parseQuantity(q) ?? 0);

/** The pod's effective requests: the sum over containers, or the largest init container if more. */
export function podRequests(pod: Pod, nonZero = false): PodRequests {
  const one = (r: Record<string, string> | undefined) => ({
    cpu: r?.cpu !== undefined ? milliCPU(r.cpu) : nonZero ? defaultMilliCPU : 0,
    memory: r?.memory !== undefined ? bytes(r.memory) : nonZero ? defaultMemory : 0,
  });
  const sum = { cpu: 0, memory: 0 };
  for (const c of pod.spec.containers ?? []) {
    const r = one(c.resources?.requests);
    sum.cpu += r.cpu;
    sum.memory += r.memory;
  }
  for (const c of pod.spec.initContainers ?? []) {
    const r = one(c.resources?.requests);
    sum.cpu = Math.max(sum.cpu, r.cpu);
    sum.memory = Math.max(sum.memory, r.memory);
  }
  return sum;
}

export function controllerUID(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
}

/** Node states from the nodes and every pod bound (or assumed bound) to one of them. */
export function nodeStates(nodes: readonly NodeObject[], boundPods: Iterable<Pod>): Map<string, NodeState> {
  const out = new Map<string, NodeState>();
  for (const node of nodes) {
    const a = node.status?.allocatable ?? {};
    out.set(node.metadata.name!, {
      node, allocatable: { cpu: milliCPU(a.cpu), memory: bytes(a.memory), pods: bytes(a.pods) },
      requested: { cpu: 0, memory: 0, pods: 0 }, nonZero: { cpu: 0, memory: 0 }, owners: new Map(),
    });
  }
  for (const p of boundPods) addPod(out, p);
  return out;
}

/** Counts `pod` on its node (after a binding, so the next decision sees it). */
export function addPod(states: Map<string, NodeState>, pod: Pod): void {
  countPod(states, pod, 1);
}

/** Un-counts a pod `addPod` counted (it was deleted, finished, or its binding failed). */
export function removePod(states: Map<string, NodeState>, pod: Pod): void {
  countPod(states, pod, -1);
}

function countPod(states: Map<string, NodeState>, pod: Pod, sign: 1 | -1): void {
  const s = states.get(pod.spec.nodeName ?? '');
  const phase = pod.status?.phase;
  if (!s || phase === 'Succeeded' || phase === 'Failed') return;
  const r = podRequests(pod);
  const nz = podRequests(pod, true);
  s.requested.cpu += sign * r.cpu;
  s.requested.memory += sign * r.memory;
  s.requested.pods += sign;
  s.nonZero.cpu += sign * nz.cpu;
  s.nonZero.memory += sign * nz.memory;
  const owner = controllerUID(pod);
  if (owner) s.owners.set(owner, (s.owners.get(owner) ?? 0) + sign);
}

function score(s: NodeState, nz: PodRequests, sameOwner: number, maxOwner: number): number {
  const frac = (used: number, cap: number) => (cap > 0 ? Math.min(1, used / cap) : 1);
  const cpu = frac(s.nonZero.cpu + nz.cpu, s.allocatable.cpu);
  const mem = frac(s.nonZero.memory + nz.memory, s.allocatable.memory);
  const least = ((1 - cpu) * 100 + (1 - mem) * 100) / 2;
  const balanced = (1 - Math.abs(cpu - mem) / 2) * 100;
  const spread = maxOwner > 0 ? ((maxOwner - sameOwner) * 100) / maxOwner : 100;
  return Math.floor(least) + Math.floor(balanced) + 2 * Math.floor(spread);
}

export function schedulePod(pod: Pod, states: Map<string, NodeState>, random: () => number): ScheduleResult {
  const req = podRequests(pod);
  const nz = podRequests(pod, true);
  const owner = controllerUID(pod);
  const feasible: NodeState[] = [];
  const histogram = new Map<string, number>();
  let unresolvable = 0;
  for (const s of states.values()) {
    const free = { cpu: s.allocatable.cpu - s.requested.cpu, memory: s.allocatable.memory - s.requested.memory, pods: s.allocatable.pods - s.requested.pods };
    const refused = filterNode(pod, req, s.node, free);
    if (!refused) {
      feasible.push(s);
      continue;
    }
    if (refused.unresolvable) unresolvable++;
    for (const r of refused.reasons) histogram.set(r, (histogram.get(r) ?? 0) + 1);
  }
  if (states.size === 0) return { message: 'no nodes available to schedule pods' };
  if (feasible.length === 0) return { message: fitError(states.size, histogram, unresolvable) };
  const maxOwner = owner ? Math.max(...feasible.map((s) => s.owners.get(owner) ?? 0)) : 0;
  let best: NodeState | undefined;
  let bestScore = -Infinity;
  let ties = 0;
  for (const s of feasible) {
    const v = score(s, nz, owner ? s.owners.get(owner) ?? 0 : 0, maxOwner);
    if (v > bestScore) {
      best = s;
      bestScore = v;
      ties = 1;
    } else if (v === bestScore && random() * ++ties < 1) best = s;
  }
  return { node: best!.node.metadata.name! };
}

function counted(h: Map<string, number>): string {
  return [...h].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
}

/** FitError.Error(): the filter histogram, then the preemption post-filter's own. */
export function fitError(total: number, histogram: Map<string, number>, unresolvable: number): string {
  let msg = `0/${total} nodes are available:`;
  if (histogram.size) msg += ` ${counted(histogram)}.`;
  const pre = new Map<string, number>();
  if (unresolvable) pre.set('Preemption is not helpful for scheduling', unresolvable);
  if (total - unresolvable > 0) pre.set('No preemption victims found for incoming pod', total - unresolvable);
  return `${msg} preemption: 0/${total} nodes are available: ${counted(pre)}..`;
}
