import t from 'tap';
import { printTable } from './table.js';
import { NOW, deployment, replicaSet, type WorkloadOverrides } from './testFixtures.js';

const deployCases: Array<{ name: string; given: WorkloadOverrides; want: unknown[] }> = [
  { name: 'rolled out', given: {}, want: ['web', '3/3', 3, 3, '60m', 'nginx', 'nginx:1.27', 'app=web'] },
  {
    name: 'rolling',
    given: { replicas: 4, ready: 2, updated: 1, available: 2 },
    want: ['web', '2/4', 1, 2, '60m', 'nginx', 'nginx:1.27', 'app=web'],
  },
  {
    // Edge: unset replicas is the defaulted 1.
    name: 'defaulted replicas',
    given: { replicas: undefined, ready: 0, updated: 0, available: 0 },
    want: ['web', '0/1', 0, 0, '60m', 'nginx', 'nginx:1.27', 'app=web'],
  },
  {
    name: 'several containers, expression selector',
    given: {
      containers: [{ name: 'app', image: 'app:2' }, { name: 'proxy', image: 'envoy:1' }],
      selector: {
        matchLabels: { tier: 'front', app: 'web' },
        matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'canary'] }, { key: 'legacy', operator: 'DoesNotExist' }],
      },
    },
    want: ['web', '3/3', 3, 3, '60m', 'app,proxy', 'app:2,envoy:1', 'app=web,env in (canary,prod),!legacy,tier=front'],
  },
  {
    // Edge: a nil selector is labels.Nothing(), whose string is empty.
    name: 'nil selector',
    given: { selector: null },
    want: ['web', '3/3', 3, 3, '60m', 'nginx', 'nginx:1.27', ''],
  },
  {
    // Edge: an unparsable selector prints <invalid> for deployments.
    name: 'invalid selector',
    given: { selector: { matchExpressions: [{ key: 'env', operator: 'In', values: [] }] } },
    want: ['web', '3/3', 3, 3, '60m', 'nginx', 'nginx:1.27', '<invalid>'],
  },
];

t.test('deployment rows', async (t) => {
  for (const c of deployCases) {
    t.test(c.name, async (t) => {
      t.same(printTable('Deployment', [deployment(c.given)], { now: NOW }).rows[0].cells, c.want);
    });
  }
});

const rsCases: Array<{ name: string; given: WorkloadOverrides; want: unknown[] }> = [
  { name: 'steady', given: {}, want: ['web-5d9c', 3, 3, 3, '60m', 'nginx', 'nginx:1.27', 'app=web'] },
  { name: 'scaling up', given: { replicas: 5, current: 4, ready: 2 }, want: ['web-5d9c', 5, 4, 2, '60m', 'nginx', 'nginx:1.27', 'app=web'] },
  // Edge: FormatLabelSelector prints <none> for an empty selector and <error> for a bad one.
  { name: 'empty selector', given: { selector: {} }, want: ['web-5d9c', 3, 3, 3, '60m', 'nginx', 'nginx:1.27', '<none>'] },
  {
    name: 'bad operator',
    given: { selector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] } },
    want: ['web-5d9c', 3, 3, 3, '60m', 'nginx', 'nginx:1.27', '<error>'],
  },
];

t.test('replicaset rows', async (t) => {
  for (const c of rsCases) {
    t.test(c.name, async (t) => {
      t.same(printTable('ReplicaSet', [replicaSet(c.given)], { now: NOW }).rows[0].cells, c.want);
    });
  }
});

t.test('workload columns', async (t) => {
  const cols = (kind: string) =>
    printTable(kind, [], { now: NOW }).columnDefinitions.map((c) => `${c.name}:${c.type}:${c.priority}`);
  t.same(cols('Deployment'), [
    'Name:string:0', 'Ready:string:0', 'Up-to-date:string:0', 'Available:string:0', 'Age:string:0',
    'Containers:string:1', 'Images:string:1', 'Selector:string:1',
  ]);
  t.same(cols('ReplicaSet'), [
    'Name:string:0', 'Desired:integer:0', 'Current:integer:0', 'Ready:integer:0', 'Age:string:0',
    'Containers:string:1', 'Images:string:1', 'Selector:string:1',
  ]);
});
