import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { NodeObject } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { buildProxyTable, nodeOfAddress } from './serviceTable.js';

const svc = (o: { name?: string; spec?: Record<string, unknown>; ingress?: string[] } = {}): Service => deepFreeze({
  apiVersion: 'v1', kind: 'Service', metadata: { name: o.name ?? 'web', namespace: 'default' },
  spec: { type: 'ClusterIP', clusterIP: '127.96.0.10', clusterIPs: ['127.96.0.10'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], ...o.spec },
  ...(o.ingress ? { status: { loadBalancer: { ingress: o.ingress.map((ip) => ({ ip })) } } } : {}),
}) as Service;
const slice = (endpoints: unknown[], o: { service?: string; port?: string } = {}): EndpointSlice => deepFreeze({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: `${o.service ?? 'web'}-x`, namespace: 'default', labels: { 'kubernetes.io/service-name': o.service ?? 'web' } },
  addressType: 'IPv4', ports: [{ name: o.port ?? 'http', port: 8080, protocol: 'TCP' }], endpoints,
}) as EndpointSlice;
const node = (name: string, ip: string, podCIDR?: string): NodeObject => deepFreeze({
  apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'topology.kubernetes.io/zone': `zone-${name.slice(-1)}` } },
  spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {}, status: { addresses: [{ type: 'InternalIP', address: ip }] },
}) as NodeObject;
const nodes = [node('node-1', '127.0.1.2', '127.244.1.0/24'), node('node-2', '127.0.1.3', '127.244.2.0/24')];

const cases = [
  { name: 'ClusterIP: one frontend', given: [svc()], want: ['TCP/127.96.0.10:80 cluster Cluster'] },
  {
    name: 'NodePort: the ClusterIP and every node IP', given: [svc({ spec: { type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] } })],
    want: ['TCP/127.96.0.10:80 cluster Cluster', 'TCP/127.0.1.2:30080 nodePort Local node-1', 'TCP/127.0.1.3:30080 nodePort Local node-2'],
  },
  {
    name: 'LoadBalancer ingress and externalIPs', given: [svc({ spec: { type: 'LoadBalancer', externalIPs: ['127.5.0.1'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }, ingress: ['127.200.0.1'] })],
    want: ['TCP/127.96.0.10:80 cluster Cluster', 'TCP/127.5.0.1:80 external Cluster', 'TCP/127.200.0.1:80 external Cluster'],
  },
  // edge: an address off loopback is never listened on
  { name: 'off-loopback addresses are skipped', given: [svc({ spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], externalIPs: ['192.0.2.1'] } })], want: [] },
  // edge: headless and ExternalName Services have no frontend
  { name: 'headless and ExternalName: none', given: [svc({ spec: { clusterIP: 'None', clusterIPs: ['None'] } }), svc({ name: 'ext', spec: { type: 'ExternalName', externalName: 'example.com' } })], want: [] },
  { name: 'SCTP ports: none', given: [svc({ spec: { ports: [{ port: 80, protocol: 'SCTP' }] } })], want: [] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const table = buildProxyTable(c.given, [], nodes);
    t.same([...table.frontends.values()].map((f) => [f.key, f.kind, f.policy, f.node].filter(Boolean).join(' ')), c.want);
  });
}

t.test('endpoints: the matching port, conditions, affinity', async (t) => {
  const s = svc({ spec: { sessionAffinity: 'ClientIP' } });
  const table = buildProxyTable([s], [
    slice([{ addresses: ['127.244.1.2'], nodeName: 'node-1', conditions: { ready: true } }, { addresses: ['127.244.2.2'], nodeName: 'node-2', conditions: { ready: false, serving: true, terminating: true } }]),
    // edge: the same address in a second slice counts once
    slice([{ addresses: ['127.244.1.2'], nodeName: 'node-1' }]),
    slice([{ addresses: ['127.244.3.2'] }], { port: 'other' }),
    slice([{ addresses: ['127.244.4.2'] }], { service: 'another' }),
  ], nodes);
  const f = table.frontends.get('TCP/127.96.0.10:80')!;
  t.equal(f.affinitySeconds, 10800, "kube's default timeout");
  t.same(f.endpoints, [
    { ip: '127.244.1.2', port: 8080, node: 'node-1', ready: true, serving: true, terminating: false },
    { ip: '127.244.2.2', port: 8080, node: 'node-2', ready: false, serving: true, terminating: true },
  ]);
  t.equal(f.servicePort, 'default/web:http');
  t.same([...table.nodeIPs], [['node-1', '127.0.1.2'], ['node-2', '127.0.1.3']]);
  t.same(nodeOfAddress(table, '127.244.2.9'), { name: 'node-2', zone: 'zone-2' }, 'a pod IP tells its node and zone');
  // edge: an address in no podCIDR (the host, another client) has no node
  t.equal(nodeOfAddress(table, '127.10.0.7'), undefined);
});

t.test('internalTrafficPolicy Local and hints reach the frontend', async (t) => {
  const table = buildProxyTable([svc({ spec: { internalTrafficPolicy: 'Local' } })], [slice([{ addresses: ['127.244.1.2'], nodeName: 'node-1', hints: { forZones: [{ name: 'zone-1' }] } }])], nodes);
  const f = table.frontends.get('TCP/127.96.0.10:80')!;
  t.equal(f.internalPolicy, 'Local');
  t.same(f.endpoints[0]!.zones, ['zone-1']);
});
