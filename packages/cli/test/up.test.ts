import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { bin, up } from './upProcess.js';

const run = promisify(execFile);

function tempDir(t: Tap.Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

t.test('ready line, kubeconfig the real kubectl accepts, clean SIGTERM', async (t) => {
  const dir = tempDir(t);
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir]);
  t.equal(s.kubeconfig, join(dir, 'kubeconfig'));
  t.match(readFileSync(s.kubeconfig, 'utf8'), `server: ${s.url}`);
  const cache = join(dir, 'kcache');
  const kubectl = (...a: string[]) => run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', cache, ...a]);
  const ns = await kubectl('get', '--raw', '/api/v1/namespaces');
  t.equal(JSON.parse(ns.stdout).kind, 'NamespaceList');
  const v = await kubectl('version', '-o', 'json');
  t.equal(JSON.parse(v.stdout).serverVersion.major, '1');
  s.child.kill('SIGTERM');
  t.equal(await exited(s.child), 0, 'exit 0 on SIGTERM');
});

t.test('bad flags: usage on stderr, non-zero exit', async (t) => {
  const r = await run(process.execPath, [bin, 'up', '--bogus']).catch((e: { code: number; stderr: string }) => e);
  t.equal((r as { code: number }).code, 2);
  t.match((r as { stderr: string }).stderr, /unknown flag: --bogus/);
});

t.test('an acknowledged write survives kill -9', async (t) => {
  const dir = tempDir(t);
  const a = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir]);
  const acked: string[] = [];
  for (let i = 0; i < 40; i++) {
    const r = await fetch(`${a.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name: `cm-${i}` }, data: { i: String(i) } }),
    });
    if (r.status === 201) acked.push(`cm-${i}`);
  }
  const lastRv = Number((await (await fetch(`${a.url}/api/v1/configmaps`)).json()).metadata.resourceVersion);
  a.child.kill('SIGKILL');
  await exited(a.child);
  const b = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir]);
  const list = await (await fetch(`${b.url}/api/v1/namespaces/default/configmaps`)).json();
  t.same(list.items.map((o: { metadata: { name: string } }) => o.metadata.name).sort(), [...acked].sort(), 'every acknowledged create is there');
  t.ok(Number(list.metadata.resourceVersion) >= lastRv);
  b.child.kill('SIGTERM');
  t.equal(await exited(b.child), 0);
});

t.test('in-memory mode keeps nothing across restarts', async (t) => {
  const dir = tempDir(t);
  const a = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory']);
  await fetch(`${a.url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"metadata":{"name":"x"}}' });
  a.child.kill('SIGTERM');
  await exited(a.child);
  const b = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory']);
  const r = await fetch(`${b.url}/api/v1/namespaces/default/configmaps/x`);
  t.equal(r.status, 404);
  b.child.kill('SIGTERM');
  await exited(b.child);
});

t.test('up --nodes 2 registers node-1 and node-2; `miniplane nodes --first-node 3` adds node-3', async (t) => {
  const dir = tempDir(t);
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--nodes', '2']);
  const kubectl = (...a: string[]) => run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kcache'), ...a]);
  const names = async () => (await kubectl('get', 'nodes', '-o', 'name')).stdout.trim().split('\n').filter(Boolean);
  t.same(await names(), ['node/node-1', 'node/node-2'], 'registered before the ready line');
  const extra = spawn(process.execPath, [bin, 'nodes', '--kubeconfig', s.kubeconfig, '--nodes', '1', '--first-node', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => void (extra.exitCode === null && extra.kill('SIGKILL')));
  const line = await new Promise<string>((resolve) => extra.stdout!.once('data', (d) => resolve(String(d))));
  t.match(line, /^miniplane nodes running: node-3 \(server: http:\/\/127\.0\.0\.1:\d+\)/);
  t.same(await names(), ['node/node-1', 'node/node-2', 'node/node-3']);
  const wide = await kubectl('get', 'node', 'node-3', '-o', 'wide', '--no-headers');
  t.match(wide.stdout, /^node-3\s+Ready\s.*172\.18\.0\.4/);
  await kubectl('run', 'web', '--image=nginx:1.26');
  for (let i = 0; i < 100; i++) {
    if ((await kubectl('get', 'pod', 'web', '--no-headers')).stdout.includes('Running')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.match((await kubectl('get', 'pod', 'web', '--no-headers')).stdout, /^web\s+1\/1\s+Running/, 'the in-process scheduler and kubelets run it');
  extra.kill('SIGTERM');
  t.equal(await exited(extra), 0);
  s.child.kill('SIGTERM');
  t.equal(await exited(s.child), 0);
});

t.test('up --nodes 0 registers no node', async (t) => {
  const dir = tempDir(t);
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--nodes', '0']);
  const list = await (await fetch(`${s.url}/api/v1/nodes`)).json();
  t.same(list.items, []);
  s.child.kill('SIGTERM');
  t.equal(await exited(s.child), 0);
});

t.test('up --grace-period 1: a pod delete waits one second at most', async (t) => {
  const dir = tempDir(t);
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--nodes', '1', '--grace-period', '1']);
  const pods = `${s.url}/api/v1/namespaces/default/pods`;
  const post = await fetch(pods, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'p' }, spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] } }) });
  t.equal(post.status, 201);
  const del = await (await fetch(`${pods}/p`, { method: 'DELETE' })).json();
  t.equal(del.metadata.deletionGracePeriodSeconds, 1, 'capped from 30');
  let gone = false;
  for (let i = 0; i < 50 && !gone; i++) {
    gone = (await fetch(`${pods}/p`)).status === 404;
    if (!gone) await new Promise((r) => setTimeout(r, 100));
  }
  t.ok(gone, 'the kubelet deleted it after the capped grace period');
  s.child.kill('SIGTERM');
  t.equal(await exited(s.child), 0);
});

t.test('kill -9 of up mid-scale: after a restart the ReplicaSet converges, no pod IP twice', async (t) => {
  const dir = tempDir(t);
  const a = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir]);
  const rs = {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' },
    spec: { replicas: 40, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
  };
  const created = await fetch(`${a.url}/apis/apps/v1/namespaces/default/replicasets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rs) });
  t.equal(created.status, 201);
  const podsOf = async (url: string) => (await (await fetch(`${url}/api/v1/namespaces/default/pods`)).json()).items as Array<{ metadata: { name: string }; status?: { podIP?: string; conditions?: Array<{ type: string; status: string }> } }>;
  for (let i = 0; i < 200 && (await podsOf(a.url)).filter((p) => p.status?.podIP).length < 5; i++) await new Promise((r) => setTimeout(r, 50));
  a.child.kill('SIGKILL');
  await exited(a.child);
  const b = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir]);
  let pods: Awaited<ReturnType<typeof podsOf>> = [];
  for (let i = 0; i < 300; i++) {
    pods = await podsOf(b.url);
    if (pods.length === 40 && pods.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  t.equal(pods.length, 40, 'exactly 40 pods: none lost, none extra');
  t.ok(pods.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')), 'all Ready');
  const ips = pods.map((p) => p.status?.podIP);
  t.equal(new Set(ips).size, 40, 'forty distinct pod IPs');
  b.child.kill('SIGTERM');
  t.equal(await exited(b.child), 0);
});
