import t from 'tap';
import type { NodeObject } from '@miniplane/api/pod/types';
import { deepFreeze } from '@miniplane/client';
import type { Endpoint, EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import { TopologyCache, removeHintsFromSlices, type SliceInfo, type TopologyEvent } from './topologyCache.js';

const node = (zone: string | undefined, cpu: string | undefined, o: { ready?: boolean; labels?: Record<string, string> } = {}): NodeObject => ({
  apiVersion: 'v1', kind: 'Node',
  metadata: { name: `n-${zone}-${cpu}`, labels: { ...(zone ? { 'topology.kubernetes.io/zone': zone } : {}), ...o.labels } },
  status: { ...(cpu ? { allocatable: { cpu } } : {}), conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
} as NodeObject);
/** An endpoint: ready true/false, or 'unknown' (no condition); `hint` the zone it is hinted for. */
const ep = (ip: string, zone: string | undefined, ready: boolean | 'unknown' = true, hint?: string): Endpoint => ({
  addresses: [ip], conditions: ready === 'unknown' ? {} : { ready }, ...(zone ? { zone } : {}), ...(hint ? { hints: { forZones: [{ name: hint }] } } : {}),
});
const slice = (name: string, ...endpoints: Endpoint[]): EndpointSlice => deepFreeze({ metadata: { name }, addressType: 'IPv4', endpoints } as EndpointSlice);
const si = (p: Partial<SliceInfo>): SliceInfo => ({ serviceKey: 'ns/svc', addressType: 'IPv4', toCreate: [], toUpdate: [], unchanged: [], ...p });
/** Each slice as `name: ip>hint ...` (no hint: `ip>-`). */
const show = (slices: EndpointSlice[]): string[] => slices.map((s) => `${s.metadata.name}: ${s.endpoints.map((e) => `${e.addresses[0]}>${e.hints?.forZones?.map((z) => z.name).join('+') ?? '-'}`).join(' ')}`);
const disabled = (m: string): TopologyEvent => ({ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message: `${m}, addressType: IPv4` });
const enabled: TopologyEvent = { type: 'Normal', reason: 'TopologyAwareHintsEnabled', message: 'Topology Aware Hints has been enabled, addressType: IPv4' };

t.test('setNodes: zone CPU ratios, or none (kube TestSetNodes cases)', async (t) => {
  const cases: Array<[string, NodeObject[], Record<string, number> | undefined]> = [
    ['empty', [], undefined],
    ['single node', [node('zone-a', '1000m')], undefined],
    ['single zone', [node('zone-a', '1000m'), node('zone-a', '1000m')], undefined],
    ['2 zones', [node('zone-a', '1000m'), node('zone-b', '1000m')], { 'zone-a': 0.5, 'zone-b': 0.5 }],
    ['2 zones, unready node in 1, ready node in 1', [node('zone-a', '1000m', { ready: false }), node('zone-b', '1000m')], undefined],
    ['2 zones, unready node in 1, ready node in 2', [node('zone-a', '1000m', { ready: false }), node('zone-b', '1000m'), node('zone-a', '2')], { 'zone-a': 2 / 3, 'zone-b': 1 / 3 }],
    ['3 zones, 4 nodes in 1, 2 nodes in 1, 1 node in 1', [
      node('zone-a', '1000m'), node('zone-a', '1000m'), node('zone-a', '1000m'), node('zone-a', '2000m'),
      node('zone-b', '3000m'), node('zone-b', '1500m'), node('zone-c', '500m'),
    ], { 'zone-a': 0.5, 'zone-b': 0.45, 'zone-c': 0.05 }],
    ['control-plane and master nodes do not count', [node('zone-a', '1'), node('zone-b', '1'), node('zone-c', '8', { labels: { 'node-role.kubernetes.io/control-plane': '' } }),
      node('zone-c', '8', { labels: { 'node-role.kubernetes.io/master': '' } })], { 'zone-a': 0.5, 'zone-b': 0.5 }],
    ['a node without a zone: insufficient', [node('zone-a', '1'), node('zone-b', '1'), node(undefined, '1')], undefined],
    ['a node without allocatable CPU: insufficient', [node('zone-a', '1'), node('zone-b', '1'), node('zone-c', undefined)], undefined],
  ];
  for (const [name, nodes, want] of cases) {
    const cache = new TopologyCache();
    cache.setNodes(nodes);
    const got = cache.ratios();
    t.same(got && Object.fromEntries([...got].map(([z, r]) => [z, Math.round(r * 1e9) / 1e9])), want && Object.fromEntries(Object.entries(want).map(([z, r]) => [z, Math.round(r * 1e9) / 1e9])), name);
  }
});

t.test('addHints (kube TestAddHints cases, and the other ways Auto gives up)', async (t) => {
  const threeZones = [node('zone-a', '350m'), node('zone-b', '350m'), node('zone-c', '300m')];
  const cases: Array<{ name: string; nodes: NodeObject[]; si: SliceInfo; create?: string[]; update?: string[]; unchanged?: string[]; events: TopologyEvent[]; stored?: Record<string, number> }> = [
    { name: 'empty: insufficient node info', nodes: [], si: si({}), events: [disabled('Insufficient Node information: allocatable CPU or zone not specified on one or more nodes')] },
    {
      name: 'slice to create, no zone ratios', nodes: [node('zone-a', '1')], si: si({ toCreate: [slice('c1', ep('10.1.2.3', 'zone-a'))] }),
      create: ['c1: 10.1.2.3>-'], events: [disabled('Insufficient Node information: allocatable CPU or zone not specified on one or more nodes')],
    },
    {
      name: 'slice to create with 2 endpoints, zone ratios require 3', nodes: [node('zone-a', '300m'), node('zone-b', '400m'), node('zone-c', '300m')],
      si: si({ toCreate: [slice('c1', ep('10.1.2.3', 'zone-a'), ep('10.1.2.4', 'zone-b'))] }),
      create: ['c1: 10.1.2.3>- 10.1.2.4>-'], events: [disabled('Insufficient number of endpoints (2 endpoints, 3 zones)')],
    },
    {
      name: 'slice to create with 2 endpoints, zone ratios only require 2', nodes: [node('zone-a', '450m'), node('zone-b', '550m')],
      si: si({ toCreate: [slice('c1', ep('10.1.2.3', 'zone-a'), ep('10.1.2.4', 'zone-b'))] }),
      create: ['c1: 10.1.2.3>zone-a 10.1.2.4>zone-b'], events: [enabled], stored: { 'zone-a': 1, 'zone-b': 1 },
    },
    {
      name: 'slice to create with 2 ready, 1 unready, 1 unknown endpoints, zone ratios only require 2', nodes: [node('zone-a', '450m'), node('zone-b', '550m')],
      si: si({ toCreate: [slice('c1', ep('10.1.2.3', 'zone-a'), ep('10.1.2.4', 'zone-b'), ep('10.1.2.5', 'zone-b', false), ep('10.1.2.6', 'zone-b', 'unknown'))] }),
      create: ['c1: 10.1.2.3>zone-a 10.1.2.4>zone-b 10.1.2.5>- 10.1.2.6>-'], events: [enabled], stored: { 'zone-a': 1, 'zone-b': 1 },
    },
    {
      name: 'slices to create and update within 3 zone threshold', nodes: threeZones,
      si: si({
        toCreate: [slice('c1', ep('10.1.2.3', 'zone-a'), ep('10.1.2.4', 'zone-b')), slice('c2', ep('10.1.3.3', 'zone-c'), ep('10.1.3.4', 'zone-c'), ep('10.1.3.5', 'zone-a'))],
        toUpdate: [slice('u1', ep('10.2.2.3', 'zone-a'), ep('10.2.2.4', 'zone-a')), slice('u2', ep('10.2.3.3', 'zone-b'), ep('10.2.3.4', 'zone-c'), ep('10.2.3.5', 'zone-a'))],
      }),
      create: ['c1: 10.1.2.3>zone-b 10.1.2.4>zone-b', 'c2: 10.1.3.3>zone-c 10.1.3.4>zone-c 10.1.3.5>zone-a'],
      update: ['u1: 10.2.2.3>zone-a 10.2.2.4>zone-a', 'u2: 10.2.3.3>zone-b 10.2.3.4>zone-c 10.2.3.5>zone-a'],
      events: [enabled], stored: { 'zone-a': 4, 'zone-b': 3, 'zone-c': 3 },
    },
    {
      name: 'a ready endpoint without a zone: hints removed', nodes: [node('zone-a', '1'), node('zone-b', '1')],
      si: si({ toCreate: [slice('c1', ep('10.0.0.1', 'zone-a'), ep('10.0.0.2', undefined), ep('10.0.0.9', 'zone-b'))], unchanged: [slice('old', ep('10.0.0.3', 'zone-b', true, 'zone-b'))] }),
      create: ['c1: 10.0.0.1>- 10.0.0.2>- 10.0.0.9>-'], update: ['old: 10.0.0.3>-'], unchanged: [], events: [disabled('One or more endpoints do not have a zone specified')],
    },
    {
      name: 'minimums exceed the endpoints: hints removed', nodes: [node('zone-a', '1'), node('zone-b', '1')],
      si: si({ toCreate: [slice('c1', ep('10.0.0.1', 'zone-a'), ep('10.0.0.2', 'zone-a'), ep('10.0.0.3', 'zone-b'))] }),
      create: ['c1: 10.0.0.1>- 10.0.0.2>- 10.0.0.3>-'],
      events: [disabled('Unable to allocate minimum required endpoints to each zone without exceeding overload threshold (3 endpoints, 2 zones)')],
    },
    {
      name: 'nodes ready in one zone only: insufficient node info', nodes: [node('zone-a', '1'), node('zone-b', '1', { ready: false })],
      si: si({ toCreate: [slice('c1', ep('10.0.0.1', 'zone-a'), ep('10.0.0.2', 'zone-b'))] }),
      create: ['c1: 10.0.0.1>- 10.0.0.2>-'], events: [disabled('Insufficient Node information: allocatable CPU or zone not specified on one or more nodes')],
    },
    {
      // kube assigns own-zone hints before looking at allocations: a zone without Ready nodes keeps them.
      name: 'endpoints in a zone without Ready nodes keep own-zone hints', nodes: [node('zone-a', '1'), node('zone-b', '1')],
      si: si({ toCreate: [slice('c1', ep('10.0.0.1', 'zone-a'), ep('10.0.0.2', 'zone-a'), ep('10.0.0.3', 'zone-b'), ep('10.0.0.4', 'zone-b'), ep('10.0.0.5', 'zone-c'), ep('10.0.0.6', 'zone-c'))] }),
      create: ['c1: 10.0.0.1>zone-a 10.0.0.2>zone-a 10.0.0.3>zone-b 10.0.0.4>zone-b 10.0.0.5>zone-c 10.0.0.6>zone-c'], events: [enabled], stored: { 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 },
    },
    {
      name: 'unchanged slices: valid hints kept (no write), missing or stale ones rewritten', nodes: [node('zone-a', '1'), node('zone-b', '1')],
      si: si({ unchanged: [slice('ok', ep('10.0.0.1', 'zone-a', true, 'zone-a'), ep('10.0.0.2', 'zone-b', true, 'zone-b')),
        slice('none', ep('10.0.0.3', 'zone-a'), ep('10.0.0.4', 'zone-b')), slice('gone', ep('10.0.0.5', 'zone-a', true, 'zone-z'), ep('10.0.0.6', 'zone-b', true, 'zone-b'))] }),
      update: ['none: 10.0.0.3>zone-a 10.0.0.4>zone-b', 'gone: 10.0.0.5>zone-a 10.0.0.6>zone-b'], unchanged: ['ok: 10.0.0.1>zone-a 10.0.0.2>zone-b'],
      events: [enabled], stored: { 'zone-a': 3, 'zone-b': 3 },
    },
  ];
  for (const c of cases) {
    const cache = new TopologyCache();
    cache.setNodes(c.nodes);
    const got = cache.addHints(c.si);
    t.same(show(got.toCreate), c.create ?? [], `${c.name}: creates`);
    t.same(show(got.toUpdate), c.update ?? [], `${c.name}: updates`);
    if (c.unchanged) t.same(show(got.unchanged), c.unchanged, `${c.name}: unchanged`);
    t.same(got.events, c.events, `${c.name}: events`);
    t.equal(cache.hasPopulatedHints('ns/svc'), !!c.stored, `${c.name}: hints populated`);
  }
});

t.test('Enabled once; overloaded Services after a node change; removeHints', async (t) => {
  const cache = new TopologyCache();
  cache.setNodes([node('zone-a', '1'), node('zone-b', '1')]);
  const four = si({ toCreate: [slice('c1', ep('10.0.0.1', 'zone-a'), ep('10.0.0.2', 'zone-a'), ep('10.0.0.3', 'zone-b'), ep('10.0.0.4', 'zone-b'))] });
  t.same(cache.addHints(four).events, [enabled]);
  t.same(cache.addHints(four).events, [], 'no second Enabled Event');
  t.same(cache.getOverloadedServices(), [], 'balanced');
  cache.setNodes([node('zone-a', '1'), node('zone-b', '1'), node('zone-c', '1')]);
  t.same(cache.getOverloadedServices(), ['ns/svc'], 'a new zone without endpoints: overloaded');
  cache.setNodes([node('zone-a', '1'), node('zone-b', '3')]);
  t.same(cache.getOverloadedServices(), ['ns/svc'], 'zone-b now needs ceil(4·0.75/1.2) = 3');
  cache.removeHints('ns/svc', 'IPv4');
  t.equal(cache.hasPopulatedHints('ns/svc'), false);
  t.same(cache.getOverloadedServices(), []);
});

t.test('removeHintsFromSlices', async (t) => {
  const got = removeHintsFromSlices({
    toCreate: [slice('c', ep('10.0.0.1', 'a', true, 'a'))], toUpdate: [slice('u', ep('10.0.0.2', 'a', false, 'b'))],
    unchanged: [slice('plain', ep('10.0.0.3', 'a')), slice('hinted', ep('10.0.0.4', 'a', true, 'a'))],
  });
  t.same([show(got.toCreate), show(got.toUpdate), show(got.unchanged)], [['c: 10.0.0.1>-'], ['u: 10.0.0.2>-', 'hinted: 10.0.0.4>-'], ['plain: 10.0.0.3>-']]);
});
