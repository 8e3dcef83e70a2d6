// DnsMetrics: each reply counted under CoreDNS's labels (zone with its dot, dropped for a name
// outside the zones or no question, the type's name or other, the rcode's name), and the text
// Prometheus scrapes.
import t from 'tap';
import * as dnsPacket from 'dns-packet';
import { DnsMetrics } from './dnsMetrics.js';

const query = (name: string, type = 'A') => dnsPacket.encode({ type: 'query', id: 1, questions: [{ name, type: type as 'A' }] });
const reply = (name: string, rcode: number, type = 'A') => {
  const b = dnsPacket.encode({ type: 'response', id: 1, flags: rcode, questions: [{ name, type: type as 'A' }] });
  return b;
};

const cases = [
  { name: 'A in the cluster zone', given: { name: 'kubernetes.default.svc.cluster.local', rcode: 0 }, want: { zone: 'cluster.local.', type: 'A', rcode: 'NOERROR', plugin: 'kubernetes' } },
  // edge: the zone is matched whatever the letter case (DNS 0x20)
  { name: 'mixed case', given: { name: 'KuBeRnEtEs.DeFaUlT.SvC.ClUsTeR.LoCaL', rcode: 0 }, want: { zone: 'cluster.local.', type: 'A', rcode: 'NOERROR', plugin: 'kubernetes' } },
  { name: 'the zone apex, SOA', given: { name: 'cluster.local', rcode: 0, type: 'SOA' }, want: { zone: 'cluster.local.', type: 'SOA', rcode: 'NOERROR', plugin: 'kubernetes' } },
  { name: 'PTR in in-addr.arpa', given: { name: '1.0.96.10.in-addr.arpa', rcode: 3, type: 'PTR' }, want: { zone: 'in-addr.arpa.', type: 'PTR', rcode: 'NXDOMAIN', plugin: 'kubernetes' } },
  // edge: a suffix that is not on a label boundary is not the zone
  { name: 'notcluster.local', given: { name: 'x.notcluster.local', rcode: 5 }, want: { zone: 'dropped', type: 'A', rcode: 'REFUSED', plugin: '' } },
  { name: 'outside every zone', given: { name: 'example.com', rcode: 5, type: 'MX' }, want: { zone: 'dropped', type: 'MX', rcode: 'REFUSED', plugin: '' } },
  { name: 'a type CoreDNS does not name', given: { name: 'a.cluster.local', rcode: 0, type: 'CAA' }, want: { zone: 'cluster.local.', type: 'other', rcode: 'NOERROR', plugin: 'kubernetes' } },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const m = new DnsMetrics(['cluster.local', 'in-addr.arpa', 'ip6.arpa']);
    m.server = 'dns://127.0.0.1:1053';
    const type = c.given.type ?? 'A';
    m.count(query(c.given.name, type), reply(c.given.name, c.given.rcode, type), true, false);
    m.count(query(c.given.name, type), reply(c.given.name, c.given.rcode, type), false, true);
    const { body } = await m.text();
    const w = c.want;
    t.ok(body.includes(`coredns_dns_requests_total{server="dns://127.0.0.1:1053",zone="${w.zone}",view="",proto="udp",family="1",type="${w.type}"} 1\n`), 'udp, IPv4');
    t.ok(body.includes(`coredns_dns_requests_total{server="dns://127.0.0.1:1053",zone="${w.zone}",view="",proto="tcp",family="2",type="${w.type}"} 1\n`), 'tcp, IPv6');
    t.ok(body.includes(`coredns_dns_responses_total{server="dns://127.0.0.1:1053",zone="${w.zone}",view="",rcode="${w.rcode}",plugin="${w.plugin}"} 2\n`), 'both responses');
  });
}

t.test('FORMERR without a question: dropped, other', async (t) => {
  const m = new DnsMetrics(['cluster.local']);
  const formerr = dnsPacket.encode({ type: 'response', id: 9, flags: 1, questions: [] });
  m.count(Buffer.from([0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xff]), formerr, true, false);
  const { body, contentType } = await m.text();
  t.match(contentType, /^text\/plain/);
  t.ok(body.includes('coredns_dns_responses_total{server="dns://:53",zone="dropped",view="",rcode="FORMERR",plugin=""} 1\n'));
  t.ok(body.includes('coredns_plugin_enabled{server="dns://:53",zone="cluster.local.",view="",name="kubernetes"} 1\n'));
  t.ok(body.includes('coredns_panics_total 0\n'));
});
