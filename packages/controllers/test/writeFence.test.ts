/**
 * The write fence of an in-process reset (manager/writeFence.ts, RunningControllers.fence):
 * writes sent before the fence are answered before it resolves, writes after it never reach the
 * server, reads go on; a fenced manager's successor with the same identity takes the Lease at
 * once and runs the controllers, while the fenced one writes nothing more.
 */
import t from 'tap';
import { pino } from 'pino';
import type { Service } from '@miniplane/api/service/types';
import { type Lease } from '@miniplane/client';
import { FencedRestClient, WritesFenced } from '../src/manager/writeFence.js';
import { leaseName, leaseNamespace, startControllers } from '../src/manager.js';
import { eventually, serviceManifest, sleep, startTestServer } from './harness.js';

const quiet = pino({ level: 'silent' });
const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a: 'b' } });

t.test('fence(): writes in flight are answered first; later writes fail without reaching the server; reads go on', async (t) => {
  const h = await startTestServer(t);
  const client = new FencedRestClient({ config: { server: h.server.url } });
  t.teardown(() => client.close());
  const cms = client.resource(h.res('v1', 'ConfigMap').resource, 'default');
  const inFlight = Array.from({ length: 20 }, (_, i) => cms.create(configMap(`before-${i}`)));
  await client.fence();
  // Every write sent before the fence has its answer by now: none can land after it.
  const settled = await Promise.race([Promise.allSettled(inFlight), sleep(0).then(() => 'pending')]);
  t.not(settled, 'pending', 'the writes in flight were answered before fence() resolved');
  t.equal((await h.res('v1', 'ConfigMap', 'default').list()).items.filter((c) => c.metadata.name?.startsWith('before-')).length, 20, 'and they landed');
  t.type(await cms.create(configMap('after')).catch((e: unknown) => e), WritesFenced, 'a create after the fence is refused');
  t.type(await cms.delete('before-0').catch((e: unknown) => e), WritesFenced, 'so is a delete');
  await t.rejects(h.res('v1', 'ConfigMap', 'default').get('after'), { reason: 'NotFound' }, 'the refused create never reached the server');
  t.equal((await cms.get('before-0')).metadata.name, 'before-0', 'reads still work (and the refused delete did nothing)');
  t.ok(client.isFenced());
});

t.test('a fenced manager writes nothing more; a successor with its identity leads at once and runs the controllers', async (t) => {
  const h = await startTestServer(t);
  const timing = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2000 };
  const old = await startControllers({ restConfig: { server: h.server.url }, identity: 'up', logger: quiet, ...timing });
  t.teardown(() => old.stop());
  const svcs = h.res<Service>('v1', 'Service', 'default');
  await svcs.create(serviceManifest('before', { type: 'LoadBalancer' }));
  await eventually(async () => !!(await svcs.get('before')).status?.loadBalancer?.ingress?.length, 8000, 'the first manager assigns an IP');
  await old.fence();
  await svcs.create(serviceManifest('after', { type: 'LoadBalancer' }));
  await sleep(500);
  t.same((await svcs.get('after')).status?.loadBalancer ?? {}, {}, 'the fenced manager does not write the new Service');
  const started = Date.now();
  const next = await startControllers({ restConfig: { server: h.server.url }, identity: 'up', logger: quiet, ...timing });
  t.teardown(() => next.stop());
  const stopping = old.stop();
  await eventually(async () => !!(await svcs.get('after')).status?.loadBalancer?.ingress?.length, 8000, 'the successor assigns an IP');
  // Well within the 15 s lease and 2 s retry: it found the Lease held by its own identity.
  t.ok(Date.now() - started < 5000, `the successor led at once (${Date.now() - started} ms)`);
  await stopping;
  const lease = await h.res<Lease>('coordination.k8s.io/v1', 'Lease', leaseNamespace).get(leaseName);
  t.equal(lease.spec?.holderIdentity, 'up', 'the fenced manager could not hand the Lease back from under its successor');
});
