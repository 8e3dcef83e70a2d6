/**
 * Integration: the repair controller's conflict Events against a real apiserver — two Services
 * holding one ClusterIP (`ClusterIPAlreadyAllocated`) and two holding one NodePort
 * (`PortAlreadyAllocated`) — worded, typed, addressed and attributed as kube v1.33's repair
 * controllers write them, and nothing in use re-allocated.
 *
 * The apiserver refuses duplicates, so the state cannot be made through the API. As kube's own
 * repair tests seed etcd, the second claimant is written straight into the KvStore beneath the
 * Service strategy (no defaulting, validation or allocation): a complete Service object, so lists
 * and watches (and the controller's informer) see it as any other.
 * Upstream: pkg/registry/core/service/ipallocator/controller/repairip.go,
 * pkg/registry/core/service/portallocator/controller/repair.go
 */
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { pino } from 'pino';
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { objectKey } from '@miniplane/apiserver/registry/keys';
import { IPAllocatorManager, IPFamilyLabel, ManagedByLabel } from '@miniplane/api/service/kubernetesService';
import type { IPAddressObject } from '@miniplane/api/service/networkingValidation';
import type { Service } from '@miniplane/api/service/types';
import type { CoreEvent } from '../src/eventRecorder.js';
import { startControllers } from '../src/manager.js';
import type { RepairPassResult } from '../src/repair/controller.js';
import { eventually, serviceManifest, startTestServer, type Harness } from './harness.js';

const quiet = pino({ level: 'silent' });
const ns = 'conflicts';
const serviceInfo = findResourceByKind('v1', 'Service')!;

/** A server with namespace `ns`, and clients for its Services, IPAddresses and Events. */
async function setUp(t: Tap.Test) {
  const h = await startTestServer(t);
  await h.res('v1', 'Namespace').create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return {
    h,
    svcs: h.res<Service>('v1', 'Service', ns),
    ips: h.res<IPAddressObject>('networking.k8s.io/v1', 'IPAddress'),
    events: h.res<CoreEvent>('v1', 'Event', ns),
  };
}

/**
 * Stores `svc` as is, beneath the Service strategy: the lowest write the registry has
 * (`KvStore.create`: one log row and one kv row in one transaction, published to watches once
 * committed). Resolves when it is committed.
 */
async function seed(h: Harness, svc: Service): Promise<Service> {
  const stored = h.server.registry.store.create(objectKey(serviceInfo, svc.metadata.namespace, svc.metadata.name!), svc as KubeObject) as Service;
  await h.server.log.settled();
  return stored;
}

/** `of` as stored by the API, renamed: a new uid and creation time, its own selector, `spec` over it. */
function twin(of: Service, name: string, creationTimestamp: string, spec: Partial<NonNullable<Service['spec']>> = {}): Service {
  const svc = structuredClone(of);
  svc.metadata = { name, namespace: of.metadata.namespace, uid: randomUUID(), creationTimestamp };
  svc.spec = { ...svc.spec, selector: { app: name }, ...spec };
  return svc;
}

/** Runs the controllers (repair every 100 ms) until the test ends; collects the passes. */
async function runControllers(t: Tap.Test, h: Harness): Promise<RepairPassResult[]> {
  const passes: RepairPassResult[] = [];
  const c = await startControllers({
    client: h.client, leaderElect: false, logger: quiet, identity: 'repair-test', repairIntervalMs: 100, onRepairPass: (r) => void passes.push(r),
  });
  t.teardown(() => c.stop());
  return passes;
}

/** `kubectl get events -n ns` table rows, columns split on runs of spaces. */
async function kubectlEvents(h: Harness): Promise<string[][]> {
  const r = await h.kubectl('get', 'events', '-n', ns);
  if (r.code !== 0) throw new Error(`kubectl get events: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => l.split(/\s{2,}/));
}

t.test('two Services holding one ClusterIP: the one its IPAddress does not name is told; nothing is re-allocated', async (t) => {
  const { h, svcs, ips, events } = await setUp(t);
  const a = await svcs.create(serviceManifest('a'));
  const ip = a.spec!.clusterIP!;
  const ipaBefore = await ips.get(ip);
  // b is older than a: the IPAddress's parent keeps the IP, not the oldest claimant (kube's rule).
  const earlier = new Date(Date.parse(a.metadata.creationTimestamp!) - 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await seed(h, twin(a, 'b', earlier));
  const b = await svcs.get('b');
  t.same([b.spec?.clusterIP, b.spec?.clusterIPs], [ip, [ip]], 'the seeded duplicate is served like any Service');
  t.same((await svcs.list()).items.map((s) => s.metadata.name), ['a', 'b']);

  const passes = await runControllers(t, h);
  const ev = await eventually(async () => (await events.list()).items.find((e) => e.reason === 'ClusterIPAlreadyAllocated'), 5000, 'ClusterIPAlreadyAllocated');
  t.match(ev, {
    metadata: { namespace: ns },
    type: 'Warning',
    reason: 'ClusterIPAlreadyAllocated',
    message: `Cluster IP [IPv4]:${ip} was assigned to multiple services; please recreate service`,
    involvedObject: { kind: 'Service', apiVersion: 'v1', namespace: ns, name: 'b', uid: b.metadata.uid },
    reportingComponent: 'ipallocator-repair-controller',
    reportingInstance: 'repair-test',
  });

  await eventually(() => passes.length >= 4, 5000, 'four repair passes');
  const all = (await events.list()).items;
  t.same(all.map((e) => `${e.reason} ${e.involvedObject.name}`), ['ClusterIPAlreadyAllocated b'], 'one Event, about b only; repeats are counted on it');
  t.ok(all[0]!.count >= 2, `reported every pass (count ${all[0]!.count})`);
  t.equal(h.client.count('POST', '/ipaddresses') + h.client.count('DELETE', '/ipaddresses'), 0, 'no IPAddress written');
  t.equal(h.client.count('PUT', '/services') + h.client.count('PATCH', '/services'), 0, 'no Service written');
  const ipaAfter = await ips.get(ip);
  t.same([ipaAfter.metadata.uid, ipaAfter.metadata.resourceVersion], [ipaBefore.metadata.uid, ipaBefore.metadata.resourceVersion], "a's IPAddress untouched");
  t.match(ipaAfter.spec?.parentRef, { group: '', resource: 'services', namespace: ns, name: 'a' });
  t.equal((await svcs.get('a')).spec?.clusterIP, ip, 'a keeps its IP');

  const rows = await kubectlEvents(h);
  t.same(rows[0]!.slice(1), ['TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  t.same(rows.slice(1).map((r) => r.slice(1)), [['Warning', 'ClusterIPAlreadyAllocated', 'service/b', `Cluster IP [IPv4]:${ip} was assigned to multiple services; please recreate service`]], 'kubectl get events');

  // a's reservation still holds, and the allocator goes on handing out distinct IPs.
  const taken = await svcs.create(serviceManifest('c', { clusterIP: ip })).catch((e: Error) => e);
  t.match(taken, { code: 422, message: /provided IP is already allocated/ });
  const d = await svcs.create(serviceManifest('d'));
  t.not(d.spec?.clusterIP, ip, 'a new Service gets another IP');
  t.match(await ips.get(d.spec!.clusterIP!), { spec: { parentRef: { namespace: ns, name: 'd' } } });
});

t.test('two Services holding one NodePort: the second is told PortAlreadyAllocated; nothing is re-allocated', async (t) => {
  const { h, svcs, ips, events } = await setUp(t);
  const a = await svcs.create(serviceManifest('np-a', { type: 'NodePort' }));
  const port = a.spec!.ports![0]!.nodePort!;
  // np-b's own ClusterIP is reserved the ordinary way (its IPAddress through the API), so the
  // only inconsistency is the shared nodePort.
  const bIP = a.spec!.clusterIP === '10.96.100.100' ? '10.96.100.101' : '10.96.100.100';
  await ips.create({
    apiVersion: 'networking.k8s.io/v1', kind: 'IPAddress',
    metadata: { name: bIP, labels: { [IPFamilyLabel]: 'IPv4', [ManagedByLabel]: IPAllocatorManager } },
    spec: { parentRef: { group: '', resource: 'services', namespace: ns, name: 'np-b' } },
  });
  // Same creation time: np-b is the second both by age (ours) and in list order (kube's).
  await seed(h, twin(a, 'np-b', a.metadata.creationTimestamp!, { clusterIP: bIP, clusterIPs: [bIP] }));
  const b = await svcs.get('np-b');
  t.equal(b.spec?.ports?.[0]?.nodePort, port, 'the seeded duplicate is served like any Service');

  const passes = await runControllers(t, h);
  const ev = await eventually(async () => (await events.list()).items.find((e) => e.reason === 'PortAlreadyAllocated'), 5000, 'PortAlreadyAllocated');
  t.match(ev, {
    metadata: { namespace: ns },
    type: 'Warning',
    reason: 'PortAlreadyAllocated',
    message: `Port ${port} was assigned to multiple services; please recreate service`,
    involvedObject: { kind: 'Service', apiVersion: 'v1', namespace: ns, name: 'np-b', uid: b.metadata.uid },
    source: { component: 'portallocator-repair-controller' },
    reportingComponent: 'portallocator-repair-controller',
  });

  await eventually(() => passes.length >= 4, 5000, 'four repair passes');
  const all = (await events.list()).items;
  t.same(all.map((e) => `${e.reason} ${e.involvedObject.name}`), ['PortAlreadyAllocated np-b'], 'one Event, about np-b only');
  t.equal(h.client.count('POST', '/ipaddresses') + h.client.count('DELETE', '/ipaddresses'), 0, 'no IPAddress written');
  t.equal(h.client.count('PUT', '/services') + h.client.count('PATCH', '/services'), 0, 'no Service written');
  t.same((await svcs.get('np-a')).spec?.ports?.[0]?.nodePort, port, 'np-a keeps its nodePort');

  const rows = await kubectlEvents(h);
  t.same(rows.slice(1).map((r) => r.slice(1)), [['Warning', 'PortAlreadyAllocated', 'service/np-b', `Port ${port} was assigned to multiple services; please recreate service`]], 'kubectl get events');

  // np-a's nodePort is still reserved, and new NodePorts are distinct.
  const taken = await svcs.create(serviceManifest('np-c', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] })).catch((e: Error) => e);
  t.match(taken, { code: 422, message: /provided port is already allocated/ });
  const d = await svcs.create(serviceManifest('np-d', { type: 'NodePort' }));
  t.not(d.spec?.ports?.[0]?.nodePort, port, 'a new NodePort Service gets another port');
});
