import { execFile } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { eventually, kubectl, serviceManifest, sleep, tempDir } from './harness.js';
import { exited, miniplaneBin, spawnUp } from './processes.js';

const run = promisify(execFile);

async function createService(url: string, name: string): Promise<void> {
  const r = await fetch(`${url}/api/v1/namespaces/default/services`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(serviceManifest(name, { type: 'LoadBalancer' })),
  });
  if (r.status !== 201) throw new Error(`create ${name}: ${r.status} ${await r.text()}`);
}

t.test('miniplane up runs the controllers: a LoadBalancer gets an IP from --load-balancer-ip-range', async (t) => {
  const dir = tempDir(t);
  const s = await spawnUp(t, dir, ['--load-balancer-ip-range', '198.51.100.50-198.51.100.60']);
  const k = (...a: string[]) => kubectl(s.kubeconfig, join(dir, 'kc'), a);
  await createService(s.url, 'web');
  const row = await eventually(async () => {
    const out = (await k('get', 'svc', 'web', '--no-headers')).stdout;
    return /198\.51\.100\.50/.test(out) ? out : undefined;
  }, 10_000, 'EXTERNAL-IP');
  t.match(row, /^web\s+LoadBalancer\s+\S+\s+198\.51\.100\.50\s+80:\d+\/TCP/);
  const lease = (await k('get', 'lease', '-n', 'kube-system', 'miniplane-controllers', '--no-headers')).stdout;
  t.match(lease, new RegExp(`^miniplane-controllers\\s+${hostname()}_miniplane-up\\s`), 'the in-process controllers hold the Lease');
  s.child.kill('SIGTERM');
  t.equal(await exited(s.child), 0, 'clean exit');
});

t.test('miniplane up --no-controllers serves the API only: the Service stays <pending>', async (t) => {
  const dir = tempDir(t);
  const s = await spawnUp(t, dir, ['--no-controllers']);
  await createService(s.url, 'web');
  await sleep(1000);
  t.match((await kubectl(s.kubeconfig, join(dir, 'kc'), ['get', 'svc', 'web', '--no-headers'])).stdout, /<pending>/);
  const lease = await fetch(`${s.url}/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/miniplane-controllers`);
  t.equal(lease.status, 404, 'nobody campaigned');
});

t.test('a bad --load-balancer-ip-range fails before the ready line', async (t) => {
  const dir = tempDir(t);
  const r = await run(process.execPath, [miniplaneBin, 'up', '--listen', '127.0.0.1:0', '--data-dir', dir, '--load-balancer-ip-range', '198.51.100.9-198.51.100.1'])
    .catch((e: { code: number; stdout: string; stderr: string }) => e);
  t.match(r, { code: 1, stdout: '' }, 'exit 1, no ready line');
  t.match((r as { stderr: string }).stderr, /invalid --load-balancer-ip-range "198.51.100.9-198.51.100.1": END must not be before START/);
});
