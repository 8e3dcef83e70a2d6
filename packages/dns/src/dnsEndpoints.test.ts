import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { EndpointSlice } from '@miniplane/api/endpoints/types';
import { dnsEndpointSlice, sliceMatches } from './dnsEndpoints.js';

t.test('the slice of a DNS instance', async (t) => {
  const cases = [
    { name: 'IPv4', host: '127.0.0.1', port: 1053, wantName: 'kube-dns-127-0-0-1-1053', wantType: 'IPv4' },
    // edge: an IPv6 listen address: colons are not allowed in a name
    { name: 'IPv6', host: '::1', port: 53, wantName: 'kube-dns---1-53', wantType: 'IPv6' },
  ];
  for (const c of cases) {
    const s = dnsEndpointSlice(c.host, c.port);
    t.equal(s.metadata.name, c.wantName, c.name);
    t.equal(s.addressType, c.wantType);
    t.same(s.metadata.labels, { 'kubernetes.io/service-name': 'kube-dns', 'endpointslice.kubernetes.io/managed-by': 'dns.miniplane.dev' });
    t.same(s.endpoints, [{ addresses: [c.host], conditions: { ready: true, serving: true, terminating: false } }]);
    t.same(s.ports, [{ name: 'dns', port: c.port, protocol: 'UDP' }, { name: 'dns-tcp', port: c.port, protocol: 'TCP' }], 'the Service port names, the listen port');
  }
  t.same(dnsEndpointSlice('127.0.0.1', 1053, undefined, 9153).ports, [{ name: 'dns', port: 1053, protocol: 'UDP' }, { name: 'dns-tcp', port: 1053, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }],
    'with a metrics listener: the metrics port too');
});

t.test('what counts as already published', async (t) => {
  const want = deepFreeze(dnsEndpointSlice('127.0.0.1', 1053));
  const stored = (o: Partial<EndpointSlice>): EndpointSlice => deepFreeze({ ...want, metadata: { ...want.metadata, uid: 'u', resourceVersion: '7' }, ...o }) as EndpointSlice;
  const cases = [
    // edge: server-set fields (uid, resourceVersion) and key order are not differences
    { name: 'as stored by the server', have: stored({ ports: [{ protocol: 'UDP', port: 1053, name: 'dns' }, { protocol: 'TCP', port: 1053, name: 'dns-tcp' }] }), want: true },
    { name: 'another port', have: stored({ ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }), want: false },
    { name: 'made unready by hand', have: stored({ endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: false, serving: true, terminating: false } }] }), want: false },
    { name: 'managed-by label removed', have: stored({ metadata: { name: want.metadata.name, namespace: 'kube-system', labels: { 'kubernetes.io/service-name': 'kube-dns' } } }), want: false },
  ];
  for (const c of cases) t.equal(sliceMatches(c.have, want), c.want, c.name);
});
