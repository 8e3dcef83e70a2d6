/**
 * planNodeIPAM: which podCIDRs kube's node IPAM controller (range allocator) gives which Nodes.
 * Pure.
 *
 * Contract
 * - `parseClusterCIDRs(text, maskSizeV4, maskSizeV6)`: `--cluster-cidr` (one CIDR, or an
 *   IPv4,IPv6 pair) with `--node-cidr-mask-size` (IPv4, default 24; IPv6 64); throws kube-like
 *   errors for a bad CIDR or a mask size outside [cluster prefix, address bits].
 * - Every CIDR a Node already carries in `spec.podCIDRs` (or `podCIDR`) counts as used, whoever
 *   set it; a Node without one gets, per cluster CIDR, the lowest free subnet (so node-1 of a
 *   fresh cluster gets 10.244.0.0/24, node-2 10.244.1.0/24, ...). Nodes are served oldest first
 *   (creationTimestamp, then name in natural order), so the order is stable across restarts.
 * - A Node that cannot get one subnet of every family is listed in `failed` and gets nothing
 *   (kube's `CIDRNotAvailable`).
 * Upstream: pkg/controller/nodeipam/ipam/range_allocator.go, pkg/controller/nodeipam/ipam/cidrset/cidr_set.go
 */
import { formatIP, parseCIDR, type ParsedCIDR } from '@miniplane/api/allocators/cidr';
import type { NodeObject } from '@miniplane/api/pod/types';

export const defaultClusterCIDR = '10.244.0.0/16';

export interface ClusterCIDR {
  cidr: ParsedCIDR;
  maskSize: number;
}

export interface NodeIPAMPlan {
  assign: Array<{ node: NodeObject; podCIDRs: string[] }>;
  failed: NodeObject[];
}

export function parseClusterCIDRs(text: string, maskSizeV4 = 24, maskSizeV6 = 64): ClusterCIDR[] {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0 || parts.length > 2) throw new Error(`invalid --cluster-cidr ${JSON.stringify(text)}: want one CIDR or an IPv4,IPv6 pair`);
  const out = parts.map((p) => {
    const cidr = parseCIDR(p);
    if (!cidr) throw new Error(`invalid --cluster-cidr ${JSON.stringify(p)}: not a valid CIDR`);
    const maskSize = cidr.family === 'IPv4' ? maskSizeV4 : maskSizeV6;
    if (maskSize < cidr.prefix || maskSize > cidr.bits) {
      throw new Error(`invalid --node-cidr-mask-size ${maskSize} for --cluster-cidr ${cidr.text}: must be between ${cidr.prefix} and ${cidr.bits}`);
    }
    return { cidr, maskSize };
  });
  if (out.length === 2 && out[0]!.cidr.family === out[1]!.cidr.family) throw new Error(`invalid --cluster-cidr ${JSON.stringify(text)}: a pair must be one IPv4 and one IPv6 CIDR`);
  return out;
}

export function podCIDRsOf(node: NodeObject): string[] {
  const s = node.spec ?? {};
  return s.podCIDRs?.length ? s.podCIDRs : s.podCIDR ? [s.podCIDR] : [];
}

const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

export function planNodeIPAM(nodes: readonly NodeObject[], clusters: readonly ClusterCIDR[]): NodeIPAMPlan {
  const used = clusters.map(() => new Set<bigint>());
  for (const n of nodes) {
    for (const text of podCIDRsOf(n)) {
      const c = parseCIDR(text);
      clusters.forEach((cl, k) => {
        if (c && c.family === cl.cidr.family && c.prefix === cl.maskSize && inside(cl.cidr, c.network)) used[k]!.add(c.network);
      });
    }
  }
  const plan: NodeIPAMPlan = { assign: [], failed: [] };
  const pending = nodes.filter((n) => podCIDRsOf(n).length === 0 && !n.metadata.deletionTimestamp).sort((a, b) =>
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || natural(a.metadata.name ?? '', b.metadata.name ?? ''));
  for (const node of pending) {
    const picks = clusters.map((cl, k) => lowestFree(cl, used[k]!));
    if (picks.some((p) => p === undefined)) {
      plan.failed.push(node);
      continue;
    }
    picks.forEach((p, k) => used[k]!.add(p!));
    plan.assign.push({ node, podCIDRs: picks.map((p, k) => `${formatIP(clusters[k]!.cidr.family, p!)}/${clusters[k]!.maskSize}`) });
  }
  return plan;
}

function inside(c: ParsedCIDR, v: bigint): boolean {
  return v >= c.network && v < c.network + (1n << BigInt(c.bits - c.prefix));
}

function lowestFree(cl: ClusterCIDR, used: Set<bigint>): bigint | undefined {
  const step = 1n << BigInt(cl.cidr.bits - cl.maskSize);
  const count = 1n << BigInt(cl.maskSize - cl.cidr.prefix);
  for (let k = 0n; k < count; k++) {
    const v = cl.cidr.network + k * step;
    if (!used.has(v)) return v;
  }
  return undefined;
}
