import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { NodeObject } from '@miniplane/api/pod/types';
import { computeZoneState, defaultEvictionConfig as cfg, planDisruption, zoneKey, type ZoneState } from './zoneDisruption.js';

const T = 'True';
const F = 'False';
const U = 'Unknown';

t.test('zoneKey', async (t) => {
  const node = (labels: Record<string, string>) => deepFreeze({ metadata: { name: 'n', labels } }) as NodeObject;
  const cases: [string, Record<string, string>, string][] = [
    ['zone only', { 'topology.kubernetes.io/zone': 'zone-a' }, ':\0:zone-a'],
    ['region and zone', { 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'z' }, 'r:\0:z'],
    ['beta labels', { 'failure-domain.beta.kubernetes.io/region': 'r', 'failure-domain.beta.kubernetes.io/zone': 'z' }, 'r:\0:z'],
    // no topology at all: one unnamed zone
    ['none', {}, ''],
  ];
  for (const [name, labels, want] of cases) t.equal(zoneKey(node(labels)), want, name);
});

t.test('computeZoneState', async (t) => {
  const cases: { name: string; ready: (string | undefined)[]; want: ZoneState }[] = [
    { name: 'all ready', ready: [T, T, T], want: 'Normal' },
    { name: 'none ready: full disruption', ready: [U, F], want: 'FullDisruption' },
    // a node with no Ready condition counts as not ready
    { name: 'no condition counts as not ready', ready: [undefined], want: 'FullDisruption' },
    // edge: more than 2 not ready is needed, whatever the share
    { name: '2 of 3 not ready: still Normal (needs > 2)', ready: [T, U, U], want: 'Normal' },
    { name: '3 of 5 not ready (0.6 ≥ 0.55): partial', ready: [T, T, U, U, U], want: 'PartialDisruption' },
    { name: '3 of 6 not ready (0.5 < 0.55): Normal', ready: [T, T, T, U, U, U], want: 'Normal' },
    { name: 'no nodes: Normal', ready: [], want: 'Normal' },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(computeZoneState(c.ready, 0.55).state, c.want));
});

t.test('planDisruption', async (t) => {
  const big = (n: number, down: number) => Array.from({ length: n }, (_, i) => (i < down ? U : T));
  const cases: { name: string; prev: Record<string, ZoneState>; zones: Record<string, (string | undefined)[]>; want: { states: Record<string, ZoneState>; rates: Record<string, number>; markAllReachable: boolean } }[] = [
    { name: 'first pass: zones go Initial → Normal at the normal rate', prev: {}, zones: { a: [T], b: [T] },
      want: { states: { a: 'Normal', b: 'Normal' }, rates: { a: 0.1, b: 0.1 }, markAllReachable: false } },
    { name: 'unchanged: no rate change', prev: { a: 'Normal' }, zones: { a: [T, U] }, want: { states: { a: 'Normal' }, rates: {}, markAllReachable: false } },
    // one zone fully down, another fine: that zone keeps the normal rate (its nodes are likely broken)
    { name: 'one zone fully disrupted: normal rate there', prev: { a: 'Normal', b: 'Normal' }, zones: { a: [U, U], b: [T] },
      want: { states: { a: 'FullDisruption', b: 'Normal' }, rates: { a: 0.1 }, markAllReachable: false } },
    { name: 'partial disruption of a small zone: no tainting', prev: { a: 'Normal' }, zones: { a: big(5, 3) }, want: { states: { a: 'PartialDisruption' }, rates: { a: 0 }, markAllReachable: false } },
    // edge: more than --large-cluster-size-threshold (50) nodes in the zone
    { name: 'partial disruption of a large zone: the secondary rate', prev: { a: 'Normal' }, zones: { a: big(51, 30) }, want: { states: { a: 'PartialDisruption' }, rates: { a: 0.01 }, markAllReachable: false } },
    { name: 'partial disruption of exactly 50 nodes: no tainting', prev: { a: 'Normal' }, zones: { a: big(50, 30) }, want: { states: { a: 'PartialDisruption' }, rates: { a: 0 }, markAllReachable: false } },
    { name: 'every zone fully disrupted: evictions stop, taints removed', prev: { a: 'Normal', b: 'FullDisruption' }, zones: { a: [U], b: [U, F] },
      want: { states: { a: 'FullDisruption', b: 'FullDisruption' }, rates: { a: 0, b: 0 }, markAllReachable: true } },
    { name: 'still every zone fully disrupted: nothing more', prev: { a: 'FullDisruption', b: 'FullDisruption' }, zones: { a: [U], b: [U] },
      want: { states: { a: 'FullDisruption', b: 'FullDisruption' }, rates: {}, markAllReachable: false } },
    // leaving the mode resets every zone, the unchanged ones too
    { name: 'leaving it: every zone gets its state rate', prev: { a: 'FullDisruption', b: 'FullDisruption' }, zones: { a: [T], b: [U] },
      want: { states: { a: 'Normal', b: 'FullDisruption' }, rates: { a: 0.1, b: 0.1 }, markAllReachable: false } },
    { name: 'a zone with no node left is forgotten', prev: { a: 'Normal', gone: 'Normal' }, zones: { a: [T] }, want: { states: { a: 'Normal' }, rates: {}, markAllReachable: false } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const got = planDisruption(new Map(Object.entries(c.prev)), new Map(Object.entries(c.zones)), cfg);
      t.same({ states: Object.fromEntries(got.states), rates: Object.fromEntries(got.rates), markAllReachable: got.markAllReachable }, c.want);
    });
  }
});
