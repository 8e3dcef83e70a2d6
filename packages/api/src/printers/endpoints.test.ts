import t from 'tap';
import { printTable } from './table.js';
import { NOW, object } from './testFixtures.js';

const addrs = (...ips: string[]) => ips.map((ip) => ({ ip }));

const endpointsCases: Array<{ name: string; subsets: unknown; want: string }> = [
  // Edge: no subsets at all.
  { name: 'no subsets', subsets: undefined, want: '<none>' },
  { name: 'empty subsets', subsets: [], want: '<none>' },
  // Edge: subsets whose addresses are all not-ready print an empty cell.
  { name: 'only not-ready addresses', subsets: [{ notReadyAddresses: addrs('10.0.0.1'), ports: [{ port: 80 }] }], want: '' },
  {
    name: 'two endpoints',
    subsets: [{ addresses: addrs('10.244.1.5', '10.244.2.3'), ports: [{ port: 80 }] }],
    want: '10.244.1.5:80,10.244.2.3:80',
  },
  {
    // Edge: exactly three fit without a suffix.
    name: 'exactly three',
    subsets: [{ addresses: addrs('10.0.0.1', '10.0.0.2', '10.0.0.3'), ports: [{ port: 80 }] }],
    want: '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80',
  },
  {
    name: 'truncated',
    subsets: [{ addresses: addrs('10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'), ports: [{ port: 80 }] }],
    want: '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...',
  },
  {
    // Edge: ports multiply addresses, listed port by port.
    name: 'two ports',
    subsets: [{ addresses: addrs('10.0.0.1', '10.0.0.2'), ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] }],
    want: '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...',
  },
  {
    // Edge: headless services without ports list bare IPs.
    name: 'no ports',
    subsets: [{ addresses: addrs('10.0.0.1', '10.0.0.2') }],
    want: '10.0.0.1,10.0.0.2',
  },
  { name: 'IPv6', subsets: [{ addresses: addrs('fd00::5'), ports: [{ port: 80 }] }], want: '[fd00::5]:80' },
  {
    name: 'across subsets',
    subsets: [
      { addresses: addrs('10.0.0.1', '10.0.0.2'), ports: [{ port: 80 }] },
      { addresses: addrs('10.0.0.3', '10.0.0.4'), ports: [{ port: 8080 }] },
    ],
    want: '10.0.0.1:80,10.0.0.2:80,10.0.0.3:8080 + 1 more...',
  },
];

t.test('endpoints rows', async (t) => {
  for (const c of endpointsCases) {
    t.test(c.name, async (t) => {
      const obj = object('Endpoints', 'web', c.subsets === undefined ? {} : { subsets: c.subsets });
      t.same(printTable('Endpoints', [obj], { now: NOW }).rows[0].cells, ['web', c.want, '2m']);
    });
  }
});

const ep = (...addresses: string[]) => ({ addresses, conditions: { ready: true } });

const sliceCases: Array<{ name: string; given: Record<string, unknown>; want: unknown[] }> = [
  {
    name: 'one port, two endpoints',
    given: { addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: [ep('10.0.0.1'), ep('10.0.0.2')] },
    want: ['web-abcde', 'IPv4', '80', '10.0.0.1,10.0.0.2', '2m'],
  },
  {
    // Edge: empty lists print <unset>, not <none>.
    name: 'empty',
    given: { addressType: 'IPv4', ports: [], endpoints: [] },
    want: ['web-abcde', 'IPv4', '<unset>', '<unset>', '2m'],
  },
  {
    name: 'missing lists',
    given: { addressType: 'IPv6' },
    want: ['web-abcde', 'IPv6', '<unset>', '<unset>', '2m'],
  },
  {
    // Edge: a port without number shows its name, without either `*`.
    name: 'port name and wildcard',
    given: { addressType: 'IPv4', ports: [{ name: 'dns' }, {}], endpoints: [ep('10.0.0.1')] },
    want: ['web-abcde', 'IPv4', 'dns,*', '10.0.0.1', '2m'],
  },
  {
    name: 'truncated lists',
    given: {
      addressType: 'IPv4',
      ports: [{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }],
      endpoints: [ep('10.0.0.1', '10.0.0.2'), ep('10.0.0.3'), ep('10.0.0.4'), ep('10.0.0.5')],
    },
    want: ['web-abcde', 'IPv4', '1,2,3 + 1 more...', '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...', '2m'],
  },
];

t.test('endpointslice rows', async (t) => {
  for (const c of sliceCases) {
    t.test(c.name, async (t) => {
      const obj = object('EndpointSlice', 'web-abcde', c.given);
      t.same(printTable('EndpointSlice', [obj], { now: NOW }).rows[0].cells, c.want);
    });
  }
});

t.test('endpoints columns', async (t) => {
  t.same(printTable('Endpoints', [], { now: NOW }).columnDefinitions.map((c) => c.name), ['Name', 'Endpoints', 'Age']);
  t.same(
    printTable('EndpointSlice', [], { now: NOW }).columnDefinitions.map((c) => c.name),
    ['Name', 'AddressType', 'Ports', 'Endpoints', 'Age'],
  );
});
