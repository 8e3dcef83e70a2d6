import t from 'tap';
import { pino } from 'pino';
import { IPAllocatorManager, IPFamilyLabel, ManagedByLabel } from '@miniplane/api/service/kubernetesService';
import type { IPAddressObject } from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import { NotFound } from '@miniplane/api';
import { startControllers, type ControllersOptions } from '../src/manager.js';
import type { RepairPassResult } from '../src/repair/controller.js';
import { eventually, serviceManifest, sleep, startTestServer, type Harness } from './harness.js';

const quiet = pino({ level: 'silent' });

/** Only the repair controller (its writes are the ones counted), repairing every 100 ms; resolves passes as they complete. */
async function repair(t: Tap.Test, h: Harness, o: ControllersOptions = {}): Promise<{ passes: RepairPassResult[] }> {
  const passes: RepairPassResult[] = [];
  const c = await startControllers({
    client: h.client, controllers: 'repair', leaderElect: false, logger: quiet, repairIntervalMs: 100, onRepairPass: (r) => void passes.push(r), ...o,
  });
  t.teardown(() => c.stop());
  await eventually(() => passes.length > 0, 5000, 'first repair pass');
  return { passes };
}

const gone = async (p: Promise<unknown>): Promise<boolean> => p.then(() => false, (e: unknown) => e instanceof NotFound);

t.test('a deleted IPAddress is recreated for its Service, with a ClusterIPNotAllocated Event', async (t) => {
  const h = await startTestServer(t);
  const svcs = h.res<Service>('v1', 'Service', 'default');
  const ips = h.res<IPAddressObject>('networking.k8s.io/v1', 'IPAddress');
  const svc = await svcs.create(serviceManifest('web'));
  const ip = svc.spec!.clusterIP!;
  const { passes } = await repair(t, h);
  t.same(passes[0], { created: 0, deleted: 0, skipped: 0, warnings: 0, pendingLeaks: 0 }, 'a consistent cluster: nothing to do');
  t.same(h.client.serviceWrites, []);

  await ips.delete(ip);
  const back = await eventually(() => ips.get(ip).catch(() => undefined), 3000, 'IPAddress recreated');
  t.match(back, {
    metadata: { labels: { [ManagedByLabel]: IPAllocatorManager, [IPFamilyLabel]: 'IPv4' } },
    spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'web' } },
  });
  const [ev] = await eventually(() => h.events('ClusterIPNotAllocated'), 2000, 'Event');
  t.match(ev, {
    type: 'Warning', message: `Cluster IP [IPv4]: ${ip} is not allocated; repairing`,
    involvedObject: { kind: 'Service', namespace: 'default', name: 'web', uid: svc.metadata.uid },
    source: { component: 'ipallocator-repair-controller' }, reportingComponent: 'ipallocator-repair-controller', count: 1,
  });
  await sleep(300);
  t.same(h.client.serviceWrites, ['POST /apis/networking.k8s.io/v1/ipaddresses', 'POST /api/v1/namespaces/default/events'], 'one create, one Event, nothing after');

  // The repaired reservation holds: the IP cannot be handed out again.
  const dup = await svcs.create(serviceManifest('dup', { clusterIP: ip })).catch((e: Error) => e);
  t.match(dup, { code: 422, message: /provided IP is already allocated/ });
});

t.test('a leaked IPAddress is removed after the grace period, and its IP is free again', async (t) => {
  const h = await startTestServer(t);
  const ips = h.res<IPAddressObject>('networking.k8s.io/v1', 'IPAddress');
  const svcs = h.res<Service>('v1', 'Service', 'default');
  const leak = '10.96.200.200';
  await ips.create({
    apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress',
    metadata: { name: leak, labels: { [IPFamilyLabel]: 'IPv4', [ManagedByLabel]: IPAllocatorManager } },
    spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'never-created' } },
  });
  const taken = await svcs.create(serviceManifest('early', { clusterIP: leak })).catch((e: Error) => e);
  t.match(taken, { code: 422 }, 'while the IPAddress exists the IP is reserved');

  const grace = 1500;
  const started = Date.now();
  const { passes } = await repair(t, h, { leakGracePeriodMs: grace });
  t.equal(passes[0]!.pendingLeaks, 1, 'seen as a leak at once');
  await sleep(grace / 2);
  t.notOk(await gone(ips.get(leak)), 'kept inside the grace period');
  await eventually(() => gone(ips.get(leak)), 5000, 'leak deleted');
  t.ok(Date.now() - started >= grace, 'not before the grace period');
  const [ev] = await eventually(() => h.events('IPAddressNotAllocated'), 2000, 'Event');
  t.match(ev, {
    metadata: { namespace: 'default' }, message: `IPAddress: ${leak} for Service default/never-created appears to have leaked: cleaning up`,
    involvedObject: { kind: 'IPAddress', name: leak },
  });
  t.equal(h.client.count('DELETE', '/ipaddresses/'), 1);

  const svc = await svcs.create(serviceManifest('late', { clusterIP: leak }));
  t.equal(svc.spec?.clusterIP, leak, 'the IP is free again');
  await sleep(300);
  t.equal(h.client.count('POST', '/ipaddresses'), 0, 'the new owner needs no repair');
});

t.test('an IPAddress that names the wrong parent is recreated for the Service holding the IP', async (t) => {
  const h = await startTestServer(t);
  const ips = h.res<IPAddressObject>('networking.k8s.io/v1', 'IPAddress');
  const svc = await h.res<Service>('v1', 'Service', 'default').create(serviceManifest('web'));
  const ip = svc.spec!.clusterIP!;
  const old = await ips.get(ip);
  // What a buggy writer might leave behind: the reservation for web, recorded against another name.
  await ips.delete(ip);
  await ips.create({ ...old, metadata: { name: ip, labels: old.metadata.labels }, spec: { parentRef: { group: '', resource: 'services', namespace: 'default', name: 'other' } } });
  await repair(t, h);
  await eventually(async () => (await ips.get(ip)).spec?.parentRef?.name === 'web', 3000, 'parentRef repaired');
  const [ev] = await eventually(() => h.events('ClusterIPNotAllocated'), 2000, 'Event');
  t.equal(ev!.message, `the ClusterIP [IPv4]: ${ip} for Service default/web has a wrong reference; repairing`);
  t.equal(h.client.count('DELETE', '/ipaddresses/'), 1);
  t.equal(h.client.count('POST', '/ipaddresses'), 1);
});
