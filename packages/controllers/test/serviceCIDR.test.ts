/**
 * The ServiceCIDR controller against a real server: Ready True and the protection finalizer on
 * every ServiceCIDR; a deleted one stays Ready False/Terminating while a Service's ClusterIP
 * depends on it alone, and goes once that Service is deleted and the 10 s grace period is over.
 */
import t from 'tap';
import { pino } from 'pino';
import type { ServiceCIDRCondition, ServiceCIDRObject } from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import { Invalid, NotFound } from '@miniplane/api';
import { startControllers } from '../src/manager.js';
import { serviceCIDRProtectionFinalizer, serviceCIDRReadyMessage, serviceCIDRTerminatingMessage } from '../src/serviceCIDR/serviceCIDRPlan.js';
import { eventually, serviceManifest, sleep, startTestServer } from './harness.js';

const ready = (c: ServiceCIDRObject): ServiceCIDRCondition | undefined => c.status?.conditions?.find((x) => x.type === 'Ready');

t.test('Ready True and the finalizer; terminating while a ClusterIP depends on it; gone after its Service', async (t) => {
  const h = await startTestServer(t);
  const cidrs = h.res<ServiceCIDRObject>('networking.k8s.io/v1', 'ServiceCIDR');
  const svcs = h.res<Service>('v1', 'Service', 'default');
  const c = await startControllers({ client: h.client, leaderElect: false, logger: pino({ level: 'silent' }) });
  t.teardown(() => c.stop());

  // The default ServiceCIDR: kube's controller adds its finalizer and rewrites the apiserver's message.
  const def = await eventually(async () => {
    const k = await cidrs.get('kubernetes');
    return k.metadata.finalizers?.includes(serviceCIDRProtectionFinalizer) && ready(k)?.message === serviceCIDRReadyMessage ? k : undefined;
  }, 5000, 'the kubernetes ServiceCIDR taken over');
  t.match(ready(def), { status: 'True', reason: '' });

  const created = await cidrs.create({ apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'extra' }, spec: { cidrs: ['10.1.0.0/24'] } });
  t.same(created.status, {}, 'the apiserver resets status on create');
  const live = await eventually(async () => {
    const x = await cidrs.get('extra');
    return ready(x) && x.metadata.finalizers?.length ? x : undefined;
  }, 5000, 'extra Ready');
  t.same(live.metadata.finalizers, [serviceCIDRProtectionFinalizer]);
  t.same(Object.keys(ready(live)!).sort(), ['lastTransitionTime', 'message', 'reason', 'status', 'type']);
  t.match(ready(live), { type: 'Ready', status: 'True', reason: '', message: serviceCIDRReadyMessage, lastTransitionTime: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ });
  t.ok(live.metadata.managedFields?.some((m) => m.manager === 'service-cidr-controller' && m.operation === 'Apply' && m.subresource === 'status'),
    'the condition is server-side applied by service-cidr-controller');
  const listed = await h.kubectl('get', 'servicecidr');
  t.match(listed.stdout, /^NAME\s+CIDRS\s+AGE\n/);
  t.match(listed.stdout, /\nextra\s+10\.1\.0\.0\/24\s+\d+s\n/);
  const shown = await h.kubectl('get', 'servicecidr', 'extra', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status} {.metadata.finalizers[0]}');
  t.equal(shown.stdout, `True ${serviceCIDRProtectionFinalizer}`);

  await svcs.create(serviceManifest('in-extra', { clusterIP: '10.1.0.10' }));
  await cidrs.delete('extra');
  const held = await eventually(async () => {
    const x = await cidrs.get('extra');
    return ready(x)?.status === 'False' ? x : undefined;
  }, 5000, 'extra Terminating');
  t.match(ready(held), { reason: 'Terminating', message: serviceCIDRTerminatingMessage, lastTransitionTime: /Z$/ });
  t.same(held.metadata.finalizers, [serviceCIDRProtectionFinalizer], 'the finalizer stays');
  const reason = await h.kubectl('get', 'servicecidr', 'extra', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].reason}');
  t.equal(reason.stdout, 'Terminating');
  const refused = await svcs.create(serviceManifest('late', { clusterIP: '10.1.0.11' })).catch((e: unknown) => e);
  t.ok(refused instanceof Invalid, 'a terminating ServiceCIDR hands out no new ClusterIP');

  const deletionTime = Date.parse(held.metadata.deletionTimestamp!);
  await sleep(11_000 - (Date.now() - deletionTime));
  t.ok(await cidrs.get('extra'), 'still there past the grace period: the Service holds 10.1.0.10');

  await svcs.delete('in-extra');
  await eventually(() => cidrs.get('extra').then(() => false, (e: unknown) => e instanceof NotFound), 5000, 'extra gone');
  t.pass('gone once no IPAddress depends on it');
});

t.test('a deleted ServiceCIDR nothing depends on goes after the 10 s grace period, not before', async (t) => {
  const h = await startTestServer(t);
  const cidrs = h.res<ServiceCIDRObject>('networking.k8s.io/v1', 'ServiceCIDR');
  const c = await startControllers({ client: h.client, leaderElect: false, logger: pino({ level: 'silent' }) });
  t.teardown(() => c.stop());
  await cidrs.create({ apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'idle' }, spec: { cidrs: ['10.2.0.0/24'] } });
  await eventually(async () => (await cidrs.get('idle')).metadata.finalizers?.length, 5000, 'finalizer added');
  const deleting = await cidrs.delete('idle');
  const deletionTime = Date.parse((deleting as ServiceCIDRObject).metadata.deletionTimestamp!);
  t.ok(deletionTime, 'kept by the finalizer');
  await eventually(() => cidrs.get('idle').then(() => false, (e: unknown) => e instanceof NotFound), 15_000, 'idle gone');
  // deletionTimestamp has whole seconds, so the wait measured from it is between 9 and 10 s.
  t.ok(Date.now() - deletionTime >= 9_000, `gone after the grace period (${Date.now() - deletionTime} ms)`);
  t.ok(Date.now() - deletionTime < 14_000, 'and soon after it');
});
