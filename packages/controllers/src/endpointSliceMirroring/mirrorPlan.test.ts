import t from 'tap';
import { deepFreeze } from '@miniplane/client';
import type { Service } from '@miniplane/api/service/types';
import { service } from '../testBuilders.js';
import type { Endpoint, EndpointAddress, EndpointPort, EndpointSlice, EndpointSubset, Endpoints, SlicePort } from './endpointTypes.js';
import { planMirroring, type MirrorMode, type MirrorPlan } from './mirrorPlan.js';

// ---- builders -------------------------------------------------------------------------------

const mirrorLabels = { 'kubernetes.io/service-name': 'ext', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' };

function subset(ready: (string | EndpointAddress)[], o: { notReady?: string[]; ports?: EndpointPort[] } = {}): EndpointSubset {
  const addr = (a: string | EndpointAddress): EndpointAddress => (typeof a === 'string' ? { ip: a } : a);
  return { addresses: ready.map(addr), notReadyAddresses: (o.notReady ?? []).map(addr), ports: o.ports ?? [{ port: 3307, protocol: 'TCP' }] };
}

function endpoints(subsets: EndpointSubset[], o: { labels?: Record<string, string>; annotations?: Record<string, string>; deleting?: boolean } = {}): Endpoints {
  return deepFreeze({
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: {
      name: 'ext', namespace: 'default', uid: 'uid-ep', labels: o.labels, annotations: o.annotations,
      ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    subsets,
  });
}

interface SliceOverrides {
  addressType?: 'IPv4' | 'IPv6';
  ready?: string[];
  notReady?: string[];
  endpoints?: Endpoint[];
  ports?: SlicePort[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Seconds after 2026-01-01T00:00:00Z. */
  age?: number;
}

function slice(name: string, o: SliceOverrides = {}): EndpointSlice {
  const ep = (ready: boolean) => (ip: string): Endpoint => ({ addresses: [ip], conditions: { ready } });
  return deepFreeze({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: {
      name, namespace: 'default', uid: `uid-${name}`, resourceVersion: `rv-${name}`,
      creationTimestamp: new Date(Date.UTC(2026, 0, 1) + (o.age ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      labels: o.labels ?? mirrorLabels, annotations: o.annotations,
    },
    addressType: o.addressType ?? 'IPv4',
    endpoints: o.endpoints ?? [...(o.ready ?? []).map(ep(true)), ...(o.notReady ?? []).map(ep(false))],
    ports: o.ports ?? [{ name: '', port: 3307, protocol: 'TCP' }],
  });
}

const svc = (o: { selector?: Record<string, string> } = {}): Service => service('ext', { spec: o.selector ? { selector: o.selector } : {} });

// ---- cases ----------------------------------------------------------------------------------

interface Case {
  name: string;
  endpoints: Endpoints | undefined;
  service?: Service | null;
  slices?: EndpointSlice[];
  max?: number;
  want: {
    mode?: MirrorMode;
    creates: number;
    updates: string[];
    deletes: string[];
    events?: string[];
    check?: (t: Tap.Test, plan: MirrorPlan) => void;
  };
}

const cases: Case[] = [
  {
    name: 'the seed: one ready address → one IPv4 slice, created with kube\'s metadata',
    endpoints: endpoints([subset(['172.188.2.89'])]),
    want: {
      creates: 1, updates: [], deletes: [],
      check: (t, plan) => t.same(plan.toCreate[0], {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
        metadata: {
          generateName: 'ext-', namespace: 'default', labels: mirrorLabels,
          ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: 'ext', uid: 'uid-ep', controller: true, blockOwnerDeletion: true }],
        },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['172.188.2.89'], conditions: { ready: true } }],
        ports: [{ name: '', port: 3307, protocol: 'TCP' }],
      }),
    },
  },
  {
    name: 'an up-to-date slice is not rewritten (endpoint order does not matter)',
    endpoints: endpoints([subset(['10.0.0.2', '10.0.0.1'], { notReady: ['10.0.0.3'] })]),
    slices: [slice('ext-a', { ready: ['10.0.0.2', '10.0.0.1'], notReady: ['10.0.0.3'] })],
    want: { creates: 0, updates: [], deletes: [] },
  },
  {
    // Edge: the stored slice's ports were defaulted by the apiserver, the Endpoints' were not.
    name: 'ports compare after defaulting (no name, no protocol = "" and TCP)',
    endpoints: endpoints([subset(['10.0.0.1'], { ports: [{ port: 3307 }] })]),
    slices: [slice('ext-a', { ready: ['10.0.0.1'], ports: [{ port: 3307 }] })],
    want: { creates: 0, updates: [], deletes: [] },
  },
  {
    name: 'an address added → the slice is updated in place, with its resourceVersion',
    endpoints: endpoints([subset(['10.0.0.1', '10.0.0.2'])]),
    slices: [slice('ext-a', { ready: ['10.0.0.1'] })],
    want: {
      creates: 0, updates: ['ext-a'], deletes: [],
      check: (t, plan) => {
        t.equal(plan.toUpdate[0]!.metadata.resourceVersion, 'rv-ext-a');
        t.equal(plan.toUpdate[0]!.metadata.generateName, undefined);
        t.same(plan.toUpdate[0]!.endpoints.map((e) => e.addresses[0]), ['10.0.0.1', '10.0.0.2']);
      },
    },
  },
  {
    name: 'readiness flipped → update',
    endpoints: endpoints([subset([], { notReady: ['10.0.0.1'] })]),
    slices: [slice('ext-a', { ready: ['10.0.0.1'] })],
    want: { creates: 0, updates: ['ext-a'], deletes: [], check: (t, plan) => t.same(plan.toUpdate[0]!.endpoints[0]!.conditions, { ready: false }) },
  },
  {
    name: 'a label on the Endpoints is mirrored (update); managed-by and service-name cannot be overridden',
    endpoints: endpoints([subset(['10.0.0.1'])], { labels: { team: 'db', 'kubernetes.io/service-name': 'other' } }),
    slices: [slice('ext-a', { ready: ['10.0.0.1'] })],
    want: {
      creates: 0, updates: ['ext-a'], deletes: [],
      check: (t, plan) => t.same(plan.toUpdate[0]!.metadata.labels, { team: 'db', ...mirrorLabels }),
    },
  },
  {
    name: 'last-applied-configuration and last-change-trigger-time are not mirrored, other annotations are',
    endpoints: endpoints([subset(['10.0.0.1'])], {
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'endpoints.kubernetes.io/last-change-trigger-time': 'x', note: 'hi' },
    }),
    want: { creates: 1, updates: [], deletes: [], check: (t, plan) => t.same(plan.toCreate[0]!.metadata.annotations, { note: 'hi' }) },
  },
  {
    name: 'a changed trigger-time annotation alone writes nothing',
    endpoints: endpoints([subset(['10.0.0.1'])], { annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': 'y' } }),
    slices: [slice('ext-a', { ready: ['10.0.0.1'] })],
    want: { creates: 0, updates: [], deletes: [] },
  },
  {
    name: 'two slices of one key: the oldest is kept, the other deleted',
    endpoints: endpoints([subset(['10.0.0.1'])]),
    slices: [slice('ext-young', { ready: ['10.0.0.1'], age: 10 }), slice('ext-old', { ready: ['10.0.0.9'] })],
    want: { creates: 0, updates: ['ext-old'], deletes: ['ext-young'] },
  },
  {
    name: 'the port changed: the create and the delete of one family become one update (recycleSlices)',
    endpoints: endpoints([subset(['10.0.0.1'], { ports: [{ port: 3308, protocol: 'TCP' }] })]),
    slices: [slice('ext-a', { ready: ['10.0.0.1'] })],
    want: {
      creates: 0, updates: ['ext-a'], deletes: [],
      check: (t, plan) => t.same(plan.toUpdate[0]!.ports, [{ name: '', port: 3308, protocol: 'TCP' }]),
    },
  },
  {
    name: 'mixed families in one subset → one slice per family',
    endpoints: endpoints([subset(['10.0.0.1', 'fd00::1'])]),
    want: { creates: 2, updates: [], deletes: [], check: (t, plan) => t.same(plan.toCreate.map((s) => s.addressType), ['IPv4', 'IPv6']) },
  },
  {
    name: 'the IPv6 address went, an IPv4 one came: families are not recycled into each other',
    endpoints: endpoints([subset(['10.0.0.1'])]),
    slices: [slice('ext-v6', { addressType: 'IPv6', ready: ['fd00::1'] })],
    want: { creates: 1, updates: [], deletes: ['ext-v6'] },
  },
  {
    name: 'two port sets → two slices',
    endpoints: endpoints([subset(['10.0.0.1'], { ports: [{ port: 80 }] }), subset(['10.0.0.2'], { ports: [{ port: 81 }] })]),
    want: { creates: 2, updates: [], deletes: [] },
  },
  {
    // RepackSubsets: one address, ready in one subset and not ready in another, for the same port.
    name: 'not ready trumps ready across subsets',
    endpoints: endpoints([subset(['10.0.0.1']), subset([], { notReady: ['10.0.0.1'] })]),
    want: { creates: 1, updates: [], deletes: [], check: (t, plan) => t.same(plan.toCreate[0]!.endpoints, [{ addresses: ['10.0.0.1'], conditions: { ready: false } }]) },
  },
  {
    name: 'hostname, nodeName and targetRef are copied; IPs are written canonically',
    endpoints: endpoints([subset([
      { ip: '010.000.000.001', hostname: 'db-0', nodeName: 'node-a', targetRef: { kind: 'Pod', namespace: 'default', name: 'db-0', uid: 'p1' } },
      { ip: '::ffff:10.0.0.2' },
    ])]),
    want: {
      creates: 1, updates: [], deletes: [],
      check: (t, plan) => t.same(plan.toCreate[0]!.endpoints, [
        { addresses: ['10.0.0.1'], conditions: { ready: true }, hostname: 'db-0', targetRef: { kind: 'Pod', namespace: 'default', name: 'db-0', uid: 'p1' }, nodeName: 'node-a' },
        { addresses: ['10.0.0.2'], conditions: { ready: true } },
      ]),
    },
  },
  {
    name: 'an invalid IP is skipped with an InvalidIPAddress Event (and no TooMany Event)',
    endpoints: endpoints([subset(['10.0.0.1', 'not-an-ip'])]),
    want: {
      creates: 1, updates: [], deletes: [], events: ['InvalidIPAddress: Skipped 1 invalid IP addresses when mirroring to EndpointSlices'],
      check: (t, plan) => t.equal(plan.toCreate[0]!.endpoints.length, 1),
    },
  },
  {
    // Edge: the cap counts valid ready addresses first (in IP text order, after repacking); the
    // invalid one ("0bad" sorts first) is counted in "skipped" too.
    name: 'past maxEndpointsPerSubset: the rest are skipped with TooManyAddressesToMirror',
    endpoints: endpoints([subset(['10.0.0.2', '0bad', '10.0.0.1'], { notReady: ['10.0.0.3'] })]),
    max: 2,
    want: {
      creates: 1, updates: [], deletes: [],
      events: [
        'InvalidIPAddress: Skipped 1 invalid IP addresses when mirroring to EndpointSlices',
        'TooManyAddressesToMirror: A max of 2 addresses can be mirrored to EndpointSlices per Endpoints subset. 2 addresses were skipped',
      ],
      check: (t, plan) => t.same(plan.toCreate[0]!.endpoints.map((e) => e.addresses[0]), ['10.0.0.1', '10.0.0.2']),
    },
  },
  {
    name: 'no addresses left → the slice is deleted, none created',
    endpoints: endpoints([{ ports: [{ port: 3307 }] }]),
    slices: [slice('ext-a', { ready: ['10.0.0.1'] })],
    want: { creates: 0, updates: [], deletes: ['ext-a'] },
  },
  {
    name: 'an Endpoints being deleted gets no new slice',
    endpoints: endpoints([subset(['10.0.0.1'])], { deleting: true }),
    want: { creates: 0, updates: [], deletes: [] },
  },
  {
    name: 'an empty selector is no selector',
    endpoints: endpoints([subset(['10.0.0.1'])]),
    service: svc({ selector: {} }),
    want: { mode: 'Mirror', creates: 1, updates: [], deletes: [] },
  },
  { name: 'Endpoints gone → every mirrored slice deleted', endpoints: undefined, slices: [slice('ext-a'), slice('ext-b')], want: { mode: 'EndpointsNotFound', creates: 0, updates: [], deletes: ['ext-a', 'ext-b'] } },
  {
    name: 'skip-mirror label → cleaned up',
    endpoints: endpoints([subset(['10.0.0.1'])], { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }),
    slices: [slice('ext-a', { ready: ['10.0.0.1'] })],
    want: { mode: 'SkipMirror', creates: 0, updates: [], deletes: ['ext-a'] },
  },
  {
    // Edge: only the exact value "true" opts out.
    name: 'skip-mirror "false" is mirrored',
    endpoints: endpoints([subset(['10.0.0.1'])], { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'false' } }),
    want: { mode: 'Mirror', creates: 1, updates: [], deletes: [] },
  },
  {
    name: 'a leader-election lock is not mirrored',
    endpoints: endpoints([subset(['10.0.0.1'])], { annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } }),
    want: { mode: 'SkipMirror', creates: 0, updates: [], deletes: [] },
  },
  { name: 'no Service → cleaned up', endpoints: endpoints([subset(['10.0.0.1'])]), service: null, slices: [slice('ext-a')], want: { mode: 'ServiceNotFound', creates: 0, updates: [], deletes: ['ext-a'] } },
  {
    name: 'a Service with a selector → cleaned up',
    endpoints: endpoints([subset(['10.0.0.1'])]),
    service: svc({ selector: { app: 'ext' } }),
    slices: [slice('ext-a')],
    want: { mode: 'ServiceHasSelector', creates: 0, updates: [], deletes: ['ext-a'] },
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const plan = planMirroring({
      endpoints: c.endpoints, service: c.service === null ? undefined : (c.service ?? svc()), slices: c.slices ?? [], maxEndpointsPerSubset: c.max,
    });
    t.equal(plan.mode, c.want.mode ?? plan.mode);
    t.equal(plan.toCreate.length, c.want.creates, 'creates');
    t.same(plan.toUpdate.map((s) => s.metadata.name), c.want.updates, 'updates');
    t.same(plan.toDelete.map((s) => s.metadata.name).sort(), [...c.want.deletes].sort(), 'deletes');
    t.same(plan.events.map((e) => `${e.reason}: ${e.message}`), c.want.events ?? [], 'events');
    t.ok(plan.events.every((e) => e.type === 'Warning'));
    c.want.check?.(t, plan);
  });
}
