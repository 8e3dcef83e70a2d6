/**
 * The scheduler end to end: a running server, the node IPAM controller, simulated nodes, the
 * scheduler, and the real kubectl.
 */
import t from 'tap';
import type { Test } from 'tap';
import { pino } from 'pino';
import { cidrContains, parseCIDR, parseIP } from '@miniplane/api/allocators/cidr';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import { startNodes, type NodesOptions } from '@miniplane/nodes';
import { eventually, runControllers, sleep, startTestServer, type Harness } from '../../controllers/test/harness.js';
import { startScheduler } from '../src/startScheduler.js';

const quiet = pino({ level: 'silent' });

async function cluster(t: Test, o: NodesOptions = {}): Promise<Harness> {
  const h = await startTestServer(t);
  await runControllers(t, h, { controllers: 'nodeipam' });
  const n = await startNodes({ client: h.api, logger: quiet, ...o });
  t.teardown(() => n.stop());
  return h;
}

async function scheduler(t: Test, h: Harness) {
  const s = await startScheduler({ client: h.api, logger: quiet });
  t.teardown(() => s.stop());
  return s;
}

const podOf = (h: Harness, name: string) => h.res<Pod>('v1', 'Pod', 'default').get(name);
const readyPod = (h: Harness, name: string) => eventually(async () => {
  const p = await podOf(h, name);
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? p : undefined;
}, 15_000, `${name} Ready`);

t.test('kubectl run: scheduled, Running, Ready, with an IP from its node\'s podCIDR', async (t) => {
  const h = await cluster(t);
  await scheduler(t, h);
  const run = await h.kubectl('run', 'web', '--image=nginx:1.26');
  t.equal(run.code, 0, run.stderr);
  const p = await readyPod(h, 'web');
  const node = await h.res<NodeObject>('v1', 'Node').get(p.spec.nodeName!);
  t.ok(cidrContains(parseCIDR(node.spec!.podCIDR!)!, parseIP(p.status!.podIP!)!), `${p.status!.podIP} in ${node.spec!.podCIDR}`);
  const [ev] = await eventually(() => h.events('Scheduled'), 5000, 'Scheduled Event');
  t.match(ev, { type: 'Normal', message: `Successfully assigned default/web to ${p.spec.nodeName}`, source: { component: 'default-scheduler' } });
  const wide = await h.kubectl('get', 'pods', '-o', 'wide', '--no-headers');
  t.match(wide.stdout, new RegExp(`^web\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${p.status!.podIP!.replaceAll('.', '\\.')}\\s+${p.spec.nodeName}\\s`), wide.stdout);

  // Six pods of one controller spread two per node.
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'rs-uid', controller: true }];
  for (let i = 0; i < 6; i++) await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `rs-${i}`, ownerReferences: owner }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const placed = await eventually(async () => {
    const items = (await pods.list()).items.filter((x) => x.metadata.name!.startsWith('rs-'));
    return items.every((x) => x.spec.nodeName) ? items : undefined;
  }, 15_000, 'six pods bound');
  const perNode = new Map<string, number>();
  for (const x of placed) perNode.set(x.spec.nodeName!, (perNode.get(x.spec.nodeName!) ?? 0) + 1);
  t.same([...perNode.values()], [2, 2, 2], `spread: ${JSON.stringify([...perNode])}`);
});

t.test('nodeSelector and unschedulable pods: kube\'s condition and Event, retried when a node comes', async (t) => {
  const h = await cluster(t);
  await scheduler(t, h);
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'zoned' }, spec: { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-b' }, containers: [{ name: 'c', image: 'nginx' }] } });
  t.equal((await readyPod(h, 'zoned')).spec.nodeName, 'node-2');
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '6' } } }] } });
  const message = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..';
  const pending = await eventually(async () => {
    const p = await podOf(h, 'big');
    return p.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False') ? p : undefined;
  }, 10_000, 'PodScheduled=False');
  t.match(pending.status!.conditions!.find((c) => c.type === 'PodScheduled'), { reason: 'Unschedulable', message });
  const [ev] = await eventually(() => h.events('FailedScheduling'), 5000, 'FailedScheduling');
  t.match(ev, { type: 'Warning', message, involvedObject: { name: 'big' } });
  const get = await h.kubectl('get', 'pod', 'big', '--no-headers');
  t.match(get.stdout, /^big\s+0\/1\s+Pending\s/);

  const big = await startNodes({ client: h.api, logger: quiet, nodes: 1, firstNode: 4, resources: { cpu: '8' } });
  t.teardown(() => big.stop());
  t.equal((await readyPod(h, 'big')).spec.nodeName, 'node-4', 'scheduled once a node with room appears');
});

t.test('with the scheduler stopped, pods stay Pending; started again, it binds them', async (t) => {
  const h = await cluster(t, { nodes: 2 });
  const s = await scheduler(t, h);
  await s.stop();
  t.equal((await h.kubectl('run', 'waiting', '--image=nginx')).code, 0);
  await sleep(500);
  const p = await podOf(h, 'waiting');
  t.notOk(p.spec.nodeName, 'not bound');
  t.equal(p.status!.phase, 'Pending');
  await scheduler(t, h);
  t.ok((await readyPod(h, 'waiting')).spec.nodeName, 'bound and Ready once the scheduler runs');
});

t.test('two schedulers: only the Lease holder binds; when it stops, the other takes over', async (t) => {
  const h = await cluster(t, { nodes: 1 });
  const timing = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 200 };
  const a = await startScheduler({ client: h.api, logger: quiet, identity: 'sched-a', ...timing });
  t.teardown(() => a.stop());
  const lease = h.res('coordination.k8s.io/v1', 'Lease', 'kube-system');
  const holder = async () => ((await lease.get('kube-scheduler').catch(() => undefined))?.spec as { holderIdentity?: string } | undefined)?.holderIdentity;
  await eventually(async () => (await holder()) === 'sched-a', 5000, 'sched-a leads');
  const b = await startScheduler({ client: h.api, logger: quiet, identity: 'sched-b', ...timing });
  t.teardown(() => b.stop());
  t.equal((await h.kubectl('run', 'one', '--image=nginx')).code, 0);
  await readyPod(h, 'one');
  await a.stop();
  await eventually(async () => (await holder()) === 'sched-b', 5000, 'sched-b leads');
  t.equal((await h.kubectl('run', 'two', '--image=nginx')).code, 0);
  t.ok((await readyPod(h, 'two')).spec.nodeName, 'bound by the new leader');
  const scheduled = await h.events('Scheduled');
  t.equal(scheduled.length, 2, 'each pod bound once');
});
