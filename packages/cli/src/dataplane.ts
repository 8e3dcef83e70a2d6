/**
 * `miniplane up --dataplane`: the address defaults move to loopback, where Linux routes all of
 * 127.0.0.0/8 with no configuration and no root, so simulated pods, ClusterIPs, node IPs and
 * LoadBalancer IPs can really be listened on and connected to. Each stays overridable by its own
 * flag; without `--dataplane` nothing changes.
 *
 *   service range   127.96.0.0/16   (--service-cluster-ip-range)
 *   cluster CIDR    127.244.0.0/16  (--cluster-cidr; pods' IPs, accepted as endpoints)
 *   node IPs        127.0.1.0/24    (--node-ip-range; node-1 is 127.0.1.2)
 *   LB pool         127.200.0.0/24  (--load-balancer-ip-range)
 *   external IPs    127.201.0.0/24  (--external-ip-range; loopback externalIPs accepted there)
 *
 * Contract: pure; returns a copy of the flags with the defaults filled in.
 *
 * The loopback endpoint addresses the apiserver accepts in this mode (kube accepts none): the
 * cluster CIDR (pods), and exactly the addresses the apiserver and the DNS component listen on,
 * which `default/kubernetes` and `kube-system/kube-dns` name as their endpoints.
 */
import { isIP } from 'node:net';
import { parseListen } from '@miniplane/apiserver';
import type { UpArgs } from './args.js';
import { dnsListenDefault } from './dnsArgs.js';
import { advertisedAddress } from './kubernetesEndpoints.js';

export const dataplaneDefaults = {
  serviceClusterIPRange: '127.96.0.0/16',
  clusterCIDR: '127.244.0.0/16',
  nodeIPRange: '127.0.1.0/24',
  loadBalancerIPRange: '127.200.0.0/24',
  externalIPRange: '127.201.0.0/24',
} as const;

export function withDataplaneDefaults(f: UpArgs): UpArgs {
  if (!f.dataplane) return f;
  return {
    ...f,
    serviceClusterIPRange: f.serviceClusterIPRange ?? dataplaneDefaults.serviceClusterIPRange,
    clusterCIDR: f.clusterCIDR ?? dataplaneDefaults.clusterCIDR,
    nodeIPRange: f.nodeIPRange ?? dataplaneDefaults.nodeIPRange,
    loadBalancerIPRange: f.loadBalancerIPRange ?? dataplaneDefaults.loadBalancerIPRange,
    externalIPRange: f.externalIPRange ?? dataplaneDefaults.externalIPRange,
  };
}

/** `loopbackEndpointCIDRs` for the apiserver: the cluster CIDR, the apiserver's and the DNS component's addresses. */
export function dataplaneLoopbackCIDRs(f: UpArgs): string {
  const hosts = [parseListen(f.listen ?? '127.0.0.1:8080').host, parseListen(f.dnsListen ?? dnsListenDefault).host].map(advertisedAddress);
  const own = hosts.filter((h) => isIP(h)).map((h) => (isIP(h) === 6 ? `${h}/128` : `${h}/32`));
  return [...new Set([f.clusterCIDR ?? dataplaneDefaults.clusterCIDR, ...own])].join(',');
}
