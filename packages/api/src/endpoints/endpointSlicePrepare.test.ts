import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { prepareEndpointSliceForCreate, prepareEndpointSliceForUpdate, semanticEqual } from './endpointSlicePrepare.js';
import { endpoint, endpointSlice, slicePort } from './testBuilders.js';
import type { EndpointSlice } from './types.js';

/** A stored slice; generation 0 stands for one stored without a generation. */
const stored = (over: Partial<EndpointSlice> = {}, generation = 3): EndpointSlice => {
  const s = endpointSlice(over);
  return { ...s, metadata: { ...s.metadata, resourceVersion: '10', ...(generation ? { generation } : {}) } };
};

t.test('create: generation 1, forNodes and deprecatedTopology dropped', async (t) => {
  const body = deepFreeze(endpointSlice({
    metadata: { name: 's', generation: 7 },
    endpoints: [endpoint(undefined, { nodeName: 'n1', deprecatedTopology: { 'kubernetes.io/hostname': 'n1' }, hints: { forZones: [{ name: 'a' }], forNodes: [{ name: 'n1' }] } })],
  }));
  const got = prepareEndpointSliceForCreate(body);
  t.equal(got.metadata.generation, 1);
  t.same(got.endpoints, [{ addresses: ['172.188.2.89'], conditions: { ready: true }, nodeName: 'n1', hints: { forZones: [{ name: 'a' }] } }]);
});

const updates: Array<{ name: string; old: EndpointSlice; next: EndpointSlice; generation: number | undefined }> = [
  { name: 'no change keeps the generation', old: stored(), next: stored({}, 99), generation: 3 },
  { name: 'an endpoint change bumps it', old: stored(), next: stored({ endpoints: [endpoint(['10.0.0.9'])] }), generation: 4 },
  { name: 'a port change bumps it', old: stored(), next: stored({ ports: [slicePort({ port: 80 })] }), generation: 4 },
  { name: 'a label change bumps it', old: stored(), next: stored({ metadata: { name: 's', labels: { a: 'b' } } }), generation: 4 },
  { name: 'an annotation change does not', old: stored(), next: stored({ metadata: { name: 's', labels: { 'kubernetes.io/service-name': 'external-service' }, annotations: { a: 'b' } } }), generation: 3 },
  // edge: nil and empty lists are the same to Go's semantic equality
  { name: 'null endpoints equal []', old: stored({ endpoints: [] }), next: stored({ endpoints: undefined }), generation: 3 },
  // edge: a slice stored before generations were kept has none; an unchanged update leaves it at zero (omitted)
  { name: 'no stored generation, no change', old: stored({}, 0), next: stored(), generation: undefined },
  { name: 'no stored generation, a change', old: stored({}, 0), next: stored({ ports: [] }), generation: 1 },
];

for (const c of updates) {
  t.test(`update: ${c.name}`, async (t) => {
    const got = prepareEndpointSliceForUpdate(deepFreeze(c.next), deepFreeze(c.old));
    t.equal(got.metadata.generation, c.generation);
    t.equal('generation' in got.metadata, c.generation !== undefined);
  });
}

t.test('update: forNodes dropped unless the stored slice has some', async (t) => {
  const withHints = endpoint(undefined, { hints: { forNodes: [{ name: 'n1' }] } });
  const plain = deepFreeze(stored());
  t.same(prepareEndpointSliceForUpdate(deepFreeze(stored({ endpoints: [withHints] })), plain).endpoints?.[0]?.hints, {});
  const hinted = deepFreeze(stored({ endpoints: [withHints] }));
  t.same(prepareEndpointSliceForUpdate(deepFreeze(stored({ endpoints: [withHints] })), hinted).endpoints?.[0]?.hints, { forNodes: [{ name: 'n1' }] });
});

t.test('update: deprecatedTopology', async (t) => {
  const topo = (node: string, over = {}) => endpoint(undefined, { deprecatedTopology: { 'kubernetes.io/hostname': node }, ...over });
  const old = deepFreeze(stored({ endpoints: [topo('n1')] }));
  t.same(prepareEndpointSliceForUpdate(deepFreeze(stored({ endpoints: [topo('n1')] })), old).endpoints?.[0]?.deprecatedTopology, { 'kubernetes.io/hostname': 'n1' }, 'unchanged endpoints keep it');
  const moved = prepareEndpointSliceForUpdate(deepFreeze(stored({ endpoints: [topo('n1', { addresses: ['10.0.0.2'] })] })), old).endpoints?.[0];
  t.equal(moved?.deprecatedTopology, undefined, 'changed endpoints lose it');
  t.equal(moved?.nodeName, 'n1', 'a node the stored slice named becomes nodeName');
  const other = prepareEndpointSliceForUpdate(deepFreeze(stored({ endpoints: [topo('n2', { addresses: ['10.0.0.2'] })] })), old).endpoints?.[0];
  t.equal(other?.nodeName, undefined, 'an unknown node does not');
});

t.test('semanticEqual', async (t) => {
  t.ok(semanticEqual({ a: [], b: {} }, {}));
  t.ok(semanticEqual({ a: null }, { a: undefined }));
  t.notOk(semanticEqual({ a: '' }, {}), 'an empty string is a value');
  t.notOk(semanticEqual([1], [1, 2]));
});
