/**
 * DnsView: what the DNS component answers from — the informer caches of Services, EndpointSlices
 * and Namespaces, indexed the way a lookup needs them (a Service by its ClusterIPs, the slices of
 * a Service, the slices holding an address), and the zone serial (the time of the last change).
 *
 * Contract: `dnsIndexers` are the indexers the component's informers carry; `newDnsView()` makes a
 * view over plain stores with the same indexers (the answer tests fill it by hand). IPs are
 * indexed in canonical form (`canonicalIP`: IPv4 dotted, IPv6 as eight 4-digit lowercase groups)
 * so a reverse lookup finds an address however it was written.
 * Upstream: coredns plugin/kubernetes/controller.go (svcIPIndex, epIPIndex, svcNameNamespaceIndex)
 */
import { isIP } from 'node:net';
import type { KubeObject } from '@miniplane/api';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { Service } from '@miniplane/api/service/types';
import { IndexedStore, type Indexer, type Indexers } from '@miniplane/client/store';

/** EndpointSlices name their Service with this label (discovery/v1 LabelServiceName). */
export const serviceNameLabel = 'kubernetes.io/service-name';
export const serviceIPIndex = 'clusterIP';
export const sliceServiceIndex = 'service';
export const sliceAddressIndex = 'address';

export interface DnsView {
  services: Indexer<Service>;
  slices: Indexer<EndpointSlice>;
  namespaces: Indexer<KubeObject>;
  /** The SOA serial: unix seconds of the last change seen (CoreDNS's Modified()). */
  serial(): number;
}

export const serviceIndexers: Indexers<Service> = {
  [serviceIPIndex]: (s) => (s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])).flatMap((ip) => (isIP(ip) ? [canonicalIP(ip)] : [])),
};

export const sliceIndexers: Indexers<EndpointSlice> = {
  [sliceServiceIndex]: (s) => {
    const svc = s.metadata.labels?.[serviceNameLabel];
    return svc ? [`${s.metadata.namespace}/${svc}`] : [];
  },
  [sliceAddressIndex]: (s) => [...new Set((s.endpoints ?? []).flatMap((e) => (e.addresses ?? []).filter((a) => isIP(a)).map(canonicalIP)))],
};

export function newDnsView(serial = 0): DnsView & { setSerial(n: number): void } {
  let current = serial;
  return {
    services: new IndexedStore<Service>({ indexers: serviceIndexers }),
    slices: new IndexedStore<EndpointSlice>({ indexers: sliceIndexers }),
    namespaces: new IndexedStore<KubeObject>(),
    serial: () => current,
    setSerial: (n) => (current = n),
  };
}

/** IPv4 as is; IPv6 expanded to eight 4-digit lowercase groups (an IPv4-mapped tail converted). */
export function canonicalIP(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  let s = ip.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    s = s.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}
