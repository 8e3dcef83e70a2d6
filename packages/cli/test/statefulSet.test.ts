/**
 * A StatefulSet against `miniplane up` with the real kubectl: web-0, web-1, web-2 come up in
 * order (each created only once the one before is Running and Ready), with their hostnames,
 * subdomain and identity labels; `kubectl rollout status` returns; `kubectl set image` rolls
 * from the highest ordinal down; `kubectl scale` removes the highest ordinals first.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { up } from './upProcess.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PodJson {
  metadata: { name: string; creationTimestamp: string; labels: Record<string, string> };
  spec: { hostname?: string; subdomain?: string; containers: Array<{ image: string }> };
  status: { phase?: string; conditions?: Array<{ type: string; status: string; lastTransitionTime: string }> };
}

const manifest = {
  apiVersion: 'v1', kind: 'List', items: [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80, name: 'web' }] } },
    {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
      spec: {
        serviceName: 'nginx', replicas: 3, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80, name: 'web' }] }] } },
      },
    },
  ],
};

t.test('a StatefulSet of 3 comes up in order, rolls and scales down from the top', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-sts-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--grace-period', '1']);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a], { maxBuffer: 1 << 24 })).stdout;
  const pods = async (): Promise<PodJson[]> => JSON.parse(await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')).items;
  mkdirSync(join(dir, 'web'));
  manifest.items.forEach((item, i) => writeFileSync(join(dir, 'web', `${i}.json`), JSON.stringify(item)));

  t.match(await kubectl('apply', '-f', join(dir, 'web')), /statefulset.apps\/web created/);
  const status = await kubectl('rollout', 'status', 'statefulset/web', '--timeout=90s');
  // partition defaults to 0, so kubectl reports a partitioned roll out (as against kube).
  t.match(status, /partitioned roll out complete: 3 new pods have been updated\.\.\.\n$/);
  const ps = (await pods()).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  t.same(ps.map((p) => p.metadata.name), ['web-0', 'web-1', 'web-2']);
  const readyAt = (p: PodJson) => Date.parse(p.status.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime);
  for (let i = 0; i < 3; i++) {
    const p = ps[i]!;
    t.equal(p.status.phase, 'Running');
    t.equal(p.spec.hostname, `web-${i}`);
    t.equal(p.spec.subdomain, 'nginx');
    t.match(p.metadata.labels, { app: 'web', 'statefulset.kubernetes.io/pod-name': `web-${i}`, 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': /^web-/ });
    // OrderedReady: the next pod is created only once this one is Ready (second-precision times).
    if (i > 0) t.ok(Date.parse(p.metadata.creationTimestamp) >= readyAt(ps[i - 1]!), `web-${i} created (${p.metadata.creationTimestamp}) after web-${i - 1} was Ready (${JSON.stringify(ps[i - 1]!.status.conditions)})`);
  }
  t.match(await kubectl('get', 'statefulset', 'web'), /^NAME\s+READY\s+AGE\nweb\s+3\/3\s+\S+\n$/);
  t.match(await kubectl('get', 'sts', 'web', '-o', 'wide'), /^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\nweb\s+3\/3\s+\S+\s+nginx\s+nginx:1\.26\n$/);

  await kubectl('set', 'image', 'statefulset/web', 'nginx=nginx:1.27');
  const rolled = await kubectl('rollout', 'status', 'statefulset/web', '--timeout=120s');
  t.match(rolled, /partitioned roll out complete: 3 new pods have been updated\.\.\.\n$/);
  const after = await pods();
  t.same(after.map((p) => p.spec.containers[0]!.image), ['nginx:1.27', 'nginx:1.27', 'nginx:1.27']);
  const sts = JSON.parse(await kubectl('get', 'sts', 'web', '-o', 'json'));
  t.equal(sts.status.currentRevision, sts.status.updateRevision);
  t.match(sts.status, { replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, availableReplicas: 3 });

  // One ControllerRevision per template, owned by the set: what rollout history lists.
  const history = await kubectl('rollout', 'history', 'statefulset/web');
  t.match(history, /^statefulset.apps\/web \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/, history);
  t.match(await kubectl('get', 'controllerrevisions'), /^NAME\s+CONTROLLER\s+REVISION\s+AGE\nweb-\S+\s+statefulset.apps\/web\s+[12]\s/);

  await kubectl('scale', 'statefulset', 'web', '--replicas=1');
  for (let i = 0; i < 240 && (await pods()).length !== 1; i++) await sleep(250);
  t.same((await pods()).map((p) => p.metadata.name), ['web-0'], 'scaled down to web-0');
  const deletes = JSON.parse(await kubectl('get', 'events', '--field-selector', 'reason=SuccessfulDelete,involvedObject.name=web', '-o', 'json')).items
    .sort((a: { metadata: { creationTimestamp: string; name: string } }, b: { metadata: { creationTimestamp: string; name: string } }) => a.metadata.name.localeCompare(b.metadata.name))
    .map((e: { message: string }) => e.message);
  t.ok(deletes.includes('delete Pod web-2 in StatefulSet web successful') && deletes.includes('delete Pod web-1 in StatefulSet web successful'), deletes.join('; '));
});
