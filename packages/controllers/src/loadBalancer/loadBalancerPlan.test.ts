import t from 'tap';
import { parseLoadBalancerPool } from '@miniplane/api/loadBalancerPool';
import type { Service } from '@miniplane/api/service/types';
import { service, type ServiceOverrides } from '../testBuilders.js';
import { planLoadBalancer, type LoadBalancerPlan } from './loadBalancerPlan.js';

const lb = (name: string, o: ServiceOverrides = {}): Service => service(name, { type: 'LoadBalancer', ips: ['10.96.0.10'], nodePorts: [30080], ...o });

interface Case {
  name: string;
  pool?: string;
  services: Service[];
  want: {
    /** `<name> → ip[,ip]` or `<name> → (clear)`, in Service input order. */
    updates?: string[];
    allocated?: string[];
    failed?: string[];
  };
}

const cases: Case[] = [
  {
    name: 'a new LoadBalancer gets the lowest free address',
    services: [lb('a')],
    want: { updates: ['a → 198.51.100.1'], allocated: ['a → 198.51.100.1'] },
  },
  {
    name: 'held addresses are kept, new ones fill the gaps (restart: rebuilt from statuses alone)',
    services: [lb('a', { ingress: ['198.51.100.2'], age: 1 }), lb('b', { age: 2 }), lb('c', { ingress: ['198.51.100.1'], age: 3 }), lb('d', { age: 4 })],
    want: { updates: ['b → 198.51.100.3', 'd → 198.51.100.4'], allocated: ['b → 198.51.100.3', 'd → 198.51.100.4'] },
  },
  {
    name: 'creation order decides who gets the last address, not input order',
    pool: '198.51.100.0/30',
    services: [lb('late', { age: 9 }), lb('holder', { ingress: ['198.51.100.1'], age: 0 }), lb('early', { age: 1 })],
    want: {
      updates: ['early → 198.51.100.2'],
      allocated: ['early → 198.51.100.2'],
      failed: ['late: Failed to allocate IP for "default/late": no available IPs'],
    },
  },
  {
    name: 'spec.loadBalancerIP is honoured when free and in the pool',
    services: [lb('a', { spec: { loadBalancerIP: '198.51.100.77' } })],
    want: { updates: ['a → 198.51.100.77'], allocated: ['a → 198.51.100.77'] },
  },
  {
    name: 'spec.loadBalancerIP outside the pool fails',
    services: [lb('a', { spec: { loadBalancerIP: '203.0.113.5' } })],
    want: { failed: ['a: Failed to allocate IP for "default/a": "203.0.113.5" is not allowed in config'] },
  },
  {
    name: 'spec.loadBalancerIP held by another Service fails, and is not stolen',
    services: [lb('owner', { ingress: ['198.51.100.5'], age: 5 }), lb('wants', { spec: { loadBalancerIP: '198.51.100.5' }, age: 1 })],
    want: { failed: ['wants: Failed to allocate IP for "default/wants": "198.51.100.5" is already in use by default/owner'] },
  },
  {
    name: 'changing spec.loadBalancerIP moves the Service to the new address',
    services: [lb('a', { ingress: ['198.51.100.1'], spec: { loadBalancerIP: '198.51.100.9' } })],
    want: { updates: ['a → 198.51.100.9'], allocated: ['a → 198.51.100.9'] },
  },
  {
    name: 'a held address that became unreachable through loadBalancerIP is cleared',
    services: [lb('a', { ingress: ['198.51.100.1'], spec: { loadBalancerIP: '203.0.113.1' } })],
    want: { updates: ['a → (clear)'], failed: ['a: Failed to allocate IP for "default/a": "203.0.113.1" is not allowed in config'] },
  },
  {
    // Edge: two statuses naming one address (written by hand, or by a buggy past): the older keeps it.
    name: 'two Services showing one address: the younger is moved',
    services: [lb('young', { ingress: ['198.51.100.1'], age: 2 }), lb('old', { ingress: ['198.51.100.1'], age: 1 })],
    want: { updates: ['young → 198.51.100.2'], allocated: ['young → 198.51.100.2'] },
  },
  {
    name: 'an address outside a changed pool is replaced',
    pool: '198.51.100.128/25',
    services: [lb('a', { ingress: ['198.51.100.1'] })],
    want: { updates: ['a → 198.51.100.129'], allocated: ['a → 198.51.100.129'] },
  },
  {
    name: 'loadBalancerClass: ours is handled, another class is never touched',
    services: [
      lb('ours', { spec: { loadBalancerClass: 'miniplane.io/lb' } }),
      lb('theirs', { spec: { loadBalancerClass: 'example.com/lb' }, ingress: ['198.51.100.1'] }),
    ],
    want: { updates: ['ours → 198.51.100.1'], allocated: ['ours → 198.51.100.1'] },
  },
  {
    name: 'a Service no longer of type LoadBalancer has its status cleared and frees its address',
    services: [service('was-lb', { type: 'ClusterIP', ips: ['10.96.0.10'], ingress: ['198.51.100.1'] }), lb('next', { age: 1 })],
    want: { updates: ['was-lb → (clear)', 'next → 198.51.100.1'], allocated: ['next → 198.51.100.1'] },
  },
  {
    name: 'ClusterIP, NodePort and ExternalName Services without status are left alone',
    services: [service('c', { ips: ['10.96.0.1'] }), service('n', { type: 'NodePort', nodePorts: [30001] }), service('e', { type: 'ExternalName' })],
    want: {},
  },
  {
    name: "a Service whose IP families exclude the pool's fails",
    services: [lb('v6', { ips: ['fd00::10'], spec: { ipFamilies: ['IPv6'] } })],
    want: { failed: ['v6: Failed to allocate IP for "default/v6": no available IPs of the Service\'s IP families ["IPv6"] (the pool 198.51.100.0/24 is IPv4)'] },
  },
  {
    name: 'a START-END pool',
    pool: '198.51.100.10-198.51.100.11',
    services: [lb('a', { age: 1 }), lb('b', { age: 2 }), lb('c', { age: 3 })],
    want: {
      updates: ['a → 198.51.100.10', 'b → 198.51.100.11'],
      allocated: ['a → 198.51.100.10', 'b → 198.51.100.11'],
      failed: ['c: Failed to allocate IP for "default/c": no available IPs'],
    },
  },
];

function summary(plan: LoadBalancerPlan): Case['want'] {
  const out: Case['want'] = {};
  const updates = plan.toUpdate.map((u) => `${u.service.metadata.name} → ${u.ips.join(',') || '(clear)'}`);
  const allocated = plan.allocated.map((a) => `${a.service.metadata.name} → ${a.ip}`);
  const failed = plan.failed.map((f) => `${f.service.metadata.name}: ${f.message}`);
  if (updates.length) out.updates = updates;
  if (allocated.length) out.allocated = allocated;
  if (failed.length) out.failed = failed;
  return out;
}

for (const c of cases) {
  t.test(c.name, async (t) => {
    // The builders deep-freeze, so any mutation of an input throws here.
    t.same(summary(planLoadBalancer(c.services, parseLoadBalancerPool(c.pool ?? '198.51.100.0/24'))), c.want);
  });
}

t.test('a plan applied is a fixed point: planning again writes nothing', async (t) => {
  const pool = parseLoadBalancerPool('198.51.100.0/29');
  const services = [lb('a', { age: 1 }), lb('b', { age: 2, spec: { loadBalancerIP: '198.51.100.4' } }), lb('c', { age: 3, ingress: ['198.51.100.1'] })];
  const plan = planLoadBalancer(services, pool);
  const applied = services.map((s) => {
    const u = plan.toUpdate.find((x) => x.service === s);
    return u ? { ...s, status: { loadBalancer: { ingress: u.ips.map((ip) => ({ ip })) } } } : s;
  });
  t.same(summary(plan).updates, ['a → 198.51.100.2', 'b → 198.51.100.4']);
  t.same(summary(planLoadBalancer(applied, pool)), {});
});
