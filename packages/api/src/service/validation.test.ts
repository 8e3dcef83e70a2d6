import t from 'tap';
import { defaultService, prepareServiceForUpdate } from './defaults.js';
import { deepFreeze } from '../deepFreeze.js';
import { port, service } from './testBuilders.js';
import type { Service, ServiceSpec } from './types.js';
import { validateService, validateServiceUpdate, type ServiceValidationOptions } from './validation.js';
import { parseCIDR } from '../allocators/cidr.js';

const dns1123Subdomain =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const validIP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const portKey = (p: number, proto = 'TCP') =>
  `core.ServicePort{Name:"", Protocol:"${proto}", AppProtocol:(*string)(nil), Port:${p}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;

interface Case {
  name: string;
  given: ServiceSpec;
  want: string[];
  opts?: ServiceValidationOptions;
}

const named = (name: string, p: number, extra = {}) => port({ name, port: p, ...extra });

const cases: Case[] = [
  // The seed scenarios are valid as written.
  { name: 'nginx-svc', given: { ports: [port({ port: 8080, targetPort: 80 })] }, want: [] },
  { name: 'NodePort 30080', given: { type: 'NodePort', ports: [port({ port: 8080, targetPort: 80, nodePort: 30080 })] }, want: [] },
  { name: 'ExternalName my-service', given: { type: 'ExternalName', externalName: 'www.example.com', selector: undefined, ports: undefined }, want: [] },
  { name: 'selectorless external-service', given: { selector: undefined, ports: [port({ port: 3307 })] }, want: [] },
  { name: 'headless mysql-k8s', given: { clusterIP: 'None', clusterIPs: ['None'], selector: undefined, ports: [port({ name: 'port', port: 13306 })] }, want: [] },
  { name: 'multi-port with names', given: { ports: [named('http', 80, { targetPort: 9376 }), named('https', 443, { targetPort: 9377 })] }, want: [] },
  { name: 'TCP and UDP on one port number', given: { ports: [named('dns', 53, { protocol: 'UDP' }), named('dns-tcp', 53)] }, want: [] },
  { name: 'ExternalName with a trailing dot', given: { type: 'ExternalName', externalName: 'svc.other-ns.svc.cluster.local.' }, want: [] },

  // Ports.
  { name: 'ports required', given: { ports: [] }, want: ['spec.ports: Required value'] },
  // edge: a headless Service may have no ports at all
  { name: 'headless needs no ports', given: { clusterIP: 'None', clusterIPs: ['None'], ports: [] }, want: [] },
  { name: 'multi-port needs names', given: { ports: [port(), named('b', 81)] }, want: ['spec.ports[0].name: Required value'] },
  { name: 'port names unique', given: { ports: [named('a', 80), named('a', 81)] }, want: ['spec.ports[1].name: Duplicate value: "a"'] },
  {
    name: 'port name is a DNS label',
    given: { ports: [named('Web', 80)] },
    want: ["spec.ports[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"],
  },
  // edge: 0 and 65536 lie just outside 1..65535
  { name: 'port 0', given: { ports: [port({ port: 0, targetPort: 80 })] }, want: ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'] },
  { name: 'port 65536', given: { ports: [port({ port: 65536, targetPort: 80 })] }, want: ['spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive'] },
  { name: 'port 65535 ok', given: { ports: [port({ port: 65535 })] }, want: [] },
  { name: 'protocol supported values', given: { ports: [port({ protocol: 'HTTP' })] }, want: ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'] },
  { name: 'SCTP ok', given: { ports: [port({ protocol: 'SCTP' })] }, want: [] },
  { name: 'targetPort number range', given: { ports: [port({ targetPort: 70000 })] }, want: ['spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive'] },
  {
    name: 'targetPort name is an IANA_SVC_NAME',
    given: { ports: [port({ targetPort: 'http_1' })] },
    want: ['spec.ports[0].targetPort: Invalid value: "http_1": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
  },
  // edge: 16 characters is one over the IANA limit
  { name: 'targetPort name too long', given: { ports: [port({ targetPort: 'abcdefghijklmnop' })] }, want: ['spec.ports[0].targetPort: Invalid value: "abcdefghijklmnop": must be no more than 15 characters'] },
  // edge: a numeric string is a name, and names need a letter
  { name: 'targetPort "8080" is a name', given: { ports: [port({ targetPort: '8080' })] }, want: ['spec.ports[0].targetPort: Invalid value: "8080": must contain at least one letter (a-z)'] },
  { name: 'duplicate protocol+port', given: { ports: [named('a', 80), named('b', 80)] }, want: [`spec.ports[1]: Duplicate value: ${portKey(80)}`] },
  {
    name: 'duplicate protocol+nodePort',
    given: { type: 'NodePort', ports: [named('a', 80, { nodePort: 30080 }), named('b', 81, { nodePort: 30080 })] },
    want: ['spec.ports[1].nodePort: Duplicate value: 30080'],
  },
  { name: 'nodePort forbidden for ClusterIP', given: { ports: [port({ nodePort: 30080 })] }, want: ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"] },
  {
    name: 'appProtocol is a qualified name',
    given: { ports: [port({ appProtocol: 'my proto' })] },
    want: [
      "spec.ports[0].appProtocol: Invalid value: \"my proto\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  },

  // Types.
  { name: 'type supported values', given: { type: 'Ingress' }, want: ['spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'] },
  { name: 'headless NodePort', given: { type: 'NodePort', clusterIP: 'None', clusterIPs: ['None'] }, want: ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"] },
  { name: 'headless LoadBalancer', given: { type: 'LoadBalancer', clusterIP: 'None', clusterIPs: ['None'] }, want: ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"] },
  { name: 'ExternalName needs externalName', given: { type: 'ExternalName' }, want: ['spec.externalName: Required value'] },
  { name: 'externalName is a DNS subdomain', given: { type: 'ExternalName', externalName: 'Bad_Name' }, want: [`spec.externalName: Invalid value: "Bad_Name": ${dns1123Subdomain}`] },
  {
    name: 'ExternalName forbids IP fields',
    given: { type: 'ExternalName', externalName: 'a.example.com', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' },
    want: [
      'spec.clusterIPs: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
    ],
  },

  // Session affinity.
  { name: 'affinity supported values', given: { sessionAffinity: 'Sticky' }, want: ['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"'] },
  // edge: 0 and 86401 lie just outside (0, 86400]
  {
    name: 'timeout 0',
    given: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } },
    want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400'],
  },
  {
    name: 'timeout 86401',
    given: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } },
    want: ['spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400'],
  },
  { name: 'timeout 86400 ok', given: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } } }, want: [] },

  // Traffic policies and load balancers.
  { name: 'externalTrafficPolicy on ClusterIP', given: { externalTrafficPolicy: 'Local' }, want: ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services'] },
  { name: 'externalTrafficPolicy values', given: { type: 'NodePort', externalTrafficPolicy: 'Global' }, want: ['spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"'] },
  { name: 'internalTrafficPolicy values', given: { internalTrafficPolicy: 'Node' }, want: ['spec.internalTrafficPolicy: Unsupported value: "Node": supported values: "Cluster", "Local"'] },
  {
    name: 'healthCheckNodePort only for LB+Local',
    given: { type: 'NodePort', healthCheckNodePort: 30100 },
    want: ["spec.healthCheckNodePort: Invalid value: 30100: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"],
  },
  { name: 'healthCheckNodePort required for LB+Local', given: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }, want: ['spec.healthCheckNodePort: Required value'] },
  // edge: before allocation the missing value is expected; the allocator fills it in
  { name: 'healthCheckNodePort pending allocation', given: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }, want: [], opts: { allocationPending: true } },
  { name: 'loadBalancerClass only for LB', given: { loadBalancerClass: 'example.com/lb' }, want: ["spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'"] },
  { name: 'allocateLoadBalancerNodePorts only for LB', given: { type: 'NodePort', allocateLoadBalancerNodePorts: false }, want: ["spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'"] },
  { name: 'source ranges only for LB', given: { loadBalancerSourceRanges: ['10.0.0.0/8'] }, want: ["spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'"] },
  {
    name: 'source ranges are CIDRs',
    given: { type: 'LoadBalancer', loadBalancerSourceRanges: [' 10.0.0.0/8 ', '10.0.0.1'] },
    want: ['spec.LoadBalancerSourceRanges[1]: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
  },
  { name: 'trafficDistribution values', given: { trafficDistribution: 'Random' }, want: ['spec.trafficDistribution: Unsupported value: "Random": supported values: "PreferClose"'] },
  { name: 'externalIPs not loopback', given: { externalIPs: ['127.0.0.1'] }, want: ['spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
  // up --dataplane's deviation: loopback external IPs inside the configured range only
  { name: 'loopback externalIPs in the dataplane range', given: { externalIPs: ['127.201.0.5'] }, opts: { loopbackExternalIPs: [parseCIDR('127.201.0.0/24')!] }, want: [] },
  // edge: the range does not open the rest of 127.0.0.0/8
  { name: 'loopback externalIPs outside the dataplane range', given: { externalIPs: ['127.201.1.5'] }, opts: { loopbackExternalIPs: [parseCIDR('127.201.0.0/24')!] }, want: ['spec.externalIPs[0]: Invalid value: "127.201.1.5": may not be in the loopback range (127.0.0.0/8, ::1/128)'] },
  { name: 'externalIPs are IPs', given: { externalIPs: ['a.b'] }, want: [`spec.externalIPs[0]: Invalid value: "a.b": ${validIP}`] },

  // Cluster IPs and families.
  { name: 'clusterIPs[0] must match clusterIP', given: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.2'] }, want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.2"}: first value must match `clusterIP`'] },
  { name: 'clusterIPs need clusterIP', given: { clusterIPs: ['10.96.0.2'] }, want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.2"}: must be empty when `clusterIP` is not specified'] },
  { name: 'clusterIP must be an IP', given: { clusterIP: 'abc', clusterIPs: ['abc'] }, want: [`spec.clusterIPs[0]: Invalid value: "abc": ${validIP}`] },
  {
    name: 'None only alone',
    given: { clusterIP: 'None', clusterIPs: ['None', '10.96.0.1'] },
    want: ['spec.clusterIPs: Invalid value: []string{"None", "10.96.0.1"}: \'None\' must be the first and only value'],
  },
  {
    name: 'two IPs of one family',
    given: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1', '10.96.0.2'] },
    want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.1", "10.96.0.2"}: may specify no more than one IP for each IP family'],
  },
  {
    name: 'at most two IPs',
    given: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1', 'fd00::1', '10.96.0.2'] },
    want: ['spec.clusterIPs: Invalid value: []string{"10.96.0.1", "fd00::1", "10.96.0.2"}: may only hold up to 2 values'],
  },
  { name: 'ipFamilies values', given: { ipFamilies: ['IPv5'] }, want: ['spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6"'] },
  { name: 'ipFamilies unique', given: { ipFamilies: ['IPv4', 'IPv4'] }, want: ['spec.ipFamilies[1]: Duplicate value: "IPv4"'] },
  { name: 'ipFamilyPolicy values', given: { ipFamilyPolicy: 'Dual' }, want: ['spec.ipFamilyPolicy: Unsupported value: "Dual": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"'] },
  {
    name: 'IP matches its family',
    given: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ipFamilies: ['IPv6'] },
    want: ['spec.clusterIPs[0]: Invalid value: "10.96.0.1": expected an IPv6 value as indicated by `ipFamilies[0]`'],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const svc = deepFreeze(defaultService(service(c.given)));
    t.same(validateService(svc, c.opts).map(String), c.want);
  });
}

interface UpdateCase {
  name: string;
  old: ServiceSpec;
  given: ServiceSpec;
  want: string[];
}

const ip = (a: string): ServiceSpec => ({ clusterIP: a, clusterIPs: [a], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });

const updates: UpdateCase[] = [
  { name: 'clusterIP may not change', old: ip('10.96.0.10'), given: { ...ip('10.96.0.11'), clusterIPs: undefined }, want: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set'] },
  { name: 'resubmitting without the IP keeps it', old: ip('10.96.0.10'), given: {}, want: [] },
  // edge: headless to headful would change clusterIPs[0]
  { name: 'headless may not get an IP', old: { clusterIP: 'None', clusterIPs: ['None'] }, given: { clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'] }, want: ['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.5"}: may not change once set'] },
  { name: 'to ExternalName is exempt', old: ip('10.96.0.10'), given: { ...ip('10.96.0.10'), type: 'ExternalName', externalName: 'a.example.com' }, want: [] },
  { name: 'from ExternalName is exempt', old: { type: 'ExternalName', externalName: 'a.example.com' }, given: { type: 'ClusterIP', clusterIP: '10.96.0.7', clusterIPs: ['10.96.0.7'] }, want: [] },
  {
    name: 'ipFamilies may not change',
    old: ip('10.96.0.10'),
    given: { ...ip('10.96.0.10'), ipFamilies: ['IPv6'] },
    want: ['spec.ipFamilies[0]: Invalid value: []core.IPFamily{"IPv6"}: may not change once set', 'spec.clusterIPs[0]: Invalid value: "10.96.0.10": expected an IPv6 value as indicated by `ipFamilies[0]`'],
  },
  {
    name: 'releasing the secondary IP needs SingleStack',
    old: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10', 'fd00::10'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' },
    given: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'RequireDualStack' },
    want: ['spec.ipFamilyPolicy: Invalid value: "RequireDualStack": must be set to \'SingleStack\' when releasing the secondary clusterIP'],
  },
  { name: 'loadBalancerClass may not change', old: { type: 'LoadBalancer', loadBalancerClass: 'a/b' }, given: { type: 'LoadBalancer', loadBalancerClass: 'a/c' }, want: ['spec.loadBalancerClass: Invalid value: "a/c": may not change once set'] },
  // edge: setting a class on an LB that had none is a change too (nil → value)
  { name: 'loadBalancerClass may not be added', old: { type: 'LoadBalancer' }, given: { type: 'LoadBalancer', loadBalancerClass: 'a/c' }, want: ['spec.loadBalancerClass: Invalid value: "a/c": may not change once set'] },
  {
    name: 'healthCheckNodePort is immutable',
    old: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30100 },
    given: { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30101 },
    want: ['spec.healthCheckNodePort: Forbidden: field is immutable'],
  },
];

for (const c of updates) {
  t.test(`update: ${c.name}`, async (t) => {
    const old: Service = deepFreeze(defaultService(service(c.old)));
    const next = prepareServiceForUpdate(defaultService(service(c.given)), old);
    t.same(validateServiceUpdate(next, old).map(String), c.want);
  });
}
