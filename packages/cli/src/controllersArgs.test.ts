import t from 'tap';
import { controllersUsage, parseControllersArgs, parseDuration } from './controllersArgs.js';

const cases: Array<{ name: string; argv: string[]; want: unknown }> = [
  { name: 'defaults', argv: [], want: { leaderElect: true } },
  {
    name: 'every flag',
    argv: [
      '--kubeconfig', '/k', '--identity=b', '--load-balancer-ip-range', '198.51.100.10-198.51.100.20', '--service-node-port-range', '31000-31999',
      '--leader-elect-lease-duration', '2s', '--leader-elect-renew-deadline=1500ms', '--leader-elect-retry-period', '250ms', '--repair-interval', '1m30s',
    ],
    want: {
      kubeconfig: '/k', identity: 'b', loadBalancerIPRange: '198.51.100.10-198.51.100.20', serviceNodePortRange: '31000-31999', leaderElect: true,
      leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 250, repairIntervalMs: 90_000,
    },
  },
  { name: '--leader-elect=false', argv: ['--leader-elect=false'], want: { leaderElect: false } },
  {
    name: 'dual-stack LoadBalancer pool (inline)',
    argv: ['--load-balancer-ip-range=198.51.100.0/24,2001:db8:5::/112'],
    want: { leaderElect: true, loadBalancerIPRange: '198.51.100.0/24,2001:db8:5::/112' },
  },
  {
    name: 'EndpointSlice controller flags',
    argv: ['--max-endpoints-per-slice', '500', '--endpointslice-updates-batch-period=1s', '--concurrent-service-endpoint-syncs', '3'],
    want: { leaderElect: true, maxEndpointsPerSlice: 500, endpointSliceUpdatesBatchPeriodMs: 1000, concurrentServiceEndpointSyncs: 3 },
  },
  {
    name: 'Endpoints controller flags',
    argv: ['--concurrent-endpoint-syncs=2', '--endpoint-updates-batch-period', '500ms'],
    want: { leaderElect: true, concurrentEndpointSyncs: 2, endpointUpdatesBatchPeriodMs: 500 },
  },
  {
    name: 'node lifecycle eviction flags',
    argv: ['--node-eviction-rate', '0.5', '--secondary-node-eviction-rate=.01', '--large-cluster-size-threshold', '20', '--unhealthy-zone-threshold=0.6', '--node-startup-grace-period=2m'],
    want: { leaderElect: true, nodeStartupGracePeriodMs: 120000, nodeEvictionRate: 0.5, secondaryNodeEvictionRate: 0.01, largeClusterSizeThreshold: 20, unhealthyZoneThreshold: 0.6 },
  },
  { name: 'pod GC threshold', argv: ['--terminated-pod-gc-threshold', '100'], want: { leaderElect: true, terminatedPodGcThreshold: 100 } },
  // kube's flag is an int32: 0 or less turns the terminated-pod collection off
  { name: 'pod GC threshold off', argv: ['--terminated-pod-gc-threshold=-1'], want: { leaderElect: true, terminatedPodGcThreshold: -1 } },
  { name: 'bad pod GC threshold', argv: ['--terminated-pod-gc-threshold', '1.5'], want: { error: 'invalid value "1.5" for --terminated-pod-gc-threshold: want an int32' } },
  // edge: a rate is a plain decimal, never negative
  { name: 'bad eviction rate', argv: ['--node-eviction-rate', '-1'], want: { error: 'invalid value "-1" for --node-eviction-rate: want a number' } },
  { name: 'bad endpoint syncs', argv: ['--concurrent-endpoint-syncs', '-1'], want: { error: 'invalid value "-1" for --concurrent-endpoint-syncs: want a whole number' } },
  { name: 'bad max endpoints', argv: ['--max-endpoints-per-slice', 'lots'], want: { error: 'invalid value "lots" for --max-endpoints-per-slice: want a whole number' } },
  { name: 'help', argv: ['--kubeconfig', 'x', '-h'], want: { help: true } },
  // edges: a flag without its value, a bad duration, a bad boolean, an unknown flag
  { name: 'missing value', argv: ['--kubeconfig'], want: { error: 'flag needs an argument: --kubeconfig' } },
  { name: 'bad duration', argv: ['--repair-interval', '5'], want: { error: 'time: invalid duration "5"' } },
  { name: 'bad boolean', argv: ['--leader-elect=maybe'], want: { error: 'invalid boolean value "maybe" for --leader-elect' } },
  { name: 'unknown flag', argv: ['--listen', 'x'], want: { error: 'unknown flag: --listen' } },
];
for (const c of cases) t.test(c.name, async (t) => void t.same(parseControllersArgs(c.argv), c.want));

t.test('parseDuration reads Go durations', async (t) => {
  const ok: Array<[string, number, string]> = [
    ['15s', 15_000, 'seconds'], ['1500ms', 1500, 'milliseconds'], ['1.5s', 1500, 'a fraction'], ['1m30s', 90_000, 'two units'],
    ['2h', 7_200_000, 'hours'], ['0', 0, 'a bare zero is the one unitless value Go accepts'], ['500us', 0.5, 'microseconds'],
  ];
  for (const [text, ms, why] of ok) t.equal(parseDuration(text), ms, `${text}: ${why}`);
  // edges: no unit, an unknown unit, a sign, an empty string
  for (const bad of ['10', '3d', '-1s', '']) t.throws(() => parseDuration(bad), { message: `time: invalid duration ${JSON.stringify(bad)}` }, bad);
});

t.test('usage documents the range list of --load-balancer-ip-range', async (t) => {
  t.match(controllersUsage, '[--load-balancer-ip-range RANGE[,RANGE...]]');
  t.match(controllersUsage, 'e.g. 198.51.100.0/24,2001:db8:5::/112');
});

t.test('--controllers is passed on as given', async (t) => {
  t.same(parseControllersArgs(['--controllers', '*,-loadbalancer']), { leaderElect: true, controllers: '*,-loadbalancer' });
  t.same(parseControllersArgs(['--controllers=repair']), { leaderElect: true, controllers: 'repair' });
  t.match(controllersUsage, "'-foo' disables it");
});
