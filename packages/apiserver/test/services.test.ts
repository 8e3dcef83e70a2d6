import t from 'tap';
import { startTestServer } from './harness.js';
import { create, ipAddressOwners, ipaddresses, nodePorts, servicecidrs, svc, svcs, type Json } from './serviceFixtures.js';

t.test('start-up: ServiceCIDR kubernetes, default/kubernetes on the first IP, its IPAddress', async (t) => {
  const s = await startTestServer(t);
  const cidr = (await s.req('GET', `${servicecidrs}/kubernetes`)).body;
  t.same(cidr.spec, { cidrs: ['10.96.0.0/12'] });
  t.match(cidr.status.conditions, [{ type: 'Ready', status: 'True', message: 'Kubernetes default Service CIDR is ready' }]);
  const k = (await s.req('GET', `${svcs}/kubernetes`)).body;
  t.equal(k.spec.clusterIP, '10.96.0.1');
  t.same(k.spec.ports, [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }]);
  t.notOk(k.spec.selector, 'no selector');
  t.same(k.metadata.labels, { component: 'apiserver', provider: 'kubernetes' });
  const ip = (await s.req('GET', `${ipaddresses}/10.96.0.1`)).body;
  t.same(ip.spec.parentRef, { group: '', resource: 'services', namespace: 'default', name: 'kubernetes' });
  t.same(ip.metadata.labels, { 'ipaddress.kubernetes.io/ip-family': 'IPv4', 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io' });
});

t.test('seed: nginx-svc is a ClusterIP Service whose create response carries its IP', async (t) => {
  const s = await startTestServer(t);
  const c = await create(s, svc('nginx-svc', { selector: { app: 'nginx' }, ports: [{ port: 8080, targetPort: 80, protocol: 'TCP' }] }));
  t.match(c.spec, {
    type: 'ClusterIP',
    clusterIP: /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/,
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    sessionAffinity: 'None',
    internalTrafficPolicy: 'Cluster',
    ports: [{ port: 8080, targetPort: 80, protocol: 'TCP' }],
  });
  t.same(c.spec.clusterIPs, [c.spec.clusterIP]);
  t.notOk(c.spec.externalTrafficPolicy, 'no externalTrafficPolicy for ClusterIP');
  t.same(c.status, { loadBalancer: {} });
  t.equal((await ipAddressOwners(s))[c.spec.clusterIP], 'default/nginx-svc', 'IPAddress points at the Service');
  const got = (await s.req('GET', `${svcs}/nginx-svc`)).body;
  t.same(got.spec, c.spec, 'stored as returned');
});

t.test('seed: NodePort 30080 is kept, a NodePort without one gets one from 30000-32767', async (t) => {
  const s = await startTestServer(t);
  const fixed = await create(s, svc('nginx-np', { type: 'NodePort', ports: [{ port: 8080, targetPort: 80, nodePort: 30080 }] }));
  t.same(nodePorts(fixed), [30080]);
  t.equal(fixed.spec.externalTrafficPolicy, 'Cluster');
  const auto = await create(s, svc('auto-np', { type: 'NodePort' }));
  const [p] = nodePorts(auto);
  t.ok(p >= 30086 && p <= 32767, `${p} is in the dynamic band of the default range`);
});

t.test('seed: ExternalName my-service gets no ClusterIP', async (t) => {
  const s = await startTestServer(t);
  const before = Object.keys(await ipAddressOwners(s)).length;
  const c = await create(s, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-service' }, spec: { type: 'ExternalName', externalName: 'www.example.com' } });
  t.same(c.spec, { type: 'ExternalName', sessionAffinity: 'None', externalName: 'www.example.com' });
  t.equal(Object.keys(await ipAddressOwners(s)).length, before, 'no IPAddress');
  const other = await create(s, { metadata: { name: 'other-ns' }, spec: { type: 'ExternalName', externalName: 'svc.other-ns.svc.cluster.local' } });
  t.equal(other.spec.externalName, 'svc.other-ns.svc.cluster.local');
});

t.test('seed: external-service without selector and mysql-k8s headless', async (t) => {
  const s = await startTestServer(t);
  const ext = await create(s, { metadata: { name: 'external-service' }, spec: { ports: [{ port: 3307 }] } });
  t.notOk(ext.spec.selector, 'selector stays absent');
  t.match(ext.spec.clusterIP, /^10\./);
  const mysql = await create(s, { metadata: { name: 'mysql-k8s' }, spec: { clusterIP: 'None', ports: [{ name: 'port', port: 13306 }] } });
  t.equal(mysql.spec.clusterIP, 'None');
  t.same(mysql.spec.clusterIPs, ['None']);
  t.equal(mysql.spec.ipFamilyPolicy, 'RequireDualStack', 'headless without selector defaults to RequireDualStack');
  t.same(mysql.spec.ipFamilies, ['IPv4', 'IPv6']);
  t.notOk(Object.values(await ipAddressOwners(s)).includes('default/mysql-k8s'), 'no IPAddress for headless');
  const withSel = await create(s, svc('my-headless', { clusterIP: 'None' }));
  t.equal(withSel.spec.ipFamilyPolicy, 'SingleStack');
});

t.test('multi-port, TCP+UDP sharing one node port, named targetPort, ClientIP affinity', async (t) => {
  const s = await startTestServer(t);
  const multi = await create(s, svc('multi', { ports: [{ name: 'http', port: 80, targetPort: 9376 }, { name: 'https', port: 443, targetPort: 'web-tls' }] }));
  t.same(multi.spec.ports.map((p: Json) => p.targetPort), [9376, 'web-tls']);
  const dns = await create(s, svc('dns', { type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] }));
  const [udp, tcp] = nodePorts(dns);
  t.equal(udp, tcp, 'one node port for 53/UDP and 53/TCP');
  const sticky = await create(s, svc('getip-service', { sessionAffinity: 'ClientIP' }));
  t.same(sticky.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
});

t.test('a chosen ClusterIP is honoured; a taken or foreign one is refused with kube\'s 422', async (t) => {
  const s = await startTestServer(t);
  const c = await create(s, svc('chosen', { clusterIP: '10.96.0.10' }));
  t.same(c.spec.clusterIPs, ['10.96.0.10']);
  const taken = await s.req('POST', svcs, svc('again', { clusterIP: '10.96.0.10' }));
  t.equal(taken.status, 422);
  t.equal(taken.body.message, 'Service "again" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated');
  t.same(taken.body.details.causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated', field: 'spec.clusterIPs' }]);
  const foreign = await s.req('POST', svcs, svc('foreign', { clusterIP: '1.1.1.1' }));
  t.equal(foreign.status, 422);
  t.equal(
    foreign.body.message,
    'Service "foreign" is invalid: spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
  );
  const v6 = await s.req('POST', svcs, svc('v6', { clusterIP: 'fd00::1' }));
  t.equal(v6.body.message, 'Service "v6" is invalid: spec.clusterIPs[0]: Invalid value: []string{"fd00::1"}: IPv6 is not configured on this cluster');
  const dual = await s.req('POST', svcs, svc('dual', { ipFamilyPolicy: 'RequireDualStack' }));
  t.equal(dual.body.message, 'Service "dual" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services');
});

t.test('node port conflicts and range errors are kube\'s 422', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
  const taken = await s.req('POST', svcs, svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
  t.equal(taken.status, 422);
  t.equal(taken.body.message, 'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
  const outside = await s.req('POST', svcs, svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }));
  t.equal(outside.body.message, 'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767');
  t.notOk((await s.req('GET', `${svcs}/b`)).status === 200, 'nothing stored');
});

t.test('LoadBalancer: node ports, allocateLoadBalancerNodePorts=false, Local gets a healthCheckNodePort', async (t) => {
  const s = await startTestServer(t);
  const lb = await create(s, svc('lb', { type: 'LoadBalancer' }));
  t.equal(lb.spec.allocateLoadBalancerNodePorts, true);
  t.ok(nodePorts(lb)[0] >= 30000);
  const bare = await create(s, svc('bare', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }));
  t.same(nodePorts(bare), [undefined]);
  const local = await create(s, svc('local', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
  t.ok(local.spec.healthCheckNodePort >= 30000, 'healthCheckNodePort allocated');
  t.not(local.spec.healthCheckNodePort, nodePorts(local)[0]);
  const clash = await s.req('POST', svcs, svc('clash', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: local.spec.healthCheckNodePort }));
  t.equal(clash.status, 500);
  t.equal(clash.body.message, `Internal error occurred: failed to allocate requested HealthCheck NodePort ${local.spec.healthCheckNodePort}: provided port is already allocated`);
});

t.test('delete releases the IP, its IPAddress and the node ports', async (t) => {
  const s = await startTestServer(t);
  const c = await create(s, svc('gone', { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ port: 80, nodePort: 30020 }] }));
  t.equal((await ipAddressOwners(s))['10.96.0.20'], 'default/gone');
  t.equal((await s.req('DELETE', `${svcs}/gone`)).status, 200);
  t.notOk((await ipAddressOwners(s))['10.96.0.20'], 'IPAddress deleted with the Service');
  const again = await create(s, svc('again', { type: 'NodePort', clusterIP: c.spec.clusterIP, ports: [{ port: 80, nodePort: 30020 }] }));
  t.equal(again.spec.clusterIP, '10.96.0.20', 'IP reusable');
  t.same(nodePorts(again), [30020], 'node port reusable');
});

t.test('a namespace delete releases its Services\' allocations', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', '/api/v1/namespaces', { metadata: { name: 'team' } });
  await create(s, svc('x', { type: 'NodePort', clusterIP: '10.96.0.30', ports: [{ port: 80, nodePort: 30030 }] }), '/api/v1/namespaces/team/services');
  await s.req('DELETE', '/api/v1/namespaces/team');
  // What the namespace controller does to the terminating namespace's content.
  await s.req('DELETE', '/api/v1/namespaces/team/services/x');
  t.notOk((await ipAddressOwners(s))['10.96.0.30']);
  const reuse = await create(s, svc('y', { type: 'NodePort', clusterIP: '10.96.0.30', ports: [{ port: 80, nodePort: 30030 }] }));
  t.equal(reuse.spec.clusterIP, '10.96.0.30');
});

t.test('dry run reports the allocation and keeps nothing', async (t) => {
  const s = await startTestServer(t);
  const dry = await s.req('POST', `${svcs}?dryRun=All`, svc('dry', { type: 'NodePort', clusterIP: '10.96.0.40', ports: [{ port: 80, nodePort: 30040 }] }));
  t.equal(dry.status, 201, dry.text);
  t.equal(dry.body.spec.clusterIP, '10.96.0.40');
  t.notOk((await ipAddressOwners(s))['10.96.0.40'], 'no IPAddress kept');
  const real = await create(s, svc('real', { type: 'NodePort', clusterIP: '10.96.0.40', ports: [{ port: 80, nodePort: 30040 }] }));
  t.equal(real.spec.clusterIP, '10.96.0.40', 'the dry run freed the IP and the port');
});

t.test('a failed create leaves no allocation behind', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('dup', { clusterIP: '10.96.0.50' }));
  // The second IP is allocated, then the store refuses the duplicate name: all rolled back.
  const dup = await s.req('POST', svcs, svc('dup', { type: 'NodePort', clusterIP: '10.96.0.51', ports: [{ port: 80, nodePort: 30051 }] }));
  t.equal(dup.status, 409);
  t.notOk((await ipAddressOwners(s))['10.96.0.51']);
  const ok = await create(s, svc('other', { type: 'NodePort', clusterIP: '10.96.0.51', ports: [{ port: 80, nodePort: 30051 }] }));
  t.equal(ok.spec.clusterIP, '10.96.0.51');
});

t.test('wrong JSON types are a 400 with Go\'s decode message', async (t) => {
  const s = await startTestServer(t);
  const r = await s.req('POST', svcs, { metadata: { name: 'bad' }, spec: { ports: [{ port: '80' }] } });
  t.equal(r.status, 400);
  t.equal(r.body.message, 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32');
  const frac = await s.req('POST', svcs, { metadata: { name: 'bad' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080.5 }] } });
  t.equal(frac.status, 400);
  t.equal(frac.body.message, 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number 30080.5 into Go struct field ServicePort.spec.ports.nodePort of type int32');
  const patched = await s.req('POST', svcs, svc('good'));
  t.equal(patched.status, 201);
  const p = await s.req('PATCH', `${svcs}/good`, { spec: { type: 1 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(p.status, 400);
  t.equal(p.body.message, 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal number into Go struct field ServiceSpec.spec.type of type string');
  t.equal((await s.req('GET', svcs)).body.items.filter((x: { metadata: { name: string } }) => x.metadata.name === 'bad').length, 0, 'nothing stored');
});

t.test('PUT of a missing Service creates it, with allocation', async (t) => {
  const s = await startTestServer(t);
  const r = await s.req('PUT', `${svcs}/put-created`, svc('put-created', { type: 'NodePort' }));
  t.equal(r.status, 201, r.text);
  t.match(r.body.spec.clusterIP, /^10\./);
  t.ok(nodePorts(r.body)[0] >= 30000);
  t.equal((await ipAddressOwners(s))[r.body.spec.clusterIP], 'default/put-created');
});
