// Issue 11 (must show): the real kubectl drives a Deployment end to end against `miniplane up`:
// create -> 3 Running Ready pods over the nodes with IPs from their podCIDRs; scale to 250;
// set image + rollout status; rollout history / undo; pause/resume; delete -> the garbage
// collector removes the ReplicaSets and pods (and --cascade=foreground / orphan as kube).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { up } from './upProcess.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// 14 s on a quiet machine, up to 54 s in passing CI runs; the Node 20/22/24 matrix runs six
// files at once on two cores, so the file has its own margin over tap's 120 s.
t.setTimeout(300_000);

t.test('kubectl create/scale/set image/rollout/delete deployment', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-deploy-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--grace-period', '1']);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a], { maxBuffer: 1 << 24 })).stdout;
  const json = async (...a: string[]) => JSON.parse(await kubectl(...a, '-o', 'json'));
  async function until(what: string, ok: () => Promise<boolean>, seconds = 60): Promise<void> {
    for (let i = 0; i < seconds * 4; i++) {
      if (await ok()) return;
      await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  await kubectl('create', 'deployment', 'my-nginx', '--image=nginx:1.26', '--replicas=3');
  await kubectl('rollout', 'status', 'deployment/my-nginx', '--timeout=60s');
  const nodes = new Map<string, string>((await json('get', 'nodes')).items.map((n: { metadata: { name: string }; spec: { podCIDR: string } }) => [n.metadata.name, n.spec.podCIDR]));
  const pods = (await json('get', 'pods', '-l', 'app=my-nginx')).items;
  t.equal(pods.length, 3);
  t.equal(new Set(pods.map((p: { spec: { nodeName: string } }) => p.spec.nodeName)).size, 3, 'spread over the 3 nodes');
  for (const p of pods) {
    t.equal(p.status.phase, 'Running');
    t.match(p.status.conditions, [{ type: 'PodReadyToStartContainers' }, { type: 'Initialized' }, { type: 'Ready', status: 'True' }]);
    const prefix = nodes.get(p.spec.nodeName)!.replace(/\.0\/24$/, '.');
    t.ok(p.status.podIP.startsWith(prefix), `${p.status.podIP} in ${nodes.get(p.spec.nodeName)}`);
    t.match(p.metadata.name, /^my-nginx-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[a-z0-9]{5}$/);
  }
  const d1 = await json('get', 'deployment', 'my-nginx');
  t.match(d1.status, { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  t.equal(d1.metadata.annotations['deployment.kubernetes.io/revision'], '1');
  t.match(await kubectl('get', 'events', '--field-selector', 'involvedObject.kind=Deployment'), /ScalingReplicaSet\s+deployment\/my-nginx\s+Scaled up replica set my-nginx-\w+ from 0 to 3/);

  await kubectl('scale', 'deployment', 'my-nginx', '--replicas=250');
  await kubectl('rollout', 'status', 'deployment/my-nginx', '--timeout=120s');
  t.match((await json('get', 'deployment', 'my-nginx')).status, { replicas: 250, readyReplicas: 250, availableReplicas: 250 });
  await kubectl('scale', 'deployment', 'my-nginx', '--replicas=4');
  await kubectl('rollout', 'status', 'deployment/my-nginx', '--timeout=60s');

  // As with kube, the change-cause goes to the Deployment's current (new) ReplicaSet: annotate
  // after `set image`, or the previous revision gets it too.
  await kubectl('set', 'image', 'deployment/my-nginx', 'nginx=nginx:1.27');
  await kubectl('annotate', 'deployment', 'my-nginx', 'kubernetes.io/change-cause=image 1.27');
  t.match(await kubectl('rollout', 'status', 'deployment/my-nginx', '--timeout=90s'), /deployment "my-nginx" successfully rolled out/);
  const rss = (await json('get', 'rs', '-l', 'app=my-nginx')).items as { metadata: { name: string; annotations: Record<string, string> }; spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }[];
  t.equal(rss.length, 2);
  const byImage = (img: string) => rss.find((r) => r.spec.template.spec.containers[0]!.image === img)!;
  t.equal(byImage('nginx:1.27').spec.replicas, 4);
  t.equal(byImage('nginx:1.26').spec.replicas, 0);
  await until('the change-cause on revision 2', async () => /REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+image 1.27\n/.test(await kubectl('rollout', 'history', 'deployment/my-nginx')));

  await kubectl('rollout', 'undo', 'deployment/my-nginx');
  await kubectl('rollout', 'status', 'deployment/my-nginx', '--timeout=90s');
  const back = (await json('get', 'rs', byImage('nginx:1.26').metadata.name));
  t.equal(back.spec.replicas, 4, 'the first ReplicaSet is back at full size');
  t.equal(back.metadata.annotations['deployment.kubernetes.io/revision'], '3');
  t.equal(back.metadata.annotations['deployment.kubernetes.io/revision-history'], '1');
  t.equal((await json('get', 'rs', '-l', 'app=my-nginx')).items.length, 2, 'no third ReplicaSet');

  await kubectl('rollout', 'pause', 'deployment/my-nginx');
  await kubectl('set', 'image', 'deployment/my-nginx', 'nginx=nginx:1.28');
  await until('the paused condition', async () => (await json('get', 'deployment', 'my-nginx')).status.conditions.some((c: { reason: string }) => c.reason === 'DeploymentPaused'));
  t.equal((await json('get', 'rs', '-l', 'app=my-nginx')).items.length, 2, 'paused: no rollout');
  await kubectl('rollout', 'resume', 'deployment/my-nginx');
  await kubectl('rollout', 'status', 'deployment/my-nginx', '--timeout=90s');
  t.equal((await json('get', 'rs', '-l', 'app=my-nginx')).items.length, 3);

  await kubectl('delete', 'deployment', 'my-nginx');
  await until('ReplicaSets and pods collected', async () =>
    (await json('get', 'rs', '-l', 'app=my-nginx')).items.length === 0 && (await json('get', 'pods', '-l', 'app=my-nginx')).items.length === 0);
  t.pass('delete deployment removed its ReplicaSets and pods');

  // Orphan: the ReplicaSet and pods stay, without the ownerReference.
  await kubectl('create', 'deployment', 'orph', '--image=nginx:1.26', '--replicas=2');
  await kubectl('rollout', 'status', 'deployment/orph', '--timeout=60s');
  await kubectl('delete', 'deployment', 'orph', '--cascade=orphan');
  await until('the orphaned ReplicaSet released', async () => {
    const items = (await json('get', 'rs', '-l', 'app=orph')).items;
    return items.length === 1 && !items[0].metadata.ownerReferences;
  });
  t.equal((await json('get', 'pods', '-l', 'app=orph')).items.length, 2, 'orphaned pods stay');

  // Foreground: kubectl waits until the dependents are gone, then the Deployment goes.
  await kubectl('create', 'deployment', 'fg', '--image=nginx:1.26', '--replicas=2');
  await kubectl('rollout', 'status', 'deployment/fg', '--timeout=60s');
  await kubectl('delete', 'deployment', 'fg', '--cascade=foreground', '--timeout=60s');
  t.equal((await json('get', 'pods', '-l', 'app=fg')).items.length, 0, 'pods gone before the Deployment');
  s.child.kill('SIGTERM');
});

t.test('kill -9 of up mid-rollout: after a restart the rollout completes, no pod IP twice', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-deploy-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['--listen', '127.0.0.1:0', '--data-dir', dir, '--grace-period', '1'];
  let s = await up(t, args);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a], { maxBuffer: 1 << 24 })).stdout;
  await kubectl('create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=20');
  await kubectl('rollout', 'status', 'deployment/web', '--timeout=90s');
  await kubectl('set', 'image', 'deployment/web', 'nginx=nginx:1.27');
  await sleep(300);
  s.child.kill('SIGKILL');
  await new Promise((r) => (s.child.exitCode !== null || s.child.signalCode !== null ? r(null) : s.child.once('exit', r)));
  s = await up(t, args);
  await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s');
  const pods = JSON.parse(await kubectl('get', 'pods', '-l', 'app=web', '-o', 'json')).items.filter((p: { metadata: { deletionTimestamp?: string } }) => !p.metadata.deletionTimestamp);
  t.equal(pods.length, 20);
  t.ok(pods.every((p: { spec: { containers: { image: string }[] } }) => p.spec.containers[0]!.image === 'nginx:1.27'), 'all on the new image');
  const ips = pods.map((p: { status: { podIP: string } }) => p.status.podIP);
  t.equal(new Set(ips).size, 20, 'no pod IP twice');
  const rss = JSON.parse(await kubectl('get', 'rs', '-l', 'app=web', '-o', 'json')).items;
  t.equal(rss.length, 2, 'one old and one new ReplicaSet, no duplicate');
  s.child.kill('SIGTERM');
});
