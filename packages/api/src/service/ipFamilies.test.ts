import t from 'tap';
import { Invalid } from '../errors.js';
import { defaultService, normalizeClusterIPs } from './defaults.js';
import { initIPFamilyFields, type ClusterFamilies } from './ipFamilies.js';
import { deepFreeze } from '../deepFreeze.js';
import { service } from './testBuilders.js';
import type { ServiceSpec } from './types.js';

const single: ClusterFamilies = { families: ['IPv4'] };
const dual: ClusterFamilies = { families: ['IPv4', 'IPv6'] };
const dual6: ClusterFamilies = { families: ['IPv6', 'IPv4'] };

interface Case {
  name: string;
  cluster: ClusterFamilies;
  given: ServiceSpec;
  want?: { ipFamilyPolicy: string; ipFamilies: string[] };
  wantErrors?: string[];
}

const headless = { clusterIP: 'None', selector: undefined };

const cases: Case[] = [
  { name: 'default is SingleStack of the cluster family', cluster: single, given: {}, want: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] } },
  { name: 'IPv6-primary cluster', cluster: dual6, given: {}, want: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] } },
  { name: 'family inferred from a chosen IP', cluster: dual, given: { clusterIP: 'fd00::5' }, want: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] } },
  { name: 'PreferDualStack on single-stack stays single', cluster: single, given: { ipFamilyPolicy: 'PreferDualStack' }, want: { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'] } },
  { name: 'PreferDualStack on dual-stack gets both', cluster: dual, given: { ipFamilyPolicy: 'PreferDualStack' }, want: { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] } },
  { name: 'RequireDualStack with IPv6 first', cluster: dual, given: { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6'] }, want: { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] } },
  // edge: headless without selector defaults to RequireDualStack even on a single-stack cluster
  { name: 'headless selectorless', cluster: single, given: headless, want: { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] } },
  { name: 'headless with selector', cluster: single, given: { clusterIP: 'None' }, want: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] } },
  {
    name: 'RequireDualStack on single-stack',
    cluster: single,
    given: { ipFamilyPolicy: 'RequireDualStack' },
    wantErrors: ['spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services'],
  },
  { name: 'unconfigured family', cluster: single, given: { ipFamilies: ['IPv6'] }, wantErrors: ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster'] },
  { name: 'IP of an unconfigured family', cluster: single, given: { clusterIP: 'fd00::5' }, wantErrors: ['spec.clusterIPs[0]: Invalid value: []string{"fd00::5"}: IPv6 is not configured on this cluster'] },
  {
    name: 'SingleStack with two IPs',
    cluster: dual,
    given: { ipFamilyPolicy: 'SingleStack', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1', 'fd00::1'] },
    wantErrors: ['spec.ipFamilyPolicy: Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple cluster IPs are specified'],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const svc = deepFreeze(normalizeClusterIPs(undefined, defaultService(service(c.given))));
    if (c.wantErrors) {
      const err = t.throws(() => initIPFamilyFields(svc, undefined, c.cluster)) as unknown;
      t.ok(err instanceof Invalid, 'Invalid');
      t.same((err as Invalid).errors.map(String), c.wantErrors);
      return;
    }
    const got = initIPFamilyFields(svc, undefined, c.cluster).spec!;
    t.same({ ipFamilyPolicy: got.ipFamilyPolicy, ipFamilies: got.ipFamilies }, c.want);
  });
}

t.test('an update without a policy keeps the old one', async (t) => {
  const old = defaultService(service({ clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1', 'fd00::1'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' }));
  const next = defaultService(service({ clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1', 'fd00::1'], ipFamilies: ['IPv4', 'IPv6'] }));
  t.equal(initIPFamilyFields(next, old, dual).spec!.ipFamilyPolicy, 'PreferDualStack');
});

t.test('an unchanged PreferDualStack Service is left alone when the cluster shrinks', async (t) => {
  const spec = { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1', 'fd00::1'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' };
  const old = defaultService(service(spec));
  const next = deepFreeze(defaultService(service(spec)));
  t.equal(initIPFamilyFields(next, old, single), next, 'same object back');
});

t.test('ExternalName is untouched', async (t) => {
  const svc = deepFreeze(defaultService(service({ type: 'ExternalName', externalName: 'a.example.com' })));
  t.equal(initIPFamilyFields(svc, undefined, dual), svc);
});
