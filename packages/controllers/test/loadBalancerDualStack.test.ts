import t from 'tap';
import type { Service } from '@miniplane/api/service/types';
import type { ControllersOptions, RunningControllers } from '../src/manager.js';
import { eventually, ingressOf, runControllers, serviceManifest, sleep, startTestServer, waitForIngress, type Harness } from './harness.js';

// A dual-stack server (ClusterIPs of both families) with the LoadBalancer controller over a pool
// of both families: one ingress address per entry of spec.ipFamilies, in that order.
const dualStackServer = { serviceClusterIPRange: '10.96.0.0/16,fd00:10:96::/112' };
const dualPool = '198.51.100.0/24,2001:db8:5::/112';

const controllers = (t: Tap.Test, h: Harness, o: ControllersOptions = {}): Promise<RunningControllers> => runControllers(t, h, { loadBalancerIPRange: dualPool, ...o });

const lb = (name: string, spec: Record<string, unknown> = {}) => serviceManifest(name, { type: 'LoadBalancer', ...spec });

t.test('RequireDualStack gets one IPv4 and one IPv6 address; an IPv6-only Service only IPv6', async (t) => {
  const h = await startTestServer(t, dualStackServer);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await controllers(t, h);
  const created = await svcs.create(lb('dual', { ipFamilyPolicy: 'RequireDualStack' }));
  t.same(created.spec?.ipFamilies, ['IPv4', 'IPv6'], 'the apiserver gave it both families');
  const dual = await waitForIngress(h, 'dual', ['198.51.100.1', '2001:db8:5::1']);
  t.same(dual.status?.loadBalancer?.ingress, [{ ip: '198.51.100.1', ipMode: 'VIP' }, { ip: '2001:db8:5::1', ipMode: 'VIP' }]);

  await svcs.create(lb('v6', { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] }));
  await waitForIngress(h, 'v6', ['2001:db8:5::2']);
  await svcs.create(lb('v6first', { ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6', 'IPv4'] }));
  await waitForIngress(h, 'v6first', ['2001:db8:5::3', '198.51.100.2']);

  const row = await h.kubectl('get', 'svc', 'dual', '--no-headers');
  t.match(row.stdout, /^dual\s+LoadBalancer\s+\S+\s+198\.51\.100\.1,2001:db8:5::1\s+80:\d+\/TCP/, 'EXTERNAL-IP shows both');
  const events = await eventually(async () => {
    const evs = await h.events('IPAllocated');
    return evs.length === 3 ? evs : undefined;
  }, 3000, 'three IPAllocated events');
  t.match(events.find((e) => e.involvedObject?.name === 'dual'), { type: 'Normal', message: 'Assigned IP ["198.51.100.1" "2001:db8:5::1"]' });
  await sleep(300); // let the controller see its own writes come back
  t.equal(h.client.count('PATCH', '/services/'), 3, 'one status write per Service');
});

t.test('pins per family: metallb.io/loadBalancerIPs, and spec.loadBalancerIP for one family', async (t) => {
  const h = await startTestServer(t, dualStackServer);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await controllers(t, h);
  const pinned = lb('pinned', { ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] });
  pinned.metadata.annotations = { 'metallb.io/loadBalancerIPs': '198.51.100.77,2001:db8:5::77' };
  await svcs.create(pinned);
  await svcs.create(lb('half', { ipFamilyPolicy: 'RequireDualStack', loadBalancerIP: '198.51.100.78' }));
  await waitForIngress(h, 'pinned', ['2001:db8:5::77', '198.51.100.77']);
  await waitForIngress(h, 'half', ['198.51.100.78', '2001:db8:5::1']);
  t.pass('pins honoured per family, the unpinned family allocated');
});

t.test('IPv4 exhausted: AllocationFailed for RequireDualStack, IPv6 still served; a delete frees both families', async (t) => {
  const h = await startTestServer(t, dualStackServer);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await controllers(t, h, { loadBalancerIPRange: '198.51.100.9/32,2001:db8:5::/112' });
  await svcs.create(lb('a', { ipFamilyPolicy: 'RequireDualStack' }));
  await waitForIngress(h, 'a', ['198.51.100.9', '2001:db8:5::1']);
  await svcs.create(lb('b', { ipFamilyPolicy: 'RequireDualStack' }));
  const [failed] = await eventually(() => h.events('AllocationFailed'), 3000, 'AllocationFailed');
  t.match(failed, { type: 'Warning', message: 'Failed to allocate IP for "default/b": no available IPs', involvedObject: { name: 'b' }, count: 1 });
  await svcs.create(lb('c', { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] }));
  await waitForIngress(h, 'c', ['2001:db8:5::2']);
  t.same(ingressOf(await svcs.get('b')), [], 'b waits with nothing, not half an assignment');

  await svcs.delete('a');
  await waitForIngress(h, 'b', ['198.51.100.9', '2001:db8:5::1']);
  t.pass('both of the deleted Service\'s addresses went to the waiting one');
  await svcs.patch('b', { spec: { type: 'ClusterIP', ports: [{ port: 80, nodePort: null }] } }, 'merge');
  await waitForIngress(h, 'b', []);
  await svcs.create(lb('d', { ipFamilyPolicy: 'PreferDualStack' }));
  await waitForIngress(h, 'd', ['198.51.100.9', '2001:db8:5::1']);
  t.pass('a type change freed both families too');
});

t.test('an IPv4-only pool on a dual-stack server: PreferDualStack gets IPv4, RequireDualStack fails', async (t) => {
  const h = await startTestServer(t, dualStackServer);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await controllers(t, h, { loadBalancerIPRange: '198.51.100.0/24' });
  await svcs.create(lb('prefer', { ipFamilyPolicy: 'PreferDualStack' }));
  await svcs.create(lb('require', { ipFamilyPolicy: 'RequireDualStack' }));
  await waitForIngress(h, 'prefer', ['198.51.100.1']);
  const [failed] = await eventually(() => h.events('AllocationFailed'), 3000, 'AllocationFailed');
  t.match(failed, {
    involvedObject: { name: 'require' },
    message: 'Failed to allocate IP for "default/require": no available IPs of the Service\'s IP families ["IPv4","IPv6"] (the pool 198.51.100.0/24 is IPv4)',
  });
  await sleep(300);
  t.equal((await h.events('AllocationFailed')).length, 1, 'PreferDualStack missing a family without a range is no failure');
});
