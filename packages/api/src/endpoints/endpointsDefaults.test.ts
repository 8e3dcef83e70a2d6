import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { defaultEndpoints } from './endpointsDefaults.js';
import type { Endpoints } from './types.js';

const ep = (subsets: unknown): Endpoints => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external-service' }, subsets } as Endpoints);

const cases: Array<{ name: string; given: Endpoints; want: unknown }> = [
  {
    name: 'a port without protocol gets TCP',
    given: ep([{ addresses: [{ ip: '172.188.2.89' }], ports: [{ port: 3307 }] }]),
    want: [{ addresses: [{ ip: '172.188.2.89' }], ports: [{ port: 3307, protocol: 'TCP' }] }],
  },
  // edge: a Go string field cannot tell "" from absent, so "" is defaulted too
  { name: 'an empty protocol gets TCP', given: ep([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 1, protocol: '' }] }]), want: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 1, protocol: 'TCP' }] }] },
  { name: 'a null protocol gets TCP', given: ep([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 1, protocol: null }] }]), want: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 1, protocol: 'TCP' }] }] },
  { name: 'other protocols stay', given: ep([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 53, protocol: 'UDP' }] }]), want: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 53, protocol: 'UDP' }] }] },
  {
    name: 'Go field order; empty omitempty fields dropped; pointers kept',
    given: ep([{ ports: [{ appProtocol: '', protocol: 'TCP', port: 80, name: '' }], notReadyAddresses: [], addresses: [{ targetRef: { name: 'p', uid: null }, nodeName: '', hostname: '', ip: '10.0.0.1' }] }]),
    want: [{ addresses: [{ ip: '10.0.0.1', nodeName: '', targetRef: { name: 'p' } }], ports: [{ port: 80, protocol: 'TCP', appProtocol: '' }] }],
  },
  // edge: null elements are Go zero values, which validation then reports
  { name: 'null elements are empty ones', given: ep([null, { addresses: [null], ports: [null] }]), want: [{}, { addresses: [{ ip: '' }], ports: [{ port: 0, protocol: 'TCP' }] }] },
  { name: 'empty subsets are omitted', given: ep([]), want: undefined },
  { name: 'null subsets are omitted', given: ep(null), want: undefined },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const given = deepFreeze(c.given);
    const got = defaultEndpoints(given);
    t.same(got.subsets, c.want);
    t.equal(JSON.stringify(got.subsets), JSON.stringify(c.want), 'same key order');
    t.same(got.metadata, given.metadata, 'metadata untouched');
    t.equal('subsets' in got, c.want !== undefined);
  });
}
