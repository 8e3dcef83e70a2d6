import t from 'tap';
import { deepFreeze } from '@miniplane/client';
import type { EndpointSubset } from './endpointTypes.js';
import { desiredEndpoints, groupKey, repackSubsets } from './desiredEndpoints.js';

const ports = (...ns: number[]) => ns.map((port) => ({ name: '', port, protocol: 'TCP' }));

interface Case {
  name: string;
  given: EndpointSubset[];
  want: EndpointSubset[];
}

const repackCases: Case[] = [
  {
    name: 'addresses are sorted, ready and not ready apart',
    given: [{ addresses: [{ ip: '10.0.0.2' }, { ip: '10.0.0.1' }], notReadyAddresses: [{ ip: '10.0.0.3' }], ports: [{ port: 80 }] }],
    want: [{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], notReadyAddresses: [{ ip: '10.0.0.3' }], ports: ports(80) }],
  },
  {
    name: 'subsets offering the same addresses merge their ports',
    given: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }, { addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 81 }] }],
    // Ports in kube's SortSubsets order: md5 of their Go dump (81's is 4cf1a0…, 80's ed3dd1…).
    want: [{ addresses: [{ ip: '10.0.0.1' }], notReadyAddresses: [], ports: ports(81, 80) }],
  },
  {
    name: 'duplicates (same IP and targetRef uid) collapse; the first copy wins',
    given: [{ addresses: [{ ip: '10.0.0.1', hostname: 'a' }, { ip: '10.0.0.1', hostname: 'b' }], ports: [{ port: 80 }] }],
    want: [{ addresses: [{ ip: '10.0.0.1', hostname: 'a' }], notReadyAddresses: [], ports: ports(80) }],
  },
  {
    // Edge: a port nobody serves carries nothing over.
    name: 'a subset without addresses disappears',
    given: [{ ports: [{ port: 80 }] }],
    want: [],
  },
  {
    // Edge: kube's sentinel keeps addresses that have no port at all.
    name: 'addresses without ports are kept, under no port',
    given: [{ addresses: [{ ip: '10.0.0.1' }] }],
    want: [{ addresses: [{ ip: '10.0.0.1' }], notReadyAddresses: [], ports: [] }],
  },
];

for (const c of repackCases) {
  t.test(`repack: ${c.name}`, async (t) => {
    t.same(repackSubsets(deepFreeze(c.given)), c.want);
  });
}

t.test('groups: one per family and port set, including empty ones', async (t) => {
  const d = desiredEndpoints(deepFreeze([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }, { port: 81, name: 'b' }] }]), 1000);
  t.same([...d.groups.values()].map((g) => [g.addressType, g.endpoints.size]), [['IPv4', 1], ['IPv6', 0]]);
  t.equal(d.skipped, 0);
  t.same(d.invalidIPs, []);
});

t.test('groupKey ignores port order and applies the defaults', async (t) => {
  t.equal(groupKey('IPv4', [{ port: 80 }, { port: 81, name: 'b' }]), groupKey('IPv4', [{ name: 'b', port: 81, protocol: 'TCP' }, { name: '', port: 80 }]));
  t.not(groupKey('IPv4', [{ port: 80 }]), groupKey('IPv6', [{ port: 80 }]));
  t.not(groupKey('IPv4', [{ port: 80 }]), groupKey('IPv4', [{ port: 80, protocol: 'UDP' }]));
});
