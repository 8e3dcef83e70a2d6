/**
 * `kubectl describe node`: kubectl v1.32's layout: roles, labels, annotations, taints, the node
 * Lease, conditions, addresses, capacity and allocatable, system info, pod CIDRs, the
 * non-terminated pods with their requests and limits as shares of allocatable, the allocated
 * totals, and Events.
 *
 * Contract: pure over the Node, its Lease (undefined: none), its non-terminated pods and Events.
 * Quantities summed over pods are printed in kubectl's canonical forms for the common cases
 * (millicores, binary suffixes for bytes); shares are truncated to whole percents as kubectl does.
 * Upstream: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeNode,
 * describeNodeResource), staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go (String)
 */
import { parseQuantity } from '@miniplane/api/pod/quantity';
import { translateTimestampSince } from '@miniplane/api/printers/age';
import { DescribeWriter, writeAnnotations, writeEvents, writeLabels, type CoreEvent } from './describeText.js';
import { rfc1123z } from './endpoints.js';

type Map = Record<string, string>;

export interface Node {
  metadata: { name: string; creationTimestamp?: string; labels?: Map; annotations?: Map };
  spec: { taints?: { key: string; value?: string; effect: string }[]; unschedulable?: boolean; podCIDR?: string; podCIDRs?: string[]; providerID?: string };
  status?: {
    conditions?: { type: string; status: string; lastHeartbeatTime?: string; lastTransitionTime?: string; reason?: string; message?: string }[];
    addresses?: { type: string; address: string }[]; capacity?: Map; allocatable?: Map;
    nodeInfo?: Record<string, string>;
  };
}

export interface Lease {
  spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string };
}

interface Resources { requests?: Map; limits?: Map }
export interface NodePod {
  metadata: { name: string; namespace?: string; creationTimestamp?: string };
  spec: { containers?: { resources?: Resources }[]; initContainers?: { resources?: Resources }[] };
}

/** resource.Quantity's canonical String for a sum (bytes in binary suffixes, cpu in milli). */
export function formatQuantity(value: number, resource: string): string {
  if (value === 0) return '0';
  if (resource === 'cpu') {
    const milli = Math.round(value * 1000);
    return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  }
  for (const [suffix, n] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (value % n === 0) return `${value / n}${suffix}`;
  }
  for (const [suffix, n] of [['E', 1e18], ['P', 1e15], ['T', 1e12], ['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (value % n === 0) return `${value / n}${suffix}`;
  }
  return String(value);
}

/** PodRequestsAndLimits: the containers' sum, at least each init container's. */
function podTotals(p: NodePod, kind: 'requests' | 'limits'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of p.spec.containers ?? []) for (const [k, v] of Object.entries(c.resources?.[kind] ?? {})) out[k] = (out[k] ?? 0) + (parseQuantity(v) ?? 0);
  for (const c of p.spec.initContainers ?? []) for (const [k, v] of Object.entries(c.resources?.[kind] ?? {})) out[k] = Math.max(out[k] ?? 0, parseQuantity(v) ?? 0);
  return out;
}

const pct = (v: number, of: number) => (of ? Math.trunc((v / of) * 100) : 0);

function writeResources(w: DescribeWriter, node: Node, pods: readonly NodePod[], now: Date): void {
  const alloc = node.status?.allocatable && Object.keys(node.status.allocatable).length ? node.status.allocatable : node.status?.capacity ?? {};
  const of = (r: string) => parseQuantity(alloc[r]) ?? 0;
  const cell = (v: number, r: string) => `${formatQuantity(v, r)} (${pct(v, of(r))}%)`;
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const req: Record<string, number> = {};
  const lim: Record<string, number> = {};
  for (const p of pods) {
    const r = podTotals(p, 'requests');
    const l = podTotals(p, 'limits');
    for (const [k, v] of Object.entries(r)) req[k] = (req[k] ?? 0) + v;
    for (const [k, v] of Object.entries(l)) lim[k] = (lim[k] ?? 0) + v;
    w.write(1, `${p.metadata.namespace ?? ''}\t${p.metadata.name}\t\t${cell(r.cpu ?? 0, 'cpu')}\t${cell(l.cpu ?? 0, 'cpu')}\t${cell(r.memory ?? 0, 'memory')}\t${cell(l.memory ?? 0, 'memory')}\t${translateTimestampSince(p.metadata.creationTimestamp, now)}\n`);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) w.write(1, `${r}\t${cell(req[r] ?? 0, r)}\t${cell(lim[r] ?? 0, r)}\n`);
  const names = Object.keys(alloc);
  for (const r of names.filter((n) => n.startsWith('hugepages-')).sort()) w.write(1, `${r}\t${cell(req[r] ?? 0, r)}\t${cell(lim[r] ?? 0, r)}\n`);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods', 'storage']);
  for (const r of names.filter((n) => !n.startsWith('hugepages-') && !standard.has(n) && n.includes('/')).sort()) {
    w.write(1, `${r}\t${formatQuantity(req[r] ?? 0, r)}\t${formatQuantity(lim[r] ?? 0, r)}\n`);
  }
}

export function describeNode(node: Node, lease: Lease | undefined, pods: readonly NodePod[], events: readonly CoreEvent[] | undefined, now: Date): string {
  const w = new DescribeWriter();
  const m = node.metadata;
  const st = node.status ?? {};
  w.write(0, `Name:\t${m.name}\n`);
  const roles = Object.keys(m.labels ?? {}).flatMap((k) => (k.startsWith('node-role.kubernetes.io/') ? [k.slice('node-role.kubernetes.io/'.length)] : k === 'kubernetes.io/role' ? [m.labels![k]!] : [])).filter(Boolean).sort();
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  writeLabels(w, 'Labels', m.labels);
  writeAnnotations(w, m.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}\n`);
  const taints = node.spec.taints ?? [];
  w.write(0, 'Taints:\t');
  if (!taints.length) w.write(0, '<none>\n');
  taints.forEach((t, i) => w.write(0, `${i ? '\t' : ''}${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`));
  w.write(0, `Unschedulable:\t${node.spec.unschedulable ? 'true' : 'false'}\n`);
  if (lease) {
    const time = (t: string | undefined) => (t ? rfc1123z(t) : '<unset>');
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${time(lease.spec?.acquireTime)}\n`);
    w.write(1, `RenewTime:\t${time(lease.spec?.renewTime)}\n`);
  }
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions) w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  w.write(0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    if (!list || !Object.keys(list).length) continue;
    w.write(0, `${title}:\n`);
    for (const k of Object.keys(list).sort()) w.write(1, `${k}:\t${list[k]}\n`);
  }
  const info = st.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  for (const [label, key] of [['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion']]) {
    w.write(1, `${label}:\t${info[key!] ?? ''}\n`);
  }
  if (node.spec.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  writeResources(w, node, pods, now);
  writeEvents(w, events, now);
  return w.text();
}
