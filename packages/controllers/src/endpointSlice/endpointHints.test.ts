import t from 'tap';
import type { NodeObject } from '@miniplane/api/pod/types';
import { deepFreeze } from '@miniplane/client';
import type { Endpoint, EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import { reconcileHints, topologyAnnotationAuto } from './endpointHints.js';
import { TopologyCache } from './topologyCache.js';
import { reconcileTrafficDistributionHints } from './trafficDistribution.js';

const ep = (ip: string, zone: string | undefined, ready = true, hint?: string): Endpoint => ({
  addresses: [ip], conditions: { ready }, ...(zone ? { zone } : {}), ...(hint ? { hints: { forZones: [{ name: hint }] } } : {}),
});
const slice = (name: string, ...endpoints: Endpoint[]): EndpointSlice => deepFreeze({ metadata: { name }, addressType: 'IPv4', endpoints } as EndpointSlice);
const show = (slices: EndpointSlice[]): string[] => slices.map((s) => `${s.metadata.name}: ${s.endpoints.map((e) => `${e.addresses[0]}>${e.hints?.forZones?.map((z) => z.name).join('+') ?? '-'}`).join(' ')}`);
const node = (zone: string): NodeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name: zone, labels: { 'topology.kubernetes.io/zone': zone } },
  status: { allocatable: { cpu: '1' }, conditions: [{ type: 'Ready', status: 'True' }] },
} as NodeObject);

t.test('the topology annotation (kube hintsEnabled)', async (t) => {
  const cases: Array<[Record<string, string> | undefined, boolean]> = [
    [undefined, false], [{}, false],
    [{ 'service.kubernetes.io/topology-mode': 'Auto' }, true], [{ 'service.kubernetes.io/topology-mode': 'auto' }, true],
    [{ 'service.kubernetes.io/topology-mode': 'PreferZone' }, false], [{ 'service.kubernetes.io/topology-aware-hints': 'Auto' }, true],
    [{ 'service.kubernetes.io/topology-aware-hints': 'disabled', 'service.kubernetes.io/topology-mode': 'Auto' }, false],
  ];
  for (const [annotations, want] of cases) t.equal(topologyAnnotationAuto(annotations), want, JSON.stringify(annotations));
});

t.test('trafficDistribution hints (kube trafficdist cases)', async (t) => {
  const cases: Array<{ name: string; td?: string; create?: EndpointSlice[]; update?: EndpointSlice[]; unchanged?: EndpointSlice[]; want: [string[], string[], string[]] }> = [
    {
      name: 'PreferClose: own-zone hints on created and updated slices, ready endpoints only', td: 'PreferClose',
      create: [slice('c', ep('10.0.0.1', 'zone-a'), ep('10.0.0.2', 'zone-b', false))], update: [slice('u', ep('10.0.0.3', 'zone-c'), ep('10.0.0.4', undefined))],
      want: [['c: 10.0.0.1>zone-a 10.0.0.2>-'], ['u: 10.0.0.3>zone-c 10.0.0.4>-'], []],
    },
    {
      name: 'PreferClose: unchanged slices with correct hints stay, missing or wrong ones are updated', td: 'PreferClose',
      unchanged: [slice('ok', ep('10.0.0.1', 'zone-a', true, 'zone-a'), ep('10.0.0.2', 'zone-b', false)), slice('missing', ep('10.0.0.3', 'zone-a')),
        slice('wrong', ep('10.0.0.4', 'zone-a', true, 'zone-b')), slice('stale', ep('10.0.0.5', undefined, true, 'zone-a'))],
      want: [[], ['missing: 10.0.0.3>zone-a', 'wrong: 10.0.0.4>zone-a', 'stale: 10.0.0.5>-'], ['ok: 10.0.0.1>zone-a 10.0.0.2>-']],
    },
    {
      name: 'unset: hints removed, unchanged slices with hints updated',
      create: [slice('c', ep('10.0.0.1', 'zone-a', true, 'zone-a'))], unchanged: [slice('hinted', ep('10.0.0.2', 'zone-a', false, 'zone-a')), slice('plain', ep('10.0.0.3', 'zone-a'))],
      want: [['c: 10.0.0.1>-'], ['hinted: 10.0.0.2>-'], ['plain: 10.0.0.3>-']],
    },
  ];
  for (const c of cases) {
    const got = reconcileTrafficDistributionHints(c.td, { toCreate: c.create ?? [], toUpdate: c.update ?? [], unchanged: c.unchanged ?? [] });
    t.same([show(got.toCreate), show(got.toUpdate), show(got.unchanged)], c.want, c.name);
  }
});

t.test('reconcileHints: Auto through the cache, then disabled with an Event; PreferClose without Auto', async (t) => {
  const cache = new TopologyCache();
  cache.setNodes([node('zone-a'), node('zone-b')]);
  const plan = { toCreate: [slice('c', ep('10.0.0.1', 'zone-a'), ep('10.0.0.2', 'zone-b'))], toUpdate: [], toDelete: [], unchanged: [] };
  const auto = { serviceKey: 'ns/svc', annotations: { 'service.kubernetes.io/topology-mode': 'Auto' }, trafficDistribution: 'PreferClose', cache };
  const on = reconcileHints(auto, 'IPv4', plan);
  t.same(show(on.toCreate), ['c: 10.0.0.1>zone-a 10.0.0.2>zone-b']);
  t.same(on.events.map((e) => e.reason), ['TopologyAwareHintsEnabled'], 'Auto wins over trafficDistribution');
  const hinted = { toCreate: [], toUpdate: [], toDelete: [], unchanged: on.toCreate.map((s) => deepFreeze(s)) };
  const off = reconcileHints({ ...auto, annotations: {}, trafficDistribution: undefined }, 'IPv4', hinted);
  t.same(off.events, [{ type: 'Warning', reason: 'TopologyAwareHintsDisabled', message: 'Topology Aware Hints has been disabled, addressType: IPv4' }]);
  t.same([show(off.toUpdate), off.unchanged.length], [['c: 10.0.0.1>- 10.0.0.2>-'], 0], 'the hinted slice is rewritten without hints');
  t.equal(cache.hasPopulatedHints('ns/svc'), false);
  const again = reconcileHints({ ...auto, annotations: {}, trafficDistribution: undefined }, 'IPv4', plan);
  t.same(again.events, [], 'disabled once');
  const close = reconcileHints({ ...auto, annotations: {}, trafficDistribution: 'PreferClose' }, 'IPv4', hinted);
  t.same([show(close.toUpdate), close.unchanged.length, close.events], [[], 1, []], 'PreferClose keeps same-zone hints: no write');
});
