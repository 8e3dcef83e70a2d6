/**
 * The Node object a simulated kubelet registers, and its status: pure builders.
 *
 * Contract
 * - `node-1` ... `node-N` (or an adopted node's own name, numbered by its address); labels `kubernetes.io/hostname`, `kubernetes.io/os=linux`,
 *   `kubernetes.io/arch=amd64` (and their `beta.` twins, as the kubelet still sets them),
 *   `topology.kubernetes.io/zone` spread round-robin over `zone-a`, `zone-b`, `zone-c`.
 * - InternalIP: the `i`-th node gets the `--node-ip-range` network address + 1 + i (so `.2`
 *   upwards, `.1` being the gateway); Hostname address = the node name.
 * - Capacity = allocatable (cpu, memory, pods, ephemeral-storage, hugepages); the four
 *   conditions kube's kubelet reports (MemoryPressure, DiskPressure, PIDPressure False; Ready
 *   True) with its reasons and messages; nodeInfo with kubelet v1.33.
 * Upstream: pkg/kubelet/kubelet_node_status.go, pkg/kubelet/nodestatus/setters.go
 */
import { formatIP, parseCIDR, type ParsedCIDR } from '@miniplane/api/allocators/cidr';
import { createHash } from 'node:crypto';
import type { NodeCondition, NodeObject } from '@miniplane/api/pod/types';

export const zoneLabel = 'topology.kubernetes.io/zone';
export const hostnameLabel = 'kubernetes.io/hostname';
export const kubeletVersion = 'v1.33.0';

export interface NodeResources {
  /** Kubernetes quantities, as capacity shows them. */
  cpu: string;
  memory: string;
  pods: number;
}

export const defaultNodeResources: NodeResources = { cpu: '4', memory: '16Gi', pods: 110 };

export const nodeName = (i: number): string => `node-${i}`;

export function zoneOf(i: number): string {
  return `zone-${String.fromCharCode(97 + ((i - 1) % 3))}`;
}

/** Parses `--node-ip-range`; throws with the flag's name. */
export function parseNodeIPRange(text: string): ParsedCIDR {
  const c = parseCIDR(text);
  if (!c || c.family !== 'IPv4') throw new Error(`invalid --node-ip-range ${JSON.stringify(text)}: want an IPv4 CIDR`);
  return c;
}

/** The InternalIP of node `i` (1-based): network + 1 + i; throws when the range is too small. */
export function nodeIP(range: ParsedCIDR, i: number): string {
  const value = range.network + 1n + BigInt(i);
  if (value >= range.network + (1n << BigInt(range.bits - range.prefix)) - 1n) {
    throw new Error(`--node-ip-range ${range.text} has no address for node ${i}`);
  }
  return formatIP(range.family, value);
}

export function nodeLabels(i: number, name = nodeName(i)): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
    [hostnameLabel]: name, 'kubernetes.io/os': 'linux', [zoneLabel]: zoneOf(i),
  };
}

function resourceList(r: NodeResources): Record<string, string> {
  return { cpu: r.cpu, 'ephemeral-storage': '100Gi', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: r.memory, pods: String(r.pods) };
}

/** kube's kubelet conditions for a healthy node; transition times kept from `old` when unchanged. */
export function healthyConditions(now: string, old: readonly NodeCondition[] = []): NodeCondition[] {
  const want: Array<Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>> = [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
  ];
  return want.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    const since = prev?.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : now;
    return { type: c.type, status: c.status, lastHeartbeatTime: now, lastTransitionTime: since, reason: c.reason, message: c.message };
  });
}

function hex(seed: string, n = 32): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, n);
}

export function nodeStatus(i: number, ip: string, r: NodeResources, now: string, old: readonly NodeCondition[] = [], name = nodeName(i)): NonNullable<NodeObject['status']> {
  return {
    capacity: resourceList(r),
    allocatable: resourceList(r),
    conditions: healthyConditions(now, old),
    addresses: [{ type: 'InternalIP', address: ip }, { type: 'Hostname', address: name }],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: hex(`machine/${name}`), systemUUID: hex(`system/${name}`), bootID: hex(`boot/${name}`),
      kernelVersion: '6.8.0-miniplane', osImage: 'miniplane simulated node', containerRuntimeVersion: 'containerd://2.0.0',
      kubeletVersion, kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64',
    },
  };
}

/** The Node a kubelet registers (metadata and spec; the status goes through /status). */
export function nodeManifest(i: number, name = nodeName(i)): NodeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: nodeLabels(i, name), annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
    spec: {},
  };
}
