/**
 * A ServiceCIDR that is terminating, or whose Ready condition is not True, hands out no new
 * ClusterIP (kube's MetaAllocator skips such ranges); what it holds stays held. No controllers
 * run here, so the finalizer and the conditions are written by the test.
 */
import t from 'tap';
import { startTestServer, tempDir, type TestServer } from './harness.js';
import { create, servicecidrs, svc, svcs, type Json } from './serviceFixtures.js';

const extra = (finalizers: string[] = ['example.com/hold']): Json => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'extra', finalizers }, spec: { cidrs: ['10.1.0.0/28'] },
});

const outOfRange = (name: string, ip: string): string =>
  `Service "${name}" is invalid: spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: ` +
  `the provided IP (${ip}) is not in the valid range. The range of valid IPs is 10.0.0.0/28`;

async function setReady(s: TestServer, status: string, reason = ''): Promise<void> {
  const cur = (await s.req('GET', `${servicecidrs}/extra`)).body;
  cur.status = { conditions: [{ type: 'Ready', status, reason, message: 'set by the test', lastTransitionTime: '2025-01-01T00:00:00Z' }] };
  const r = await s.req('PUT', `${servicecidrs}/extra/status`, cur);
  if (r.status !== 200) throw new Error(`status: ${r.status} ${r.text}`);
}

t.test('Ready False closes the range, Ready True reopens it', async (t) => {
  const s = await startTestServer(t, { serviceClusterIPRange: '10.0.0.0/28' });
  await create(s, extra([]), servicecidrs);
  t.equal((await create(s, svc('a', { clusterIP: '10.1.0.5' }))).spec.clusterIP, '10.1.0.5', 'no condition yet: open');
  await setReady(s, 'False', 'Broken');
  const refused = await s.req('POST', svcs, svc('b', { clusterIP: '10.1.0.6' }));
  t.equal(refused.status, 422);
  t.equal(refused.body.message, outOfRange('b', '10.1.0.6'));
  await setReady(s, 'True');
  t.equal((await create(s, svc('b', { clusterIP: '10.1.0.6' }))).spec.clusterIP, '10.1.0.6');
});

t.test('a terminating ServiceCIDR hands out nothing, keeps what it holds, and survives a restart so', async (t) => {
  const dir = tempDir(t);
  const opts = { dir, serviceClusterIPRange: '10.0.0.0/28' };
  {
    const s = await startTestServer(t, opts);
    await create(s, extra(), servicecidrs);
    await create(s, svc('held', { clusterIP: '10.1.0.5' }));
    const del = await s.req('DELETE', `${servicecidrs}/extra`);
    t.ok(del.body.metadata.deletionTimestamp, 'kept by its finalizer, terminating');
    const refused = await s.req('POST', svcs, svc('late', { clusterIP: '10.1.0.7' }));
    t.equal(refused.status, 422);
    t.equal(refused.body.message, outOfRange('late', '10.1.0.7'));
    const dry = await s.req('POST', `${svcs}?dryRun=All`, svc('dry', { clusterIP: '10.0.0.9' }));
    t.equal(dry.status, 201, 'the open range still works');
    await s.server.close();
  }
  const s = await startTestServer(t, opts);
  t.equal((await s.req('POST', svcs, svc('late', { clusterIP: '10.1.0.7' }))).status, 422, 'still closed after a restart');
  // 14 usable addresses in the default /28, one is default/kubernetes': 13 dynamic picks, all there.
  const made: string[] = [];
  for (let i = 0; i < 13; i++) made.push((await create(s, svc(`d${i}`))).spec.clusterIP);
  t.ok(made.every((ip) => ip.startsWith('10.0.0.')), 'dynamic picks never come from the terminating range');
  const full = await s.req('POST', svcs, svc('one-too-many'));
  t.equal(full.status, 500, 'the default range is full: the terminating one is not used');
  t.equal(full.body.message, 'Internal error occurred: failed to allocate a serviceIP: range is full');
  t.equal((await s.req('GET', `${svcs}/held`)).body.spec.clusterIP, '10.1.0.5', 'what it held stays');
  t.equal((await s.req('DELETE', `${svcs}/held`)).status, 200);
  const gone = await s.req('PATCH', `${servicecidrs}/extra`, { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(gone.status, 200, 'the last finalizer removed: the ServiceCIDR goes');
  t.equal((await s.req('GET', `${servicecidrs}/extra`)).status, 404);
});

t.test('a new ServiceCIDR naming the CIDR of a terminating one reopens the range', async (t) => {
  const s = await startTestServer(t, { serviceClusterIPRange: '10.0.0.0/28' });
  await create(s, extra(), servicecidrs);
  await s.req('DELETE', `${servicecidrs}/extra`);
  t.equal((await s.req('POST', svcs, svc('x', { clusterIP: '10.1.0.9' }))).status, 422);
  await create(s, { ...extra([]), metadata: { name: 'extra-2' } }, servicecidrs);
  t.equal((await create(s, svc('x', { clusterIP: '10.1.0.9' }))).spec.clusterIP, '10.1.0.9');
});
