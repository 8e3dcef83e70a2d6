import t from 'tap';
import type { IPAddressObject, ServiceCIDRCondition, ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';
import { deepFreeze } from '@miniplane/client';
import { ipAddress } from '../testBuilders.js';
import {
  containingServiceCIDRs, overlappingServiceCIDRs, planServiceCIDR, serviceCIDRReadyMessage, serviceCIDRProtectionFinalizer, serviceCIDRTerminatingMessage,
  type ServiceCIDRPlan,
} from './serviceCIDRPlan.js';

const now = Date.UTC(2026, 0, 1, 0, 1, 0);
const nowText = '2026-01-01T00:01:00Z';
const ready: ServiceCIDRCondition = { type: 'Ready', status: 'True', reason: '', message: serviceCIDRReadyMessage, lastTransitionTime: '2026-01-01T00:00:00Z' };
const terminating: ServiceCIDRCondition = { type: 'Ready', status: 'False', reason: 'Terminating', message: serviceCIDRTerminatingMessage, lastTransitionTime: '2026-01-01T00:00:30Z' };

interface CIDROverrides {
  finalizer?: boolean;
  /** Seconds before `now` at which deletion was asked. */
  deletedAgo?: number;
  conditions?: ServiceCIDRCondition[];
}

function cidr(name: string, cidrs: string[], o: CIDROverrides = {}): ServiceCIDRObject {
  const deletionTimestamp = o.deletedAgo === undefined ? undefined : new Date(now - o.deletedAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return deepFreeze({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'ServiceCIDR',
    metadata: { name, ...(o.finalizer === false ? {} : { finalizers: [serviceCIDRProtectionFinalizer] }), ...(deletionTimestamp ? { deletionTimestamp } : {}) },
    spec: { cidrs },
    ...(o.conditions ? { status: { conditions: o.conditions } } : {}),
  });
}

const ip = (addr: string): IPAddressObject => ipAddress(addr, 'default/svc');

interface Case {
  name: string;
  /** The first is the one planned. */
  cidrs: ServiceCIDRObject[];
  ips?: IPAddressObject[];
  want: ServiceCIDRPlan;
}

const cases: Case[] = [
  {
    name: 'a new ServiceCIDR gets the finalizer and Ready True',
    cidrs: [cidr('extra', ['10.1.0.0/24'], { finalizer: false })],
    want: { addFinalizer: true, removeFinalizer: false, condition: { type: 'Ready', status: 'True', reason: '', message: serviceCIDRReadyMessage, lastTransitionTime: nowText } },
  },
  {
    name: 'already ready with the finalizer: nothing to write',
    cidrs: [cidr('extra', ['10.1.0.0/24'], { conditions: [ready] })],
    want: { addFinalizer: false, removeFinalizer: false },
  },
  {
    // The apiserver's own message on the default ServiceCIDR differs: kube's controller overwrites it.
    name: 'Ready True with another message is rewritten',
    cidrs: [cidr('kubernetes', ['10.96.0.0/12'], { conditions: [{ ...ready, message: 'Kubernetes default Service CIDR is ready' }] })],
    want: { addFinalizer: false, removeFinalizer: false, condition: { type: 'Ready', status: 'True', reason: '', message: serviceCIDRReadyMessage, lastTransitionTime: nowText } },
  },
  {
    name: 'terminating, an allocated IP only it contains: Ready False/Terminating, the finalizer stays',
    cidrs: [cidr('extra', ['10.1.0.0/24'], { deletedAgo: 60, conditions: [ready] }), cidr('kubernetes', ['10.96.0.0/12'])],
    ips: [ip('10.1.0.5'), ip('10.96.0.1')],
    want: { addFinalizer: false, removeFinalizer: false, condition: { type: 'Ready', status: 'False', reason: 'Terminating', message: serviceCIDRTerminatingMessage, lastTransitionTime: nowText } },
  },
  {
    name: 'terminating and already reported: nothing to write (its lastTransitionTime is kept)',
    cidrs: [cidr('extra', ['10.1.0.0/24'], { deletedAgo: 60, conditions: [terminating] })],
    ips: [ip('10.1.0.5')],
    want: { addFinalizer: false, removeFinalizer: false },
  },
  {
    name: 'terminating, no IP depends on it, grace period over: the finalizer goes',
    cidrs: [cidr('extra', ['10.1.0.0/24'], { deletedAgo: 10, conditions: [terminating] }), cidr('kubernetes', ['10.96.0.0/12'])],
    ips: [ip('10.96.0.1')],
    want: { addFinalizer: false, removeFinalizer: true },
  },
  {
    name: 'terminating, nothing depends on it, within the 10 s grace period: plan again when it ends',
    cidrs: [cidr('extra', ['10.1.0.0/24'], { deletedAgo: 3 })],
    want: { addFinalizer: false, removeFinalizer: false, requeueAfterMs: 7000 },
  },
  {
    name: 'terminating without our finalizer: nothing to remove',
    cidrs: [cidr('extra', ['10.1.0.0/24'], { deletedAgo: 30, finalizer: false })],
    want: { addFinalizer: false, removeFinalizer: false },
  },
  {
    name: 'contained in a larger ServiceCIDR: deletable whatever IPs it holds',
    cidrs: [cidr('small', ['10.1.0.0/24'], { deletedAgo: 30 }), cidr('big', ['10.1.0.0/16'])],
    ips: [ip('10.1.0.5')],
    want: { addFinalizer: false, removeFinalizer: true },
  },
  {
    name: 'another ServiceCIDR with the same CIDR counts as a parent, even a terminating one',
    cidrs: [cidr('a', ['10.1.0.0/24'], { deletedAgo: 30 }), cidr('b', ['10.1.0.0/24'], { deletedAgo: 30 })],
    ips: [ip('10.1.0.5')],
    want: { addFinalizer: false, removeFinalizer: true },
  },
  {
    name: 'a smaller ServiceCIDR inside it is no parent, but covers the IPs it holds',
    cidrs: [cidr('big', ['10.1.0.0/16'], { deletedAgo: 30 }), cidr('small', ['10.1.0.0/24'])],
    ips: [ip('10.1.0.5')],
    want: { addFinalizer: false, removeFinalizer: true },
  },
  {
    name: 'a smaller ServiceCIDR inside it does not cover an IP outside it',
    cidrs: [cidr('big', ['10.1.0.0/16'], { deletedAgo: 30 }), cidr('small', ['10.1.0.0/24'])],
    ips: [ip('10.1.7.5')],
    want: { addFinalizer: false, removeFinalizer: false, condition: { type: 'Ready', status: 'False', reason: 'Terminating', message: serviceCIDRTerminatingMessage, lastTransitionTime: nowText } },
  },
  {
    // Edge: 10.1.0.255 is the broadcast address of the /24 (not in it), an ordinary one of the /23.
    name: 'the broadcast address of a smaller ServiceCIDR is not covered by it',
    cidrs: [cidr('big', ['10.1.0.0/23'], { deletedAgo: 30 }), cidr('small', ['10.1.0.0/24'])],
    ips: [ip('10.1.0.255')],
    want: { addFinalizer: false, removeFinalizer: false, condition: { type: 'Ready', status: 'False', reason: 'Terminating', message: serviceCIDRTerminatingMessage, lastTransitionTime: nowText } },
  },
  {
    name: 'IPAddresses not managed by the allocator never block',
    cidrs: [cidr('extra', ['10.1.0.0/24'], { deletedAgo: 30 })],
    ips: [ipAddress('10.1.0.5', 'default/svc', { labels: { 'ipaddress.kubernetes.io/ip-family': 'IPv4', 'ipaddress.kubernetes.io/managed-by': 'someone-else' } })],
    want: { addFinalizer: false, removeFinalizer: true },
  },
  {
    name: 'dual-stack: an IPv6 address only it contains blocks',
    cidrs: [cidr('ds', ['10.1.0.0/24', 'fd00:1::/112'], { deletedAgo: 30 }), cidr('v4', ['10.1.0.0/16'])],
    ips: [ip('10.1.0.5'), ip('fd00:1::5')],
    want: { addFinalizer: false, removeFinalizer: false, condition: { type: 'Ready', status: 'False', reason: 'Terminating', message: serviceCIDRTerminatingMessage, lastTransitionTime: nowText } },
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    let listed = false;
    const ips = () => {
      listed = true;
      return c.ips ?? [];
    };
    t.same(planServiceCIDR(c.cidrs[0], c.cidrs, ips, now), c.want);
    t.equal(listed, !!c.cidrs[0].metadata.deletionTimestamp, 'IPAddresses are listed only for a ServiceCIDR being deleted');
  });
}

t.test('which ServiceCIDRs an event concerns', async (t) => {
  const all = [cidr('a', ['10.1.0.0/24']), cidr('b', ['10.1.0.0/16']), cidr('c', ['10.2.0.0/24']), cidr('d', ['fd00::/112'])];
  t.same(overlappingServiceCIDRs(all[0], all), ['a', 'b'], 'overlap either way, itself included');
  t.same(overlappingServiceCIDRs(all[1], all), ['a', 'b']);
  t.same(containingServiceCIDRs(ip('10.1.0.5'), all), ['a', 'b']);
  t.same(containingServiceCIDRs(ip('10.1.0.255'), all), ['b'], 'the broadcast address of the /24 is not in it');
  t.same(containingServiceCIDRs(ip('10.1.0.0'), all), [], 'the network address of both is in neither');
  t.same(containingServiceCIDRs(ip('fd00::9'), all), ['d']);
  t.same(containingServiceCIDRs(ipAddress('10.1.0.5', 'default/x', { labels: {} }), all), [], 'only allocator-managed IPAddresses matter');
});
