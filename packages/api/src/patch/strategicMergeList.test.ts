import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { patchMetaFor } from './patchMeta.js';
import { strategicMergePatch } from './strategicMergePatch.js';

type Obj = Record<string, unknown>;

const container = (name: string, over: Obj = {}): Obj => ({ name, image: `${name}:1`, ...over });
const pod = (containers: Obj[], over: Obj = {}): Obj => ({ metadata: { name: 'p' }, spec: { containers, ...over } });
const names = (o: unknown): unknown[] => ((o as { spec: { containers: Obj[] } }).spec.containers ?? []).map((c) => c.name);

const smp = (kind: string, original: Obj, patch: Obj) => strategicMergePatch(deepFreeze(original), deepFreeze(patch), patchMetaFor(kind));

t.test('lists of objects merge by key', async (t) => {
  const cases: Array<{ name: string; original: Obj; patch: Obj; want: Obj }> = [
    {
      name: 'update one container in place',
      original: pod([container('a'), container('b')]),
      patch: { spec: { containers: [{ name: 'b', image: 'b:2' }] } },
      want: pod([container('a'), container('b', { image: 'b:2' })]),
    },
    {
      // edge: without $setElementOrder kube puts items the server does not know first
      name: 'new item goes first',
      original: pod([container('a'), container('b')]),
      patch: { spec: { containers: [container('c')] } },
      want: pod([container('c'), container('a'), container('b')]),
    },
    {
      name: 'delete directive removes by key',
      original: pod([container('a'), container('b')]),
      patch: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
      want: pod([container('b')]),
    },
    {
      name: 'replace directive drops the live list',
      original: pod([container('a'), container('b')]),
      patch: { spec: { containers: [container('c'), { $patch: 'replace' }] } },
      want: pod([container('c')]),
    },
    {
      name: 'null inside an item deletes that member',
      original: pod([container('a', { command: ['sh'] })]),
      patch: { spec: { containers: [{ name: 'a', command: null }] } },
      want: pod([container('a')]),
    },
    {
      name: 'nested env merges by name',
      original: pod([container('a', { env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] })]),
      patch: { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '3' }] }] } },
      want: pod([container('a', { env: [{ name: 'X', value: '1' }, { name: 'Y', value: '3' }] })]),
    },
    {
      name: 'container ports merge by containerPort',
      original: pod([container('a', { ports: [{ containerPort: 80, name: 'http' }] })]),
      patch: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, protocol: 'TCP' }] }] } },
      want: pod([container('a', { ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }] })]),
    },
    {
      name: 'volumeMounts merge by mountPath',
      original: pod([container('a', { volumeMounts: [{ mountPath: '/d', name: 'v' }] })]),
      patch: { spec: { containers: [{ name: 'a', volumeMounts: [{ mountPath: '/d', readOnly: true }] }] } },
      want: pod([container('a', { volumeMounts: [{ mountPath: '/d', name: 'v', readOnly: true }] })]),
    },
    {
      name: 'tolerations are atomic',
      original: pod([], { tolerations: [{ key: 'a' }, { key: 'b' }] }),
      patch: { spec: { tolerations: [{ key: 'c' }] } },
      want: pod([], { tolerations: [{ key: 'c' }] }),
    },
    {
      // edge: a new merge list is built from nothing, so its delete directives vanish
      name: 'new list resolves its directives',
      original: { metadata: { name: 'p' }, spec: {} },
      patch: { spec: { containers: [container('a'), { name: 'z', $patch: 'delete' }] } },
      want: pod([container('a')]),
    },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(smp('Pod', c.original, c.patch), c.want));
});

t.test('kind tables', async (t) => {
  const cases: Array<{ name: string; kind: string; original: Obj; patch: Obj; want: Obj }> = [
    {
      name: 'service ports merge by port',
      kind: 'Service',
      original: { spec: { ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] } },
      patch: { spec: { ports: [{ port: 443, targetPort: 8443 }] } },
      want: { spec: { ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https', targetPort: 8443 }] } },
    },
    {
      name: 'service clusterIPs atomic',
      kind: 'Service',
      original: { spec: { clusterIPs: ['10.0.0.1', 'fd00::1'] } },
      patch: { spec: { clusterIPs: ['10.0.0.2'] } },
      want: { spec: { clusterIPs: ['10.0.0.2'] } },
    },
    {
      name: 'deployment template containers',
      kind: 'Deployment',
      original: { spec: { template: { spec: { containers: [container('a'), container('b')] } } } },
      patch: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } } },
      want: { spec: { template: { spec: { containers: [container('a', { image: 'a:2' }), container('b')] } } } },
    },
    {
      name: 'replicaset status conditions by type',
      kind: 'ReplicaSet',
      original: { status: { conditions: [{ type: 'ReplicaFailure', status: 'True' }] } },
      patch: { status: { conditions: [{ type: 'ReplicaFailure', status: 'False' }] } },
      want: { status: { conditions: [{ type: 'ReplicaFailure', status: 'False' }] } },
    },
    {
      name: 'node addresses by type',
      kind: 'Node',
      original: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n1' }] } },
      patch: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.9' }] } },
      want: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.9' }, { type: 'Hostname', address: 'n1' }] } },
    },
    {
      name: 'endpoints subsets atomic',
      kind: 'Endpoints',
      original: { subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] },
      patch: { subsets: [{ addresses: [{ ip: '10.0.0.2' }] }] },
      want: { subsets: [{ addresses: [{ ip: '10.0.0.2' }] }] },
    },
    {
      name: 'endpointslice endpoints atomic, labels merge',
      kind: 'EndpointSlice',
      original: { metadata: { labels: { a: '1' } }, endpoints: [{ addresses: ['10.0.0.1'] }] },
      patch: { metadata: { labels: { b: '2' } }, endpoints: [{ addresses: ['10.0.0.2'] }] },
      want: { metadata: { labels: { a: '1', b: '2' } }, endpoints: [{ addresses: ['10.0.0.2'] }] },
    },
    {
      name: 'ownerReferences by uid',
      kind: 'ConfigMap',
      original: { metadata: { ownerReferences: [{ uid: 'u1', name: 'a' }, { uid: 'u2', name: 'b' }] } },
      patch: { metadata: { ownerReferences: [{ uid: 'u2', controller: true }] } },
      want: { metadata: { ownerReferences: [{ uid: 'u1', name: 'a' }, { uid: 'u2', name: 'b', controller: true }] } },
    },
    {
      name: 'unknown kind: lists replaced like merge patch',
      kind: 'Widget',
      original: { spec: { items: [{ name: 'a' }], metadata: {} } },
      patch: { spec: { items: [{ name: 'b' }] } },
      want: { spec: { items: [{ name: 'b' }], metadata: {} } },
    },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(smp(c.kind, c.original, c.patch), c.want));
});

t.test('primitive lists merge as sets', async (t) => {
  const cm = (finalizers: string[]): Obj => ({ metadata: { name: 'c', finalizers } });
  const cases: Array<{ name: string; original: Obj; patch: Obj; want: Obj }> = [
    { name: 'union keeps live order', original: cm(['a', 'b']), patch: { metadata: { finalizers: ['b', 'c'] } }, want: cm(['a', 'b', 'c']) },
    { name: 'duplicates collapse', original: cm(['a', 'a']), patch: { metadata: { finalizers: ['a'] } }, want: cm(['a']) },
    { name: 'deletion list', original: cm(['a', 'b', 'c']), patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } }, want: cm(['a', 'c']) },
    {
      name: 'add and delete together',
      original: cm(['a', 'b']),
      patch: { metadata: { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['a'] } },
      want: cm(['c', 'b']),
    },
    // edge: deleting from a list that is not there changes nothing (kube would store the deletion list)
    { name: 'deletion from missing list', original: { metadata: { name: 'c' } }, patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['x'] } }, want: { metadata: { name: 'c' } } },
    // edge: as for object lists, a value the server lacks goes first
    { name: 'node podCIDRs merge', original: { spec: { podCIDRs: ['10.0.0.0/24'] } }, patch: { spec: { podCIDRs: ['fd00::/64'] } }, want: { spec: { podCIDRs: ['fd00::/64', '10.0.0.0/24'] } } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => t.strictSame(smp(c.name.startsWith('node') ? 'Node' : 'ConfigMap', c.original, c.patch), c.want));
  }
});

t.test('$setElementOrder', async (t) => {
  t.test('orders a merged object list as listed', async (t) => {
    const out = smp('Pod', pod([container('a'), container('b')]), {
      spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'c' }, { name: 'a' }], containers: [container('c')] },
    });
    t.strictSame(names(out), ['b', 'c', 'a']);
  });
  t.test('reorders without content changes', async (t) => {
    const out = smp('Pod', pod([container('a'), container('b')]), { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } });
    t.strictSame(out, pod([container('b'), container('a')]));
  });
  t.test('primitive list with kubectl-style add + delete', async (t) => {
    const out = smp('ConfigMap', { metadata: { finalizers: ['a', 'b'] } }, {
      metadata: { '$setElementOrder/finalizers': ['c', 'a'], finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['b'] },
    });
    t.strictSame(out, { metadata: { finalizers: ['c', 'a'] } });
  });
  // edge: kube interleaves unlisted live items by live position: x sat before b, so it leads
  t.test('server-only items interleave by live position', async (t) => {
    const out = smp('Pod', pod([container('a'), container('x'), container('b')]), { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } });
    t.strictSame(names(out), ['x', 'b', 'a']);
  });
});
