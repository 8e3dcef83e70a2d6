import t from 'tap';
import { formatResolvConf, parseResolvConf, podResolvConf, type DNSConfig, type PodDNSInput } from './resolvConf.js';

const host: DNSConfig = { nameservers: ['192.0.2.53'], searches: ['corp.example'], options: ['edns0', 'ndots:2'] };
const pod = (o: Partial<PodDNSInput> = {}): PodDNSInput => ({ name: 'web', namespace: 'shop', uid: 'u1', ...o });
const dns = ['10.96.0.10'];

const cases: Array<{ name: string; pod: PodDNSInput; clusterDNS?: string[]; want: string; warnings?: RegExp[] }> = [
  { name: 'ClusterFirst (the default)', pod: pod(), want: 'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:5\n' },
  { name: 'ClusterFirst on the host network falls to Default', pod: pod({ dnsPolicy: 'ClusterFirst', hostNetwork: true }), want: 'search corp.example\nnameserver 192.0.2.53\noptions edns0 ndots:2\n' },
  { name: 'ClusterFirstWithHostNet', pod: pod({ dnsPolicy: 'ClusterFirstWithHostNet', hostNetwork: true }), want: 'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\noptions ndots:5\n' },
  { name: 'Default', pod: pod({ dnsPolicy: 'Default' }), want: 'search corp.example\nnameserver 192.0.2.53\noptions edns0 ndots:2\n' },
  {
    name: 'None with dnsConfig', pod: pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }),
    want: 'search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.2.3.4\noptions ndots:2 edns0\n',
  },
  { name: 'None without dnsConfig', pod: pod({ dnsPolicy: 'None' }), want: '' },
  {
    name: 'ClusterFirst + dnsConfig: appended, options merged by name', pod: pod({ dnsConfig: { nameservers: ['10.96.0.10', '8.8.8.8'], searches: ['cluster.local', 'extra.example'], options: [{ name: 'ndots', value: '1' }, { name: 'timeout', value: '2' }] } }),
    want: 'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example extra.example\nnameserver 10.96.0.10\nnameserver 8.8.8.8\noptions ndots:1 timeout:2\n',
  },
  {
    name: 'no cluster DNS: Default, with the kubelet\'s warning', pod: pod(), clusterDNS: [],
    want: 'search corp.example\nnameserver 192.0.2.53\noptions edns0 ndots:2\n',
    warnings: [/^pod: "web_shop\(u1\)"\. kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy\. Falling back to "Default" policy\.$/],
  },
  {
    name: 'more than 3 nameservers: the first 3', pod: pod({ dnsConfig: { nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3'] } }),
    want: 'search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\nnameserver 2.2.2.2\noptions ndots:5\n',
    warnings: [/^Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10\.96\.0\.10 1\.1\.1\.1 2\.2\.2\.2$/],
  },
  {
    name: 'more than 32 search domains: the first 32', pod: pod({ dnsPolicy: 'None', dnsConfig: { searches: Array.from({ length: 40 }, (_, i) => `d${i}.example`) } }),
    want: `search ${Array.from({ length: 32 }, (_, i) => `d${i}.example`).join(' ')}\n`,
    warnings: [/^Search Line limits were exceeded/],
  },
];
for (const c of cases) {
  t.test(c.name, async (t) => {
    const r = podResolvConf(c.pod, c.clusterDNS ?? dns, 'cluster.local', host);
    t.equal(formatResolvConf(r.config), c.want);
    t.equal(r.warnings.length, (c.warnings ?? []).length, r.warnings.join('\n'));
    (c.warnings ?? []).forEach((w, i) => t.match(r.warnings[i], w));
  });
}

t.test('parseResolvConf: nameservers, the last search line (trailing dots dropped), options; comments ignored', async (t) => {
  t.same(parseResolvConf('# generated\nnameserver 10.0.0.2\nsearch a.example. b.example\nsearch c.example\nnameserver 10.0.0.3 ; x\noptions ndots:1\noptions rotate\ndomain x.example\n'),
    { nameservers: ['10.0.0.2', '10.0.0.3'], searches: ['c.example'], options: ['ndots:1', 'rotate'] });
  t.same(parseResolvConf(''), { nameservers: [], searches: [], options: [] });
});
