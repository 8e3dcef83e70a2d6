/**
 * The StatefulSet controller alone against a real server: as kube's ControllerRefManager, it
 * adopts an orphan pod named `<set>-<ordinal>` that its selector matches (not one of another
 * name), releases an owned pod whose labels stop matching, and adopts orphan ControllerRevisions
 * its selector matches.
 */
import t from 'tap';
import type { KubeObject } from '@miniplane/api';
import { eventually, runControllers, sleep, startTestServer } from './harness.js';

const podOf = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

t.test('a StatefulSet adopts and releases pods and adopts revisions by selector', async (t) => {
  const h = await startTestServer(t);
  const pods = h.res('v1', 'Pod', 'default');
  const revs = h.res('apps/v1', 'ControllerRevision', 'default');
  await pods.create(podOf('web-0', { app: 'web' }));
  await pods.create(podOf('other-0', { app: 'web' }));
  await revs.create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-orphan', labels: { app: 'web' } }, data: {}, revision: 7 } as KubeObject);
  await revs.create({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'unrelated', labels: { app: 'db' } }, data: {}, revision: 1 } as KubeObject);
  await runControllers(t, h, { controllers: 'statefulset' });
  const set = await h.res('apps/v1', 'StatefulSet', 'default').create({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: { replicas: 1, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  const controllerRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata.uid, controller: true, blockOwnerDeletion: true };
  const adopted = await eventually(async () => {
    const p = await pods.get('web-0');
    return p.metadata.ownerReferences?.length ? p : undefined;
  }, 10_000, 'web-0 adopted');
  t.same(adopted.metadata.ownerReferences, [controllerRef], 'the orphan web-0 gets the controller reference');
  const rev = await eventually(async () => {
    const r = await revs.get('web-orphan');
    return r.metadata.ownerReferences?.length ? r : undefined;
  }, 10_000, 'revision adopted');
  t.same(rev.metadata.ownerReferences, [controllerRef], 'the orphan revision its selector matches is adopted');
  await sleep(300);
  t.notOk((await pods.get('other-0')).metadata.ownerReferences, 'a pod not named web-<n> is never adopted');
  t.notOk((await revs.get('unrelated')).metadata.ownerReferences, 'a revision the selector does not match stays an orphan');

  await pods.patch('web-0', { metadata: { labels: { app: 'elsewhere' } } }, 'merge');
  const released = await eventually(async () => {
    const p = await pods.get('web-0');
    return p.metadata.ownerReferences ? undefined : p;
  }, 10_000, 'web-0 released');
  t.equal(released.metadata.labels!.app, 'elsewhere', 'a pod whose labels stop matching is released');
});
