import t from 'tap';
import { parseLoadBalancerPools } from '@miniplane/api/loadBalancerPool';
import type { Service } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';
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
  const allocated = plan.allocated.map((a) => `${a.service.metadata.name} → ${a.ips.join(',')}`);
  const failed = plan.failed.map((f) => `${f.service.metadata.name}: ${f.message}`);
  if (updates.length) out.updates = updates;
  if (allocated.length) out.allocated = allocated;
  if (failed.length) out.failed = failed;
  for (const a of plan.allocated) if (a.ip !== a.ips[0]) throw new Error(`allocated.ip ${a.ip} is not the first of ${a.ips.join(',')}`);
  return out;
}

for (const c of cases) {
  t.test(c.name, async (t) => {
    // The builders deep-freeze, so any mutation of an input throws here.
    t.same(summary(planLoadBalancer(c.services, parseLoadBalancerPools(c.pool ?? '198.51.100.0/24'))), c.want);
  });
}

t.test('a plan applied is a fixed point: planning again writes nothing', async (t) => {
  const pool = parseLoadBalancerPools('198.51.100.0/29');
  const services = [lb('a', { age: 1 }), lb('b', { age: 2, spec: { loadBalancerIP: '198.51.100.4' } }), lb('c', { age: 3, ingress: ['198.51.100.1'] })];
  const plan = planLoadBalancer(services, pool);
  const applied = services.map((s) => {
    const u = plan.toUpdate.find((x) => x.service === s);
    return u ? { ...s, status: { loadBalancer: { ingress: u.ips.map((ip) => ({ ip })) } } } : s;
  });
  t.same(summary(plan).updates, ['a → 198.51.100.2', 'b → 198.51.100.4']);
  t.same(summary(planLoadBalancer(applied, pool)), {});
});

// ---- dual-stack pools: one address per entry of spec.ipFamilies ----

const dualPool = '198.51.100.0/24,2001:db8:5::/112';

/** A LoadBalancer of the given families and policy (default: RequireDualStack when two). */
const dual = (name: string, families: string[], o: ServiceOverrides & { policy?: string } = {}): Service =>
  lb(name, { ips: families.map((f) => (f === 'IPv4' ? '10.96.0.10' : 'fd00::10')), ...o, spec: {
    ipFamilies: families, ipFamilyPolicy: o.policy ?? (families.length > 1 ? 'RequireDualStack' : 'SingleStack'), ...o.spec,
  } });

/** The same Service with metadata.annotations (the shared builders have no such override). */
const annotated = (svc: Service, annotations: Record<string, string>): Service => deepFreeze({ ...svc, metadata: { ...svc.metadata, annotations } });

const dualCases: Case[] = [
  {
    name: 'RequireDualStack gets one address of each family, in ipFamilies order',
    services: [dual('v4v6', ['IPv4', 'IPv6'], { age: 1 }), dual('v6v4', ['IPv6', 'IPv4'], { age: 2 })],
    want: {
      updates: ['v4v6 → 198.51.100.1,2001:db8:5::1', 'v6v4 → 2001:db8:5::2,198.51.100.2'],
      allocated: ['v4v6 → 198.51.100.1,2001:db8:5::1', 'v6v4 → 2001:db8:5::2,198.51.100.2'],
    },
  },
  {
    name: 'single-stack Services get one address of their own family',
    services: [dual('v6', ['IPv6'], { age: 1 }), dual('v4', ['IPv4'], { age: 2 }), lb('none', { age: 3 })],
    want: {
      // `none` has no ipFamilies (never so on a real server): it gets the first range's family.
      updates: ['v6 → 2001:db8:5::1', 'v4 → 198.51.100.1', 'none → 198.51.100.2'],
      allocated: ['v6 → 2001:db8:5::1', 'v4 → 198.51.100.1', 'none → 198.51.100.2'],
    },
  },
  {
    name: 'several ranges of one family: the first until full, then the next',
    pool: '198.51.100.7-198.51.100.7,2001:db8:5::1-2001:db8:5::1,203.0.113.0/30',
    services: [dual('a', ['IPv4', 'IPv6'], { age: 1 }), dual('b', ['IPv4'], { age: 2 }), dual('c', ['IPv4'], { age: 3 })],
    want: {
      updates: ['a → 198.51.100.7,2001:db8:5::1', 'b → 203.0.113.1', 'c → 203.0.113.2'],
      allocated: ['a → 198.51.100.7,2001:db8:5::1', 'b → 203.0.113.1', 'c → 203.0.113.2'],
    },
  },
  {
    name: 'PreferDualStack against an IPv4-only pool: only IPv4, and no failure (MetalLB)',
    pool: '198.51.100.0/24',
    services: [dual('pref', ['IPv6', 'IPv4'], { policy: 'PreferDualStack' })],
    want: { updates: ['pref → 198.51.100.1'], allocated: ['pref → 198.51.100.1'] },
  },
  {
    name: 'RequireDualStack against an IPv4-only pool fails whole: no half assignment',
    pool: '198.51.100.0/24',
    services: [dual('req', ['IPv4', 'IPv6'], { ingress: ['198.51.100.1'] })],
    want: {
      updates: ['req → (clear)'],
      failed: ['req: Failed to allocate IP for "default/req": no available IPs of the Service\'s IP families ["IPv4","IPv6"] (the pool 198.51.100.0/24 is IPv4)'],
    },
  },
  {
    name: 'an IPv6-only pool refuses an IPv4 Service with the same message as before',
    pool: '2001:db8:5::/112',
    services: [dual('v4', ['IPv4']), dual('v6', ['IPv6'], { age: 1 })],
    want: {
      updates: ['v6 → 2001:db8:5::1'], allocated: ['v6 → 2001:db8:5::1'],
      failed: ['v4: Failed to allocate IP for "default/v4": no available IPs of the Service\'s IP families ["IPv4"] (the pool 2001:db8:5::/112 is IPv6)'],
    },
  },
  {
    // Edge: IPv4 is full while IPv6 is not. The dual-stack Service must not consume the IPv6
    // address a younger IPv6 Service can use.
    name: 'IPv4 exhausted: RequireDualStack fails with the exhaustion message, IPv6 stays free for others',
    pool: '198.51.100.9/32,2001:db8:5::/112',
    services: [dual('holder', ['IPv4'], { ingress: ['198.51.100.9'], age: 0 }), dual('req', ['IPv4', 'IPv6'], { age: 1 }), dual('v6', ['IPv6'], { age: 2 })],
    want: {
      updates: ['v6 → 2001:db8:5::1'], allocated: ['v6 → 2001:db8:5::1'],
      failed: ['req: Failed to allocate IP for "default/req": no available IPs'],
    },
  },
  {
    name: 'IPv4 exhausted: PreferDualStack takes IPv6 and reports the missing family',
    pool: '198.51.100.9/32,2001:db8:5::/112',
    services: [dual('holder', ['IPv4'], { ingress: ['198.51.100.9'], age: 0 }), dual('pref', ['IPv4', 'IPv6'], { policy: 'PreferDualStack', age: 1 })],
    want: {
      updates: ['pref → 2001:db8:5::1'], allocated: ['pref → 2001:db8:5::1'],
      failed: ['pref: Failed to allocate IP for "default/pref": no available IPs for IPv4 IPFamily'],
    },
  },
  {
    name: 'both families exhausted: PreferDualStack fails whole',
    pool: '198.51.100.9/32,2001:db8:5::1/128',
    services: [dual('holder', ['IPv4', 'IPv6'], { ingress: ['198.51.100.9', '2001:db8:5::1'] }), dual('pref', ['IPv4', 'IPv6'], { policy: 'PreferDualStack', age: 1 })],
    want: { failed: ['pref: Failed to allocate IP for "default/pref": no available IPs'] },
  },
  {
    name: 'PreferDualStack holding IPv6 only gets the IPv4 address once one is free (kept first in ipFamilies order)',
    services: [dual('pref', ['IPv4', 'IPv6'], { policy: 'PreferDualStack', ingress: ['2001:db8:5::7'] })],
    want: { updates: ['pref → 198.51.100.1,2001:db8:5::7'], allocated: ['pref → 198.51.100.1,2001:db8:5::7'] },
  },
  {
    name: 'RequireDualStack holding IPv4 whose IPv6 runs out lets go of its IPv4 address',
    pool: '198.51.100.0/24,2001:db8:5::1/128',
    services: [dual('v6', ['IPv6'], { ingress: ['2001:db8:5::1'] }), dual('req', ['IPv4', 'IPv6'], { ingress: ['198.51.100.1'], age: 1 })],
    want: { updates: ['req → (clear)'], failed: ['req: Failed to allocate IP for "default/req": no available IPs'] },
  },
  {
    name: 'held addresses of both families are kept; an address in no range is replaced',
    services: [dual('a', ['IPv6', 'IPv4'], { ingress: ['2001:db8:5::9', '198.51.100.9'] }), dual('b', ['IPv4', 'IPv6'], { ingress: ['198.51.100.10', '2001:db8:6::1'], age: 1 })],
    want: { updates: ['b → 198.51.100.10,2001:db8:5::1'], allocated: ['b → 198.51.100.10,2001:db8:5::1'] },
  },
  {
    name: 'dual-stack downgraded to SingleStack drops the other family (no IPAllocated)',
    services: [dual('down', ['IPv4'], { ingress: ['198.51.100.3', '2001:db8:5::3'] })],
    want: { updates: ['down → 198.51.100.3'] },
  },
  {
    name: 'type changed away from LoadBalancer: every address is freed at once',
    services: [service('was', { type: 'ClusterIP', ingress: ['198.51.100.1', '2001:db8:5::1'] }), dual('next', ['IPv6', 'IPv4'], { age: 1 })],
    want: { updates: ['was → (clear)', 'next → 2001:db8:5::1,198.51.100.1'], allocated: ['next → 2001:db8:5::1,198.51.100.1'] },
  },
  {
    name: 'metallb.io/loadBalancerIPs pins both families; the ingress still follows ipFamilies',
    services: [annotated(dual('pinned', ['IPv6', 'IPv4']), { 'metallb.io/loadBalancerIPs': '198.51.100.50, 2001:db8:5::50' })],
    want: { updates: ['pinned → 2001:db8:5::50,198.51.100.50'], allocated: ['pinned → 2001:db8:5::50,198.51.100.50'] },
  },
  {
    name: 'a pin serves its own family; the other family is allocated (spec.loadBalancerIP and the annotation alike)',
    services: [
      dual('spec', ['IPv4', 'IPv6'], { spec: { loadBalancerIP: '198.51.100.60' }, age: 1 }),
      annotated(dual('ann', ['IPv4', 'IPv6'], { age: 2 }), { 'metallb.universe.tf/loadBalancerIPs': '2001:db8:5::60' }),
    ],
    want: {
      updates: ['spec → 198.51.100.60,2001:db8:5::1', 'ann → 198.51.100.1,2001:db8:5::60'],
      allocated: ['spec → 198.51.100.60,2001:db8:5::1', 'ann → 198.51.100.1,2001:db8:5::60'],
    },
  },
  {
    name: 'changing a pin moves only that family',
    services: [annotated(dual('a', ['IPv4', 'IPv6'], { ingress: ['198.51.100.1', '2001:db8:5::1'] }), { 'metallb.io/loadBalancerIPs': '2001:db8:5::99' })],
    want: { updates: ['a → 198.51.100.1,2001:db8:5::99'], allocated: ['a → 198.51.100.1,2001:db8:5::99'] },
  },
  {
    name: 'the stable annotation wins over the deprecated one',
    services: [annotated(dual('a', ['IPv4']), { 'metallb.io/loadBalancerIPs': '198.51.100.70', 'metallb.universe.tf/loadBalancerIPs': '198.51.100.71' })],
    want: { updates: ['a → 198.51.100.70'], allocated: ['a → 198.51.100.70'] },
  },
  {
    name: 'a pinned IPv6 address held by another Service fails, and the IPv4 address it held is freed',
    services: [dual('owner', ['IPv6'], { ingress: ['2001:db8:5::5'] }), annotated(dual('wants', ['IPv4', 'IPv6'], { ingress: ['198.51.100.1'], age: 1 }), { 'metallb.io/loadBalancerIPs': '2001:db8:5::5' })],
    want: { updates: ['wants → (clear)'], failed: ['wants: Failed to allocate IP for "default/wants": "2001:db8:5::5" is already in use by default/owner'] },
  },
];

/** Pins MetalLB refuses, each with its words; each is an edge of the annotation's syntax. */
const badPins: Array<{ name: string; annotation?: string; loadBalancerIP?: string; families?: string[]; message: string }> = [
  { name: 'annotation and spec.loadBalancerIP together', annotation: '198.51.100.5', loadBalancerIP: '198.51.100.6', message: 'service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP' },
  { name: 'an entry that is no address', annotation: '198.51.100.5,nope', message: 'invalid metallb.io/loadBalancerIPs: "198.51.100.5,nope"' },
  { name: 'three addresses', annotation: '198.51.100.5,2001:db8:5::5,198.51.100.6', message: 'more than two addresses ["198.51.100.5" "2001:db8:5::5" "198.51.100.6"]' },
  { name: 'two of one family', annotation: '198.51.100.5,198.51.100.6', message: '"198.51.100.5" "198.51.100.6" has the same family' },
  { name: 'a family the Service does not have', annotation: '2001:db8:5::5', families: ['IPv4'], message: 'requested loadBalancer IP(s) ["2001:db8:5::5"] does not match the ipFamily of the service' },
  { name: 'an address in no range', annotation: '2001:db8:6::5', message: '"2001:db8:6::5" is not allowed in config' },
];

for (const c of dualCases) {
  t.test(`dual-stack pool: ${c.name}`, async (t) => {
    t.same(summary(planLoadBalancer(c.services, parseLoadBalancerPools(c.pool ?? dualPool))), c.want);
  });
}

t.test('dual-stack pool: refused pins fail the Service and clear what it showed', async (t) => {
  for (const c of badPins) {
    const svc = dual('p', c.families ?? ['IPv4', 'IPv6'], { ingress: ['198.51.100.1'], ...(c.loadBalancerIP ? { spec: { loadBalancerIP: c.loadBalancerIP } } : {}) });
    const services = [c.annotation ? annotated(svc, { 'metallb.io/loadBalancerIPs': c.annotation }) : svc];
    t.same(summary(planLoadBalancer(services, parseLoadBalancerPools(dualPool))), { updates: ['p → (clear)'], failed: [`p: Failed to allocate IP for "default/p": ${c.message}`] }, c.name);
  }
});

t.test('dual-stack pool: a plan applied is a fixed point', async (t) => {
  const pools = parseLoadBalancerPools('198.51.100.0/29,2001:db8:5::/125');
  const services = [
    dual('a', ['IPv4', 'IPv6'], { age: 1 }), dual('b', ['IPv6'], { age: 2 }), dual('c', ['IPv6', 'IPv4'], { age: 3, ingress: ['198.51.100.1'], policy: 'PreferDualStack' }),
    annotated(dual('d', ['IPv4', 'IPv6'], { age: 4 }), { 'metallb.io/loadBalancerIPs': '2001:db8:5::7' }),
  ];
  const plan = planLoadBalancer(services, pools);
  const applied = services.map((s) => {
    const u = plan.toUpdate.find((x) => x.service === s);
    return u ? deepFreeze({ ...s, status: { loadBalancer: { ingress: u.ips.map((ip) => ({ ip })) } } }) : s;
  });
  t.same(summary(plan).updates, ['a → 198.51.100.2,2001:db8:5::1', 'b → 2001:db8:5::2', 'c → 2001:db8:5::3,198.51.100.1', 'd → 198.51.100.3,2001:db8:5::7']);
  t.same(summary(planLoadBalancer(applied, pools)), {});
});
