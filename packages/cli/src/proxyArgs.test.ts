import t from 'tap';
import { parseUpArgs } from './args.js';
import { parseProxyArgs } from './proxyArgs.js';

const cases = [
  { name: 'no flags: the defaults (iptables)', given: [], want: {} },
  { name: 'kubeconfig and mode', given: ['--kubeconfig', '/k', '--proxy-mode', 'ipvs', '--ipvs-scheduler', 'rr'], want: { kubeconfig: '/k', proxyMode: 'ipvs', ipvsScheduler: 'rr' } },
  { name: 'the cluster CIDR (masquerade from other sources)', given: ['--cluster-cidr', '127.244.0.0/16,fd00::/48'], want: { clusterCIDR: '127.244.0.0/16,fd00::/48' } },
  // edge: a typo would silently turn masquerading off: refused
  { name: 'a bad cluster CIDR', given: ['--cluster-cidr', '127.244.0.0/16,x'], want: { error: 'invalid value "127.244.0.0/16,x" for --cluster-cidr: "x" is not a CIDR' } },
  { name: 'the mode inline', given: ['--proxy-mode=iptables'], want: { proxyMode: 'iptables' } },
  // edge: kube-proxy's nftables mode and other ipvs schedulers are not reproduced: refused, named
  { name: 'an unknown mode', given: ['--proxy-mode', 'nftables'], want: { error: 'invalid --proxy-mode "nftables": want iptables or ipvs' } },
  { name: 'another ipvs scheduler', given: ['--ipvs-scheduler', 'lc'], want: { error: 'invalid --ipvs-scheduler "lc": only rr is supported' } },
  { name: 'an unknown flag', given: ['--bogus'], want: { error: 'unknown flag: --bogus' } },
  { name: 'help', given: ['--help'], want: { help: true } },
];

for (const c of cases) t.test(c.name, async (t) => t.same(parseProxyArgs(c.given), c.want));

t.test('up takes the proxy flags and --dataplane', async (t) => {
  t.match(parseUpArgs(['up', '--dataplane', '--proxy-mode', 'ipvs', '--dataplane-max-pods', '7']), { dataplane: true, proxyMode: 'ipvs', dataplaneMaxPods: 7 });
  t.same(parseUpArgs(['up', '--proxy-mode', 'x']), { error: 'invalid --proxy-mode "x": want iptables or ipvs' });
  t.match(parseUpArgs(['up', '--dataplane', '--external-ip-range', '127.204.0.0/24']), { externalIPRange: '127.204.0.0/24' });
  // edge: loopback external IPs exist only with the data plane: the flag alone is refused
  t.same(parseUpArgs(['up', '--external-ip-range', '127.204.0.0/24']), { error: '--external-ip-range needs --dataplane (loopback external IPs exist only there)' });
});
