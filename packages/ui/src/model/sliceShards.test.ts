import t from 'tap';
import type { Endpoint, EndpointSlice, Endpoints } from './kube.js';
import { endpointState, endpointsAddresses, sliceShard, slicesByService, slicesOfService, type EndpointState } from './sliceShards.js';

function endpoint(o: { ip?: string; ready?: boolean; serving?: boolean; terminating?: boolean; pod?: string } = {}): Endpoint {
  const conditions: Endpoint['conditions'] = {};
  if (o.ready !== undefined) conditions.ready = o.ready;
  if (o.serving !== undefined) conditions.serving = o.serving;
  if (o.terminating !== undefined) conditions.terminating = o.terminating;
  return { addresses: [o.ip ?? '10.244.0.5'], conditions, ...(o.pod ? { targetRef: { kind: 'Pod', name: o.pod } } : {}) };
}

function slice(name: string, o: { ns?: string; service?: string; endpoints?: Endpoint[] | null } = {}): EndpointSlice {
  return Object.freeze({
    metadata: { name, namespace: o.ns ?? 'default', labels: { 'kubernetes.io/service-name': o.service ?? 'web' } },
    addressType: 'IPv4',
    endpoints: o.endpoints === undefined ? [endpoint()] : o.endpoints,
    ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  });
}

const states: Array<{ name: string; given: Endpoint; want: EndpointState }> = [
  { name: 'ready', given: endpoint({ ready: true, serving: true }), want: 'ready' },
  // The API: a nil ready condition is to be read as ready.
  { name: 'no conditions at all', given: { addresses: ['10.0.0.1'] }, want: 'ready' },
  { name: 'serving, not ready (published before ready)', given: endpoint({ ready: false, serving: true }), want: 'serving' },
  { name: 'not ready, not serving', given: endpoint({ ready: false, serving: false }), want: 'notready' },
  // Terminating wins whatever serving says: the pod is on its way out.
  { name: 'terminating and still serving', given: endpoint({ ready: false, serving: true, terminating: true }), want: 'terminating' },
  { name: 'terminating, not serving', given: endpoint({ ready: false, serving: false, terminating: true }), want: 'terminating' },
];
for (const c of states) t.test(`endpointState: ${c.name}`, async (t) => t.equal(endpointState(c.given), c.want));

t.test('slicesOfService: by label and namespace, in name order', async (t) => {
  const all = [slice('web-b'), slice('web-a'), slice('other-x', { service: 'other' }), slice('web-c', { ns: 'prod' })];
  t.same(slicesOfService(all, 'default', 'web').map((s) => s.metadata.name), ['web-a', 'web-b']);
  t.same(slicesOfService(all, 'prod', 'web').map((s) => s.metadata.name), ['web-c']);
  t.same(slicesOfService(all, 'default', 'nope'), []);
  const unlabelled = Object.freeze({ ...slice('loose'), metadata: { name: 'loose', namespace: 'default' } });
  const grouped = slicesByService([...all, unlabelled]);
  t.same([...grouped.keys()].sort(), ['default/other', 'default/web', 'prod/web'], 'slicesByService: one entry per Service, a slice without the label in none');
  for (const key of grouped.keys()) {
    const [ns, name] = key.split('/') as [string, string];
    t.same(grouped.get(key), slicesOfService(all, ns, name), `slicesByService agrees with slicesOfService for ${key}`);
  }
});

t.test('sliceShard: fill, boxes in slice order, ports', async (t) => {
  const s = slice('web-a', { endpoints: [endpoint({ ip: '10.0.0.1', pod: 'p1' }), endpoint({ ip: '10.0.0.2', ready: false, serving: false })] });
  t.same(sliceShard(s, 100), {
    name: 'web-a', addressType: 'IPv4', size: 2, max: 100, ports: ['http:80/TCP'],
    boxes: [{ address: '10.0.0.1', state: 'ready', pod: 'p1' }, { address: '10.0.0.2', state: 'notready' }],
  });
  // A slice with no endpoints has null there on the wire (Go's nil slice).
  t.same(sliceShard(slice('empty', { endpoints: null }), 100).boxes, []);
});

t.test('endpointsAddresses: ready and not-ready addresses over subsets', async (t) => {
  const e: Endpoints = {
    metadata: { name: 'web', namespace: 'default' },
    subsets: [
      { addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], notReadyAddresses: [{ ip: '10.0.0.3' }], ports: [{ port: 80, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.0.0.4' }], ports: [{ port: 80 }] },
    ],
  };
  t.same(endpointsAddresses(e), { ready: ['10.0.0.1', '10.0.0.2', '10.0.0.4'], notReady: ['10.0.0.3'], ports: ['80/TCP'] });
  // An Endpoints object without subsets (no pod selected): nothing.
  t.same(endpointsAddresses({ metadata: { name: 'web' } }), { ready: [], notReady: [], ports: [] });
});
