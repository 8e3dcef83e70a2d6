import t from 'tap';
import { deepFreeze, type KubeObject } from '@miniplane/api';
import { advertisedAddress, planKubernetesEndpoints } from './kubernetesEndpoints.js';

const ports = (port = 8080) => [{ name: 'https', port, protocol: 'TCP' }];
const endpoints = (o: { ip?: string; port?: number; labels?: Record<string, string> } = {}): KubeObject => deepFreeze({
  apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'kubernetes', namespace: 'default', resourceVersion: '5', labels: o.labels ?? { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
  subsets: [{ addresses: [{ ip: o.ip ?? '127.0.0.1' }], ports: ports(o.port) }],
}) as KubeObject;
const slice = (o: { name?: string; ip?: string; port?: number; addressType?: string; ready?: boolean } = {}): KubeObject => deepFreeze({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: o.name ?? 'kubernetes', namespace: 'default', resourceVersion: '6', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
  addressType: o.addressType ?? 'IPv4', endpoints: [{ addresses: [o.ip ?? '127.0.0.1'], conditions: { ready: o.ready ?? true } }], ports: ports(o.port),
}) as KubeObject;

const cases = [
  { name: 'nothing stored: both created', given: { slices: [] }, want: { endpoints: 'create', slice: 'create', deleteSlices: [] } },
  { name: 'both as wanted: no write', given: { endpoints: endpoints(), slices: [slice()] }, want: { deleteSlices: [] } },
  // edge: a restart on another port (port 0 picks a new one each time): both follow it
  { name: 'another port: both updated', given: { endpoints: endpoints({ port: 6443 }), slices: [slice({ port: 6443 })] }, want: { endpoints: 'update', slice: 'update', deleteSlices: [] } },
  { name: 'a label removed by hand: put back', given: { endpoints: endpoints({ labels: {} }), slices: [slice()] }, want: { endpoints: 'update', deleteSlices: [] } },
  { name: 'an endpoint marked unready: made ready again', given: { endpoints: endpoints(), slices: [slice({ ready: false })] }, want: { slice: 'update', deleteSlices: [] } },
  // edge: a slice of the other family, or another name, is not the apiserver's: deleted (kube's adapter)
  { name: 'stray slices deleted', given: { endpoints: endpoints(), slices: [slice(), slice({ name: 'kubernetes-v6', addressType: 'IPv6', ip: '::1' }), slice({ name: 'kubernetes-x' })] }, want: { deleteSlices: ['kubernetes-v6', 'kubernetes-x'] } },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const plan = planKubernetesEndpoints(c.given, '127.0.0.1', 8080);
    const kind = (w?: { create: boolean }) => (w ? (w.create ? 'create' : 'update') : undefined);
    t.same({ endpoints: kind(plan.endpoints), slice: kind(plan.slice), deleteSlices: plan.deleteSlices }, { endpoints: undefined, slice: undefined, ...c.want });
  });
}

t.test("kube's shapes", async (t) => {
  const plan = planKubernetesEndpoints({ endpoints: endpoints({ port: 1 }), slices: [] }, '127.0.0.1', 8080);
  t.same(plan.endpoints!.obj, endpoints(), 'Endpoints: skip-mirror, one subset, port https (the stored object kept: its resourceVersion)');
  t.same(plan.slice!.obj, {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }], ports: ports(),
  });
  t.equal((planKubernetesEndpoints({ slices: [] }, '::1', 8080).slice!.obj as { addressType?: string }).addressType, 'IPv6');
});

t.test('the advertised address', async (t) => {
  const cases = [
    { given: '127.0.0.1', want: '127.0.0.1' },
    // edge: a wildcard listen has no address of its own: loopback
    { given: '0.0.0.0', want: '127.0.0.1' },
    { given: '::', want: '::1' },
    { given: '127.5.0.1', want: '127.5.0.1' },
  ];
  for (const c of cases) t.equal(advertisedAddress(c.given), c.want, c.given);
});
