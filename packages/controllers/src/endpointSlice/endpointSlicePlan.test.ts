import t from 'tap';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';
import type { EndpointSlice } from '../endpointSliceMirroring/endpointTypes.js';
import { planEndpointSlices, type EndpointSliceInput } from './endpointSlicePlan.js';

function svc(spec: Partial<NonNullable<Service['spec']>> = {}, labels?: Record<string, string>): Service {
  return deepFreeze({
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', ...(labels ? { labels } : {}) },
    spec: { selector: { app: 'web' }, clusterIP: '10.96.0.10', ipFamilies: ['IPv4'], ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], ...spec },
  });
}

interface PodOpts {
  ready?: boolean; ips?: string[]; node?: string; deleting?: boolean; phase?: string; labels?: Record<string, string>;
  hostname?: string; subdomain?: string; containerPorts?: Array<{ name: string; containerPort: number; protocol?: string }>;
}
function pod(name: string, o: PodOpts = {}): Pod {
  const ips = o.ips ?? ['10.244.1.' + name.replace(/\D/g, '')];
  return deepFreeze({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: o.labels ?? { app: 'web' }, ...(o.deleting ? { deletionTimestamp: '2026-12-04T00:00:00Z' } : {}) },
    spec: {
      nodeName: o.node ?? 'node-1', containers: [{ name: 'c', ports: o.containerPorts ?? [] }],
      ...(o.hostname ? { hostname: o.hostname } : {}), ...(o.subdomain ? { subdomain: o.subdomain } : {}),
    },
    status: {
      phase: o.phase ?? 'Running', podIP: ips[0], podIPs: ips.map((ip) => ({ ip })),
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
    },
  });
}
const nodes: Record<string, NodeObject> = {
  'node-1': { metadata: { name: 'node-1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } },
  'node-2': { metadata: { name: 'node-2', labels: {} } },
};
function plan(service: Service | undefined, pods: Pod[], extra: Partial<EndpointSliceInput> = {}) {
  return planEndpointSlices({ service, pods, node: (n) => nodes[n], slices: [], ...extra });
}
const summary = (slices: EndpointSlice[]) => slices.map((s) => ({
  addressType: s.addressType, ports: s.ports, endpoints: s.endpoints.map((e) => `${e.addresses.join('+')}`),
}));

t.test('metadata of a created slice', async (t) => {
  const p = plan(svc({}, { tier: 'front', 'kubernetes.io/service-name': 'spoof' }), [pod('p1')], { triggerTime: '2026-12-04T21:00:00.123Z' });
  t.equal(p.toCreate.length, 1);
  const s = p.toCreate[0];
  t.same(s.metadata, {
    generateName: 'web-', namespace: 'default',
    labels: { tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }],
    annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-12-04T21:00:00.123Z' },
  });
  t.same(s.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  t.same(s.endpoints, [{
    addresses: ['10.244.1.1'], conditions: { ready: true, serving: true, terminating: false },
    targetRef: { kind: 'Pod', namespace: 'default', name: 'p1', uid: 'uid-p1' }, nodeName: 'node-1', zone: 'zone-a',
  }]);
  t.equal(plan(svc({ clusterIP: 'None' }), [pod('p1')]).toCreate[0].metadata.labels?.['service.kubernetes.io/headless'], '', 'headless label');
});

t.test('endpoint conditions', async (t) => {
  const cases: Array<[string, PodOpts, Partial<NonNullable<Service['spec']>>, object | undefined]> = [
    ['ready pod', {}, {}, { ready: true, serving: true, terminating: false }],
    ['not ready pod', { ready: false }, {}, { ready: false, serving: false, terminating: false }],
    ['terminating ready pod stays, not ready', { deleting: true }, {}, { ready: false, serving: true, terminating: true }],
    ['publishNotReadyAddresses: not ready counts as ready', { ready: false }, { publishNotReadyAddresses: true }, { ready: true, serving: false, terminating: false }],
    ['publishNotReadyAddresses: terminating too', { deleting: true }, { publishNotReadyAddresses: true }, { ready: true, serving: true, terminating: true }],
    ['Succeeded pod left out', { phase: 'Succeeded' }, {}, undefined],
    ['Failed pod left out', { phase: 'Failed' }, {}, undefined],
    ['pod without IP left out', { ips: [] }, {}, undefined],
    ['pod not matching the selector left out', { labels: { app: 'other' } }, {}, undefined],
  ];
  for (const [name, o, spec, want] of cases) {
    const p = plan(svc(spec), [pod('p1', o)]);
    t.same(p.toCreate[0].endpoints[0]?.conditions, want, name);
  }
});

t.test('hostname only for hostname + subdomain naming the Service', async (t) => {
  const p = plan(svc({ clusterIP: 'None' }), [pod('p1', { hostname: 'web-0', subdomain: 'web' }), pod('p2', { hostname: 'x', subdomain: 'other' })]);
  t.same(p.toCreate[0].endpoints.map((e) => e.hostname), ['web-0', undefined]);
});

t.test('ports resolve per pod', async (t) => {
  const named = svc({ ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
  const p = plan(named, [
    pod('p1', { containerPorts: [{ name: 'web', containerPort: 8080 }] }),
    pod('p2', { containerPorts: [{ name: 'web', containerPort: 9090 }] }),
    pod('p3', { containerPorts: [{ name: 'web', containerPort: 8080 }] }),
    pod('p4', { containerPorts: [{ name: 'web', containerPort: 53, protocol: 'UDP' }] }),
  ]);
  t.same(summary(p.toCreate), [
    { addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: ['10.244.1.1', '10.244.1.3'] },
    { addressType: 'IPv4', ports: [{ name: 'http', port: 9090, protocol: 'TCP' }], endpoints: ['10.244.1.2'] },
    { addressType: 'IPv4', ports: [], endpoints: ['10.244.1.4'] },
  ], 'different numbers, different slices; an unresolved port is left out');
  const multi = svc({ ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP', appProtocol: 'dns' }] });
  t.same(plan(multi, [pod('p1')]).toCreate[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP', appProtocol: 'dns' }], 'multi-port');
});

t.test('one slice set per ipFamilies entry', async (t) => {
  const dual = svc({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' });
  const p = plan(dual, [pod('p1', { ips: ['10.244.1.1', 'fd00:10:244:1::1'] }), pod('p2', { ips: ['10.244.1.2'] })]);
  t.same(summary(p.toCreate).map((s) => [s.addressType, s.endpoints]), [['IPv4', ['10.244.1.1', '10.244.1.2']], ['IPv6', ['fd00:10:244:1::1']]]);
  const v6 = plan(svc({ ipFamilies: ['IPv6'] }), []);
  t.same(summary(v6.toCreate), [{ addressType: 'IPv6', ports: undefined, endpoints: [] }], 'placeholder of the family');
});

t.test('a pod on an unknown node is left out and the Service retried, unless publishNotReadyAddresses', async (t) => {
  const p = plan(svc(), [pod('p1', { node: 'node-9' }), pod('p2')]);
  t.equal(p.requeue, true);
  t.same(summary(p.toCreate)[0].endpoints, ['10.244.1.2']);
  const q = plan(svc({ publishNotReadyAddresses: true }), [pod('p1', { node: 'node-9' })]);
  t.equal(q.requeue, false);
  t.same(q.toCreate[0].endpoints[0].zone, undefined);
});

t.test('no managed slices without a selector, for ExternalName, or without the Service', async (t) => {
  const existing: EndpointSlice = { metadata: { name: 'web-abc', namespace: 'default' }, addressType: 'IPv4', endpoints: [] };
  for (const [name, s, mode] of [
    ['selector removed', svc({ selector: undefined }), 'NoSelector'], ['empty selector', svc({ selector: {} }), 'NoSelector'],
    ['ExternalName', svc({ type: 'ExternalName' }), 'NoSelector'], ['gone', undefined, 'ServiceNotFound'],
  ] as const) {
    const p = plan(s, [pod('p1')], { slices: [existing] });
    t.equal(p.mode, mode, name);
    t.same(p.toDelete.map((x) => x.metadata.name), ['web-abc'], name);
  }
});

t.test('a synced Service plans nothing', async (t) => {
  const first = plan(svc(), [pod('p1'), pod('p2')]);
  const written = first.toCreate.map((s, i) => ({ ...s, metadata: { ...s.metadata, name: `web-${i}`, generateName: undefined } }));
  const again = plan(svc(), [pod('p1'), pod('p2')], { slices: written });
  t.same([again.toCreate.length, again.toUpdate.length, again.toDelete.length], [0, 0, 0]);
  t.equal(again.desiredEndpoints, 2);
});
