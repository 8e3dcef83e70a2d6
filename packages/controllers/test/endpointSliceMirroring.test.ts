import t from 'tap';
import { pino } from 'pino';
import type { KubeObject } from '@miniplane/api';
import type { EndpointSlice, EndpointSubset, Endpoints } from '../src/endpointSliceMirroring/endpointTypes.js';
import { startControllers, type RunningControllers } from '../src/manager.js';
import { eventually, serviceManifest, sleep, startTestServer, type Harness } from './harness.js';

const quiet = pino({ level: 'silent' });

async function controllers(t: Tap.Test, h: Harness): Promise<RunningControllers> {
  // The mirroring controller alone: the others (slices and Endpoints of selector Services, ServiceAccounts, garbage collection of mirrored slices) write too.
  const c = await startControllers({ client: h.client, controllers: 'endpointslicemirroring', leaderElect: false, logger: quiet });
  t.teardown(() => c.stop());
  return c;
}

/** A Service without a selector (serviceManifest's default selector removed). */
function selectorless(name: string, spec: Record<string, unknown> = {}): KubeObject {
  const svc = serviceManifest(name, spec);
  delete (svc.spec as Record<string, unknown>).selector;
  return svc;
}

function endpointsManifest(name: string, subsets: EndpointSubset[], metadata: Record<string, unknown> = {}): Endpoints {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, ...metadata }, subsets };
}

const slices = (h: Harness) => h.res<EndpointSlice>('discovery.k8s.io/v1', 'EndpointSlice', 'default');
const endpointsApi = (h: Harness) => h.res<Endpoints>('v1', 'Endpoints', 'default');

async function slicesOf(h: Harness, service: string): Promise<EndpointSlice[]> {
  return (await slices(h).list({ labelSelector: `kubernetes.io/service-name=${service}` })).items;
}

const ips = (s: EndpointSlice): string[] => s.endpoints.map((e) => e.addresses[0]!).sort();

/** The seed scenario: `external-service` (3307, no selector) and its hand-written Endpoints. */
async function seedExternalService(h: Harness): Promise<Endpoints> {
  await h.res('v1', 'Service', 'default').create(selectorless('external-service', { ports: [{ port: 3307 }] }));
  return endpointsApi(h).create(endpointsManifest('external-service', [{ addresses: [{ ip: '172.188.2.89' }], ports: [{ port: 3307 }] }]));
}

t.test('external-service: its Endpoints is mirrored into one EndpointSlice; kubectl shows it', async (t) => {
  const h = await startTestServer(t);
  const ep = await seedExternalService(h);
  await controllers(t, h);
  const [slice] = await eventually(() => slicesOf(h, 'external-service'), 5000, 'the mirrored slice');
  t.match(slice, {
    metadata: {
      generateName: 'external-service-',
      labels: { 'kubernetes.io/service-name': 'external-service', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: 'external-service', uid: ep.metadata.uid, controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
  });
  t.match(slice!.metadata.name, /^external-service-[a-z0-9]{5}$/);
  t.same(slice!.endpoints, [{ addresses: ['172.188.2.89'], conditions: { ready: true } }]);
  t.same(slice!.ports, [{ name: '', port: 3307, protocol: 'TCP' }]);

  const out = await h.kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=external-service', '--no-headers');
  t.equal(out.code, 0, out.stderr);
  t.match(out.stdout, /^external-service-\S+\s+IPv4\s+3307\s+172\.188\.2\.89\s+\S+\n$/);

  await sleep(300); // the controller sees its own create come back: no second write
  t.equal(h.client.count('POST', '/endpointslices'), 1, 'one create');
  t.equal(h.client.serviceWrites.length, 1, 'and nothing else');
});

t.test('an Endpoints update rewrites the one slice in place; unrelated changes write nothing; a delete removes it', async (t) => {
  const h = await startTestServer(t);
  await controllers(t, h);
  const ep = await seedExternalService(h);
  const [first] = await eventually(() => slicesOf(h, 'external-service'), 5000, 'the mirrored slice');

  await endpointsApi(h).update({
    ...ep,
    subsets: [{ addresses: [{ ip: '172.188.2.89' }], notReadyAddresses: [{ ip: '172.188.2.90', nodeName: 'node-a' }], ports: [{ port: 3307 }] }],
  });
  const [updated] = await eventually(async () => {
    const all = await slicesOf(h, 'external-service');
    return all.length === 1 && all[0]!.endpoints.length === 2 ? all : undefined;
  }, 5000, 'the slice with two endpoints');
  t.equal(updated!.metadata.name, first!.metadata.name, 'the same slice');
  t.same(updated!.endpoints.find((e) => e.addresses[0] === '172.188.2.90'), { addresses: ['172.188.2.90'], conditions: { ready: false }, nodeName: 'node-a' });

  await h.res('v1', 'Service', 'default').patch('external-service', { metadata: { labels: { touched: 'yes' } } }, 'merge');
  await sleep(300);
  t.equal(h.client.count('POST', '/endpointslices'), 1, 'one create');
  t.equal(h.client.count('PUT', '/endpointslices/'), 1, 'one update');

  await endpointsApi(h).delete('external-service');
  await eventually(async () => (await slicesOf(h, 'external-service')).length === 0, 5000, 'the slice deleted');
  await sleep(200);
  t.equal(h.client.count('DELETE', '/endpointslices/'), 1, 'one delete');
  t.equal(h.client.serviceWrites.length, 3, 'and nothing else');
});

t.test('not mirrored: a Service with a selector, the skip-mirror label, no Service; a selector added later removes the slice', async (t) => {
  const h = await startTestServer(t);
  const svcs = h.res('v1', 'Service', 'default');
  await svcs.create(serviceManifest('with-selector', { ports: [{ port: 80 }] }));
  await endpointsApi(h).create(endpointsManifest('with-selector', [{ addresses: [{ ip: '10.1.0.1' }], ports: [{ port: 80 }] }]));
  await svcs.create(selectorless('opted-out'));
  await endpointsApi(h).create(endpointsManifest('opted-out', [{ addresses: [{ ip: '10.1.0.2' }], ports: [{ port: 80 }] }], {
    labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
  }));
  await endpointsApi(h).create(endpointsManifest('no-service', [{ addresses: [{ ip: '10.1.0.3' }], ports: [{ port: 80 }] }]));
  await svcs.create(selectorless('later'));
  await endpointsApi(h).create(endpointsManifest('later', [{ addresses: [{ ip: '10.1.0.4' }], ports: [{ port: 80 }] }]));
  await controllers(t, h);

  await eventually(() => slicesOf(h, 'later'), 5000, 'the slice of "later"');
  await sleep(300);
  t.same((await slices(h).list()).items.map((s) => s.metadata.labels?.['kubernetes.io/service-name']), ['later'], 'only "later" is mirrored');

  await svcs.patch('later', { spec: { selector: { app: 'later' } } }, 'merge');
  await eventually(async () => (await slicesOf(h, 'later')).length === 0, 5000, 'the slice deleted once the Service has a selector');
  t.equal(h.client.count('POST', '/endpointslices'), 1);
  t.equal(h.client.count('DELETE', '/endpointslices/'), 1);
});

t.test('mysql-k8s (headless, named port) is mirrored; deleting the Service deletes the slice', async (t) => {
  const h = await startTestServer(t);
  await controllers(t, h);
  const svcs = h.res('v1', 'Service', 'default');
  await svcs.create(selectorless('mysql-k8s', { clusterIP: 'None', ports: [{ name: 'port', port: 13306 }] }));
  await endpointsApi(h).create(endpointsManifest('mysql-k8s', [{ addresses: [{ ip: '192.168.71.114' }], ports: [{ name: 'port', port: 3306 }] }]));
  const [slice] = await eventually(() => slicesOf(h, 'mysql-k8s'), 5000, 'the mirrored slice');
  t.same(slice!.ports, [{ name: 'port', port: 3306, protocol: 'TCP' }], 'the Endpoints port, not the Service port');
  t.same(ips(slice!), ['192.168.71.114']);
  const out = await h.kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=mysql-k8s', '--no-headers');
  t.match(out.stdout, /^mysql-k8s-\S+\s+IPv4\s+3306\s+192\.168\.71\.114\s+/);

  await svcs.delete('mysql-k8s');
  await eventually(async () => (await slicesOf(h, 'mysql-k8s')).length === 0, 5000, 'the slice deleted with the Service');
});

t.test('mixed families give one slice per family; over 1000 addresses: 1000 mirrored and a TooManyAddressesToMirror Event', async (t) => {
  const h = await startTestServer(t);
  await controllers(t, h);
  const svcs = h.res('v1', 'Service', 'default');
  await svcs.create(selectorless('mixed'));
  await endpointsApi(h).create(endpointsManifest('mixed', [{ addresses: [{ ip: '10.2.0.1' }, { ip: 'fd00::1' }], ports: [{ port: 80 }] }]));
  const pair = await eventually(async () => {
    const all = await slicesOf(h, 'mixed');
    return all.length === 2 ? all : undefined;
  }, 5000, 'two slices');
  t.same(pair.map((s) => `${s.addressType} ${ips(s).join(',')}`).sort(), ['IPv4 10.2.0.1', 'IPv6 fd00::1']);

  await svcs.create(selectorless('big'));
  const many = Array.from({ length: 1005 }, (_, i) => ({ ip: `10.3.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
  await endpointsApi(h).create(endpointsManifest('big', [{ addresses: many, ports: [{ port: 80 }] }]));
  const [big] = await eventually(() => slicesOf(h, 'big'), 10_000, 'the big slice');
  t.equal(big!.endpoints.length, 1000);
  const [ev] = await eventually(() => h.events('TooManyAddressesToMirror'), 5000, 'the Event');
  t.match(ev, {
    type: 'Warning', involvedObject: { kind: 'Endpoints', name: 'big' }, source: { component: 'endpoint-slice-mirroring-controller' },
    message: 'A max of 1000 addresses can be mirrored to EndpointSlices per Endpoints subset. 5 addresses were skipped',
  });
});

t.test('start-up writes nothing when there is nothing to mirror; a restart finds the slices up to date', async (t) => {
  const h = await startTestServer(t);
  await h.res('v1', 'Service', 'default').create(selectorless('lonely'));
  const first = await controllers(t, h);
  await sleep(400);
  t.same(h.client.serviceWrites, [], 'a selector-less Service without Endpoints (and default/kubernetes) write nothing');

  await seedExternalService(h);
  await eventually(() => slicesOf(h, 'external-service'), 5000, 'the mirrored slice');
  await first.stop();
  const before = h.client.serviceWrites.length;
  await controllers(t, h);
  await sleep(400);
  t.equal(h.client.serviceWrites.length, before, 'the new term rewrites nothing');
});

t.test('a mirrored slice edited or deleted by someone else is put back', async (t) => {
  const h = await startTestServer(t);
  await controllers(t, h);
  await seedExternalService(h);
  const [slice] = await eventually(() => slicesOf(h, 'external-service'), 5000, 'the mirrored slice');
  await slices(h).update({ ...slice!, endpoints: [{ addresses: ['172.188.2.1'], conditions: { ready: true } }] });
  await eventually(async () => {
    const [s] = await slicesOf(h, 'external-service');
    return s && ips(s).join() === '172.188.2.89';
  }, 5000, 'the edit undone');
  t.equal(h.client.count('PUT', '/endpointslices/'), 1, 'one update undoes the edit');

  await slices(h).delete(slice!.metadata.name!);
  const [again] = await eventually(() => slicesOf(h, 'external-service'), 5000, 'the slice recreated');
  t.not(again!.metadata.name, slice!.metadata.name, 'a new slice');
  t.same(ips(again!), ['172.188.2.89']);
  t.equal(h.client.count('POST', '/endpointslices'), 2);
});
