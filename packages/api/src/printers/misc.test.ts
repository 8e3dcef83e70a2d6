import t from 'tap';
import { printTable } from './table.js';
import { NOW, object } from './testFixtures.js';

const cases: Array<{ name: string; kind: string; given: Record<string, unknown>; want: unknown[] }> = [
  { name: 'configmap with data and binaryData', kind: 'ConfigMap', given: { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }, want: ['x', 3, '2m'] },
  // Edge: an empty ConfigMap counts 0 keys.
  { name: 'empty configmap', kind: 'ConfigMap', given: {}, want: ['x', 0, '2m'] },
  { name: 'held lease', kind: 'Lease', given: { spec: { holderIdentity: 'node-1_abc' } }, want: ['x', 'node-1_abc', '2m'] },
  // Edge: a released lease has no holder.
  { name: 'free lease', kind: 'Lease', given: { spec: {} }, want: ['x', '', '2m'] },
  { name: 'dual-stack servicecidr', kind: 'ServiceCIDR', given: { spec: { cidrs: ['10.96.0.0/16', 'fd00:10:96::/112'] } }, want: ['x', '10.96.0.0/16,fd00:10:96::/112', '2m'] },
  {
    // Edge: upstream emits an age cell past the last column; kept for identical tables.
    name: 'ipaddress of a service',
    kind: 'IPAddress',
    given: { spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'web' } } },
    want: ['x', 'services/default/web', '2m'],
  },
  {
    name: 'ipaddress with a grouped, cluster-scoped parent',
    kind: 'IPAddress',
    given: { spec: { parentRef: { group: 'Gateway.Networking.K8s.io', resource: 'Gateways', name: 'gw' } } },
    want: ['x', 'gateways.gateway.networking.k8s.io/gw', '2m'],
  },
  { name: 'ipaddress without parent', kind: 'IPAddress', given: { spec: {} }, want: ['x', '<none>', '2m'] },
];

t.test('small kinds', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.same(printTable(c.kind, [object(c.kind, 'x', c.given)], { now: NOW }).rows[0].cells, c.want);
    });
  }
});

t.test('small kinds columns', async (t) => {
  const names = (kind: string) => printTable(kind, [], { now: NOW }).columnDefinitions.map((c) => c.name);
  t.same(names('ConfigMap'), ['Name', 'Data', 'Age']);
  t.same(names('Lease'), ['Name', 'Holder', 'Age']);
  t.same(names('ServiceCIDR'), ['Name', 'CIDRs', 'Age']);
  t.same(names('IPAddress'), ['Name', 'ParentRef']);
});
