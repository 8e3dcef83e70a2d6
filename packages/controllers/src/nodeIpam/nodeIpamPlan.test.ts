import t from 'tap';
import type { NodeObject } from '@miniplane/api/pod/types';
import { parseClusterCIDRs, planNodeIPAM } from './nodeIpamPlan.js';

const node = (name: string, podCIDRs?: string[], created = '2026-12-04T10:00:00Z'): NodeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name, creationTimestamp: created }, spec: podCIDRs ? { podCIDR: podCIDRs[0], podCIDRs } : {},
});
const names = (p: ReturnType<typeof planNodeIPAM>) => p.assign.map((a) => `${a.node.metadata.name}=${a.podCIDRs.join(',')}`);

t.test('planNodeIPAM', async (t) => {
  const v4 = parseClusterCIDRs('10.244.0.0/16');
  const cases: Array<[string, NodeObject[], ReturnType<typeof parseClusterCIDRs>, string[], string[]]> = [
    ['fresh cluster, natural name order', [node('node-10'), node('node-2'), node('node-1')], v4, ['node-1=10.244.0.0/24', 'node-2=10.244.1.0/24', 'node-10=10.244.2.0/24'], []],
    ['oldest first', [node('b', undefined, '2026-12-04T09:00:00Z'), node('a', undefined, '2026-12-04T11:00:00Z')], v4, ['b=10.244.0.0/24', 'a=10.244.1.0/24'], []],
    ['used CIDRs are skipped, holes filled', [node('a', ['10.244.0.0/24']), node('b', ['10.244.2.0/24']), node('c')], v4, ['c=10.244.1.0/24'], []],
    ['nothing to do', [node('a', ['10.244.0.0/24'])], v4, [], []],
    ['exhausted', [node('a'), node('b'), node('c')], parseClusterCIDRs('10.244.0.0/23'), ['a=10.244.0.0/24', 'b=10.244.1.0/24'], ['c']],
    ['dual-stack', [node('a')], parseClusterCIDRs('10.244.0.0/16,fd00:10:244::/56'), ['a=10.244.0.0/24,fd00:10:244::/64'], []],
    ['a foreign CIDR outside the range is ignored', [node('a', ['192.168.0.0/24']), node('b')], v4, ['b=10.244.0.0/24'], []],
  ];
  for (const [what, nodes, clusters, want, failed] of cases) {
    const plan = planNodeIPAM(nodes, clusters);
    t.same(names(plan), want, what);
    t.same(plan.failed.map((n) => n.metadata.name), failed, `${what}: failed`);
  }
});

t.test('parseClusterCIDRs refuses bad flags', async (t) => {
  const bad: Array<[string, number, string]> = [
    ['nope', 24, 'invalid --cluster-cidr "nope": not a valid CIDR'],
    ['10.244.0.0/16', 8, 'invalid --node-cidr-mask-size 8 for --cluster-cidr 10.244.0.0/16: must be between 16 and 32'],
    ['10.0.0.0/16,10.1.0.0/16', 24, 'invalid --cluster-cidr "10.0.0.0/16,10.1.0.0/16": a pair must be one IPv4 and one IPv6 CIDR'],
    ['', 24, 'invalid --cluster-cidr "": want one CIDR or an IPv4,IPv6 pair'],
  ];
  for (const [text, mask, message] of bad) t.throws(() => parseClusterCIDRs(text, mask), { message }, text);
});
