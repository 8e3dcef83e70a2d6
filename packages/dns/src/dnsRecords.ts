/**
 * dnsRecords: the resource records that exist at one parsed name, built from the DnsView as the
 * Kubernetes DNS specification (schema 1.1.0) and CoreDNS's kubernetes plugin give them. Pure.
 *
 * Contract: `recordsAt(view, parsed, owner, o)` returns whether the name exists, every record at it
 * (of any type; owner names as asked), and the address records of the targets its SRV/NS records
 * name (for the additional section).
 * - ClusterIP Service: A/AAAA per ClusterIP; SRV per port at the bare name, per named port at
 *   `_<port>._<proto>.` (target the Service name, the Service's port).
 * - Headless Service: A/AAAA per ready endpoint address (ready: `conditions.ready` not false, or the
 *   Service publishes not-ready addresses; deduplicated over its slices); none ready: NXDOMAIN (the
 *   spec's rule). SRV per endpoint address and port (target `<hostname>.<svc>...`, where hostname is
 *   the endpoint's `hostname` or its dashed IP; the endpoint's port). `<hostname>.<svc>.<ns>.svc`
 *   has the A/AAAA of the endpoints so named (any Service with endpoints, as CoreDNS).
 * - ExternalName: CNAME to `spec.externalName` (SRV per named port targets it); nothing below it.
 * - SRV priority 0, weight floor(100 / the records of that priority) (CoreDNS's split).
 * - PTR for every ClusterIP and every ready endpoint address; pods: A/AAAA of the dashed IP in an
 *   existing namespace (`pods insecure`); `dns-version` TXT "1.1.0" (TTL 28800); the apex SOA and NS
 *   (`ns.dns.<zone>`, whose A/AAAA are the `kube-system/kube-dns` Service's ClusterIPs).
 * Upstream: coredns plugin/kubernetes/kubernetes.go (Records, findServices, findPods),
 *           plugin/kubernetes/reverse.go, plugin/backend_lookup.go (SRV weights);
 *           kubernetes/dns docs/specification.md
 */
import { isIP } from 'node:net';
import type { Answer } from 'dns-packet';
import type { SlicePort } from '@miniplane/api/endpoints/types';
import type { Service } from '@miniplane/api/service/types';
import { canonicalIP, serviceIPIndex, serviceNameLabel, sliceAddressIndex, sliceServiceIndex, type DnsView } from './dnsView.js';
import { dashedLabel, type ParsedName } from './dnsName.js';

export const schemaVersion = '1.1.0';
export const versionTTL = 28800;
const tolerateUnreadyAnnotation = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';

export interface RecordOptions {
  /** The cluster domain (lowercase, no trailing dot). */
  zone: string;
  ttl: number;
  /** Only records of this type are wanted (others may be left out; existence and CNAMEs are not). */
  only?: string;
}

export interface NameRecords {
  exists: boolean;
  records: Answer[];
  extra: Answer[];
}

const missing: NameRecords = { exists: false, records: [], extra: [] };
const existing = (records: Answer[] = [], extra: Answer[] = []): NameRecords => ({ exists: true, records, extra });

export function recordsAt(v: DnsView, p: ParsedName, owner: string, o: RecordOptions): NameRecords {
  switch (p.kind) {
    case 'outside':
    case 'none':
      return missing;
    case 'apex': {
      const ns = `ns.dns.${o.zone}`;
      return existing([soaRecord(v, p.zone, o.ttl, owner), { name: owner, type: 'NS', ttl: o.ttl, class: 'IN', data: ns }], nameserverAddresses(v, ns, o.ttl));
    }
    case 'version':
      return existing([{ name: owner, type: 'TXT', ttl: versionTTL, class: 'IN', data: schemaVersion }]);
    case 'nameserver':
      return existing(nameserverAddresses(v, owner, o.ttl));
    case 'empty':
      return existing();
    case 'namespace':
      return v.namespaces.get(p.namespace) ? existing() : missing;
    case 'pod':
      return v.namespaces.get(p.namespace) ? existing([address(owner, p.ip, o.ttl)]) : missing;
    case 'reverse':
      return pointers(v, p.ip, owner, o);
    default:
      return serviceRecords(v, p, owner, o);
  }
}

function serviceRecords(v: DnsView, p: Extract<ParsedName, { kind: 'service' | 'endpoint' | 'srv' }>, owner: string, o: RecordOptions): NameRecords {
  const svc = v.namespaces.get(p.namespace) ? v.services.get(`${p.namespace}/${p.service}`) : undefined;
  if (!svc) return missing;
  const fqdn = `${p.service}.${p.namespace}.svc.${o.zone}`;
  const ports = svc.spec?.ports ?? [];
  if (svc.spec?.type === 'ExternalName') {
    const target = (svc.spec.externalName ?? '').replace(/\.$/, '');
    if (p.kind === 'service') return existing(target ? [{ name: owner, type: 'CNAME', ttl: o.ttl, class: 'IN', data: target }] : []);
    if (p.kind === 'endpoint') return missing;
    return srvSet(owner, ports.filter((x) => portMatches(x, p)).map((x) => ({ port: x.port, target })), o.ttl, []);
  }
  const ips = clusterIPs(svc);
  if (ips.length) {
    if (p.kind === 'endpoint') return endpointRecords(v, svc, p.endpoint, owner, o);
    if (p.kind === 'service' && o.only && o.only !== 'SRV' && o.only !== 'ANY') return existing(ips.map((ip) => address(owner, ip, o.ttl)));
    const own = ips.map((ip) => address(fqdn, ip, o.ttl));
    const wanted = p.kind === 'srv' ? ports.filter((x) => portMatches(x, p)) : ports;
    const srv = ips.flatMap(() => wanted.map((x) => ({ port: x.port, target: fqdn })));
    if (p.kind === 'srv') return srv.length ? srvSet(owner, srv, o.ttl, own) : missing;
    const set = srvSet(owner, srv, o.ttl, own);
    return existing([...ips.map((ip) => address(owner, ip, o.ttl)), ...set.records], set.extra);
  }
  const ready = readyEndpoints(v, svc);
  if (p.kind === 'endpoint') return endpointRecords(v, svc, p.endpoint, owner, o);
  if (!ready.length) return missing;
  const targets = (portOk: (x: SlicePort) => boolean) => ready.flatMap((e) => e.ports.filter(portOk).map((x) => ({ port: x.port ?? 0, target: `${e.label}.${fqdn}`, ip: e.ip })));
  const extraOf = (srv: Array<{ target: string; ip: string }>) => srv.map((x) => address(x.target, x.ip, o.ttl));
  if (p.kind === 'srv') {
    const srv = targets((x) => portMatches(x, p));
    return srv.length ? srvSet(owner, srv, o.ttl, extraOf(srv)) : missing;
  }
  const srv = targets(() => true);
  const set = srvSet(owner, srv, o.ttl, extraOf(srv));
  return existing([...ready.map((e) => address(owner, e.ip, o.ttl)), ...set.records], set.extra);
}

function endpointRecords(v: DnsView, svc: Service, label: string, owner: string, o: RecordOptions): NameRecords {
  const named = readyEndpoints(v, svc).filter((e) => e.label.toLowerCase() === label);
  return named.length ? existing(named.map((e) => address(owner, e.ip, o.ttl))) : missing;
}

interface ReadyEndpoint {
  ip: string;
  /** The endpoint's hostname, or its dashed IP. */
  label: string;
  ports: SlicePort[];
}

/** The ready addresses of a Service's EndpointSlices, first occurrence of each address kept. */
export function readyEndpoints(v: DnsView, svc: Service): ReadyEndpoint[] {
  const tolerate = !!svc.spec?.publishNotReadyAddresses || svc.metadata.annotations?.[tolerateUnreadyAnnotation] === 'true';
  const seen = new Set<string>();
  const out: ReadyEndpoint[] = [];
  for (const slice of v.slices.byIndex(sliceServiceIndex, `${svc.metadata.namespace}/${svc.metadata.name}`)) {
    for (const e of slice.endpoints ?? []) {
      if (!tolerate && e.conditions?.ready === false) continue;
      for (const ip of e.addresses ?? []) {
        if (!isIP(ip) || seen.has(ip)) continue;
        seen.add(ip);
        out.push({ ip, label: e.hostname || dashedLabel(ip), ports: slice.ports ?? [] });
      }
    }
  }
  return out;
}

function pointers(v: DnsView, ip: string, owner: string, o: RecordOptions): NameRecords {
  const targets = new Set<string>();
  for (const svc of v.services.byIndex(serviceIPIndex, ip)) targets.add(`${svc.metadata.name}.${svc.metadata.namespace}.svc.${o.zone}`);
  for (const slice of v.slices.byIndex(sliceAddressIndex, ip)) {
    const svc = v.services.get(`${slice.metadata.namespace}/${slice.metadata.labels?.[serviceNameLabel]}`);
    if (!svc) continue;
    for (const e of readyEndpoints(v, svc)) {
      if (canonicalIP(e.ip) === ip) targets.add(`${e.label}.${svc.metadata.name}.${svc.metadata.namespace}.svc.${o.zone}`);
    }
  }
  return targets.size ? existing([...targets].map((t) => ({ name: owner, type: 'PTR', ttl: o.ttl, class: 'IN', data: t }))) : missing;
}

/** SRV records for (port, target) items: duplicates dropped, weight from the item count (CoreDNS). */
function srvSet(owner: string, items: Array<{ port?: number; target: string }>, ttl: number, extra: Answer[]): NameRecords {
  const weight = items.length ? Math.floor(100 / items.length) : 0;
  const seen = new Set<string>();
  const records: Answer[] = [];
  for (const { port = 0, target } of items) {
    const key = `${port} ${target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    records.push({ name: owner, type: 'SRV', ttl, class: 'IN', data: { priority: 0, weight, port, target } });
  }
  return existing(records, extra);
}

function portMatches(x: { name?: string; protocol?: string }, p: { port: string; protocol: string }): boolean {
  return !!x.name && x.name.toLowerCase() === p.port && (x.protocol ?? 'TCP').toLowerCase() === p.protocol;
}

function clusterIPs(svc: Service): string[] {
  const ips = svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : []);
  return ips.filter((ip) => isIP(ip));
}

function nameserverAddresses(v: DnsView, owner: string, ttl: number): Answer[] {
  const svc = v.services.get('kube-system/kube-dns');
  return svc ? clusterIPs(svc).map((ip) => address(owner, ip, ttl)) : [];
}

function address(name: string, ip: string, ttl: number): Answer {
  return { name, type: isIP(ip) === 6 ? 'AAAA' : 'A', ttl, class: 'IN', data: ip };
}

/** CoreDNS's SOA for a zone: `ns.dns.<zone>. hostmaster.<zone>. <serial> 7200 1800 86400 <ttl>`. */
export function soaRecord(v: DnsView, zone: string, ttl: number, owner = zone): Answer {
  return {
    name: owner, type: 'SOA', ttl, class: 'IN',
    data: { mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: v.serial(), refresh: 7200, retry: 1800, expire: 86400, minimum: ttl },
  };
}
