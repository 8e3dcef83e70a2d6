import t from 'tap';
import { defaultService, dropTypeDependentFields, normalizeClusterIPs, patchAllocatedValues, prepareServiceForUpdate } from './defaults.js';
import { deepFreeze } from '../deepFreeze.js';
import { port, service } from './testBuilders.js';
import type { Service, ServiceSpec } from './types.js';

interface DefaultCase {
  name: string;
  given: ServiceSpec;
  want: Partial<ServiceSpec>;
  /** Fields that must stay absent. */
  absent?: Array<keyof ServiceSpec>;
}

const defaultCases: DefaultCase[] = [
  {
    name: 'ClusterIP by default, TCP, targetPort = port, affinity None, internal policy Cluster',
    given: { ports: [port({ port: 8080 })] },
    want: { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ports: [{ port: 8080, protocol: 'TCP', targetPort: 8080 }] },
    absent: ['externalTrafficPolicy', 'allocateLoadBalancerNodePorts'],
  },
  // edge: targetPort 0 and "" are intstr's zero values and mean "same as port"
  { name: 'targetPort 0 defaults', given: { ports: [port({ targetPort: 0 })] }, want: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } },
  { name: 'targetPort "" defaults', given: { ports: [port({ targetPort: '' })] }, want: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } },
  { name: 'named targetPort kept', given: { ports: [port({ targetPort: 'http', protocol: 'UDP' })] }, want: { ports: [{ port: 80, protocol: 'UDP', targetPort: 'http' }] } },
  {
    name: 'ClientIP gets a 10800 s timeout',
    given: { sessionAffinity: 'ClientIP' },
    want: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } },
  },
  {
    name: 'ClientIP keeps a given timeout',
    given: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
    want: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } },
  },
  // edge: a config with None is dropped by defaulting, so validation never sees it
  { name: 'None drops the config', given: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }, want: { sessionAffinity: 'None' }, absent: ['sessionAffinityConfig'] },
  { name: 'NodePort gets externalTrafficPolicy Cluster', given: { type: 'NodePort' }, want: { externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' } },
  {
    name: 'LoadBalancer gets allocateLoadBalancerNodePorts true',
    given: { type: 'LoadBalancer' },
    want: { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true },
  },
  { name: 'LoadBalancer keeps allocateLoadBalancerNodePorts false', given: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }, want: { allocateLoadBalancerNodePorts: false } },
  // edge: a ClusterIP Service with externalIPs is externally accessible
  { name: 'externalIPs make ClusterIP external', given: { externalIPs: ['1.2.3.4'] }, want: { externalTrafficPolicy: 'Cluster' } },
  { name: 'ExternalName gets no internal policy', given: { type: 'ExternalName', externalName: 'x.example.com' }, want: {}, absent: ['internalTrafficPolicy', 'externalTrafficPolicy'] },
];

for (const c of defaultCases) {
  t.test(`defaultService: ${c.name}`, async (t) => {
    const got = defaultService(deepFreeze(service(c.given))).spec!;
    t.match(got, c.want);
    for (const k of c.absent ?? []) t.notOk(k in got, `${k} absent`);
  });
}

interface PairCase {
  name: string;
  old: Service;
  given: Service;
  want: Partial<ServiceSpec>;
  absent?: Array<keyof ServiceSpec>;
}

const withIP = (spec: ServiceSpec = {}) => service({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ...spec });

const normalizeCases: PairCase[] = [
  { name: 'old client patches other fields: clusterIPs kept', old: withIP(), given: service({ clusterIP: '10.96.0.10' }), want: { clusterIPs: ['10.96.0.10'] } },
  { name: 'changing only the singular field moves the plural', old: withIP(), given: withIP({ clusterIP: '10.96.0.11' }), want: { clusterIPs: ['10.96.0.11'] } },
  { name: 'clearing the singular clears the plural', old: withIP(), given: withIP({ clusterIP: '' }), want: {}, absent: ['clusterIPs'] },
];

for (const c of normalizeCases) {
  t.test(`normalizeClusterIPs: ${c.name}`, async (t) => {
    const got = normalizeClusterIPs(deepFreeze(c.old), deepFreeze(c.given)).spec!;
    t.match(got, c.want);
    for (const k of c.absent ?? []) t.notOk(got[k], `${k} cleared`);
  });
}

t.test('normalizeClusterIPs on create fills clusterIPs from clusterIP only', async (t) => {
  t.same(normalizeClusterIPs(undefined, service({ clusterIP: 'None' })).spec!.clusterIPs, ['None']);
  t.notOk(normalizeClusterIPs(undefined, service({ clusterIPs: ['10.96.0.1'] })).spec!.clusterIP, 'singular not inferred from plural');
});

const np = (nodePort: number, name = 'http') => port({ name, nodePort, protocol: 'TCP', targetPort: 80 });

const dropCases: PairCase[] = [
  {
    name: 'to ExternalName wipes unchanged IP fields',
    old: withIP({ ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }),
    given: withIP({ type: 'ExternalName', externalName: 'a.example.com', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }),
    want: {},
    absent: ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy'],
  },
  // edge: the user changed the IP in the same write, so it is left for validation to refuse
  { name: 'to ExternalName keeps a changed IP', old: withIP(), given: withIP({ type: 'ExternalName', clusterIP: '10.96.0.99', clusterIPs: ['10.96.0.99'] }), want: { clusterIP: '10.96.0.99' } },
  { name: 'NodePort to ClusterIP wipes node ports', old: service({ type: 'NodePort', ports: [np(30080)] }), given: service({ type: 'ClusterIP', ports: [np(30080)] }), want: { ports: [{ port: 80 }] } },
  // edge: a net-new nodePort means the user meant it; validation will say it is forbidden
  { name: 'NodePort to ClusterIP keeps a new node port', old: service({ type: 'NodePort', ports: [np(30080)] }), given: service({ type: 'ClusterIP', ports: [np(30081)] }), want: { ports: [{ nodePort: 30081 }] } },
  {
    name: 'NodePort to ClusterIP drops an unchanged externalTrafficPolicy',
    old: service({ type: 'NodePort', externalTrafficPolicy: 'Local' }),
    given: service({ type: 'ClusterIP', externalTrafficPolicy: 'Local' }),
    want: {},
    absent: ['externalTrafficPolicy'],
  },
  {
    name: 'leaving LoadBalancer drops unchanged LB fields',
    old: service({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: true, loadBalancerClass: 'x/y', externalTrafficPolicy: 'Local', healthCheckNodePort: 30100 }),
    given: service({ type: 'NodePort', allocateLoadBalancerNodePorts: true, loadBalancerClass: 'x/y', externalTrafficPolicy: 'Local', healthCheckNodePort: 30100 }),
    want: {},
    absent: ['allocateLoadBalancerNodePorts', 'loadBalancerClass', 'healthCheckNodePort'],
  },
];

t.test('dropTypeDependentFields: leaving LoadBalancer clears the load-balancer status', async (t) => {
  const old: Service = { ...service({ type: 'LoadBalancer' }), status: { loadBalancer: { ingress: [{ ip: '198.51.100.1' }] } } };
  const given: Service = { ...service({ type: 'NodePort' }), status: old.status };
  t.same(dropTypeDependentFields(deepFreeze(given), deepFreeze(old)).status, { loadBalancer: {} });
});

for (const c of dropCases) {
  t.test(`dropTypeDependentFields: ${c.name}`, async (t) => {
    const got = dropTypeDependentFields(deepFreeze(c.given), deepFreeze(c.old)).spec!;
    t.match(got, c.want);
    for (const k of c.absent ?? []) t.notOk(k in got, `${k} wiped`);
  });
}

t.test('patchAllocatedValues: resubmitting the same YAML keeps allocated values', async (t) => {
  const old = service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30100, clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'], ports: [np(30080, 'a'), np(30081, 'b')] });
  const given = service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [port({ name: 'b' }), port({ name: 'a' }), port({ name: 'c' })] });
  const got = patchAllocatedValues(deepFreeze(given), deepFreeze(old)).spec!;
  t.equal(got.clusterIP, '10.96.0.5');
  t.same(got.clusterIPs, ['10.96.0.5']);
  t.same(got.ports!.map((p) => p.nodePort), [30081, 30080, undefined], 'matched by port name');
  t.equal(got.healthCheckNodePort, 30100);
});

t.test('prepareServiceForUpdate keeps the stored status and trims a dual-stack downgrade', async (t) => {
  const dual = { type: 'LoadBalancer', clusterIPs: ['10.96.0.10', 'fd00::10'], ipFamilies: ['IPv4', 'IPv6'] };
  const old: Service = { ...withIP({ ...dual, ipFamilyPolicy: 'PreferDualStack' }), status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } };
  const given: Service = { ...withIP({ ...dual, ipFamilyPolicy: 'SingleStack' }), status: {} };
  const got = prepareServiceForUpdate(deepFreeze(defaultService(given)), deepFreeze(old));
  t.same(got.status, old.status);
  t.same(got.spec!.clusterIPs, ['10.96.0.10']);
  t.same(got.spec!.ipFamilies, ['IPv4']);
});
