import t from 'tap';
import { printTable } from './table.js';
import { NOW, service, type ServiceOverrides } from './testFixtures.js';

const cells = (o: ServiceOverrides) => printTable('Service', [service(o)], { now: NOW }).rows[0].cells;

const cases: Array<{ name: string; given: ServiceOverrides; want: unknown[] }> = [
  {
    name: 'plain ClusterIP',
    given: {},
    want: ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '5m', 'app=web'],
  },
  {
    // Edge: headless services print the literal None, not <none>.
    name: 'headless',
    given: { clusterIP: 'None' },
    want: ['web', 'ClusterIP', 'None', '<none>', '80/TCP', '5m', 'app=web'],
  },
  {
    name: 'NodePort with several ports',
    given: { type: 'NodePort', ports: [{ port: 8080, nodePort: 30080 }, { port: 53, nodePort: 30053, protocol: 'UDP' }] },
    want: ['web', 'NodePort', '10.96.0.10', '<none>', '8080:30080/TCP,53:30053/UDP', '5m', 'app=web'],
  },
  {
    name: 'ClusterIP with externalIPs',
    given: { externalIPs: ['1.2.3.4', '5.6.7.8'] },
    want: ['web', 'ClusterIP', '10.96.0.10', '1.2.3.4,5.6.7.8', '80/TCP', '5m', 'app=web'],
  },
  {
    // Edge: a LoadBalancer without ingress yet.
    name: 'LoadBalancer pending',
    given: { type: 'LoadBalancer', ports: [{ port: 80, nodePort: 31000 }] },
    want: ['web', 'LoadBalancer', '10.96.0.10', '<pending>', '80:31000/TCP', '5m', 'app=web'],
  },
  {
    // Edge: ingress is deduplicated and sorted, hostnames stand in for missing IPs, never clipped.
    name: 'LoadBalancer assigned',
    given: {
      type: 'LoadBalancer',
      ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }, { ip: '203.0.113.9' }, { ip: '198.51.100.1' }],
      externalIPs: ['192.0.2.1'],
    },
    want: ['web', 'LoadBalancer', '10.96.0.10', '198.51.100.1,203.0.113.9,lb.example.com,192.0.2.1', '80/TCP', '5m', 'app=web'],
  },
  {
    name: 'ExternalName',
    given: { type: 'ExternalName', externalName: 'db.example.com', ports: [], selector: {} },
    want: ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '5m', '<none>'],
  },
  {
    // Edge: selectors sort as whole `k=v` strings, like labels.Set.String.
    name: 'selector order',
    given: { selector: { tier: 'front', app: 'web', 'app.kubernetes.io/name': 'x' } },
    want: ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '5m', 'app.kubernetes.io/name=x,app=web,tier=front'],
  },
  {
    // Edge: an unknown type falls through upstream's switch.
    name: 'unknown type',
    given: { type: 'Bogus' },
    want: ['web', 'Bogus', '10.96.0.10', '<unknown>', '80/TCP', '5m', 'app=web'],
  },
  {
    name: 'ages',
    given: { ageSeconds: 2 * 86400 + 3600 },
    want: ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '2d1h', 'app=web'],
  },
];

t.test('service rows', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.same(cells(c.given), c.want);
    });
  }
});

t.test('service columns', async (t) => {
  const table = printTable('Service', [], { now: NOW });
  t.same(
    table.columnDefinitions.map((c) => [c.name, c.type, c.format, c.priority]),
    [
      ['Name', 'string', 'name', 0],
      ['Type', 'string', '', 0],
      ['Cluster-IP', 'string', '', 0],
      ['External-IP', 'string', '', 0],
      ['Port(s)', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['Selector', 'string', '', 1],
    ],
  );
  t.match(table.columnDefinitions[2].description, /^clusterIP is the IP address of the service/);
});
