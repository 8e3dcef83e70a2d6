import t from 'tap';
import type { IPAddressObject } from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import { ipAddress, service, serviceCIDR } from '../testBuilders.js';
import { planRepair, type PlannedEvent, type RepairPlan } from './repairPlan.js';

const cidrs = [serviceCIDR('kubernetes', '10.96.0.0/12', 'fd00::/108')];
const nodePorts = { base: 30000, size: 2768 };
const grace = 60_000;
const now = 1_000_000;

interface Case {
  name: string;
  services: Service[];
  ipAddresses?: IPAddressObject[];
  leakedSince?: Array<[string, number]>;
  want: {
    deletes?: string[];
    creates?: string[];
    /** `<reason> <object>: <message>`, in emit order: deletes', creates', then warnings. */
    events?: string[];
    leakedSince?: Array<[string, number]>;
    nextLeakDeadline?: number;
  };
}

const cases: Case[] = [
  {
    name: 'consistent: nothing to do',
    services: [service('a', { ips: ['10.96.0.10'] }), service('b', { ips: ['10.96.0.11', 'fd00::11'], nodePorts: [30001] })],
    ipAddresses: [ipAddress('10.96.0.10', 'default/a'), ipAddress('10.96.0.11', 'default/b'), ipAddress('fd00::11', 'default/b')],
    want: {},
  },
  {
    name: 'a ClusterIP without IPAddress is created for its Service',
    services: [service('a', { ips: ['10.96.0.10'] })],
    want: { creates: ['10.96.0.10 → default/a'], events: ['ClusterIPNotAllocated a: Cluster IP [IPv4]: 10.96.0.10 is not allocated; repairing'] },
  },
  {
    name: 'the IPAddress is named by the canonical IPv6 text',
    services: [service('a', { ips: ['fd00:0::0:11'] })],
    want: { creates: ['fd00::11 → default/a'], events: ['ClusterIPNotAllocated a: Cluster IP [IPv6]: fd00::11 is not allocated; repairing'] },
  },
  {
    name: 'a ClusterIP outside every ServiceCIDR is reported and left alone',
    services: [service('a', { ips: ['192.168.0.10'] })],
    want: { events: ['ClusterIPOutOfRange a: Cluster IP [IPv4]: 192.168.0.10 is not within any configured Service CIDR; please recreate service'] },
  },
  {
    // Edge: validation should make this impossible; repair still must not throw on it.
    name: 'an unparseable ClusterIP is reported',
    services: [service('a', { ips: ['10.96.0.300'] })],
    want: { events: ['ClusterIPNotValid a: Cluster IP 10.96.0.300 is not a valid IP; please recreate Service'] },
  },
  {
    name: 'two Services on one IP: the IPAddress names the owner, the other is told',
    services: [service('old', { ips: ['10.96.0.10'], age: 1 }), service('new', { ips: ['10.96.0.10'], age: 2 })],
    ipAddresses: [ipAddress('10.96.0.10', 'default/new')],
    want: { events: ['ClusterIPAlreadyAllocated old: Cluster IP [IPv4]:10.96.0.10 was assigned to multiple services; please recreate service'] },
  },
  {
    name: 'two Services on one IP and no IPAddress: the oldest gets it',
    services: [service('young', { ips: ['10.96.0.10'], age: 5 }), service('old', { ips: ['10.96.0.10'], age: 1 })],
    want: {
      creates: ['10.96.0.10 → default/old'],
      events: [
        'ClusterIPNotAllocated old: Cluster IP [IPv4]: 10.96.0.10 is not allocated; repairing',
        'ClusterIPAlreadyAllocated young: Cluster IP [IPv4]:10.96.0.10 was assigned to multiple services; please recreate service',
      ],
    },
  },
  {
    name: 'an IPAddress naming another parent is recreated for the Service that holds the IP',
    services: [service('a', { ips: ['10.96.0.10'] })],
    ipAddresses: [ipAddress('10.96.0.10', 'default/gone')],
    want: {
      deletes: ['10.96.0.10'],
      creates: ['10.96.0.10 → default/a'],
      events: ['ClusterIPNotAllocated a: the ClusterIP [IPv4]: 10.96.0.10 for Service default/a has a wrong reference; repairing'],
    },
  },
  {
    name: 'an IPAddress whose parent is not a Service is recreated',
    services: [service('a', { ips: ['10.96.0.10'] })],
    ipAddresses: [ipAddress('10.96.0.10', { group: 'gateway.networking.k8s.io', resource: 'gateways', namespace: 'default', name: 'a' })],
    want: {
      deletes: ['10.96.0.10'],
      creates: ['10.96.0.10 → default/a'],
      events: ['ClusterIPNotAllocated a: the ClusterIP [IPv4]: 10.96.0.10 for Service default/a has a wrong reference; repairing'],
    },
  },
  {
    name: 'an IPAddress with the allocator labels changed is recreated quietly',
    services: [service('a', { ips: ['10.96.0.10'] })],
    ipAddresses: [ipAddress('10.96.0.10', 'default/a', { labels: { [`ipaddress.kubernetes.io/ip-family`]: 'IPv6' } })],
    want: { deletes: ['10.96.0.10'], creates: ['10.96.0.10 → default/a'] },
  },
  {
    name: 'a leak first seen is only remembered',
    services: [],
    ipAddresses: [ipAddress('10.96.0.10', 'default/gone')],
    want: { leakedSince: [['uid-ip-10.96.0.10', now]], nextLeakDeadline: now + grace },
  },
  {
    name: 'a leak inside its grace period is kept',
    services: [],
    ipAddresses: [ipAddress('10.96.0.10', 'default/gone')],
    leakedSince: [['uid-ip-10.96.0.10', now - grace + 1]],
    want: { leakedSince: [['uid-ip-10.96.0.10', now - grace + 1]], nextLeakDeadline: now + 1 },
  },
  {
    name: 'a leak past its grace period is deleted',
    services: [],
    ipAddresses: [ipAddress('10.96.0.10', 'default/gone')],
    leakedSince: [['uid-ip-10.96.0.10', now - grace]],
    want: { deletes: ['10.96.0.10 (leak)'], events: ['IPAddressNotAllocated 10.96.0.10: IPAddress: 10.96.0.10 for Service default/gone appears to have leaked: cleaning up'] },
  },
  {
    name: 'a leak whose parent exists but no longer holds the IP has a wrong reference',
    services: [service('a', { ips: ['10.96.0.99'] })],
    ipAddresses: [ipAddress('10.96.0.99', 'default/a'), ipAddress('10.96.0.10', 'default/a')],
    leakedSince: [['uid-ip-10.96.0.10', now - grace]],
    want: { deletes: ['10.96.0.10 (leak)'], events: ['IPAddressWrongReference 10.96.0.10: IPAddress: 10.96.0.10 for Service default/a has a wrong reference; cleaning up'] },
  },
  {
    // Edge: the grace clock is per incarnation (uid); a recreated object starts again.
    name: 'a leak recreated under the same name starts a new grace period',
    services: [],
    ipAddresses: [ipAddress('10.96.0.10', 'default/gone', { uid: 'second' })],
    leakedSince: [['uid-ip-10.96.0.10', now - 10 * grace]],
    want: { leakedSince: [['second', now]], nextLeakDeadline: now + grace },
  },
  {
    name: 'a remembered leak that a Service now claims is forgotten',
    services: [service('gone', { ips: ['10.96.0.10'] })],
    ipAddresses: [ipAddress('10.96.0.10', 'default/gone')],
    leakedSince: [['uid-ip-10.96.0.10', now - grace]],
    want: {},
  },
  {
    name: 'IPAddress objects of another manager are never touched',
    services: [],
    ipAddresses: [ipAddress('10.96.0.10', 'default/gone', { labels: { 'ipaddress.kubernetes.io/managed-by': 'someone-else' } })],
    leakedSince: [['uid-ip-10.96.0.10', 0]],
    want: {},
  },
  {
    name: 'ExternalName and headless Services hold no ClusterIP',
    services: [service('ext', { type: 'ExternalName', spec: { externalName: 'example.com' } }), service('headless', { ips: ['None'] })],
    want: {},
  },
  {
    name: 'a NodePort claimed twice: the later Service in namespace/name order is told, whatever its age',
    services: [
      service('b-old', { type: 'NodePort', ips: ['10.96.0.10'], nodePorts: [30080, 30081], age: 1 }),
      service('a-young', { type: 'NodePort', ips: ['10.96.0.11'], nodePorts: [30080], age: 9 }),
    ],
    ipAddresses: [ipAddress('10.96.0.10', 'default/b-old'), ipAddress('10.96.0.11', 'default/a-young')],
    want: { events: ['PortAlreadyAllocated b-old: Port 30080 was assigned to multiple services; please recreate service'] },
  },
  {
    name: 'a NodePort outside the range is reported',
    services: [service('a', { type: 'NodePort', ips: ['10.96.0.10'], nodePorts: [29999] })],
    ipAddresses: [ipAddress('10.96.0.10', 'default/a')],
    want: { events: ['PortOutOfRange a: Port 29999 is not within the port range 30000-32767; please recreate service'] },
  },
  {
    name: 'one port number for TCP and UDP of one Service is one allocation',
    services: [service('dns', {
      type: 'NodePort', ips: ['10.96.0.10'],
      spec: { ports: [{ name: 'tcp', port: 53, protocol: 'TCP', nodePort: 30053 }, { name: 'udp', port: 53, protocol: 'UDP', nodePort: 30053 }] },
    })],
    ipAddresses: [ipAddress('10.96.0.10', 'default/dns')],
    want: {},
  },
  {
    name: "a healthCheckNodePort colliding with another Service's nodePort",
    services: [
      service('np', { type: 'NodePort', ips: ['10.96.0.10'], nodePorts: [30100], age: 1 }),
      service('lb', { type: 'LoadBalancer', ips: ['10.96.0.11'], nodePorts: [30101], age: 2, spec: { externalTrafficPolicy: 'Local', healthCheckNodePort: 30100 } }),
    ],
    ipAddresses: [ipAddress('10.96.0.10', 'default/np'), ipAddress('10.96.0.11', 'default/lb')],
    want: { events: ['PortAlreadyAllocated np: Port 30100 was assigned to multiple services; please recreate service'] },
  },
];

function summary(plan: RepairPlan): Case['want'] {
  const ev = (e: PlannedEvent | undefined): string[] => (e ? [`${e.reason} ${e.regarding.metadata.name}: ${e.message}`] : []);
  const out: Case['want'] = {};
  const deletes = plan.toDelete.map((d) => `${d.name}${d.leak ? ' (leak)' : ''}`);
  const creates = plan.toCreate.map((c) => `${c.ipAddress.metadata.name} → ${c.ipAddress.spec?.parentRef?.namespace}/${c.ipAddress.spec?.parentRef?.name}`);
  const events = [...plan.toDelete.flatMap((d) => ev(d.event)), ...plan.toCreate.flatMap((c) => ev(c.event)), ...plan.warnings.flatMap(ev)];
  if (deletes.length) out.deletes = deletes;
  if (creates.length) out.creates = creates;
  if (events.length) out.events = events;
  if (plan.leakedSince.size) out.leakedSince = [...plan.leakedSince];
  if (plan.nextLeakDeadline !== undefined) out.nextLeakDeadline = plan.nextLeakDeadline;
  return out;
}

for (const c of cases) {
  t.test(c.name, async (t) => {
    const state = { now, leakGracePeriodMs: grace, leakedSince: new Map(c.leakedSince ?? []) };
    // The builders deep-freeze, so any mutation of an input throws here.
    const plan = planRepair(c.services, c.ipAddresses ?? [], cidrs, nodePorts, state);
    t.same(summary(plan), c.want);
    t.same([...state.leakedSince], c.leakedSince ?? [], 'the state passed in is not modified');
  });
}

t.test('created IPAddress objects carry the allocator labels and the parentRef', async (t) => {
  const plan = planRepair([service('a', { ips: ['fd00::11'], namespace: 'prod' })], [], cidrs, nodePorts, { now, leakGracePeriodMs: grace, leakedSince: new Map() });
  t.match(plan.toCreate[0]!.ipAddress, {
    apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress',
    metadata: { name: 'fd00::11', labels: { 'ipaddress.kubernetes.io/ip-family': 'IPv6', 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io' } },
    spec: { parentRef: { group: '', resource: 'services', namespace: 'prod', name: 'a' } },
  });
  t.equal(plan.toCreate[0]!.event?.component, 'ipallocator-repair-controller');
  t.equal(plan.toCreate[0]!.service.metadata.uid, 'uid-a', 'the shell re-checks this incarnation');
});

t.test('a ServiceCIDR added at run time widens the range', async (t) => {
  const svc = service('a', { ips: ['192.168.0.10'] });
  const extra = serviceCIDR('extra', '192.168.0.0/24');
  const plan = planRepair([svc], [ipAddress('192.168.0.10', 'default/a')], [...cidrs, extra], nodePorts, { now, leakGracePeriodMs: grace, leakedSince: new Map() });
  t.same(summary(plan), {});
});
