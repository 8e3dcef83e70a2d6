/**
 * `edit` (with an editor script as $KUBE_EDITOR), `set image` and `rollout
 * pause|resume|restart|status|history|undo` (revisions: ReplicaSets owned by the Deployment)
 * against a live miniplane, diffed with the real kubectl, each tool in its own namespace.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { normaliseAges, startCluster, type Run } from './harness.js';

function mask(r: Run, ns: string): Run {
  const m = (s: string) => normaliseAges(s).replaceAll(ns, 'NS').replace(/restartedAt":"[^"]*"/g, 'restartedAt":"X"');
  return { code: r.code, stdout: m(r.stdout), stderr: m(r.stderr) };
}

t.test('edit, set image and rollout print and do what kubectl does', async (t) => {
  const c = await startCluster(t);
  const editor = join(c.dir, 'editor.sh');
  // the "user" turns session affinity on and adds a label; run twice, the second save is unchanged
  writeFileSync(editor, `#!/bin/sh\nsed -i 's/sessionAffinity: None/sessionAffinity: ClientIP/; s/^  labels:$/  labels:\\n    edited: "yes"/' "$1"\n`);
  chmodSync(editor, 0o755);
  for (const ns of ['ns-lite', 'ns-kctl']) {
    for (const args of [['create', 'namespace', ns], ['-n', ns, 'create', 'deployment', 'web', '--image=nginx'], ['-n', ns, 'create', 'service', 'clusterip', 'web', '--tcp=80']]) {
      t.equal((await c.kubectl(args)).code, 0, args.join(' '));
    }
  }
  const steps: [string[], string?][] = [
    [['edit', 'svc', 'web'], editor], [['edit', 'svc/web'], editor], [['edit', 'svc', 'nosuch'], editor],
    [['get', 'svc', 'web', '-o', 'jsonpath={.spec.sessionAffinity} {.metadata.labels}']],
    [['set', 'image', 'deploy/web', 'nginx=nginx:1.26']], [['set', 'image', 'deployment', 'web', '*=nginx:1.27']], [['set', 'image', 'deploy/web', 'nope=x']],
    [['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers}']],
    [['rollout', 'pause', 'deploy/web']], [['rollout', 'pause', 'deploy/web']], [['rollout', 'restart', 'deploy/web']], [['rollout', 'resume', 'deploy/web']],
    [['rollout', 'resume', 'deploy/web']], [['rollout', 'restart', 'deploy/web']], [['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.metadata.annotations}']],
    [['rollout', 'status', 'deploy/web', '--watch=false']], [['rollout', 'status', 'svc/web']],
    [['rollout', 'history', 'deploy/web']], [['rollout', 'undo', 'deploy/web']], [['rollout', 'history', 'svc/web']],
  ];
  // two revisions, as a Deployment controller would leave them, for history and undo
  const revisions: string[][] = [['rollout', 'history', 'deploy/web'], ['rollout', 'undo', 'deploy/web', '--to-revision=1'], ['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'],
    ['rollout', 'undo', 'deploy/web', '--to-revision=1'], ['rollout', 'undo', 'deploy/web'], ['rollout', 'undo', 'deploy/web', '--to-revision=7']];
  for (const [step, ed] of [...steps, ...revisions.map((r) => [r] as [string[]])]) {
    if (step === revisions[0]) for (const ns of ['ns-lite', 'ns-kctl']) await ownedReplicaSets(t, c, ns);
    const env = ed ? { KUBE_EDITOR: ed } : undefined;
    const lite = mask(await c.lite(['-n', 'ns-lite', ...step], { env }), 'ns-lite');
    const kubectl = mask(await c.kubectl(['-n', 'ns-kctl', ...step], { env }), 'ns-kctl');
    t.same(lite, kubectl, step.join(' '));
  }
});

async function ownedReplicaSets(t: Tap.Test, c: Awaited<ReturnType<typeof startCluster>>, ns: string): Promise<void> {
  const uid = (await c.kubectl(['-n', ns, 'get', 'deploy', 'web', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  for (const r of [1, 2]) {
    const rs = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet',
      metadata: { name: `web-r${r}`, labels: { app: 'web', 'pod-template-hash': `h${r}` }, annotations: { 'deployment.kubernetes.io/revision': String(r), 'kubernetes.io/change-cause': `step ${r}` },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid, controller: true }] },
      spec: { replicas: 0, selector: { matchLabels: { app: 'web', 'pod-template-hash': `h${r}` } },
        template: { metadata: { labels: { app: 'web', 'pod-template-hash': `h${r}` } }, spec: { containers: [{ name: 'nginx', image: `nginx:1.2${r}` }] } } },
    };
    t.equal((await c.kubectl(['-n', ns, 'create', '-f', '-'], { input: JSON.stringify(rs) })).code, 0, `${ns} revision ${r}`);
  }
}
