import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import type { NodeObject } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { Router } from './router.js';
import { buildProxyTable, type ProxyTableOptions } from './serviceTable.js';

const svc = (spec: Record<string, unknown> = {}): Service => deepFreeze({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'NodePort', clusterIP: '127.96.0.10', clusterIPs: ['127.96.0.10'], externalIPs: ['127.201.0.5'], ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }], ...spec },
}) as Service;
const slice = deepFreeze({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: ['127.244.2.2'], nodeName: 'node-2' }],
}) as EndpointSlice;
const node = (name: string, ip: string): NodeObject => deepFreeze({ apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { addresses: [{ type: 'InternalIP', address: ip }] } }) as NodeObject;
// node-10 sorts after node-2 by number: the proxy acts as node-2 here (the first one).
const nodes = [node('node-10', '127.0.1.11'), node('node-2', '127.0.1.3')];

const cases: Array<{ name: string; options: ProxyTableOptions; spec?: Record<string, unknown>; frontend: string; client: string; want: string }> = [
  { name: 'ClusterIP from a pod IP: kept', options: { clusterCIDR: '127.244.0.0/16' }, frontend: 'TCP/127.96.0.10:80', client: '127.244.1.9', want: '127.244.1.9' },
  { name: 'ClusterIP from the host: masqueraded to the first node', options: { clusterCIDR: '127.244.0.0/16' }, frontend: 'TCP/127.96.0.10:80', client: '127.0.0.1', want: '127.0.1.3' },
  // edge: a node's own address is outside the cluster CIDR too (kube masquerades it as well)
  { name: 'ClusterIP from a node IP: masqueraded', options: { clusterCIDR: '127.244.0.0/16' }, frontend: 'TCP/127.96.0.10:80', client: '127.0.1.11', want: '127.0.1.3' },
  { name: 'ClusterIP, the second cluster CIDR of two', options: { clusterCIDR: '127.243.0.0/16,127.244.0.0/16' }, frontend: 'TCP/127.96.0.10:80', client: '127.244.1.9', want: '127.244.1.9' },
  // edge: no --cluster-cidr: kube-proxy cannot tell pods from others and masquerades nothing
  { name: 'ClusterIP without a cluster CIDR: kept', options: {}, frontend: 'TCP/127.96.0.10:80', client: '127.0.0.1', want: '127.0.0.1' },
  { name: 'NodePort, Cluster: the receiving node', options: { clusterCIDR: '127.244.0.0/16' }, frontend: 'TCP/127.0.1.11:30080', client: '127.10.0.7', want: '127.0.1.11' },
  { name: 'NodePort, Local: kept', options: { clusterCIDR: '127.244.0.0/16' }, spec: { externalTrafficPolicy: 'Local' }, frontend: 'TCP/127.0.1.3:30080', client: '127.10.0.7', want: '127.10.0.7' },
  { name: 'external IP, Cluster: the endpoint\'s node', options: { clusterCIDR: '127.244.0.0/16' }, frontend: 'TCP/127.201.0.5:80', client: '127.10.0.7', want: '127.0.1.3' },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const router = new Router({ mode: 'iptables', random: () => 0, now: () => 0 });
    router.sync(buildProxyTable([svc(c.spec)], [slice], nodes, c.options));
    const f = router.frontend(c.frontend)!;
    const e = router.pick(f, c.client)!;
    t.equal(e.ip, '127.244.2.2');
    t.equal(router.source(f, e, c.client), c.want);
  });
}

t.test('no node: ClusterIP traffic keeps its address (nothing to masquerade to)', async (t) => {
  const router = new Router({ mode: 'iptables', random: () => 0, now: () => 0 });
  router.sync(buildProxyTable([svc()], [slice], [], { clusterCIDR: '127.244.0.0/16' }));
  const f = router.frontend('TCP/127.96.0.10:80')!;
  t.equal(router.source(f, router.pick(f, '127.0.0.1')!, '127.0.0.1'), '127.0.0.1');
});
