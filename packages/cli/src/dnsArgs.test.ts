import t from 'tap';
import { parseDnsArgs } from './dnsArgs.js';
import { parseUpArgs } from './args.js';

const cases: Array<{ name: string; argv: string[]; want: unknown }> = [
  { name: 'defaults', argv: [], want: {} },
  { name: 'every flag', argv: ['--kubeconfig', '/k', '--dns-listen=127.0.0.2:53', '--cluster-domain', 'k8s.example.'], want: { kubeconfig: '/k', dnsListen: '127.0.0.2:53', clusterDomain: 'k8s.example' } },
  { name: 'publish as a kube-dns endpoint', argv: ['--publish-endpoints'], want: { publishEndpoints: true } },
  { name: 'IPv6 loopback', argv: ['--dns-listen', '[::1]:0'], want: { dnsListen: '[::1]:0' } },
  { name: 'metrics port', argv: ['--dns-metrics-port', '19153'], want: { dnsMetricsPort: 19153 } },
  // edge: not a port number
  { name: 'metrics port too large', argv: ['--dns-metrics-port', '70000'], want: { error: 'invalid value "70000" for --dns-metrics-port: want a port (0-65535)' } },
  { name: 'help', argv: ['-h'], want: { help: true } },
  { name: 'off loopback', argv: ['--dns-listen', '0.0.0.0:53'], want: { error: 'invalid value "0.0.0.0:53" for --dns-listen: must be a loopback address (127.0.0.0/8 or [::1])' } },
  { name: 'not IP:PORT', argv: ['--dns-listen', 'localhost:53'], want: { error: 'invalid value "localhost:53" for --dns-listen: want IP:PORT' } },
  { name: 'port too large', argv: ['--dns-listen', '127.0.0.1:99999'], want: { error: 'invalid value "127.0.0.1:99999" for --dns-listen: want IP:PORT' } },
  { name: 'bad domain', argv: ['--cluster-domain', 'Cluster_Local'], want: { error: 'invalid value "Cluster_Local" for --cluster-domain: must be a lowercase DNS subdomain (e.g. cluster.local)' } },
  { name: 'unknown flag', argv: ['--nodes', '3'], want: { error: 'unknown flag: --nodes' } },
];
for (const c of cases) t.test(c.name, async (t) => void t.same(parseDnsArgs(c.argv), c.want));

t.test('up takes --dns, --dataplane and the DNS flags', async (t) => {
  t.match(parseUpArgs(['up', '--dataplane', '--dns', '--dns-listen', '127.0.0.1:0', '--cluster-domain', 'corp.local']), { dataplane: true, dns: true, dnsListen: '127.0.0.1:0', clusterDomain: 'corp.local' });
  t.notOk('dns' in (parseUpArgs(['up']) as object), 'off by default');
});
