import t from 'tap';
import { startTestServer, tempDir } from './harness.js';
import { create, ipAddressOwners, ipaddresses, nodePorts, servicecidrs, svc, svcs, type Json } from './serviceFixtures.js';

t.test('200 parallel NodePort creates: every IP and node port distinct, one IPAddress each', async (t) => {
  const s = await startTestServer(t);
  const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => s.req('POST', svcs, svc(`np-${i}`, { type: 'NodePort' }))));
  t.same([...new Set(replies.map((r) => r.status))], [201]);
  const ips = replies.map((r) => r.body.spec.clusterIP as string);
  const ports = replies.map((r) => nodePorts(r.body)[0] as number);
  t.equal(new Set(ips).size, 200, 'IPs distinct');
  t.equal(new Set(ports).size, 200, 'node ports distinct');
  t.notOk(ips.includes('10.96.0.1'), 'the kubernetes Service IP is never handed out');
  const owners = await ipAddressOwners(s);
  t.equal(Object.keys(owners).length, 201, 'one IPAddress per Service, plus kubernetes');
  t.ok(ips.every((ip, i) => owners[ip] === `default/np-${i}`), 'each points at its Service');
});

t.test('a /28 fills, the next create gets kube\'s 500, a delete frees one', async (t) => {
  const s = await startTestServer(t, { serviceClusterIPRange: '10.0.0.0/28' });
  // 16 addresses minus network and broadcast = 14; 10.0.0.1 is the kubernetes Service's.
  const made: Json[] = [];
  for (let i = 0; i < 13; i++) made.push(await create(s, svc(`s${i}`)));
  t.equal(new Set(made.map((m) => m.spec.clusterIP)).size, 13);
  const full = await s.req('POST', svcs, svc('one-too-many'));
  t.equal(full.status, 500);
  t.equal(full.body.reason, 'InternalError');
  t.equal(full.body.message, 'Internal error occurred: failed to allocate a serviceIP: range is full');
  t.equal((await s.req('GET', `${svcs}/one-too-many`)).status, 404, 'nothing stored');
  const freed = made[5].spec.clusterIP;
  await s.req('DELETE', `${svcs}/s5`);
  const next = await create(s, svc('after-delete'));
  t.equal(next.spec.clusterIP, freed, 'the freed IP is the only one left');
  t.equal((await s.req('POST', svcs, svc('again'))).status, 500, 'full again');
  // Headless and ExternalName Services need no IP, so a full range does not stop them.
  t.equal((await s.req('POST', svcs, svc('hl', { clusterIP: 'None' }))).status, 201);
});

t.test('a full node-port range is kube\'s 500', async (t) => {
  const s = await startTestServer(t, { serviceNodePortRange: '30000-30004' });
  for (let i = 0; i < 5; i++) await create(s, svc(`n${i}`, { type: 'NodePort' }));
  const full = await s.req('POST', svcs, svc('n5', { type: 'NodePort' }));
  t.equal(full.status, 500);
  t.equal(full.body.message, 'Internal error occurred: failed to allocate a nodePort: range is full');
  t.notOk(Object.values(await ipAddressOwners(s)).includes('default/n5'), 'its ClusterIP was rolled back');
  const outside = await s.req('POST', svcs, svc('o', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
  t.equal(outside.body.message, 'Service "o" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is not in the valid range. The range of valid ports is 30000-30004');
});

t.test('a restart keeps every allocation: no duplicate afterwards', async (t) => {
  const dir = tempDir(t);
  const opts = { dir, serviceClusterIPRange: '10.0.0.0/28', serviceNodePortRange: '30000-30015' };
  const before: Json[] = [];
  {
    const s = await startTestServer(t, opts);
    // The chosen IP first: a /28 has no static band, so a random pick could take it.
    await create(s, svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '10.0.0.14' }));
    for (let i = 0; i < 6; i++) before.push(await create(s, svc(`b${i}`, { type: 'NodePort' })));
    await s.server.close();
  }
  const s = await startTestServer(t, opts);
  t.equal((await s.req('GET', `${svcs}/kubernetes`)).body.spec.clusterIP, '10.0.0.1', 'kubernetes Service not recreated');
  t.equal((await s.req('GET', servicecidrs)).body.items.length, 1, 'default ServiceCIDR not duplicated');
  const taken = await s.req('POST', svcs, svc('dup', { clusterIP: before[0].spec.clusterIP }));
  t.equal(taken.body.message, `Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"${before[0].spec.clusterIP}"}: failed to allocate IP ${before[0].spec.clusterIP}: provided IP is already allocated`);
  const after: Json[] = [];
  for (let i = 0; i < 6; i++) after.push(await create(s, svc(`a${i}`, { type: 'NodePort' })));
  const all = [...before, ...after];
  t.equal(new Set(all.map((x) => x.spec.clusterIP)).size, 12, 'IPs distinct across the restart');
  t.equal(new Set(all.map((x) => nodePorts(x)[0])).size, 12, 'node ports distinct across the restart');
  const lb = (await s.req('GET', `${svcs}/lb`)).body;
  const used = new Set([...all.map((x) => nodePorts(x)[0]), nodePorts(lb)[0], lb.spec.healthCheckNodePort]);
  t.equal(used.size, 14, 'the LoadBalancer\'s node port and health-check port were restored too');
  t.equal((await s.req('POST', svcs, svc('last'))).status, 500, 'the /28 is exactly full: 1 + 6 + 1 + 6');
});

t.test('ServiceCIDRs added at run time grow the range; one in use cannot be deleted', async (t) => {
  const s = await startTestServer(t, { serviceClusterIPRange: '10.0.0.0/29' });
  for (let i = 0; i < 5; i++) await create(s, svc(`s${i}`));
  t.equal((await s.req('POST', svcs, svc('full'))).status, 500, '/29: 6 usable, all taken');
  const extra = await s.req('POST', servicecidrs, { metadata: { name: 'extra' }, spec: { cidrs: ['10.1.0.0/28'] } });
  t.equal(extra.status, 201, extra.text);
  const chosen = await create(s, svc('chosen', { clusterIP: '10.1.0.9' }));
  t.equal(chosen.spec.clusterIP, '10.1.0.9', 'a chosen IP in the new range');
  const grown = await create(s, svc('grown'));
  t.match(grown.spec.clusterIP, /^10\.1\.0\./, 'allocated from the new ServiceCIDR');
  const refused = await s.req('DELETE', `${servicecidrs}/extra`);
  t.equal(refused.status, 409);
  t.equal(refused.body.message, 'Operation cannot be fulfilled on servicecidrs.networking.k8s.io "extra": There are still IPAddresses referencing the ServiceCIDR, please remove them or create a new ServiceCIDR');
  await s.req('DELETE', `${svcs}/grown`);
  await s.req('DELETE', `${svcs}/chosen`);
  t.equal((await s.req('DELETE', `${servicecidrs}/extra`)).status, 200, 'deletable once empty');
  t.equal((await s.req('POST', svcs, svc('gone'))).status, 500, 'the range shrank back');
  const invalid = await s.req('POST', servicecidrs, { metadata: { name: 'bad' }, spec: { cidrs: ['10.2.0.0/28', '10.3.0.0/28'] } });
  t.equal(invalid.body.message, 'ServiceCIDR.networking.k8s.io "bad" is invalid: spec.cidrs: Invalid value: networking.ServiceCIDRSpec{CIDRs:[]string{"10.2.0.0/28", "10.3.0.0/28"}}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64');
});

t.test('a ServiceCIDR added at run time survives a restart', async (t) => {
  const dir = tempDir(t);
  const opts = { dir, serviceClusterIPRange: '10.0.0.0/29' };
  {
    const s = await startTestServer(t, opts);
    await create(s, { metadata: { name: 'extra' }, spec: { cidrs: ['10.1.0.0/28'] } }, servicecidrs);
    await create(s, svc('in-extra', { clusterIP: '10.1.0.3' }));
    await s.server.close();
  }
  const s = await startTestServer(t, opts);
  const again = await s.req('POST', svcs, svc('dup', { clusterIP: '10.1.0.3' }));
  t.match(again.body.message, /provided IP is already allocated/, 'its allocation is restored');
  t.equal((await create(s, svc('other', { clusterIP: '10.1.0.4' }))).spec.clusterIP, '10.1.0.4', 'and its range is served');
});

t.test('a user-created IPAddress reserves its IP', async (t) => {
  const s = await startTestServer(t);
  const ipa = { metadata: { name: '10.96.0.77' }, spec: { parentRef: { group: 'example.com', resource: 'things', name: 'mine' } } };
  t.equal((await s.req('POST', ipaddresses, ipa)).status, 201);
  const r = await s.req('POST', svcs, svc('x', { clusterIP: '10.96.0.77' }));
  t.match(r.body.message, /failed to allocate IP 10\.96\.0\.77: provided IP is already allocated/);
  await s.req('DELETE', `${ipaddresses}/10.96.0.77`);
  t.equal((await create(s, svc('y', { clusterIP: '10.96.0.77' }))).spec.clusterIP, '10.96.0.77', 'freed with the object');
  const bad = await s.req('POST', ipaddresses, { metadata: { name: 'fd00:0::1' }, spec: { parentRef: { resource: 'services', name: 'z' } } });
  t.equal(bad.body.message, 'IPAddress.networking.k8s.io "fd00:0::1" is invalid: metadata.name: Invalid value: "fd00:0::1": must be in canonical form ("fd00::1")');
});

t.test('dual-stack range: PreferDualStack gets an IP of each family', async (t) => {
  const s = await startTestServer(t, { serviceClusterIPRange: '10.96.0.0/16,fd00:10:96::/112' });
  const c = await create(s, svc('dual', { ipFamilyPolicy: 'PreferDualStack' }));
  t.match(c.spec.clusterIPs, [/^10\.96\./, /^fd00:10:96::/]);
  t.same(c.spec.ipFamilies, ['IPv4', 'IPv6']);
  const owners = await ipAddressOwners(s);
  t.equal(owners[c.spec.clusterIPs[0]], 'default/dual');
  t.equal(owners[c.spec.clusterIPs[1]], 'default/dual');
  t.same((await s.req('GET', `${servicecidrs}/kubernetes`)).body.spec.cidrs, ['10.96.0.0/16', 'fd00:10:96::/112']);
  const v6 = await create(s, svc('v6', { ipFamilies: ['IPv6'] }));
  t.match(v6.spec.clusterIP, /^fd00:10:96::/);
  const single = await s.req('PUT', `${svcs}/dual`, { ...c, spec: { ...c.spec, ipFamilyPolicy: 'SingleStack' } });
  t.equal(single.status, 200, single.text);
  t.same(single.body.spec.clusterIPs, [c.spec.clusterIPs[0]], 'downgrade keeps the primary');
  t.notOk((await ipAddressOwners(s))[c.spec.clusterIPs[1]], 'and releases the secondary');
});

t.test('a bad range is refused at start with kube\'s flag message', async (t) => {
  await t.rejects(startTestServer(t, { serviceClusterIPRange: '10.0.0.0/8' }), { message: 'specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12' });
  await t.rejects(startTestServer(t, { serviceNodePortRange: '32767-30000' }), { message: 'end port cannot be less than start port: 32767-30000' });
});
