import t from 'tap';
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';
import type { EndpointSubset, Endpoints } from '../endpointSliceMirroring/endpointTypes.js';
import { planEndpoints, subsetsEqual, truncate } from './endpointsPlan.js';

function svc(spec: Partial<NonNullable<Service['spec']>> = {}, labels?: Record<string, string>): Service {
  return deepFreeze({
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx-svc', namespace: 'default', uid: 'u', ...(labels ? { labels } : {}) },
    spec: { selector: { app: 'nginx' }, clusterIP: '10.96.0.10', ipFamilies: ['IPv4'], ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], ...spec },
  });
}
function pod(name: string, ip: string, o: { ready?: boolean; deleting?: boolean; node?: string; ports?: Array<{ name: string; containerPort: number }> } = {}): Pod {
  return deepFreeze({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'nginx' }, ...(o.deleting ? { deletionTimestamp: '2026-12-04T00:00:00Z' } : {}) },
    spec: { nodeName: o.node ?? 'node-1', containers: [{ name: 'c', ports: o.ports ?? [] }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  });
}
const addr = (name: string, ip: string, node = 'node-1') => ({ ip, nodeName: node, targetRef: { kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` } });
const subsetsOf = (p: ReturnType<typeof planEndpoints>) => ('endpoints' in p ? p.endpoints.subsets : undefined);

t.test('subsets like the seeds', async (t) => {
  const p = planEndpoints({ service: svc(), pods: [pod('b', '10.244.2.3', { node: 'node-2' }), pod('a', '10.244.1.5')], current: undefined, triggerTime: '2026-12-04T21:00:00Z' });
  t.equal(p.action, 'create');
  t.same('endpoints' in p && p.endpoints, {
    apiVersion: 'v1', kind: 'Endpoints',
    metadata: { name: 'nginx-svc', namespace: 'default', labels: {}, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': '2026-12-04T21:00:00Z' } },
    subsets: [{ addresses: [addr('a', '10.244.1.5'), addr('b', '10.244.2.3', 'node-2')], ports: [{ port: 80, protocol: 'TCP' }] }],
  });
});

t.test('a pod without a node gets no nodeName (an empty one would not validate)', async (t) => {
  const unbound = { ...pod('a', '10.244.1.5'), spec: { containers: [{ name: 'c' }] } };
  t.same(subsetsOf(planEndpoints({ service: svc(), pods: [unbound], current: undefined }))?.[0]?.addresses, [{ ip: '10.244.1.5', targetRef: addr('a', '').targetRef }]);
});

t.test('readiness, termination, publishNotReadyAddresses', async (t) => {
  const pods = [pod('a', '10.244.1.5'), pod('b', '10.244.1.6', { ready: false }), pod('c', '10.244.1.7', { deleting: true })];
  t.same(subsetsOf(planEndpoints({ service: svc(), pods, current: undefined })), [
    { addresses: [addr('a', '10.244.1.5')], notReadyAddresses: [addr('b', '10.244.1.6')], ports: [{ port: 80, protocol: 'TCP' }] },
  ], 'not ready pods in notReadyAddresses; terminating pods dropped');
  t.same(subsetsOf(planEndpoints({ service: svc({ publishNotReadyAddresses: true }), pods, current: undefined })), [
    { addresses: [addr('a', '10.244.1.5'), addr('b', '10.244.1.6'), addr('c', '10.244.1.7')], ports: [{ port: 80, protocol: 'TCP' }] },
  ], 'publishNotReadyAddresses: every pod, terminating too, ready');
});

t.test('named ports resolving differently give separate subsets; headless without ports', async (t) => {
  const named = svc({ ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] }, { app: 'nginx' });
  const p = planEndpoints({ service: named, pods: [pod('a', '10.244.1.5', { ports: [{ name: 'web', containerPort: 8080 }] }), pod('b', '10.244.1.6', { ports: [{ name: 'web', containerPort: 9090 }] })], current: undefined });
  t.same(subsetsOf(p)?.map((s) => [s.addresses?.map((a) => a.ip), s.ports]).sort(), [
    [['10.244.1.5'], [{ name: 'http', port: 8080, protocol: 'TCP' }]], [['10.244.1.6'], [{ name: 'http', port: 9090, protocol: 'TCP' }]],
  ]);
  t.same('endpoints' in p && p.endpoints.metadata.labels, { app: 'nginx' }, 'labels copied');
  const headless = planEndpoints({ service: svc({ clusterIP: 'None', ports: [] }), pods: [pod('a', '10.244.1.5')], current: undefined });
  t.same(subsetsOf(headless), [{ addresses: [addr('a', '10.244.1.5')] }]);
  t.same('endpoints' in headless && headless.endpoints.metadata.labels, { 'service.kubernetes.io/headless': '' });
});

t.test('no write when nothing changed; writes when labels or subsets change', async (t) => {
  const pods = [pod('a', '10.244.1.5')];
  const first = planEndpoints({ service: svc(), pods, current: undefined });
  const stored: Endpoints = { ...('endpoints' in first ? first.endpoints : ({} as Endpoints)), metadata: { ...('endpoints' in first ? first.endpoints.metadata : {}), resourceVersion: '9' } };
  t.same(planEndpoints({ service: svc(), pods, current: stored, triggerTime: 'later' }), { action: 'none' });
  t.equal(planEndpoints({ service: svc({}, { tier: 'x' }), pods, current: stored }).action, 'update');
  const more = planEndpoints({ service: svc(), pods: [...pods, pod('b', '10.244.1.6')], current: stored });
  t.equal(more.action, 'update');
  t.equal('endpoints' in more && more.endpoints.metadata.resourceVersion, '9', 'update carries the resourceVersion');
});

t.test('orphans deleted; selectorless and ExternalName left alone', async (t) => {
  const current: Endpoints = { metadata: { name: 'nginx-svc', namespace: 'default', resourceVersion: '3' } };
  t.same(planEndpoints({ service: undefined, pods: [], current }), { action: 'delete', endpoints: current });
  t.same(planEndpoints({ service: undefined, pods: [], current: undefined }), { action: 'none' });
  t.same(planEndpoints({ service: svc({ selector: undefined }), pods: [], current }), { action: 'none' });
  t.same(planEndpoints({ service: svc({ type: 'ExternalName' }), pods: [], current }), { action: 'none' });
});

t.test('truncation at 1000 as kube truncateEndpoints', async (t) => {
  const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ ip: `10.0.${Math.floor((i + from) / 250)}.${(i + from) % 250}` }));
  const cases: Array<[string, EndpointSubset[], Array<[number, number]>]> = [
    ['at the limit: untouched', [{ addresses: many(1000) }], [[1000, 0]]],
    ['ready over the limit: ready cut, not ready dropped', [{ addresses: many(1200), notReadyAddresses: many(5, 2000) }], [[1000, 0]]],
    ['two subsets share by proportion (rounded up)', [{ addresses: many(900) }, { addresses: many(300, 1000) }], [[750, 0], [250, 0]]],
    ['not ready cut to what ready leaves', [{ addresses: many(990), notReadyAddresses: many(20, 2000) }], [[990, 10]]],
  ];
  for (const [name, subsets, want] of cases) {
    const copy = subsets.map((s) => ({ ...s }));
    const cut = truncate(copy);
    t.equal(cut, name !== 'at the limit: untouched', `${name}: reported`);
    t.same(copy.map((s) => [s.addresses?.length ?? 0, s.notReadyAddresses?.length ?? 0]), want, name);
  }
  const over = Array.from({ length: 1001 }, (_, i) => pod(`p${i}`, `10.1.${Math.floor(i / 250)}.${i % 250}`));
  const p = planEndpoints({ service: svc(), pods: over, current: undefined });
  t.equal('endpoints' in p && p.endpoints.metadata.annotations?.['endpoints.kubernetes.io/over-capacity'], 'truncated');
});

t.test('subsetsEqual: field by field, a targetRef resourceVersion aside', async (t) => {
  const base: EndpointSubset[] = [{ addresses: [addr('a', '10.0.0.1')], notReadyAddresses: [addr('b', '10.0.0.2')], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }];
  const change = (f: (s: EndpointSubset) => void): EndpointSubset[] => {
    const copy = JSON.parse(JSON.stringify(base)) as EndpointSubset[];
    f(copy[0]!);
    return copy;
  };
  const cases: Array<[string, EndpointSubset[], boolean]> = [
    ['a copy', change(() => {}), true],
    ['a targetRef resourceVersion', change((s) => { s.addresses![0]!.targetRef!.resourceVersion = '7'; }), true],
    ['an empty hostname is none', change((s) => { s.addresses![0]!.hostname = ''; }), true],
    ['a hostname', change((s) => { s.addresses![0]!.hostname = 'web-0'; }), false],
    ['a nodeName', change((s) => { s.notReadyAddresses![0]!.nodeName = 'node-2'; }), false],
    ['a uid', change((s) => { s.addresses![0]!.targetRef!.uid = 'other'; }), false],
    ['ready becomes not ready', change((s) => { s.notReadyAddresses!.push(s.addresses!.pop()!); }), false],
    ['a port', change((s) => { s.ports![0]!.port = 81; }), false],
    ['an appProtocol', change((s) => { s.ports![0]!.appProtocol = 'http'; }), false],
    ['another subset', [...change(() => {}), { addresses: [addr('c', '10.0.0.3')] }], false],
  ];
  for (const [name, other, want] of cases) t.equal(subsetsEqual(base, other), want, name);
});
