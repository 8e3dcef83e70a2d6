/**
 * `edit` (with an editor script as $KUBE_EDITOR), `set image` and `rollout
 * pause|resume|restart|status` against a live miniplane, diffed with the real kubectl, each tool
 * in its own namespace.
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
  ];
  for (const [step, ed] of steps) {
    const env = ed ? { KUBE_EDITOR: ed } : undefined;
    const lite = mask(await c.lite(['-n', 'ns-lite', ...step], { env }), 'ns-lite');
    const kubectl = mask(await c.kubectl(['-n', 'ns-kctl', ...step], { env }), 'ns-kctl');
    t.same(lite, kubectl, step.join(' '));
  }
});
