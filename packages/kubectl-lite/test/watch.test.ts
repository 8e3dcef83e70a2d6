/**
 * `kubectl-lite get -w` and `--watch-only` against a live miniplane, beside the real kubectl
 * watching the same Services: the list, then one row per change (create, label, delete), aligned
 * as kubectl aligns them, ages normalised.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { liteBin, normaliseAges, startCluster, type Cluster } from './harness.js';

function watcher(t: Tap.Test, c: Cluster, tool: 'lite' | 'kubectl', args: string[]): { output: () => string } {
  const cache = join(c.dir, `${tool}-watch-cache`);
  const [cmd, argv] = tool === 'lite' ? [process.execPath, [liteBin, '--cache-dir', cache, ...args]] : ['kubectl', ['--cache-dir', cache, ...args]];
  const child = spawn(cmd, argv, { env: { ...process.env, KUBECONFIG: c.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  return { output: () => out };
}

async function until(f: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 20000;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

t.test('get -w and --watch-only print each change as kubectl does', async (t) => {
  const c = await startCluster(t);
  t.equal((await c.kubectl(['create', 'service', 'clusterip', 'a-long-service-name', '--tcp=8080:80'])).code, 0);
  const w = {
    lite: watcher(t, c, 'lite', ['get', 'svc', '-w']), kubectl: watcher(t, c, 'kubectl', ['get', 'svc', '-w']),
    liteOnly: watcher(t, c, 'lite', ['get', 'svc', '--watch-only']), kubectlOnly: watcher(t, c, 'kubectl', ['get', 'svc', '--watch-only']),
  };
  await until(() => w.lite.output().includes('a-long-service-name') && w.kubectl.output().includes('a-long-service-name'), 'the lists');
  // the watch-only ones print nothing until a change; give them time to open their watches
  await new Promise((r) => setTimeout(r, 1500));
  for (const args of [['create', 'service', 'clusterip', 'w', '--tcp=80'], ['label', 'svc', 'w', 'x=y'], ['delete', 'svc', 'w']]) {
    t.equal((await c.kubectl(args)).code, 0, args.join(' '));
  }
  const rows = (s: string) => s.split('\n').filter((l) => l.startsWith('w ')).length;
  await until(() => Object.values(w).every((x) => rows(x.output()) >= 3), 'three rows for w in every watcher');
  t.equal(normaliseAges(w.lite.output()), normaliseAges(w.kubectl.output()), 'get -w');
  t.equal(normaliseAges(w.liteOnly.output()), normaliseAges(w.kubectlOnly.output()), 'get --watch-only');
});
