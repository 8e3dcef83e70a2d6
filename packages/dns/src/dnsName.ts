/**
 * dnsName: what a query name means to the cluster DNS — the parse of CoreDNS's kubernetes plugin
 * for the cluster zone (`<zone>`, default cluster.local) and the reverse zones in-addr.arpa and
 * ip6.arpa. Pure.
 *
 * Contract: `parseName(qname, zone)` takes the name lowercased, without the trailing dot, and
 * returns one of
 * - `outside`: not in a zone served here (answered REFUSED: no recursion);
 * - `apex` (the zone itself: SOA, NS), `version` (`dns-version.<zone>`), `nameserver`
 *   (`ns.dns.<zone>`), `empty` (names that exist without records: `svc.<zone>`, `pod.<zone>`,
 *   `dns.<zone>`), `namespace` (`<ns>.svc.<zone>` / `<ns>.pod.<zone>`: exists when the namespace does);
 * - `service` (`<svc>.<ns>.svc.<zone>`), `endpoint` (`<hostname>.<svc>.<ns>.svc.<zone>`), `srv`
 *   (`_<port>._<proto>.<svc>.<ns>.svc.<zone>`), `pod` (`<a>-<b>-<c>-<d>.<ns>.pod.<zone>`, IPv6 with
 *   `-` for `:`), `reverse` (a full in-addr.arpa / ip6.arpa name, with the IP in canonical form);
 * - `none`: inside a zone but of no form that can exist (NXDOMAIN).
 * Upstream: coredns plugin/kubernetes/parse.go (parseRequest), plugin/pkg/dnsutil/reverse.go
 */
import { isIP } from 'node:net';
import { canonicalIP } from './dnsView.js';

export const reverseZones = ['in-addr.arpa', 'ip6.arpa'] as const;

export type ParsedName =
  | { kind: 'outside' }
  | { kind: 'none'; zone: string }
  | { kind: 'apex' | 'version' | 'nameserver' | 'empty'; zone: string }
  | { kind: 'namespace'; zone: string; namespace: string }
  | { kind: 'service'; zone: string; namespace: string; service: string }
  | { kind: 'endpoint'; zone: string; namespace: string; service: string; endpoint: string }
  | { kind: 'srv'; zone: string; namespace: string; service: string; port: string; protocol: string }
  | { kind: 'pod'; zone: string; namespace: string; ip: string }
  | { kind: 'reverse'; zone: string; ip: string };

export function parseName(qname: string, zone: string): ParsedName {
  for (const z of [zone, ...reverseZones]) {
    if (qname === z) return { kind: 'apex', zone: z };
    if (!qname.endsWith(`.${z}`)) continue;
    const labels = qname.slice(0, -z.length - 1).split('.');
    return z === zone ? clusterName(labels, z) : reverseName(labels, z);
  }
  return { kind: 'outside' };
}

function clusterName(l: string[], zone: string): ParsedName {
  const none = { kind: 'none', zone } as const;
  const n = l.length;
  if (n === 1 && l[0] === 'dns-version') return { kind: 'version', zone };
  if (n === 1 && (l[0] === 'svc' || l[0] === 'pod' || l[0] === 'dns')) return { kind: 'empty', zone };
  if (n === 2 && l[0] === 'ns' && l[1] === 'dns') return { kind: 'nameserver', zone };
  const type = l[n - 1];
  if (type === 'pod') {
    if (n === 2) return { kind: 'namespace', zone, namespace: l[0] };
    const ip = n === 3 ? dashedIP(l[0]) : undefined;
    return ip ? { kind: 'pod', zone, namespace: l[1], ip } : none;
  }
  if (type !== 'svc') return none;
  if (n === 2) return { kind: 'namespace', zone, namespace: l[0] };
  if (n === 3) return { kind: 'service', zone, namespace: l[1], service: l[0] };
  if (n === 4) return { kind: 'endpoint', zone, namespace: l[2], service: l[1], endpoint: l[0] };
  if (n === 5 && l[0].length > 1 && l[1].length > 1 && l[0].startsWith('_') && l[1].startsWith('_')) {
    return { kind: 'srv', zone, namespace: l[3], service: l[2], port: l[0].slice(1), protocol: l[1].slice(1) };
  }
  return none;
}

/** `10-244-1-5` → 10.244.1.5; `fd00-10-244--5` → fd00:10:244::5 (CoreDNS's dashed form). */
export function dashedIP(label: string): string | undefined {
  const v4 = label.replaceAll('-', '.');
  if (isIP(v4) === 4) return v4;
  const v6 = label.replaceAll('-', ':');
  return isIP(v6) === 6 ? v6 : undefined;
}

/** The dashed label of an IP (the endpoint's name when it has no hostname). */
export function dashedLabel(ip: string): string {
  return ip.replaceAll(isIP(ip) === 6 ? ':' : '.', '-');
}

function reverseName(l: string[], zone: string): ParsedName {
  if (zone === 'in-addr.arpa') {
    if (l.length !== 4 || !l.every((o) => /^(0|[1-9]\d{0,2})$/.test(o) && Number(o) < 256)) return { kind: 'none', zone };
    return { kind: 'reverse', zone, ip: [...l].reverse().join('.') };
  }
  if (l.length !== 32 || !l.every((x) => /^[0-9a-f]$/.test(x))) return { kind: 'none', zone };
  const hex = [...l].reverse().join('');
  return { kind: 'reverse', zone, ip: hex.match(/.{4}/g)!.join(':') };
}

/** The reverse name of an IP, for tests and PTR owners. */
export function reverseOf(ip: string): string {
  if (isIP(ip) === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  return `${canonicalIP(ip).replaceAll(':', '').split('').reverse().join('.')}.ip6.arpa`;
}
