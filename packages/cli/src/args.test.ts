import t from 'tap';
import { parseUpArgs, usage } from './args.js';

const cases: Array<{ name: string; argv: string[]; want: unknown }> = [
  { name: 'defaults', argv: ['up'], want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false } },
  { name: 'all flags', argv: ['up', '--listen', '0.0.0.0:0', '--data-dir', '/tmp/x', '--in-memory'], want: { listen: '0.0.0.0:0', dataDir: '/tmp/x', inMemory: true } },
  { name: 'inline values', argv: ['up', '--listen=[::1]:9000'], want: { listen: '[::1]:9000', dataDir: '.miniplane', inMemory: false } },
  {
    name: 'service ranges',
    argv: ['up', '--service-cluster-ip-range', '10.0.0.0/24,fd00::/108', '--service-node-port-range=31000-31999'],
    want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false, serviceClusterIPRange: '10.0.0.0/24,fd00::/108', serviceNodePortRange: '31000-31999' },
  },
  {
    name: 'controllers flags',
    argv: ['up', '--load-balancer-ip-range=198.51.100.0/28', '--no-controllers'],
    want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false, loadBalancerIPRange: '198.51.100.0/28', noControllers: true },
  },
  {
    name: 'dual-stack LoadBalancer pool: several ranges, passed on as written',
    argv: ['up', '--load-balancer-ip-range', '198.51.100.0/24,2001:db8:5::/112,203.0.113.10-203.0.113.20'],
    want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false, loadBalancerIPRange: '198.51.100.0/24,2001:db8:5::/112,203.0.113.10-203.0.113.20' },
  },
  {
    name: 'TLS and tokens',
    argv: ['up', '--tls', '--token-auth-file=/etc/tokens.csv'],
    want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false, tls: true, tokenAuthFile: '/etc/tokens.csv' },
  },
  {
    name: 'allowed hosts, repeated and comma-separated, added up',
    argv: ['up', '--allowed-hosts', 'a.example.test,.b.example.test', '--allowed-hosts=c.example.test'],
    want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false, allowedHosts: ['a.example.test', '.b.example.test', 'c.example.test'] },
  },
  { name: 'anonymous off loopback', argv: ['up', '--listen', '0.0.0.0:0', '--insecure-allow-anonymous'], want: { listen: '0.0.0.0:0', dataDir: '.miniplane', inMemory: false, insecureAllowAnonymous: true } },
  { name: 'help', argv: ['--help'], want: { help: true } },
  { name: 'compaction window', argv: ['up', '--compaction-keep-revisions', '500', '--compaction-keep-duration=90s'], want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false, compactionKeepRevisions: 500, compactionKeepMs: 90000 } },
  { name: 'pod GC threshold', argv: ['up', '--terminated-pod-gc-threshold', '50'], want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false, terminatedPodGcThreshold: 50 } },
  { name: 'node lifecycle eviction flags', argv: ['up', '--node-eviction-rate=1', '--unhealthy-zone-threshold', '0.4'], want: { listen: '127.0.0.1:8080', dataDir: '.miniplane', inMemory: false, nodeEvictionRate: 1, unhealthyZoneThreshold: 0.4 } },
  // edges: a flag without its value, an unknown command, an unknown flag, a count that is not one
  { name: 'bad revision count', argv: ['up', '--compaction-keep-revisions', '1e3'], want: { error: 'invalid value "1e3" for --compaction-keep-revisions: want a whole number' } },
  { name: 'missing value', argv: ['up', '--listen'], want: { error: 'flag needs an argument: --listen' } },
  { name: 'allowed hosts without a value', argv: ['up', '--allowed-hosts'], want: { error: 'flag needs an argument: --allowed-hosts' } },
  { name: 'unknown command', argv: ['down'], want: { error: 'unknown command "down"' } },
  { name: 'unknown flag', argv: ['up', '-x'], want: { error: 'unknown flag: -x' } },
];
for (const c of cases) t.test(c.name, async (t) => void t.same(parseUpArgs(c.argv), c.want));

t.test('usage documents the range list of --load-balancer-ip-range', async (t) => {
  t.match(usage, '[--load-balancer-ip-range RANGE[,RANGE...]]');
  t.match(usage, 'e.g. 198.51.100.0/24,2001:db8:5::/112');
});
