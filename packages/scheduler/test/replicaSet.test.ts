/**
 * The ReplicaSet controller on the simulated cluster (node IPAM, nodes, scheduler), with the
 * real kubectl: scale up and down, replacement, adoption and release, status.
 */
import t from 'tap';
import { pino } from 'pino';
import type { Pod } from '@miniplane/api/pod/types';
import type { ReplicaSet } from '@miniplane/controllers';
import { startNodes } from '@miniplane/nodes';
import { eventually, runControllers, startTestServer, type Harness } from '../../controllers/test/harness.js';
import { startScheduler } from '../src/startScheduler.js';

const quiet = pino({ level: 'silent' });
const manifest = (replicas: number) => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
});

t.test('a ReplicaSet keeps its pods: scale, replace, adopt, release; status and Events', async (t) => {
  const h: Harness = await startTestServer(t);
  await runControllers(t, h, { controllers: 'nodeipam,replicaset' });
  const nodes = await startNodes({ client: h.api, logger: quiet });
  t.teardown(() => nodes.stop());
  const sched = await startScheduler({ client: h.api, logger: quiet });
  t.teardown(() => sched.stop());
  const pods = h.res<Pod>('v1', 'Pod', 'default');
  const rsRes = h.res<ReplicaSet>('apps/v1', 'ReplicaSet', 'default');
  const live = async () => (await pods.list({ labelSelector: 'app=web' })).items.filter((p) => !p.metadata.deletionTimestamp);
  const settled = (n: number) => eventually(async () => {
    const rs = await rsRes.get('web');
    const s = rs.status;
    return s?.replicas === n && s.readyReplicas === n && s.availableReplicas === n && (await live()).length === n ? rs : undefined;
  }, 20_000, `${n} ready replicas`);

  await rsRes.create(JSON.parse(manifest(3)));
  const rs = await settled(3);
  t.match(rs.status, { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  const three = await live();
  t.ok(three.every((p) => /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p.metadata.name!)), three.map((p) => p.metadata.name).join(' '));
  t.same(new Set(three.map((p) => p.spec.nodeName)).size, 3, 'spread over the three nodes');
  t.match(three[0]!.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
  const creates = await eventually(async () => ((await h.events('SuccessfulCreate')).length === 3 ? h.events('SuccessfulCreate') : undefined), 5000, 'three SuccessfulCreate');
  t.match(creates[0], { involvedObject: { kind: 'ReplicaSet', name: 'web' }, message: /^Created pod: web-/, source: { component: 'replicaset-controller' } });
  const get = await h.kubectl('get', 'rs', 'web', '--no-headers');
  t.match(get.stdout, /^web\s+3\s+3\s+3\s/, get.stderr);

  t.equal((await h.kubectl('scale', 'rs', 'web', '--replicas=5')).code, 0);
  await settled(5);
  t.equal((await h.kubectl('scale', 'rs', 'web', '--replicas=2')).code, 0);
  await settled(2);
  await eventually(() => h.events('SuccessfulDelete'), 5000, 'SuccessfulDelete');

  const [victim] = await live();
  await pods.delete(victim!.metadata.name!, { gracePeriodSeconds: 0 });
  await eventually(async () => {
    const names = (await live()).map((p) => p.metadata.name);
    return names.length === 2 && !names.includes(victim!.metadata.name) ? names : undefined;
  }, 20_000, 'a replacement');

  // An orphan with matching labels is adopted (and the surplus deleted); a pod relabelled away is released and replaced.
  await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  await eventually(async () => {
    const ps = (await pods.list({ labelSelector: 'app=web' })).items;
    return ps.length >= 2 && ps.every((p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid) ? ps : undefined;
  }, 10_000, 'adoption');
  await settled(2);
  const [moved] = await live();
  t.equal((await h.kubectl('label', 'pod', moved!.metadata.name!, 'app=elsewhere', '--overwrite')).code, 0);
  const released = await eventually(async () => {
    const p = await pods.get(moved!.metadata.name!);
    return !p.metadata.ownerReferences?.length ? p : undefined;
  }, 10_000, 'release');
  t.notOk(released.metadata.ownerReferences?.length, 'released');
  await settled(2);
});
