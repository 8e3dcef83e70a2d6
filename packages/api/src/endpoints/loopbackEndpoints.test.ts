import t from 'tap';
import { newBuiltinScheme } from '../kinds/index.js';
import { allowLoopbackEndpoints, parseLoopbackCIDRs } from './loopbackEndpoints.js';

const scheme = newBuiltinScheme();
const sliceInfo = scheme.findResourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
const epInfo = scheme.findResourceByKind('v1', 'Endpoints')!;
const cidrs = parseLoopbackCIDRs('127.244.0.0/16');
const slice = allowLoopbackEndpoints('EndpointSlice', scheme.strategy(sliceInfo), cidrs);
const endpoints = allowLoopbackEndpoints('Endpoints', scheme.strategy(epInfo), cidrs);
const loopbackMsg = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';

const cases = [
  { name: 'an address in the cluster CIDR is accepted', ip: '127.244.1.5', want: [] as string[] },
  // edge: loopback, but outside the configured CIDR: kube's rule still applies
  { name: 'other loopback addresses are refused', ip: '127.0.0.1', want: [loopbackMsg] },
  // edge: the CIDR's own last address is inside it
  { name: 'the last address of the CIDR', ip: '127.244.255.255', want: [] },
  // edge: link-local stays refused whatever the CIDRs
  { name: 'link-local is refused', ip: '169.254.1.1', want: ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const s = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'x' }, addressType: 'IPv4', endpoints: [{ addresses: [c.ip] }] };
    t.same(slice.validate!(s).map((e) => e.detail), c.want, 'EndpointSlice');
    t.same(slice.validateUpdate!(s, s).map((e) => e.detail), c.want, 'EndpointSlice update');
    const ep = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'x' }, subsets: [{ addresses: [{ ip: c.ip }], ports: [{ port: 80, protocol: 'TCP' }] }] };
    t.same(endpoints.validate!(ep).map((e) => e.detail), c.want, 'Endpoints');
  });
}

t.test('without the relaxation, kube refuses loopback endpoints', async (t) => {
  const s = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'x' }, addressType: 'IPv4', endpoints: [{ addresses: ['127.244.1.5'] }] };
  t.same(scheme.strategy(sliceInfo).validate!(s).map((e) => e.detail), [loopbackMsg]);
});

t.test('a bad CIDR is named', async (t) => {
  t.throws(() => parseLoopbackCIDRs('127.244.0.0/16,nope'), /invalid CIDR "nope"/);
});
