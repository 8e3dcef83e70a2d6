/**
 * serviceDns: the DNS names a Service has and the records the cluster DNS answers at them, for
 * the Service panel — computed by the DNS component's own answer module (@miniplane/dns
 * `answerQuestion`, Kubernetes DNS specification schema 1.1.0) over a view holding this Service
 * and its EndpointSlices, so the panel and `dig` agree.
 *
 * Contract: pure. Names asked, in order: `<svc>.<ns>.svc.<zone>` (ANY: A/AAAA per ClusterIP and
 * SRV per port; headless: A/AAAA per ready endpoint and SRV per endpoint and port; ExternalName:
 * CNAME), `_<port>._<proto>.<svc>...` (SRV) for each named port, for a headless Service each
 * ready endpoint's `<hostname-or-dashed-ip>.<svc>...` (A/AAAA), and the reverse name (PTR) of
 * every ClusterIP and headless endpoint address. Each answer's rcode is kept (a headless Service
 * with no ready endpoint is NXDOMAIN, the spec's rule). `searchNames` are the shorter names a pod
 * in the Service's namespace resolves through its resolv.conf search path.
 * Upstream: kubernetes/dns docs/specification.md; coredns plugin/kubernetes
 */
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { Service } from '@miniplane/api/service/types';
import { answerQuestion, type Rcode } from '@miniplane/dns/dnsAnswer';
import { reverseOf } from '@miniplane/dns/dnsName';
import { readyEndpoints } from '@miniplane/dns/dnsRecords';
import { newDnsView } from '@miniplane/dns/dnsView';

export interface DnsRecordText {
  name: string;
  type: string;
  ttl: number;
  /** The record's data as dig prints it. */
  data: string;
}

export interface DnsQuery {
  name: string;
  type: string;
  rcode: Rcode;
  records: DnsRecordText[];
}

export interface ServiceDns {
  fqdn: string;
  searchNames: string[];
  queries: DnsQuery[];
}

export interface ServiceDnsOptions {
  /** The cluster domain (the cluster's: `clusterDomain` of kube-system/kubelet-config), default cluster.local. */
  zone?: string;
  /** The DNS component's TTL, default 5 s. */
  ttl?: number;
}

export function serviceDns(svc: Service, slices: readonly EndpointSlice[], o: ServiceDnsOptions = {}): ServiceDns {
  const zone = o.zone ?? 'cluster.local';
  const ttl = o.ttl ?? 5;
  const ns = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name ?? '';
  const view = newDnsView();
  view.namespaces.add({ metadata: { name: ns } });
  view.services.add(svc);
  for (const s of slices) view.slices.add(s);
  const fqdn = `${name}.${ns}.svc.${zone}`;
  const asks: Array<{ name: string; type: string }> = [{ name: fqdn, type: 'ANY' }];
  for (const p of svc.spec?.ports ?? []) {
    if (p.name) asks.push({ name: `_${p.name}._${(p.protocol ?? 'TCP').toLowerCase()}.${fqdn}`, type: 'SRV' });
  }
  const clusterIPs = (svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
  const headless = svc.spec?.type !== 'ExternalName' && clusterIPs.length === 0;
  const endpoints = headless ? readyEndpoints(view, svc) : [];
  for (const e of endpoints) asks.push({ name: `${e.label}.${fqdn}`, type: e.ip.includes(':') ? 'AAAA' : 'A' });
  for (const ip of [...clusterIPs, ...endpoints.map((e) => e.ip)]) asks.push({ name: reverseOf(ip), type: 'PTR' });
  const queries = asks.map((q) => {
    const reply = answerQuestion(view, q, { zone, ttl });
    return { ...q, rcode: reply.rcode, records: reply.answers.map(recordText) };
  });
  return { fqdn, searchNames: [`${name}`, `${name}.${ns}`, `${name}.${ns}.svc`], queries };
}


function recordText(a: { name: string; type: string; ttl?: number; data?: unknown }): DnsRecordText {
  return { name: a.name, type: a.type, ttl: a.ttl ?? 0, data: dataText(a.type, a.data) };
}

function dataText(type: string, data: unknown): string {
  if (typeof data === 'string') return type === 'CNAME' || type === 'PTR' ? `${data}.` : data;
  if (type === 'SRV' && data && typeof data === 'object') {
    const d = data as { priority?: number; weight?: number; port?: number; target?: string };
    return `${d.priority ?? 0} ${d.weight ?? 0} ${d.port ?? 0} ${d.target ?? ''}.`;
  }
  return JSON.stringify(data);
}
