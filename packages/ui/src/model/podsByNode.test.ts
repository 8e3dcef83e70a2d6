import t from 'tap';
import type { Node, Pod } from './kube.js';
import { podsByNode, podRow } from './podsByNode.js';

function node(name: string, o: { zone?: string; cidr?: string; ready?: string } = {}): Node {
  return Object.freeze({
    metadata: { name, ...(o.zone ? { labels: { 'topology.kubernetes.io/zone': o.zone } } : {}) },
    spec: o.cidr ? { podCIDR: o.cidr, podCIDRs: [o.cidr] } : {},
    status: { conditions: o.ready ? [{ type: 'Ready', status: o.ready }] : [] },
  });
}

function pod(name: string, o: { node?: string; ns?: string; phase?: string; ready?: boolean; ip?: string; owner?: string; deleting?: boolean } = {}): Pod {
  return Object.freeze({
    metadata: {
      name,
      namespace: o.ns ?? 'default',
      ...(o.deleting ? { deletionTimestamp: '2026-12-05T00:00:00Z' } : {}),
      ...(o.owner ? { ownerReferences: [{ kind: 'ReplicaSet', name: o.owner, controller: true }] } : {}),
    },
    spec: o.node ? { nodeName: o.node } : {},
    status: { phase: o.phase ?? 'Running', ...(o.ip ? { podIP: o.ip } : {}), conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  });
}

t.test('groups by node, in name order; empty nodes kept; unknown nodes marked; unscheduled last', async (t) => {
  const groups = podsByNode(
    [node('node-2', { zone: 'zone-b', cidr: '10.244.1.0/24', ready: 'True' }), node('node-1', { zone: 'zone-a', cidr: '10.244.0.0/24', ready: 'False' }), node('node-3')],
    [pod('b', { node: 'node-1' }), pod('a', { node: 'node-1' }), pod('x', { node: 'gone' }), pod('p', { phase: 'Pending' })],
  );
  t.same(groups.map((g) => [g.nodeName, g.known, g.pods.map((p) => p.name)]), [
    ['gone', false, ['x']],
    ['node-1', true, ['a', 'b']],
    ['node-2', true, []],
    ['node-3', true, []],
    [undefined, true, ['p']],
  ]);
  t.same(groups[1], { nodeName: 'node-1', known: true, zone: 'zone-a', podCIDRs: ['10.244.0.0/24'], ready: 'False', pods: groups[1]!.pods });
  // A node without the condition yet (just registered): no Ready status, not "False".
  t.equal(groups[3]!.ready, undefined);
});

const rows = [
  { name: 'running and ready, owned', given: pod('w', { ip: '10.244.0.5', owner: 'web-5d4f' }), want: { namespace: 'default', name: 'w', phase: 'Running', ready: true, terminating: false, ip: '10.244.0.5', owner: 'ReplicaSet/web-5d4f' } },
  { name: 'not ready, no IP, no owner', given: pod('n', { ready: false }), want: { namespace: 'default', name: 'n', phase: 'Running', ready: false, terminating: false, ip: '' } },
  { name: 'being deleted', given: pod('d', { deleting: true }), want: { namespace: 'default', name: 'd', phase: 'Running', ready: true, terminating: true, ip: '' } },
];
for (const c of rows) t.test(`podRow: ${c.name}`, async (t) => t.same(podRow(c.given), c.want));
