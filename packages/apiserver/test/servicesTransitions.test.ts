import t from 'tap';
import { startTestServer, type TestServer } from './harness.js';
import { create, edit, ipAddressOwners, nodePorts, svc, svcs, type Json } from './serviceFixtures.js';

async function ok(t: Tap.Test, reply: Promise<{ status: number; body: Json; text: string }>): Promise<Json> {
  const r = await reply;
  t.equal(r.status, 200, r.text);
  return r.body;
}

/** True if another Service may take this node port now (it was released). */
async function portFree(s: TestServer, port: number, probe: string): Promise<boolean> {
  const r = await s.req('POST', `${svcs}?dryRun=All`, svc(probe, { type: 'NodePort', ports: [{ port: 80, nodePort: port }] }));
  return r.status === 201;
}

t.test('ClusterIP → NodePort → LoadBalancer → NodePort → ClusterIP', async (t) => {
  const s = await startTestServer(t);
  const c = await create(s, svc('web'));
  const ip = c.spec.clusterIP;

  const np = await ok(t, edit(s, 'web', (o) => (o.spec.type = 'NodePort')));
  const [port] = nodePorts(np);
  t.ok(port >= 30000, 'ClusterIP → NodePort allocates a node port');
  t.equal(np.spec.clusterIP, ip, 'and keeps the IP');
  t.equal(np.spec.externalTrafficPolicy, 'Cluster');

  const lb = await ok(t, edit(s, 'web', (o) => (o.spec.type = 'LoadBalancer')));
  t.same(nodePorts(lb), [port], 'NodePort → LoadBalancer keeps the node port');
  t.equal(lb.spec.allocateLoadBalancerNodePorts, true);
  t.same(lb.status, { loadBalancer: {} }, 'no ingress yet: kubectl shows <pending>');

  const back = await ok(t, edit(s, 'web', (o) => (o.spec.type = 'NodePort')));
  t.same(nodePorts(back), [port], 'LoadBalancer → NodePort keeps it too');
  t.notOk('allocateLoadBalancerNodePorts' in back.spec, 'LB-only field dropped');

  t.notOk(await portFree(s, port, 'probe1'), 'still taken');
  const cip = await ok(t, edit(s, 'web', (o) => (o.spec.type = 'ClusterIP')));
  t.same(nodePorts(cip), [undefined], '→ ClusterIP wipes the node port');
  t.notOk('externalTrafficPolicy' in cip.spec);
  t.ok(await portFree(s, port, 'probe2'), 'and releases it');
  t.equal(cip.spec.clusterIP, ip, 'IP unchanged throughout');
});

t.test('ClusterIP → ExternalName releases the IP; ExternalName → ClusterIP allocates one', async (t) => {
  const s = await startTestServer(t);
  const c = await create(s, svc('web', { type: 'NodePort', clusterIP: '10.96.0.60', ports: [{ port: 80, nodePort: 30060 }] }));
  t.equal((await ipAddressOwners(s))['10.96.0.60'], 'default/web');
  const en = await ok(t, edit(s, 'web', (o) => Object.assign(o.spec, { type: 'ExternalName', externalName: 'db.example.com' })));
  t.notOk(en.spec.clusterIP, 'clusterIP cleared');
  t.notOk(en.spec.clusterIPs);
  t.notOk(en.spec.ipFamilies, 'families cleared');
  t.notOk(en.spec.ipFamilyPolicy);
  t.same(nodePorts(en), [undefined]);
  t.notOk((await ipAddressOwners(s))['10.96.0.60'], 'IPAddress deleted');
  t.ok(await portFree(s, 30060, 'probe'), 'node port released');

  const back = await ok(t, edit(s, 'web', (o) => Object.assign(o.spec, { type: 'ClusterIP', externalName: undefined })));
  t.match(back.spec.clusterIP, /^10\./, 'a new IP');
  t.same(back.spec.ipFamilies, ['IPv4']);
  t.equal((await ipAddressOwners(s))[back.spec.clusterIP], 'default/web');
  t.not(c.spec.clusterIP, undefined);
});

t.test('clusterIP may not change; headless may not become headful', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('web', { clusterIP: '10.96.0.70' }));
  const moved = await edit(s, 'web', (o) => (o.spec.clusterIP = '10.96.0.71'));
  t.equal(moved.status, 422);
  t.equal(moved.body.message, 'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.71"}: may not change once set');
  await create(s, svc('hl', { clusterIP: 'None' }));
  const headful = await edit(s, 'hl', (o) => Object.assign(o.spec, { clusterIP: '10.96.0.72', clusterIPs: ['10.96.0.72'] }));
  t.equal(headful.body.message, 'Service "hl" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.72"}: may not change once set');
  const toNodePort = await edit(s, 'hl', (o) => (o.spec.type = 'NodePort'));
  t.equal(toNodePort.body.message, "Service \"hl\" is invalid: spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services");
  // Headless → ExternalName → ClusterIP is the way to get an IP.
  await ok(t, edit(s, 'hl', (o) => Object.assign(o.spec, { type: 'ExternalName', externalName: 'x.example.com', clusterIP: undefined, clusterIPs: undefined })));
  const ip = await ok(t, edit(s, 'hl', (o) => Object.assign(o.spec, { type: 'ClusterIP', externalName: undefined })));
  t.match(ip.spec.clusterIP, /^10\./);
});

t.test('resubmitting the same manifest keeps the allocated IP and node ports', async (t) => {
  const s = await startTestServer(t);
  const manifest = svc('web', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] });
  const c = await create(s, manifest);
  const cur = (await s.req('GET', `${svcs}/web`)).body;
  const again = await ok(t, s.req('PUT', `${svcs}/web`, { ...manifest, metadata: { ...manifest.metadata, resourceVersion: cur.metadata.resourceVersion } }));
  t.equal(again.spec.clusterIP, c.spec.clusterIP);
  t.same(nodePorts(again), nodePorts(c));
});

t.test('changing a node port moves the allocation', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30090 }] }));
  const moved = await ok(t, edit(s, 'web', (o) => (o.spec.ports[0].nodePort = 30091)));
  t.same(nodePorts(moved), [30091]);
  t.ok(await portFree(s, 30090, 'probe'), 'old one released');
  t.notOk(await portFree(s, 30091, 'probe2'), 'new one held');
  await create(s, svc('other', { type: 'NodePort', ports: [{ port: 80, nodePort: 30092 }] }));
  const clash = await edit(s, 'web', (o) => (o.spec.ports[0].nodePort = 30092));
  t.equal(clash.body.message, 'Service "web" is invalid: spec.ports[0].nodePort: Invalid value: 30092: provided port is already allocated');
  t.notOk(await portFree(s, 30091, 'probe3'), 'the refused update released nothing');
});

t.test('externalTrafficPolicy Local ↔ Cluster allocates and releases the healthCheckNodePort', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('lb', { type: 'LoadBalancer' }));
  const local = await ok(t, edit(s, 'lb', (o) => (o.spec.externalTrafficPolicy = 'Local')));
  const hc = local.spec.healthCheckNodePort;
  t.ok(hc >= 30000, 'allocated');
  t.notOk(await portFree(s, hc, 'probe'));
  const moved = await edit(s, 'lb', (o) => (o.spec.healthCheckNodePort = hc + 1));
  t.equal(moved.body.message, 'Service "lb" is invalid: spec.healthCheckNodePort: Forbidden: field is immutable');
  const cluster = await ok(t, edit(s, 'lb', (o) => (o.spec.externalTrafficPolicy = 'Cluster')));
  t.notOk(cluster.spec.healthCheckNodePort, 'wiped');
  t.ok(await portFree(s, hc, 'probe2'), 'released');
});

t.test('loadBalancerClass may not change while the Service stays a LoadBalancer', async (t) => {
  const s = await startTestServer(t);
  await create(s, svc('lb', { type: 'LoadBalancer', loadBalancerClass: 'example.com/a' }));
  const r = await edit(s, 'lb', (o) => (o.spec.loadBalancerClass = 'example.com/b'));
  t.equal(r.body.message, 'Service "lb" is invalid: spec.loadBalancerClass: Invalid value: "example.com/b": may not change once set');
  const np = await ok(t, edit(s, 'lb', (o) => (o.spec.type = 'NodePort')));
  t.notOk('loadBalancerClass' in np.spec, 'dropped when leaving LoadBalancer');
});

t.test('patches go through the same rules (kubectl patch)', async (t) => {
  const s = await startTestServer(t);
  const c = await create(s, svc('getip-service', { type: 'NodePort' }));
  const merge = { 'content-type': 'application/merge-patch+json' };
  const sticky = await ok(t, s.req('PATCH', `${svcs}/getip-service`, { spec: { sessionAffinity: 'ClientIP' } }, { 'content-type': 'application/strategic-merge-patch+json' }));
  t.same(sticky.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  const lb = await ok(t, s.req('PATCH', `${svcs}/getip-service`, { spec: { type: 'LoadBalancer' } }, merge));
  t.same(nodePorts(lb), nodePorts(c), 'node port kept');
  const en = await ok(t, s.req('PATCH', `${svcs}/getip-service`, { spec: { type: 'ExternalName', externalName: 'a.example.com' } }, merge));
  t.notOk(en.spec.clusterIP);
  t.notOk((await ipAddressOwners(s))[c.spec.clusterIP], 'IP released by a patch too');
});

t.test('a dry-run update changes no allocation', async (t) => {
  const s = await startTestServer(t);
  const c = await create(s, svc('web', { type: 'NodePort', ports: [{ port: 80, nodePort: 30093 }] }));
  const cur = (await s.req('GET', `${svcs}/web`)).body;
  const dry = await s.req('PUT', `${svcs}/web?dryRun=All`, { ...cur, spec: { ...cur.spec, type: 'ExternalName', externalName: 'a.example.com' } });
  t.equal(dry.status, 200, dry.text);
  t.notOk(dry.body.spec.clusterIP, 'the reply shows the release');
  t.equal((await ipAddressOwners(s))[c.spec.clusterIP], 'default/web', 'IPAddress kept');
  t.notOk(await portFree(s, 30093, 'probe'), 'node port kept');
});
