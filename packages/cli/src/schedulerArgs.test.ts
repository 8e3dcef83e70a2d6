import t from 'tap';
import { parseSchedulerArgs, schedulerUsage } from './schedulerArgs.js';

const cases: Array<{ name: string; argv: string[]; want: unknown }> = [
  { name: 'defaults', argv: [], want: {} },
  {
    name: 'every flag',
    argv: ['--kubeconfig', '/k', '--identity=s1', '--leader-elect=false', '--leader-elect-lease-duration', '4s', '--leader-elect-renew-deadline', '3s', '--leader-elect-retry-period=500ms'],
    want: { kubeconfig: '/k', identity: 's1', leaderElect: false, leaseDurationMs: 4000, renewDeadlineMs: 3000, retryPeriodMs: 500 },
  },
  { name: 'help', argv: ['--help'], want: { help: true } },
  { name: 'bad boolean', argv: ['--leader-elect=maybe'], want: { error: 'invalid boolean value "maybe" for --leader-elect' } },
  { name: 'unknown flag', argv: ['--nodes', '3'], want: { error: 'unknown flag: --nodes' } },
];
for (const c of cases) t.test(c.name, async (t) => void t.same(parseSchedulerArgs(c.argv), c.want));
t.test('usage names the Lease', async (t) => void t.match(schedulerUsage, 'kube-system/kube-scheduler'));
