import t from 'tap';
import { startTestServer } from './harness.js';
import { svc, svcs, type Json } from './serviceFixtures.js';

const subdomain =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const portKey80 = 'core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}';

interface Case {
  name: string;
  body: Json;
  /** The Status message after `Service "<name>" is invalid: `. */
  want: string;
}

const cases: Case[] = [
  {
    name: 'name is a DNS-1035 label',
    body: svc('1abc'),
    want: "metadata.name: Invalid value: \"1abc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  },
  { name: 'ports required', body: svc('x', { ports: [] }), want: 'spec.ports: Required value' },
  { name: 'multi-port names required', body: svc('x', { ports: [{ port: 80 }, { name: 'b', port: 81 }] }), want: 'spec.ports[0].name: Required value' },
  { name: 'port names unique', body: svc('x', { ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }), want: 'spec.ports[1].name: Duplicate value: "a"' },
  // edge: 65536 is one past the largest port
  { name: 'port in 1..65535', body: svc('x', { ports: [{ port: 65536, targetPort: 80 }] }), want: 'spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive' },
  { name: 'protocol supported', body: svc('x', { ports: [{ port: 80, protocol: 'tcp' }] }), want: 'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"' },
  {
    name: 'targetPort number or IANA_SVC_NAME',
    body: svc('x', { ports: [{ port: 80, targetPort: 'Web' }] }),
    want: 'spec.ports[0].targetPort: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  },
  {
    name: 'several errors are listed together',
    body: svc('x', { ports: [{ port: 0, targetPort: 80 }, { port: 80, protocol: 'HTTP' }] }),
    want: '[spec.ports[0].name: Required value, spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[1].name: Required value, spec.ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"]',
  },
  { name: 'duplicate protocol+port', body: svc('x', { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }), want: `spec.ports[1]: Duplicate value: ${portKey80}` },
  { name: 'nodePort forbidden for ClusterIP', body: svc('x', { ports: [{ port: 80, nodePort: 30080 }] }), want: "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'" },
  {
    name: 'duplicate nodePort',
    body: svc('x', { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] }),
    want: 'spec.ports[1].nodePort: Duplicate value: 30080',
  },
  { name: 'headless NodePort', body: svc('x', { type: 'NodePort', clusterIP: 'None' }), want: "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services" },
  { name: 'headless LoadBalancer', body: svc('x', { type: 'LoadBalancer', clusterIP: 'None' }), want: "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services" },
  { name: 'ExternalName needs externalName', body: { metadata: { name: 'x' }, spec: { type: 'ExternalName' } }, want: 'spec.externalName: Required value' },
  { name: 'externalName is a DNS-1123 subdomain', body: { metadata: { name: 'x' }, spec: { type: 'ExternalName', externalName: 'www.Example.com' } }, want: `spec.externalName: Invalid value: "www.Example.com": ${subdomain}` },
  {
    name: 'ExternalName forbids clusterIPs, ipFamilies and ipFamilyPolicy',
    body: { metadata: { name: 'x' }, spec: { type: 'ExternalName', externalName: 'a.example.com', clusterIP: '10.96.0.5', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' } },
    want: '[spec.clusterIPs: Forbidden: may not be set for ExternalName services, spec.ipFamilies: Forbidden: may not be set for ExternalName services, spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services]',
  },
  { name: 'externalTrafficPolicy only when externally accessible', body: svc('x', { externalTrafficPolicy: 'Local' }), want: 'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services' },
  { name: 'externalTrafficPolicy values', body: svc('x', { type: 'NodePort', externalTrafficPolicy: 'Global' }), want: 'spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"' },
  { name: 'sessionAffinity values', body: svc('x', { sessionAffinity: 'Cookie' }), want: 'spec.sessionAffinity: Unsupported value: "Cookie": supported values: "ClientIP", "None"' },
  // edge: 86401 is one past the one-day maximum
  {
    name: 'ClientIP timeout at most 86400',
    body: svc('x', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }),
    want: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater than 0 and less than 86400',
  },
  {
    name: 'healthCheckNodePort only for LB+Local',
    body: svc('x', { type: 'NodePort', healthCheckNodePort: 30100 }),
    want: "spec.healthCheckNodePort: Invalid value: 30100: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
  },
  { name: 'loadBalancerClass only for LB', body: svc('x', { loadBalancerClass: 'example.com/lb' }), want: "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'" },
  { name: 'allocateLoadBalancerNodePorts only for LB', body: svc('x', { type: 'NodePort', allocateLoadBalancerNodePorts: true }), want: "spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'" },
  { name: 'type values', body: svc('x', { type: 'Headless' }), want: 'spec.type: Unsupported value: "Headless": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"' },
  { name: 'clusterIPs[0] matches clusterIP', body: svc('x', { clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.6'] }), want: 'spec.clusterIPs: Invalid value: []string{"10.96.0.6"}: first value must match `clusterIP`' },
  { name: 'clusterIP is an IP', body: svc('x', { clusterIP: '10.96.0.256' }), want: 'spec.clusterIPs[0]: Invalid value: "10.96.0.256": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' },
  { name: 'externalIPs not special', body: svc('x', { externalIPs: ['169.254.1.1'] }), want: 'spec.externalIPs[0]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)' },
];

t.test('Service validation over the API: 422, kube\'s message, one cause per error', async (t) => {
  const s = await startTestServer(t);
  for (const c of cases) {
    const r = await s.req('POST', svcs, c.body);
    t.equal(r.status, 422, `${c.name}: status`);
    t.equal(r.body.reason, 'Invalid', `${c.name}: reason`);
    t.equal(r.body.message, `Service "${c.body.metadata.name}" is invalid: ${c.want}`, c.name);
    t.equal(r.body.details.causes.length, c.want.startsWith('[') ? c.want.split(', spec.').length : 1, `${c.name}: causes`);
  }
  const left = (await s.req('GET', svcs)).body.items.map((i: Json) => i.metadata.name);
  t.same(left, ['kubernetes'], 'nothing invalid was stored');
});
