import t from 'tap';
import type { Test } from 'tap';
import type { Service } from '@miniplane/api/service/types';
import type { ControllersOptions } from '../src/manager.js';
import { eventually, ingressOf, runControllers, serviceManifest, sleep, startTestServer, waitForIngress, type Harness } from './harness.js';

/** The LoadBalancer controller alone (`--controllers loadbalancer`): every write the client records is its own. */
const controllers = (t: Test, h: Harness, o: ControllersOptions = {}) => runControllers(t, h, { controllers: 'loadbalancer', ...o });

t.test('a LoadBalancer Service gets an IP; kubectl shows it instead of <pending>', async (t) => {
  const h = await startTestServer(t);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await svcs.create(serviceManifest('web', { type: 'LoadBalancer' }));
  const before = await h.kubectl('get', 'svc', 'web', '--no-headers');
  t.match(before.stdout, /^web\s+LoadBalancer\s+\S+\s+<pending>\s+80:\d+\/TCP/, 'pending while no controller runs');

  await controllers(t, h);
  const svc = await waitForIngress(h, 'web', ['198.51.100.1']);
  t.same(svc.status?.loadBalancer?.ingress, [{ ip: '198.51.100.1', ipMode: 'VIP' }]);
  const after = await h.kubectl('get', 'svc', 'web', '--no-headers');
  t.match(after.stdout, /^web\s+LoadBalancer\s+\S+\s+198\.51\.100\.1\s+80:\d+\/TCP/, 'EXTERNAL-IP column');

  const [ev] = await eventually(() => h.events('IPAllocated'), 2000, 'IPAllocated event');
  t.match(ev, {
    type: 'Normal', message: 'Assigned IP ["198.51.100.1"]', involvedObject: { kind: 'Service', namespace: 'default', name: 'web' },
    source: { component: 'miniplane-lb-controller' }, count: 1,
  });
  await sleep(300); // let the controller see its own write come back
  t.equal(h.client.count('PATCH', '/services/web/status'), 1, 'exactly one status write');
  t.equal(h.client.count('POST', '/events'), 1, 'exactly one Event');
  t.equal(h.client.writes.length, 2, 'and nothing else');
});

t.test('NodePort → LoadBalancer keeps its nodePort and gets an IP; → ClusterIP frees the IP', async (t) => {
  const h = await startTestServer(t);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await controllers(t, h);
  const np = await svcs.create(serviceManifest('np', { type: 'NodePort' }));
  const nodePort = np.spec!.ports![0]!.nodePort;
  t.ok(nodePort);
  await sleep(200);
  t.equal(h.client.writes.length, 0, 'a NodePort Service is not the controller business');

  await svcs.patch('np', { spec: { type: 'LoadBalancer' } }, 'merge');
  const lb = await waitForIngress(h, 'np', ['198.51.100.1']);
  t.equal(lb.spec!.ports![0]!.nodePort, nodePort, 'nodePort kept');

  await svcs.patch('np', { spec: { type: 'ClusterIP', ports: [{ port: 80, nodePort: null }] } }, 'merge');
  await waitForIngress(h, 'np', []);
  await svcs.create(serviceManifest('next', { type: 'LoadBalancer' }));
  await waitForIngress(h, 'next', ['198.51.100.1'], 5000);
  t.pass('the freed IP went to the next Service');
});

t.test('a /30 pool: exhausted → AllocationFailed; a delete frees an IP for the waiting Service', async (t) => {
  const h = await startTestServer(t);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await controllers(t, h, { loadBalancerIPRange: '198.51.100.0/30' });
  await svcs.create(serviceManifest('a', { type: 'LoadBalancer' }));
  await waitForIngress(h, 'a', ['198.51.100.1']);
  await svcs.create(serviceManifest('b', { type: 'LoadBalancer' }));
  await waitForIngress(h, 'b', ['198.51.100.2']);
  await svcs.create(serviceManifest('c', { type: 'LoadBalancer' }));
  const [failed] = await eventually(() => h.events('AllocationFailed'), 3000, 'AllocationFailed');
  t.match(failed, { type: 'Warning', message: 'Failed to allocate IP for "default/c": no available IPs', involvedObject: { name: 'c' }, count: 1 });
  const pending = await h.kubectl('get', 'svc', 'c', '--no-headers');
  t.match(pending.stdout, /<pending>/);

  // Unrelated changes re-run the pass; the unchanged failure is not reported again.
  await svcs.patch('a', { metadata: { labels: { touched: 'yes' } } }, 'merge');
  await sleep(300);
  t.equal((await h.events('AllocationFailed'))[0]!.count, 1);

  await svcs.delete('a');
  await waitForIngress(h, 'c', ['198.51.100.1']);
  t.pass('the freed IP went to the waiting Service');
});

t.test('loadBalancerIP and loadBalancerClass are honoured', async (t) => {
  const h = await startTestServer(t);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await controllers(t, h);
  await svcs.create(serviceManifest('pinned', { type: 'LoadBalancer', loadBalancerIP: '198.51.100.200' }));
  await svcs.create(serviceManifest('ours', { type: 'LoadBalancer', loadBalancerClass: 'miniplane.io/lb' }));
  await svcs.create(serviceManifest('theirs', { type: 'LoadBalancer', loadBalancerClass: 'example.com/other' }));
  await waitForIngress(h, 'pinned', ['198.51.100.200']);
  await waitForIngress(h, 'ours', ['198.51.100.1']);
  await sleep(300);
  t.same(ingressOf(await svcs.get('theirs')), [], 'another class is left to its controller');
  t.equal(h.client.writes.filter((w) => w.includes('/services/theirs')).length, 0);
});

t.test('assignments survive a controller restart: rebuilt from statuses, no writes', async (t) => {
  const h = await startTestServer(t);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  const first = await controllers(t, h);
  for (const n of ['a', 'b', 'c']) await svcs.create(serviceManifest(n, { type: 'LoadBalancer' }));
  await waitForIngress(h, 'c', ['198.51.100.3']);
  await first.stop();
  await svcs.delete('a');
  const writesBefore = h.client.writes.length;
  await controllers(t, h);
  await svcs.create(serviceManifest('d', { type: 'LoadBalancer' }));
  await waitForIngress(h, 'd', ['198.51.100.1'], 5000);
  t.same(ingressOf(await svcs.get('b')), ['198.51.100.2']);
  t.same(ingressOf(await svcs.get('c')), ['198.51.100.3']);
  t.equal(h.client.count('PATCH', '/services/') - 3, 1, 'after the restart, only d was written');
  t.equal(h.client.writes.length - writesBefore, 2, 'one status write and one Event');
});

t.test('a create storm gets distinct IPs, one write each', async (t) => {
  const h = await startTestServer(t);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await controllers(t, h);
  const n = 40;
  await Promise.all(Array.from({ length: n }, (_, i) => svcs.create(serviceManifest(`s${i}`, { type: 'LoadBalancer' }))));
  const all = await eventually(async () => {
    const items = (await svcs.list()).items.filter((s) => s.spec?.type === 'LoadBalancer');
    return items.every((s) => ingressOf(s).length === 1) ? items : undefined;
  }, 10_000, 'every Service has an IP');
  const ips = all.map((s) => ingressOf(s)[0]);
  t.equal(new Set(ips).size, n, 'all distinct');
  await sleep(300);
  t.equal(h.client.count('PATCH', '/services/'), n, 'one status write per Service');
});
