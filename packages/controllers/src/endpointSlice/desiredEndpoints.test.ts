import t from 'tap';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';
import { DesiredEndpointCache, desiredPortMaps, type DesiredEndpoints } from './desiredEndpoints.js';

const svc = (spec: Partial<NonNullable<Service['spec']>> = {}): Service => deepFreeze({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' },
  spec: { selector: { app: 'web' }, clusterIP: 'None', ipFamilies: ['IPv4', 'IPv6'], ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec },
});
interface PodOpts { ready?: boolean; ips?: string[]; node?: string; app?: string; port?: number; deleting?: boolean }
const pod = (name: string, o: PodOpts = {}): Pod => deepFreeze({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: o.app ?? 'web' }, ...(o.deleting ? { deletionTimestamp: '2026-12-04T00:00:00Z' } : {}) },
  spec: { nodeName: o.node ?? 'n1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: o.port ?? 8080 }] }] },
  status: { phase: 'Running', podIPs: (o.ips ?? [`10.0.0.${name.slice(1)}`]).map((ip) => ({ ip })), conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});
const node = (name: string, zone: string): NodeObject => deepFreeze({ metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } } });

/** A port map per key, endpoints by hash, as comparable data (order aside). */
const view = (d: DesiredEndpoints) => ({
  requeue: d.requeue,
  maps: Object.fromEntries(d.portMaps.map((m) => [`${m.addressType} ${m.ports.map((p) => p.port).join(',')}`, Object.fromEntries([...m.endpoints].sort(([a], [b]) => (a < b ? -1 : 1)))])),
});

t.test('the cache gives what a full computation gives, step after step, recomputing only what changed', async (t) => {
  let nodes: Record<string, NodeObject> = { n1: node('n1', 'a'), n2: node('n2', 'b') };
  let service = svc();
  let pods = [pod('p1'), pod('p2', { node: 'n2' }), pod('p3', { ips: ['10.0.0.3', 'fd00::3'] }), pod('p4', { app: 'other' })];
  const steps: Array<[string, () => void]> = [
    ['initial', () => {}],
    ['a readiness flip', () => { pods[0] = pod('p1', { ready: false }); }],
    ['a pod added', () => { pods.push(pod('p5', { port: 9090 })); }],
    ['a pod deleted', () => { pods = pods.filter((p) => p.metadata.name !== 'p2'); }],
    ['an IP changed', () => { pods[1] = pod('p3', { ips: ['10.0.0.33', 'fd00::33'] }); }],
    ['deselected by its labels', () => { pods[0] = pod('p1', { ready: false, app: 'other' }); }],
    ['selected by its labels', () => { pods[2] = pod('p4'); }],
    ['terminating stays', () => { pods[1] = pod('p3', { ips: ['10.0.0.33', 'fd00::33'], deleting: true }); }],
    ['its node changed zone', () => { nodes = { ...nodes, n1: node('n1', 'c') }; }],
    ['its node missing: requeue', () => { pods.push(pod('p6', { node: 'gone' })); }],
    ['the node came', () => { nodes = { ...nodes, gone: node('gone', 'd') }; }],
    ['the Service replaced (IPv6 only)', () => { service = svc({ ipFamilies: ['IPv6'] }); }],
    ['everything gone', () => { pods = []; }],
  ];
  const cache = new DesiredEndpointCache();
  let before = new Map<string, unknown>();
  for (const [name, step] of steps) {
    step();
    const lookup = (n: string) => nodes[n];
    const got = cache.desired('default/web', service, pods, lookup);
    t.same(view(got), view(desiredPortMaps(service, pods, lookup)), name);
    const now = new Map(got.portMaps.flatMap((m) => [...m.endpoints]));
    if (name === 'a readiness flip') {
      const same = [...now].filter(([h, e]) => before.get(h) === e).length;
      t.equal(same, now.size - 1, 'the other pods\' endpoints are the same objects as before');
    }
    before = now;
  }
});

t.test('endpoints are frozen and new pods are ordered by name', async (t) => {
  const cache = new DesiredEndpointCache();
  const service = svc({ ipFamilies: ['IPv4'] });
  const first = cache.desired('k', service, [pod('p2'), pod('p1')], () => node('n1', 'a'));
  const order = (d: DesiredEndpoints) => [...d.portMaps[0]!.endpoints.values()].map((e) => e.targetRef?.name);
  t.same(order(first), ['p1', 'p2']);
  t.ok(Object.isFrozen(first.portMaps[0]!.endpoints.values().next().value), 'frozen');
  const later = cache.desired('k', service, [pod('p2'), pod('p1'), pod('p4'), pod('p3')], () => node('n1', 'a'));
  t.same(order(later), ['p1', 'p2', 'p3', 'p4']);
});
