import t from 'tap';
import { nodesUsage, parseNodesArgs } from './nodesArgs.js';

const cases: Array<{ name: string; argv: string[]; want: unknown }> = [
  { name: 'defaults', argv: [], want: {} },
  {
    name: 'every flag',
    argv: ['--kubeconfig', '/k', '--nodes', '5', '--first-node=4', '--node-ip-range', '172.19.0.0/24', '--pod-ready-delay', '2s', '--node-cpu', '8', '--node-memory=32Gi', '--max-pods', '5000', '--node-lease-duration-seconds', '4'],
    want: { kubeconfig: '/k', nodes: 5, firstNode: 4, nodeIPRange: '172.19.0.0/24', podReadyDelayMs: 2000, nodeCPU: '8', nodeMemory: '32Gi', maxPods: 5000, leaseDurationSeconds: 4 },
  },
  { name: 'help', argv: ['-h'], want: { help: true } },
  { name: 'bad count', argv: ['--nodes', 'three'], want: { error: 'invalid value "three" for --nodes: want a whole number' } },
  { name: 'bad duration', argv: ['--pod-ready-delay', '5'], want: { error: 'time: invalid duration "5"' } },
  { name: 'missing value', argv: ['--nodes'], want: { error: 'flag needs an argument: --nodes' } },
  { name: 'unknown flag', argv: ['--listen', 'x'], want: { error: 'unknown flag: --listen' } },
];
for (const c of cases) t.test(c.name, async (t) => void t.same(parseNodesArgs(c.argv), c.want));
t.test('usage', async (t) => void t.match(nodesUsage, '--first-node K'));
