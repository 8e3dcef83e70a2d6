import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { defaultEndpointSlice } from './endpointSliceDefaults.js';
import type { EndpointSlice } from './types.js';

const slice = (over: Record<string, unknown>): EndpointSlice =>
  ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's' }, addressType: 'IPv4', ...over }) as EndpointSlice;

const cases: Array<{ name: string; given: EndpointSlice; want: Record<string, unknown> }> = [
  { name: 'a bare port gets name "" and TCP', given: slice({ ports: [{ port: 80 }] }), want: { ports: [{ name: '', protocol: 'TCP', port: 80 }] } },
  { name: 'null name and protocol are defaulted', given: slice({ ports: [{ port: 80, name: null, protocol: null }] }), want: { ports: [{ name: '', protocol: 'TCP', port: 80 }] } },
  // edge: protocol is a pointer, so "" is a value and stays (validation refuses it)
  { name: 'an empty protocol stays', given: slice({ ports: [{ protocol: '', name: 'http' }] }), want: { ports: [{ name: 'http', protocol: '' }] } },
  // edge: a port without a number means "all ports" and stays without one
  { name: 'a null port stays unset', given: slice({ ports: [null] }), want: { ports: [{ name: '', protocol: 'TCP' }] } },
  {
    name: 'endpoints in Go field order, conditions always present',
    given: slice({ endpoints: [{ zone: 'z', nodeName: 'n', targetRef: { kind: 'Pod', name: 'p' }, hostname: '', addresses: ['10.0.0.1', null] }] }),
    want: { endpoints: [{ addresses: ['10.0.0.1', ''], conditions: {}, hostname: '', targetRef: { kind: 'Pod', name: 'p' }, nodeName: 'n', zone: 'z' }] },
  },
  {
    name: 'null conditions drop out',
    given: slice({ endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true, serving: null, terminating: false } }] }),
    want: { endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true, terminating: false } }] },
  },
  {
    name: 'hints: empty lists dropped, null names ""',
    given: slice({ endpoints: [{ addresses: ['10.0.0.1'], hints: { forZones: [{ name: null }], forNodes: [] } }] }),
    want: { endpoints: [{ addresses: ['10.0.0.1'], conditions: {}, hints: { forZones: [{ name: '' }] } }] },
  },
  { name: 'a null endpoint is an empty one', given: slice({ endpoints: [null] }), want: { endpoints: [{ conditions: {} }] } },
  { name: 'absent lists stay absent', given: slice({ endpoints: null, ports: null }), want: {} },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const got = defaultEndpointSlice(deepFreeze(c.given));
    const { apiVersion: _a, kind: _k, metadata: _m, addressType, ...rest } = got;
    t.equal(addressType, 'IPv4');
    t.same(rest, c.want);
    t.equal(JSON.stringify(rest), JSON.stringify(c.want), 'same key order');
  });
}
