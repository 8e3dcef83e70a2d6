/**
 * The answer module, table-driven over a fixed cluster state (modelled on CoreDNS's own
 * kubernetes plugin handler tests: the same Services, names and expected records).
 */
import t from 'tap';
import type { Answer } from 'dns-packet';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { Service } from '@miniplane/api/service/types';
import { answerQuestion, type Reply } from './dnsAnswer.js';
import { newDnsView, serviceNameLabel } from './dnsView.js';

const serial = 1499347823;
const view = newDnsView(serial);
for (const ns of ['default', 'kube-system', 'testns']) view.namespaces.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
const svc = (namespace: string, name: string, spec: Service['spec'], metadata: Partial<Service['metadata']> = {}) =>
  view.services.add({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, ...metadata }, spec });
const slice = (namespace: string, service: string, name: string, addressType: string, endpoints: EndpointSlice['endpoints'], ports: EndpointSlice['ports']) =>
  view.slices.add({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace, labels: { [serviceNameLabel]: service } }, addressType, endpoints, ports });
const http = [{ name: 'http', protocol: 'TCP', port: 80 }];

svc('testns', 'svc1', { type: 'ClusterIP', clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }] });
slice('testns', 'svc1', 'svc1-abc', 'IPv4', [{ addresses: ['172.0.0.1'], hostname: 'ep1a', conditions: { ready: true } }], [{ name: 'http', protocol: 'TCP', port: 8080 }]);
svc('testns', 'svc6', { clusterIP: '1234:abcd::1', clusterIPs: ['1234:abcd::1'], ports: [{ name: 'http', protocol: 'TCP', port: 80 }] });
svc('testns', 'svc-dual-stack', { clusterIP: '10.0.0.3', clusterIPs: ['10.0.0.3', '10::3'], ports: [{ name: 'http', protocol: 'TCP', port: 80 }] });
svc('testns', 'svc2ports', { clusterIP: '10.0.0.4', clusterIPs: ['10.0.0.4'], ports: [{ name: 'http', protocol: 'TCP', port: 80 }, { name: 'dns', protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 9000 }] });
svc('testns', 'hdls1', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'http', protocol: 'TCP', port: 80 }] });
slice('testns', 'hdls1', 'hdls1-v4', 'IPv4', [
  { addresses: ['172.0.0.2'], conditions: { ready: true } },
  { addresses: ['172.0.0.3'] },
  { addresses: ['172.0.0.4'], hostname: 'dup-name', conditions: { ready: true } },
  { addresses: ['172.0.0.5'], hostname: 'dup-name', conditions: { ready: true } },
  { addresses: ['172.0.0.9'], hostname: 'unready', conditions: { ready: false } },
], http);
slice('testns', 'hdls1', 'hdls1-v6', 'IPv6', [{ addresses: ['5678:abcd::1'], conditions: { ready: true } }, { addresses: ['5678:abcd::2'], conditions: { ready: true } }], http);
svc('testns', 'hdlsempty', { clusterIP: 'None', clusterIPs: ['None'] });
slice('testns', 'hdlsempty', 'hdlsempty-1', 'IPv4', [{ addresses: ['172.0.0.30'], conditions: { ready: false } }], []);
svc('testns', 'hdlsnotready', { clusterIP: 'None', clusterIPs: ['None'], publishNotReadyAddresses: true });
slice('testns', 'hdlsnotready', 'hdlsnotready-1', 'IPv4', [{ addresses: ['172.0.0.31'], conditions: { ready: false } }], []);
svc('testns', 'external', { type: 'ExternalName', externalName: 'ext.interwebs.test', ports: [{ name: 'http', protocol: 'TCP', port: 80 }] });
svc('testns', 'external-to-service', { type: 'ExternalName', externalName: 'svc1.testns.svc.cluster.local' });
svc('testns', 'loop1', { type: 'ExternalName', externalName: 'loop2.testns.svc.cluster.local' });
svc('testns', 'loop2', { type: 'ExternalName', externalName: 'loop1.testns.svc.cluster.local' });
svc('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ name: 'dns', protocol: 'UDP', port: 53 }] });
svc('default', 'nginx', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'web', protocol: 'TCP', port: 80 }] });
slice('default', 'nginx', 'nginx-x', 'IPv4', [
  { addresses: ['10.244.1.5'], hostname: 'web-0', conditions: { ready: true } },
  { addresses: ['10.244.2.7'], hostname: 'web-1', conditions: { ready: true } },
], [{ name: 'web', protocol: 'TCP', port: 8080 }]);

const soa = `cluster.local 5 SOA ns.dns.cluster.local hostmaster.cluster.local ${serial} 7200 1800 86400 5`;
const s = (name: string) => `${name}.testns.svc.cluster.local`;

function show(r: Answer): string {
  const d = (r as { data: unknown }).data;
  const data = r.type === 'SRV' ? (({ priority, weight, port, target }) => `${priority} ${weight} ${port} ${target}`)(d as { priority: number; weight: number; port: number; target: string })
    : r.type === 'SOA' ? (({ mname, rname, serial: n, refresh, retry, expire, minimum }) => `${mname} ${rname} ${n} ${refresh} ${retry} ${expire} ${minimum}`)(d as Record<string, string>)
      : String(d);
  return `${r.name} ${r.ttl} ${r.type} ${data}`;
}
const render = (r: Reply) => ({ rcode: r.rcode, answers: r.answers.map(show), authorities: r.authorities.map(show), additionals: r.additionals.map(show) });

interface Case { name: string; type: string; rcode?: string; answers?: string[]; authorities?: string[]; additionals?: string[]; zone?: string; class?: string }
const cases: Case[] = [
  // ClusterIP Services (spec 2.3)
  { name: s('svc1'), type: 'A', answers: [`${s('svc1')} 5 A 10.0.0.1`] },
  { name: 'SVC1.TestNS.svc.Cluster.Local.', type: 'A', answers: ['SVC1.TestNS.svc.Cluster.Local 5 A 10.0.0.1'] },
  { name: s('svc1'), type: 'AAAA', authorities: [soa] },
  { name: s('svc6'), type: 'AAAA', answers: [`${s('svc6')} 5 AAAA 1234:abcd::1`] },
  { name: s('svc-dual-stack'), type: 'A', answers: [`${s('svc-dual-stack')} 5 A 10.0.0.3`] },
  { name: s('svc-dual-stack'), type: 'AAAA', answers: [`${s('svc-dual-stack')} 5 AAAA 10::3`] },
  { name: s('svc1'), type: 'SRV', answers: [`${s('svc1')} 5 SRV 0 100 80 ${s('svc1')}`], additionals: [`${s('svc1')} 5 A 10.0.0.1`] },
  { name: `_http._tcp.${s('svc1')}`, type: 'SRV', answers: [`_http._tcp.${s('svc1')} 5 SRV 0 100 80 ${s('svc1')}`], additionals: [`${s('svc1')} 5 A 10.0.0.1`] },
  { name: `_http._tcp.${s('svc1')}`, type: 'A', authorities: [soa] },
  { name: `_https._tcp.${s('svc1')}`, type: 'SRV', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: `_http._udp.${s('svc1')}`, type: 'SRV', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: `_http._tcp.${s('svc-dual-stack')}`, type: 'SRV', answers: [`_http._tcp.${s('svc-dual-stack')} 5 SRV 0 50 80 ${s('svc-dual-stack')}`], additionals: [`${s('svc-dual-stack')} 5 A 10.0.0.3`, `${s('svc-dual-stack')} 5 AAAA 10::3`] },
  { name: `_dns._udp.${s('svc2ports')}`, type: 'SRV', answers: [`_dns._udp.${s('svc2ports')} 5 SRV 0 100 53 ${s('svc2ports')}`], additionals: [`${s('svc2ports')} 5 A 10.0.0.4`] },
  { name: s('svc2ports'), type: 'SRV', answers: [80, 53, 9000].map((p) => `${s('svc2ports')} 5 SRV 0 33 ${p} ${s('svc2ports')}`), additionals: [`${s('svc2ports')} 5 A 10.0.0.4`] },
  { name: '1.0.0.10.in-addr.arpa', type: 'PTR', answers: [`1.0.0.10.in-addr.arpa 5 PTR ${s('svc1')}`] },
  { name: '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa', type: 'PTR', answers: [`1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.d.c.b.a.4.3.2.1.ip6.arpa 5 PTR ${s('svc6')}`] },
  { name: '99.0.0.10.in-addr.arpa', type: 'PTR', rcode: 'NXDOMAIN', authorities: [`in-addr.arpa 5 SOA ns.dns.in-addr.arpa hostmaster.in-addr.arpa ${serial} 7200 1800 86400 5`] },
  { name: s('svc0'), type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: 'svc0.svc-nons.svc.cluster.local', type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: `bogus.${s('svc0')}`, type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: s('svc1'), type: 'SOA', authorities: [soa] },
  { name: s('svc1'), type: 'TXT', authorities: [soa] },
  // Endpoint names of a ClusterIP Service (CoreDNS serves them for any Service with endpoints)
  { name: `ep1a.${s('svc1')}`, type: 'A', answers: [`ep1a.${s('svc1')} 5 A 172.0.0.1`] },
  // Headless Services (spec 2.4)
  { name: s('hdls1'), type: 'A', answers: ['172.0.0.2', '172.0.0.3', '172.0.0.4', '172.0.0.5'].map((ip) => `${s('hdls1')} 5 A ${ip}`) },
  { name: s('hdls1'), type: 'AAAA', answers: ['5678:abcd::1', '5678:abcd::2'].map((ip) => `${s('hdls1')} 5 AAAA ${ip}`) },
  { name: `172-0-0-2.${s('hdls1')}`, type: 'A', answers: [`172-0-0-2.${s('hdls1')} 5 A 172.0.0.2`] },
  { name: `dup-name.${s('hdls1')}`, type: 'A', answers: [`dup-name.${s('hdls1')} 5 A 172.0.0.4`, `dup-name.${s('hdls1')} 5 A 172.0.0.5`] },
  { name: `5678-abcd--2.${s('hdls1')}`, type: 'AAAA', answers: [`5678-abcd--2.${s('hdls1')} 5 AAAA 5678:abcd::2`] },
  { name: `unready.${s('hdls1')}`, type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: `bogusendpoint.${s('hdls1')}`, type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  {
    name: `_http._tcp.${s('hdls1')}`, type: 'SRV',
    answers: ['172-0-0-2', '172-0-0-3', 'dup-name', '5678-abcd--1', '5678-abcd--2'].map((h) => `_http._tcp.${s('hdls1')} 5 SRV 0 16 80 ${h}.${s('hdls1')}`),
    additionals: [['172-0-0-2', 'A 172.0.0.2'], ['172-0-0-3', 'A 172.0.0.3'], ['dup-name', 'A 172.0.0.4'], ['dup-name', 'A 172.0.0.5'], ['5678-abcd--1', 'AAAA 5678:abcd::1'], ['5678-abcd--2', 'AAAA 5678:abcd::2']]
      .map(([h, r]) => `${h}.${s('hdls1')} 5 ${r}`),
  },
  { name: s('hdlsempty'), type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: s('hdlsnotready'), type: 'A', answers: [`${s('hdlsnotready')} 5 A 172.0.0.31`] },
  { name: '4.0.0.172.in-addr.arpa', type: 'PTR', answers: [`4.0.0.172.in-addr.arpa 5 PTR dup-name.${s('hdls1')}`] },
  { name: '9.0.0.172.in-addr.arpa', type: 'PTR', rcode: 'NXDOMAIN', authorities: [`in-addr.arpa 5 SOA ns.dns.in-addr.arpa hostmaster.in-addr.arpa ${serial} 7200 1800 86400 5`] },
  // StatefulSet pods: hostname.subdomain
  { name: 'web-0.nginx.default.svc.cluster.local', type: 'A', answers: ['web-0.nginx.default.svc.cluster.local 5 A 10.244.1.5'] },
  {
    name: '_web._tcp.nginx.default.svc.cluster.local', type: 'SRV',
    answers: ['web-0', 'web-1'].map((h) => `_web._tcp.nginx.default.svc.cluster.local 5 SRV 0 50 8080 ${h}.nginx.default.svc.cluster.local`),
    additionals: ['web-0.nginx.default.svc.cluster.local 5 A 10.244.1.5', 'web-1.nginx.default.svc.cluster.local 5 A 10.244.2.7'],
  },
  { name: '7.2.244.10.in-addr.arpa', type: 'PTR', answers: ['7.2.244.10.in-addr.arpa 5 PTR web-1.nginx.default.svc.cluster.local'] },
  // ExternalName (spec 2.5): a CNAME, never followed outside the zone; followed inside it
  { name: s('external'), type: 'CNAME', answers: [`${s('external')} 5 CNAME ext.interwebs.test`] },
  { name: s('external'), type: 'A', answers: [`${s('external')} 5 CNAME ext.interwebs.test`] },
  { name: `_http._tcp.${s('external')}`, type: 'SRV', answers: [`_http._tcp.${s('external')} 5 SRV 0 100 80 ext.interwebs.test`] },
  { name: `endpoint.${s('external')}`, type: 'CNAME', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: s('external-to-service'), type: 'A', answers: [`${s('external-to-service')} 5 CNAME ${s('svc1')}`, `${s('svc1')} 5 A 10.0.0.1`] },
  { name: s('loop1'), type: 'A', answers: [`${s('loop1')} 5 CNAME ${s('loop2')}`, `${s('loop2')} 5 CNAME ${s('loop1')}`] },
  // The schema version, the apex, empty non-terminals (spec 2.2)
  { name: 'dns-version.cluster.local', type: 'TXT', answers: ['dns-version.cluster.local 28800 TXT 1.1.0'] },
  { name: 'cluster.local', type: 'SOA', answers: [soa] },
  { name: 'cluster.local', type: 'NS', answers: ['cluster.local 5 NS ns.dns.cluster.local'], additionals: ['ns.dns.cluster.local 5 A 10.96.0.10'] },
  { name: 'ns.dns.cluster.local', type: 'A', answers: ['ns.dns.cluster.local 5 A 10.96.0.10'] },
  { name: 'svc.cluster.local', type: 'A', authorities: [soa] },
  { name: 'pod.cluster.local', type: 'A', authorities: [soa] },
  { name: 'testns.svc.cluster.local', type: 'A', authorities: [soa] },
  { name: 'svc.cluster.local', type: 'NS', authorities: [soa] },
  { name: 'foo.cluster.local', type: 'NS', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: 'foo.svc.cluster.local', type: 'NS', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: 'a.b.c.d.e.f.svc.cluster.local', type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  // Pods (pods insecure; spec 2.6)
  { name: '1-2-3-4.testns.pod.cluster.local', type: 'A', answers: ['1-2-3-4.testns.pod.cluster.local 5 A 1.2.3.4'] },
  { name: '1-2-3-4.testns.pod.cluster.local', type: 'AAAA', authorities: [soa] },
  { name: 'fd00-1--5.testns.pod.cluster.local', type: 'AAAA', answers: ['fd00-1--5.testns.pod.cluster.local 5 AAAA fd00:1::5'] },
  { name: '1-2-3-4.nons.pod.cluster.local', type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  { name: '1-2-3-400.testns.pod.cluster.local', type: 'A', rcode: 'NXDOMAIN', authorities: [soa] },
  // Outside the zones: REFUSED, nothing else
  { name: 'example.com', type: 'A', rcode: 'REFUSED' },
  { name: 'local', type: 'A', rcode: 'REFUSED' },
  { name: '.', type: 'NS', rcode: 'REFUSED' },
  { name: s('svc1'), type: 'A', class: 'CH', rcode: 'REFUSED' },
  // --cluster-domain
  { name: 'svc1.testns.svc.k8s.example', type: 'A', zone: 'k8s.example', answers: ['svc1.testns.svc.k8s.example 5 A 10.0.0.1'] },
  { name: s('svc1'), type: 'A', zone: 'k8s.example', rcode: 'REFUSED' },
];

for (const c of cases) {
  t.test(`${c.type} ${c.name}${c.zone ? ` (zone ${c.zone})` : ''}`, async (t) => {
    const got = render(answerQuestion(view, { name: c.name, type: c.type, class: c.class ?? 'IN' }, c.zone ? { zone: c.zone } : {}));
    t.same(got, { rcode: c.rcode ?? 'NOERROR', answers: c.answers ?? [], authorities: c.authorities ?? [], additionals: c.additionals ?? [] });
  });
}

t.test('ANY gives every record at the name; the serial follows the view', async (t) => {
  const got = render(answerQuestion(view, { name: s('svc1'), type: 'ANY' }));
  t.same(got.answers, [`${s('svc1')} 5 A 10.0.0.1`, `${s('svc1')} 5 SRV 0 100 80 ${s('svc1')}`]);
  const v2 = newDnsView(7);
  v2.setSerial(42);
  t.match(render(answerQuestion(v2, { name: 'nothing.cluster.local', type: 'A' })).authorities, [/ 42 7200 1800 86400 5$/]);
});
