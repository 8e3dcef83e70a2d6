import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { Endpoint } from '@miniplane/api/endpoints/types';
import type { ServiceSpec } from '@miniplane/api/service/types';
import { serviceReach } from './serviceReach.js';
import { endpoint, node, service, slice } from './testObjects.js';

const nodes = [node('node-1', '172.18.0.2', 'zone-a'), node('node-2', '172.18.0.3', 'zone-b'), node('node-3', '172.18.0.4', 'zone-b')];
const threeReady = [endpoint('10.244.0.5', 'node-1'), endpoint('10.244.1.5', 'node-2'), endpoint('10.244.1.6', 'node-2')];
const hinted = (ip: string, n: string, zone: string) => endpoint(ip, n, { hints: { forZones: [{ name: zone }] } });

interface Case {
  name: string;
  spec?: Partial<ServiceSpec>;
  endpoints: Endpoint[];
  from: string;
  /** Per path: traffic policy, the reached IPs, and the reason's text. */
  want: Array<[string, string, string[], RegExp]>;
}

const cases: Case[] = [
  { name: 'Cluster policy: every ready endpoint, on any node', endpoints: threeReady, from: 'node-1', want: [['cluster', 'Cluster', ['10.244.0.5', '10.244.1.5', '10.244.1.6'], /every ready endpoint/]] },
  { name: 'internalTrafficPolicy Local: the node\'s own endpoints', spec: { internalTrafficPolicy: 'Local' }, endpoints: threeReady, from: 'node-2', want: [['cluster', 'Local', ['10.244.1.5', '10.244.1.6'], /only endpoints on node-2/]] },
  // A node without endpoints of its own: kube-proxy drops, it does not fall back to remote ones.
  { name: 'internalTrafficPolicy Local on a node without endpoints: dropped', spec: { internalTrafficPolicy: 'Local' }, endpoints: threeReady, from: 'node-3', want: [['cluster', 'Local', [], /no endpoint on node-3: the connection is dropped/]] },
  {
    name: 'NodePort with externalTrafficPolicy Local: external traffic stays on the node, pod traffic does not',
    spec: { type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] },
    endpoints: threeReady, from: 'node-1',
    want: [['cluster', 'Cluster', ['10.244.0.5', '10.244.1.5', '10.244.1.6'], /every ready endpoint/], ['external', 'Local', ['10.244.0.5'], /only endpoints on node-1/]],
  },
  {
    name: 'topology hints: every ready endpoint hinted, one for the node\'s zone',
    endpoints: [hinted('10.244.0.5', 'node-1', 'zone-a'), hinted('10.244.1.5', 'node-2', 'zone-b'), hinted('10.244.1.6', 'node-2', 'zone-b')], from: 'node-3',
    want: [['cluster', 'Cluster', ['10.244.1.5', '10.244.1.6'], /topology hints: the endpoints hinted for zone zone-b/]],
  },
  // One ready endpoint without hints switches hints off for everyone (kube's all-or-nothing rule).
  {
    name: 'topology hints ignored when one ready endpoint has none',
    endpoints: [hinted('10.244.0.5', 'node-1', 'zone-a'), endpoint('10.244.1.5', 'node-2')], from: 'node-1',
    want: [['cluster', 'Cluster', ['10.244.0.5', '10.244.1.5'], /every ready endpoint/]],
  },
  {
    name: 'no ready endpoint: the serving-terminating ones (KEP-1669), not the not-serving ones',
    endpoints: [endpoint('10.244.0.5', 'node-1', { ready: false, serving: true, terminating: true }), endpoint('10.244.1.5', 'node-2', { ready: false, serving: false, terminating: true })], from: 'node-2',
    want: [['cluster', 'Cluster', ['10.244.0.5'], /none ready: the serving-terminating ones/]],
  },
  { name: 'no endpoints at all: rejected', endpoints: [], from: 'node-1', want: [['cluster', 'Cluster', [], /no endpoints: the connection is rejected/]] },
];

t.test('paths per case', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const r = serviceReach(deepFreeze(service('web', c.spec)), deepFreeze([slice('web', c.endpoints)]), deepFreeze(nodes), c.from);
      t.equal(r.skipped, undefined);
      t.equal(r.ports.length, 1);
      t.same(r.ports[0]!.paths.map((p) => [p.traffic, p.policy, p.endpoints.map((e) => e.ip)]), c.want.map(([a, b, ips]) => [a, b, ips]));
      r.ports[0]!.paths.forEach((p, i) => t.match(p.why, c.want[i]![3]));
    });
  }
});

t.test('endpoints name their pod and node; the zone is the node\'s', async (t) => {
  const r = serviceReach(service('web'), [slice('web', threeReady)], nodes, 'node-1');
  t.equal(r.zone, 'zone-a');
  t.same(r.ports[0]!.paths[0]!.endpoints[0], { ip: '10.244.0.5', port: 8080, ready: true, serving: true, terminating: false, pod: 'default/pod-10-244-0-5', node: 'node-1' });
  t.match(r.ports[0], { name: 'default/web:http', protocol: 'TCP', port: 80, nodePort: 0 });
});

t.test('Services kube-proxy skips say why', async (t) => {
  const cases = [
    { spec: { clusterIP: 'None', clusterIPs: ['None'] }, want: /headless/ },
    { spec: { type: 'ExternalName' as const, externalName: 'example.com', clusterIP: undefined, clusterIPs: undefined }, want: /ExternalName/ },
    // An IPv6-only Service: the renderer is the IPv4 proxier.
    { spec: { clusterIP: 'fd00::1', clusterIPs: ['fd00::1'], ipFamilies: ['IPv6' as const] }, want: /IPv4/ },
  ];
  for (const c of cases) {
    const r = serviceReach(service('x', c.spec), [], nodes, 'node-1');
    t.same(r.ports, []);
    t.match(r.skipped, c.want);
  }
});
