import t from 'tap';
import { endpointHash } from '../endpointSliceMirroring/desiredEndpoints.js';
import type { AddressType, Endpoint, EndpointSlice, SlicePort } from '../endpointSliceMirroring/endpointTypes.js';
import { reconcileSlices, sliceToFill, type DesiredPortMap, type ReconcileInput, type SlicePlan } from './sliceReconciler.js';

const port80: SlicePort[] = [{ name: '', port: 80, protocol: 'TCP' }];
const port81: SlicePort[] = [{ name: '', port: 81, protocol: 'TCP' }];
const labels = { 'kubernetes.io/service-name': 'foo', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' };

function ep(i: number, ready = true): Endpoint {
  return {
    addresses: [`10.0.${Math.floor(i / 250)}.${i % 250}`],
    conditions: { ready, serving: ready, terminating: false },
    targetRef: { kind: 'Pod', namespace: 'test', name: `pod-${i}`, uid: `uid-${i}` },
    nodeName: 'node-1',
  };
}
const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let i = from; i < to; i += step) out.push(i);
  return out;
};
function slice(name: string, ids: number[], ports = port80, extra: Partial<EndpointSlice['metadata']> = {}, addressType: AddressType = 'IPv4'): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name, namespace: 'test', resourceVersion: '7', labels: { ...labels }, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'foo', uid: 'svc-uid', controller: true }], ...extra },
    addressType, ports, endpoints: ids.map((i) => ep(i)),
  };
}
function desired(ids: number[], ports = port80, change: (i: number) => Endpoint = (i) => ep(i)): DesiredPortMap {
  return { addressType: 'IPv4', ports, endpoints: new Map(ids.map((i) => [endpointHash(ep(i)), change(i)])) };
}
function run(existing: EndpointSlice[], want: DesiredPortMap[], extra: Partial<ReconcileInput> = {}): SlicePlan {
  return reconcileSlices({
    existing, desired: want, addressTypes: ['IPv4'], max: 100, labels,
    newSlice: (addressType, ports) => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { generateName: 'foo-', namespace: 'test', labels: { ...labels } }, addressType, ports, endpoints: [] }),
    ownedBy: (s) => s.metadata.ownerReferences?.[0]?.uid === 'svc-uid',
    ...extra,
  });
}
const sizes = (slices: EndpointSlice[]) => slices.map((s) => s.endpoints.length).sort((a, b) => b - a);
const names = (slices: EndpointSlice[]) => slices.map((s) => s.metadata.name).sort();

interface Case {
  name: string;
  existing: EndpointSlice[];
  desired: DesiredPortMap[];
  extra?: Partial<ReconcileInput>;
  creates: number[];
  updates: Array<[string, number]>;
  deletes: string[];
}

// The first cases are kube's reconciler_test.go scenarios (facts: the counts and sizes they assert).
const cases: Case[] = [
  { name: 'TestReconcileManyPods: 250 endpoints, no slices -> 3 creates of 100/100/50', existing: [], desired: [desired(range(0, 250))], creates: [100, 100, 50], updates: [], deletes: [] },
  {
    name: 'TestReconcileEndpointSlicesSomePreexisting: 62+61 kept, 127 left -> 1 create of 100, 27 into the slice that ends closest to full (62 -> 89)',
    existing: [slice('a', range(1, 246, 4)), slice('b', range(3, 246, 4))], desired: [desired(range(0, 250))],
    creates: [100], updates: [['a', 89]], deletes: [],
  },
  {
    name: 'TestReconcileEndpointSlicesSomePreexistingWorseAllocation: 74+74 kept, 152 left -> creates of 100 and 52, no rebalancing into the existing ones',
    existing: [slice('a', range(1, 296, 4)), slice('b', range(3, 296, 4))], desired: [desired(range(0, 300))],
    creates: [100, 52], updates: [], deletes: [],
  },
  {
    name: 'TestReconcileEndpointSlicesUpdating: a target port change rewrites every slice in place (creates reuse the deleted names)',
    existing: [slice('a', range(0, 100)), slice('b', range(100, 200)), slice('c', range(200, 250))], desired: [desired(range(0, 250), port81)],
    creates: [], updates: [['a', 100], ['b', 100], ['c', 50]], deletes: [],
  },
  {
    name: 'TestReconcileEndpointSlicesServicesLabelsUpdating: new Service labels update every slice',
    existing: [slice('a', range(0, 100)), slice('b', range(100, 200)), slice('c', range(200, 250))], desired: [desired(range(0, 250))],
    extra: { labels: { ...labels, foo: 'bar' } }, creates: [], updates: [['a', 100], ['b', 100], ['c', 50]], deletes: [],
  },
  {
    name: 'update in place: one endpoint turning not ready rewrites only the slice that holds it',
    existing: [slice('a', range(0, 100)), slice('b', range(100, 200)), slice('c', range(200, 250))],
    desired: [desired(range(0, 250), port80, (i) => ep(i, i !== 150))], creates: [], updates: [['b', 100]], deletes: [],
  },
  {
    name: 'N -> N+1: the new endpoint goes to the unchanged slice that ends closest to full (one write)',
    existing: [slice('a', range(0, 100)), slice('b', range(100, 200)), slice('c', range(200, 250))], desired: [desired(range(0, 251))],
    creates: [], updates: [['c', 51]], deletes: [],
  },
  {
    name: 'leftovers fill the slices updated anyway, fullest first',
    existing: [slice('a', range(0, 50)), slice('b', range(50, 140))], desired: [desired([...range(1, 50), ...range(51, 140), ...range(500, 515)])],
    creates: [], updates: [['a', 53], ['b', 100]], deletes: [],
  },
  {
    name: 'exact fit wins: 30 left go to the unchanged slice of 70, not the one of 60',
    existing: [slice('a', range(0, 60)), slice('b', range(60, 130))], desired: [desired([...range(0, 130), ...range(500, 530)])],
    creates: [], updates: [['b', 100]], deletes: [],
  },
  {
    name: 'never rebalance just to pack: two sparse slices with nothing to change stay as they are',
    existing: [slice('a', range(0, 10)), slice('b', range(10, 20))], desired: [desired(range(0, 20))], creates: [], updates: [], deletes: [],
  },
  {
    name: 'a slice left empty is deleted',
    existing: [slice('a', range(0, 100)), slice('b', range(100, 110))], desired: [desired(range(0, 100))], creates: [], updates: [], deletes: ['b'],
  },
  {
    name: 'pending creates reuse slices that would be deleted (same address type): an update instead of create + delete',
    existing: [slice('a', range(0, 100)), slice('old', range(900, 950))], desired: [desired(range(0, 100)), desired(range(100, 130), port81)],
    creates: [], updates: [['old', 30]], deletes: [],
  },
  {
    name: 'no endpoints, no slices -> one empty placeholder',
    existing: [], desired: [], creates: [0], updates: [], deletes: [],
  },
  {
    name: 'the placeholder that exists is kept as it is',
    existing: [slice('p', [], [])], desired: [], creates: [], updates: [], deletes: [],
  },
  {
    name: 'last endpoints gone: the slice becomes the placeholder (one update)',
    existing: [slice('a', range(0, 3))], desired: [], creates: [], updates: [['a', 0]], deletes: [],
  },
  {
    name: 'slices of another owner or an unwanted address type are deleted',
    existing: [slice('a', range(0, 5)), slice('stranger', range(5, 6), port80, { ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'foo', uid: 'other', controller: true }] }), slice('v6', [], port80, {}, 'IPv6')],
    desired: [desired(range(0, 5))], creates: [], updates: [], deletes: ['stranger', 'v6'],
  },
  {
    name: 'no creates while the Service is being deleted',
    existing: [], desired: [desired(range(0, 20))], extra: { deleting: true }, creates: [], updates: [], deletes: [],
  },
  {
    name: 'max-endpoints-per-slice 1000: 2500 endpoints -> 1000/1000/500',
    existing: [], desired: [desired(range(0, 2500))], extra: { max: 1000 }, creates: [1000, 1000, 500], updates: [], deletes: [],
  },
];

t.test('packing rules', async (t) => {
  for (const c of cases) {
    const plan = run(c.existing, c.desired, c.extra);
    t.same(sizes(plan.toCreate), c.creates, `${c.name}: creates`);
    t.same(plan.toUpdate.map((s) => [s.metadata.name, s.endpoints.length]).sort(), [...c.updates].sort(), `${c.name}: updates`);
    t.same(names(plan.toDelete), [...c.deletes].sort(), `${c.name}: deletes`);
    for (const s of [...plan.toCreate, ...plan.toUpdate]) t.ok(s.endpoints.length <= (c.extra?.max ?? 100), `${c.name}: within max`);
  }
});

t.test('every desired endpoint lands exactly once, with its desired version', async (t) => {
  const existing = [slice('a', range(1, 246, 4)), slice('b', range(3, 246, 4))];
  const plan = run(existing, [desired(range(0, 250), port80, (i) => ep(i, i % 2 === 0))]);
  const written = new Set(plan.toUpdate.map((s) => s.metadata.name));
  const all = [...plan.toCreate, ...plan.toUpdate, ...plan.unchanged.filter((s) => !written.has(s.metadata.name))].flatMap((s) => s.endpoints);
  t.equal(all.length, 250);
  t.equal(new Set(all.map(endpointHash)).size, 250);
  t.ok(all.every((e) => e.conditions?.ready === (Number(e.targetRef!.name!.slice(4)) % 2 === 0)));
  t.same(existing[0].endpoints.length, 62, 'inputs untouched');
});

t.test('created and updated slices carry the annotations; the placeholder has no ports', async (t) => {
  const annotations = { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-12-04T21:00:00Z' };
  const plan = run([slice('a', range(0, 3))], [desired(range(0, 4))], { annotations });
  t.same(plan.toUpdate[0].metadata.annotations, annotations);
  const empty = run([], []);
  t.equal(empty.toCreate[0].ports, undefined);
  t.same(empty.toCreate[0].endpoints, []);
});

t.test('getSliceToFill', async (t) => {
  const s = (n: number) => slice(`s${n}`, range(0, n));
  const table: Array<[number[], number, string | undefined]> = [
    [[], 10, undefined], [[90], 0, undefined], [[90], 101, undefined], [[90], 11, undefined],
    [[50, 90], 10, 's90'], [[50, 80, 70], 20, 's80'], [[60, 70], 30, 's70'],
  ];
  for (const [have, count, want] of table) t.equal(sliceToFill(have.map(s), count, 100)?.metadata.name, want, `${have} + ${count}`);
});
