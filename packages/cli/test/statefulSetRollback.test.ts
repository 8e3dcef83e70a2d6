/**
 * `kubectl rollout history` and `kubectl rollout undo` of a StatefulSet against `miniplane up`,
 * with the real kubectl: kubectl lists the ControllerRevisions the set controls (with the
 * change-cause the set carried when each was made), and undo patches the set's template back
 * from a revision; the controller then renumbers that revision (no new one) and rolls the pods
 * back to it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { up } from './upProcess.js';

const run = promisify(execFile);

const set = {
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'nginx 1.26' } },
  spec: {
    serviceName: 'nginx', replicas: 2, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } },
  },
};

t.test('kubectl rollout history and undo of a StatefulSet', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-sts-undo-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--grace-period', '1']);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a], { maxBuffer: 1 << 24 })).stdout;
  const images = async () => (JSON.parse(await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')).items as Array<{ spec: { containers: Array<{ image: string }> } }>)
    .map((p) => p.spec.containers[0]!.image);
  writeFileSync(join(dir, 'web.json'), JSON.stringify(set));
  await kubectl('apply', '-f', join(dir, 'web.json'));
  await kubectl('rollout', 'status', 'statefulset/web', '--timeout=90s');

  await kubectl('annotate', 'statefulset', 'web', '--overwrite', 'kubernetes.io/change-cause=nginx 1.27');
  await kubectl('set', 'image', 'statefulset/web', 'nginx=nginx:1.27');
  await kubectl('rollout', 'status', 'statefulset/web', '--timeout=90s');
  t.same(await images(), ['nginx:1.27', 'nginx:1.27']);
  t.equal(await kubectl('rollout', 'history', 'statefulset/web'), 'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         nginx 1.26\n2         nginx 1.27\n\n');

  const undo = await kubectl('rollout', 'undo', 'statefulset/web');
  t.equal(undo, 'statefulset.apps/web rolled back\n');
  await kubectl('rollout', 'status', 'statefulset/web', '--timeout=90s');
  t.same(await images(), ['nginx:1.26', 'nginx:1.26'], 'the pods are back on the first template');
  // Revision 1 became revision 3: kube renumbers the equal revision instead of making a new one.
  t.equal(await kubectl('rollout', 'history', 'statefulset/web'), 'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         nginx 1.27\n3         nginx 1.26\n\n');
  const revs = JSON.parse(await kubectl('get', 'controllerrevisions', '-o', 'json')).items as Array<{ revision: number }>;
  t.same(revs.map((r) => r.revision).sort(), [2, 3], 'two ControllerRevisions, no new one');
  t.match(await kubectl('rollout', 'history', 'statefulset/web', '--revision=3'), /Image:\s+nginx:1\.26/);
  const sts = JSON.parse(await kubectl('get', 'sts', 'web', '-o', 'json'));
  t.equal(sts.status.currentRevision, sts.status.updateRevision, 'the roll back completed');

  t.equal(await kubectl('rollout', 'undo', 'statefulset/web', '--to-revision=2'), 'statefulset.apps/web rolled back\n');
  await kubectl('rollout', 'status', 'statefulset/web', '--timeout=90s');
  t.same(await images(), ['nginx:1.27', 'nginx:1.27'], '--to-revision=2');
  // kubectl compares the revision's data with its own encoding of the template: nothing to do.
  const skipped = await kubectl('rollout', 'undo', 'statefulset/web', '--to-revision=4');
  t.equal(skipped, 'statefulset.apps/web skipped rollback (current template already matches revision 4)\n');
});

t.test('a partitioned roll out: a pod deleted below the partition comes back at the current revision', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-sts-partition-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--grace-period', '1']);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a], { maxBuffer: 1 << 24 })).stdout;
  type PodJson = { metadata: { name: string; uid: string; labels: Record<string, string> }; spec: { containers: Array<{ image: string }> }; status: { phase?: string } };
  const pods = async () => (JSON.parse(await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')).items as PodJson[]).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const partitioned = { ...set, spec: { ...set.spec, replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } } };
  writeFileSync(join(dir, 'web.json'), JSON.stringify(partitioned));
  await kubectl('apply', '-f', join(dir, 'web.json'));
  await kubectl('rollout', 'status', 'statefulset/web', '--timeout=90s');
  await kubectl('set', 'image', 'statefulset/web', 'nginx=nginx:1.27');
  t.match(await kubectl('rollout', 'status', 'statefulset/web', '--timeout=90s'), /partitioned roll out complete: 1 new pods have been updated\.\.\.\n$/);
  const sts = JSON.parse(await kubectl('get', 'sts', 'web', '-o', 'json'));
  t.not(sts.status.currentRevision, sts.status.updateRevision, 'the roll out stops at the partition');
  const before = await pods();
  t.same(before.map((p) => p.spec.containers[0]!.image), ['nginx:1.26', 'nginx:1.26', 'nginx:1.27']);

  await kubectl('delete', 'pod', 'web-0');
  let back: PodJson | undefined;
  for (let i = 0; i < 360 && !back; i++) {
    const p = (await pods()).find((x) => x.metadata.name === 'web-0');
    if (p && p.metadata.uid !== before[0]!.metadata.uid && p.status.phase === 'Running') back = p;
    else await new Promise((r) => setTimeout(r, 250));
  }
  t.ok(back, 'web-0 recreated');
  t.equal(back!.spec.containers[0]!.image, 'nginx:1.26', 'from the current revision\'s template');
  t.equal(back!.metadata.labels['controller-revision-hash'], sts.status.currentRevision);
});
