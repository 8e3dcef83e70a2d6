import t from 'tap';
import { pino } from 'pino';
import type { Service } from '@miniplane/api/service/types';
import { RestClient, type Lease } from '@miniplane/client';
import { leaseName, leaseNamespace, startControllers } from '../src/manager.js';
import { eventually, serviceManifest, sleep, startTestServer, type Harness } from './harness.js';
import { exited, spawnMiniplane } from './processes.js';

const quiet = pino({ level: 'silent' });
const lease = (h: Harness) => h.res<Lease>('coordination.k8s.io/v1', 'Lease', leaseNamespace).get(leaseName).catch(() => undefined);
const holder = async (h: Harness) => (await lease(h))?.spec?.holderIdentity ?? '';

async function assigned(h: Harness, name: string): Promise<string> {
  const svcs = h.res<Service>('v1', 'Service', 'default');
  return eventually(async () => String((await svcs.get(name)).status?.loadBalancer?.ingress?.[0]?.ip ?? ''), 8000, `${name} gets an IP`);
}

t.test('defaults: the Lease is kube-system/miniplane-controllers with client-go timings', async (t) => {
  const h = await startTestServer(t);
  const c = await startControllers({ client: h.client, identity: 'solo', logger: quiet });
  t.teardown(() => c.stop());
  await eventually(async () => (await holder(h)) === 'solo', 5000, 'solo leads');
  t.match((await lease(h))?.spec, { holderIdentity: 'solo', leaseDurationSeconds: 15, leaseTransitions: 0 });
  await h.res<Service>('v1', 'Service', 'default').create(serviceManifest('web', { type: 'LoadBalancer' }));
  t.equal(await assigned(h, 'web'), '198.51.100.1', 'the leader runs the controllers');
  await c.stop();
  t.equal(await holder(h), '', 'stop hands the Lease back');
});

t.test('in-process: one of two leads; only the leader writes; stop hands over at once', async (t) => {
  const h = await startTestServer(t);
  const timing = { leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 };
  const clientB = new RestClient({ config: { server: h.server.url } });
  t.teardown(() => clientB.close());
  const a = await startControllers({ client: h.client, identity: 'a', logger: quiet, ...timing });
  await eventually(async () => (await holder(h)) === 'a', 5000, 'a leads');
  const b = await startControllers({ client: clientB, identity: 'b', logger: quiet, ...timing });
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  await sleep(1000);
  t.equal(await holder(h), 'a', 'a keeps renewing');

  await h.res<Service>('v1', 'Service', 'default').create(serviceManifest('one', { type: 'LoadBalancer' }));
  await assigned(h, 'one');
  await sleep(300);
  t.same((await h.events('IPAllocated')).map((e) => e.reportingInstance), ['a'], 'exactly one controller acted');

  const stoppedAt = Date.now();
  await a.stop();
  await eventually(async () => (await holder(h)) === 'b', 3000, 'b takes over');
  t.ok(Date.now() - stoppedAt < timing.leaseDurationMs, 'released: b did not wait for expiry');
  await h.res<Service>('v1', 'Service', 'default').create(serviceManifest('two', { type: 'LoadBalancer' }));
  t.equal(await assigned(h, 'two'), '198.51.100.2', 'b rebuilt the pool from statuses');
  t.same((await h.events('IPAllocated')).map((e) => e.reportingInstance).sort(), ['a', 'b']);
});

t.test('two `miniplane controllers` processes: kill -9 the leader, the other takes over within the lease', async (t) => {
  const h = await startTestServer(t);
  const leaseMs = 2000;
  const retryMs = 250;
  const args = (id: string) => [
    'controllers', '--kubeconfig', h.server.kubeconfigPath!, '--identity', id,
    '--leader-elect-lease-duration', `${leaseMs}ms`, '--leader-elect-renew-deadline', '1500ms', '--leader-elect-retry-period', `${retryMs}ms`,
  ];
  const procs = { a: await spawnMiniplane(t, args('a')), b: await spawnMiniplane(t, args('b')) };
  t.match(procs.a.line, /^miniplane controllers running as a \(server: http:\/\/127\.0\.0\.1:\d+\)$/);
  const leader = await eventually(async () => holder(h), 5000, 'a leader') as 'a' | 'b';
  const standby = leader === 'a' ? 'b' : 'a';
  await sleep(1500);
  t.equal(await holder(h), leader, 'the leader keeps the Lease (no flapping)');
  t.equal((await lease(h))?.spec?.leaseTransitions, 0);

  await h.res<Service>('v1', 'Service', 'default').create(serviceManifest('before', { type: 'LoadBalancer' }));
  await assigned(h, 'before');
  await sleep(500);
  t.same((await h.events('IPAllocated')).map((e) => e.reportingInstance), [leader], 'only the leader acts');

  const lastRenew = Date.parse(String((await lease(h))?.spec?.renewTime));
  procs[leader].child.kill('SIGKILL');
  const killedAt = Date.now();
  await exited(procs[leader].child);
  await eventually(async () => (await holder(h)) === standby, leaseMs * 3, `${standby} takes over`);
  const tookOver = Date.now();
  // client-go's bound: the standby starts the lease clock when it *sees* the last renewal (it polls
  // every retry period + up to 120 % jitter), and notices expiry at its next poll: at most
  // lease + 2 · 2.2 · retry after the last renewal. Anything near 2 × lease would mean it waited twice.
  const bound = leaseMs + 2 * 2.2 * retryMs + 250;
  t.ok(tookOver - lastRenew <= bound, `took over ${tookOver - lastRenew} ms after the last renewal (bound ${bound})`);
  t.ok(tookOver - killedAt <= bound, `took over ${tookOver - killedAt} ms after kill -9 (bound ${bound})`);
  t.ok(tookOver - killedAt >= leaseMs - retryMs - 100, 'and not before the lease could have expired');
  t.match((await lease(h))?.spec, { holderIdentity: standby, leaseTransitions: 1 });

  await h.res<Service>('v1', 'Service', 'default').create(serviceManifest('after', { type: 'LoadBalancer' }));
  t.equal(await assigned(h, 'after'), '198.51.100.2', 'the new leader serves, without reusing the held IP');
  await sleep(300);
  t.same((await h.events('IPAllocated')).map((e) => e.reportingInstance).sort(), ['a', 'b']);

  procs[standby].child.kill('SIGTERM');
  t.equal(await exited(procs[standby].child), 0, 'SIGTERM: clean exit');
  t.equal(await holder(h), '', 'and the Lease is handed back');
});
