/**
 * The simulated nodes against a running server, with the node IPAM controller and the real
 * kubectl: registration, Leases, podCIDRs, a pod bound by hand played to Running and Ready,
 * the readiness annotation, graceful deletion, and a restart that keeps pod IPs.
 */
import t from 'tap';
import type { Test } from 'tap';
import { pino } from 'pino';
import { parseCIDR, parseIP, cidrContains } from '@miniplane/api/allocators/cidr';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import type { Lease } from '@miniplane/client';
import { eventually, runControllers, startTestServer, type Harness } from '../../controllers/test/harness.js';
import { startNodes, type NodesOptions } from '../src/startNodes.js';

const quiet = pino({ level: 'silent' });

async function nodes(t: Test, h: Harness, o: NodesOptions = {}) {
  const n = await startNodes({ client: h.api, logger: quiet, ...o });
  t.teardown(() => n.stop());
  return n;
}

const podManifest = (name: string, spec: Record<string, unknown> = {}, annotations?: Record<string, string>): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, annotations }, spec: { containers: [{ name: 'web', image: 'nginx:1.26' }], ...spec },
});
const ready = (p: Pod) => p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

t.test('nodes register with labels, addresses, capacity, conditions, Leases and podCIDRs', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'nodeipam' });
  const running = await nodes(t, h);
  t.same(running.names, ['node-1', 'node-2', 'node-3']);
  const nodeRes = h.res<NodeObject>('v1', 'Node');
  const all = await eventually(async () => {
    const items = (await nodeRes.list()).items;
    return items.length === 3 && items.every((n) => n.spec?.podCIDR) ? items : undefined;
  }, 10_000, 'three nodes with podCIDRs');
  const byName = new Map(all.map((n) => [n.metadata.name, n]));
  const n1 = byName.get('node-1')!;
  t.match(n1.metadata.labels, { 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': 'zone-a' });
  t.equal(byName.get('node-2')!.metadata.labels!['topology.kubernetes.io/zone'], 'zone-b');
  t.same(n1.status!.addresses, [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: 'node-1' }]);
  t.same(byName.get('node-3')!.status!.addresses![0], { type: 'InternalIP', address: '172.18.0.4' });
  t.match(n1.status!.allocatable, { cpu: '4', memory: '16Gi', pods: '110' });
  t.same(n1.status!.conditions!.map((c) => `${c.type}=${c.status}`), ['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
  t.same(['node-1', 'node-2', 'node-3'].map((n) => byName.get(n)!.spec!.podCIDRs), [['10.244.0.0/24'], ['10.244.1.0/24'], ['10.244.2.0/24']]);
  const lease = await h.res<Lease>('coordination.k8s.io/v1', 'Lease', 'kube-node-lease').get('node-1');
  t.match(lease, { spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 }, metadata: { ownerReferences: [{ kind: 'Node', name: 'node-1', uid: n1.metadata.uid }] } });
  const out = await h.kubectl('get', 'nodes', '-o', 'wide', '--no-headers');
  t.match(out.stdout, /^node-1\s+Ready\s+<none>\s+\S+\s+v1\.33\.0\s+172\.18\.0\.2\s+<none>/m, out.stderr);
});

t.test('startAfter: the Node and its Lease exist when startNodes resolves; pods run only once startAfter settles', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'nodeipam' });
  let go!: () => void;
  const n = await startNodes({ client: h.api, logger: quiet, nodes: 1, startAfter: new Promise<void>((r) => (go = r)) });
  t.teardown(async () => {
    go();
    await n.stop();
  });
  t.equal((await h.res<NodeObject>('v1', 'Node').get('node-1')).status!.conditions!.at(-1)!.type, 'Ready');
  t.equal((await h.res<Lease>('coordination.k8s.io/v1', 'Lease', 'kube-node-lease').get('node-1')).spec!.holderIdentity, 'node-1');
  await eventually(async () => (await h.res<NodeObject>('v1', 'Node').get('node-1')).spec?.podCIDR, 10_000, 'node-1 podCIDR');
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  await pods.create(podManifest('web', { nodeName: 'node-1' }));
  await new Promise((r) => setTimeout(r, 500));
  t.match((await pods.get('web')).status, { phase: 'Pending' }, 'not started before startAfter');
  t.notOk((await pods.get('web')).status?.podIP);
  go();
  await eventually(async () => ((await pods.get('web')).status?.phase === 'Running' ? true : undefined), 10_000, 'Running once started');
});

t.test('a pod bound to a node runs, turns ready, follows the annotation, and goes gracefully', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'nodeipam' });
  await nodes(t, h, { podReadyDelayMs: 300 });
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  const node2 = await eventually(async () => {
    const n = await h.res<NodeObject>('v1', 'Node').get('node-2');
    return n.spec?.podCIDR ? n : undefined;
  }, 10_000, 'node-2 podCIDR');
  await pods.create(podManifest('web', { nodeName: 'node-2', terminationGracePeriodSeconds: 4 })); // 4 s: kubectl delete returns, and the test looks, well within it on a loaded machine
  const runningPod = await eventually(async () => {
    const p = await pods.get('web');
    return p.status?.phase === 'Running' ? p : undefined;
  }, 10_000, 'Running');
  t.notOk(ready(runningPod), 'not ready before --pod-ready-delay');
  const p = await eventually(async () => {
    const x = await pods.get('web');
    return ready(x) ? x : undefined;
  }, 10_000, 'Ready');
  t.equal(p.status!.hostIP, '172.18.0.3');
  t.ok(cidrContains(parseCIDR(node2.spec!.podCIDR!)!, parseIP(p.status!.podIP!)!), `pod IP ${p.status!.podIP} in ${node2.spec!.podCIDR}`);
  t.same(p.status!.conditions!.map((c) => c.type), ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  const events = await eventually(async () => {
    const evs = (await h.events()).filter((e) => e.involvedObject.name === 'web');
    return evs.length >= 3 ? evs : undefined;
  }, 5000, 'kubelet Events');
  t.same(events.map((e) => e.reason).sort(), ['Created', 'Pulled', 'Started']);
  t.match(events[0], { source: { component: 'kubelet', host: 'node-2' }, involvedObject: { fieldPath: 'spec.containers{web}' } });
  const wide = await h.kubectl('get', 'pod', 'web', '-o', 'wide', '--no-headers');
  t.match(wide.stdout, new RegExp(`^web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${p.status!.podIP!.replaceAll('.', '\\.')}\\s+node-2`), wide.stderr);

  t.equal((await h.kubectl('annotate', 'pod', 'web', 'miniplane.dev/ready=false')).code, 0);
  await eventually(async () => !ready(await pods.get('web')), 5000, 'not ready after the annotation');
  await eventually(() => h.events('Unhealthy'), 5000, 'Unhealthy Event');
  t.equal((await h.kubectl('annotate', 'pod', 'web', 'miniplane.dev/ready-')).code, 0);
  await eventually(async () => ready(await pods.get('web')), 5000, 'ready again once removed');

  const del = await h.kubectl('delete', 'pod', 'web', '--wait=false');
  t.equal(del.code, 0, del.stderr);
  const dying = await pods.get('web');
  t.ok(dying.metadata.deletionTimestamp, 'still there during the grace period');
  await eventually(() => h.events('Killing'), 5000, 'Killing Event');
  await eventually(async () => (await pods.list()).items.length === 0, 15_000, 'deleted after the grace period');
});

t.test('a restart keeps pod IPs; new pods never get an address in use; an exhausted range says so', async (t) => {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'nodeipam', clusterCIDR: '10.244.0.0/28', nodeCIDRMaskSize: 29 });
  const first = await nodes(t, h, { nodes: 1 });
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  for (const n of ['a', 'b']) await pods.create(podManifest(n, { nodeName: 'node-1' }));
  const ips = async () => Object.fromEntries((await pods.list()).items.map((p) => [p.metadata.name, p.status?.podIP]));
  const before = await eventually(async () => {
    const m = await ips();
    return m.a && m.b ? m : undefined;
  }, 10_000, 'two pod IPs');
  await first.stop();
  await pods.delete('a', { gracePeriodSeconds: 0 });
  await nodes(t, h, { nodes: 1 });
  for (const n of ['c', 'd', 'e', 'f', 'g']) await pods.create(podManifest(n, { nodeName: 'node-1' }));
  const after = await eventually(async () => {
    const m = await ips();
    return Object.values(m).filter(Boolean).length === 5 ? m : undefined;
  }, 10_000, 'new pod IPs');
  t.equal(after.b, before.b, 'b keeps its IP across the restart');
  const used = Object.values(after).filter(Boolean);
  t.equal(new Set(used).size, used.length, `no duplicates: ${JSON.stringify(after)}`);
  t.equal(used.length, 5, 'a /29 has 5 pod addresses');
  const [failed] = await eventually(() => h.events('FailedCreatePodSandBox'), 5000, 'FailedCreatePodSandBox');
  t.match(failed.message, /no IP addresses available in range set: 10\.244\.0\.1-10\.244\.0\.6$/);
  t.match(await pods.get(failed.involvedObject.name!), { status: { phase: 'Pending', containerStatuses: [{ state: { waiting: { reason: 'ContainerCreating' } } }] } });
});
