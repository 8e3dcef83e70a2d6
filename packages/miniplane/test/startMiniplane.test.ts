/**
 * startMiniplane(): in memory on a free loopback port, a kubeconfig the clients use unchanged,
 * manifests applied before it resolves, servers in one process that share nothing, reset() back
 * to the start state (an open watch ends cleanly; allocations freed), stop() that cleans up,
 * and TLS with client-node's informer.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig, makeInformer, type V1Service } from '@kubernetes/client-node';
import t from 'tap';
import WebSocket from 'ws';
import { startMiniplane, type Miniplane } from '../src/index.js';

const run = promisify(execFile);

async function started(t: Tap.Test, o: Parameters<typeof startMiniplane>[0] = {}): Promise<Miniplane> {
  const mp = await startMiniplane(o);
  t.teardown(() => mp.stop());
  return mp;
}

async function call(mp: Miniplane, method: string, path: string, body?: unknown): Promise<{ code: number; json: any }> {
  const r = await fetch(`${mp.url}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return { code: r.status, json: await r.json() };
}

/** How many pods of default run, once `want` do or after 30 s. */
async function runningPods(mp: Miniplane, want: number): Promise<number> {
  const end = Date.now() + 30_000;
  for (;;) {
    const n = (await call(mp, 'GET', '/api/v1/namespaces/default/pods')).json.items.filter((p: { status?: { phase?: string } }) => p.status?.phase === 'Running').length;
    if (n >= want || Date.now() > end) return n;
    await new Promise((d) => setTimeout(d, 50));
  }
}

const names = (list: { items: Array<{ metadata: { name: string } }> }) => list.items.map((o) => o.metadata.name).sort();

t.test('two in one process: free ports, own state, a kubeconfig kubectl uses', async (t) => {
  const [a, b] = await Promise.all([started(t, { controllers: false }), started(t, { controllers: false })]);
  t.match(a.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.not(a.url, b.url, 'each on its own port');
  t.equal(readFileSync(a.kubeconfigPath, 'utf8'), a.kubeconfig, 'kubeconfig is the file as text');
  t.equal((await call(a, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: 'only-in-a' }, spec: { ports: [{ port: 80 }] } })).code, 201);
  t.same(names((await call(b, 'GET', '/api/v1/namespaces/default/services')).json), ['kubernetes'], 'b does not see a\'s Service');
  const cache = mkdtempSync(join(tmpdir(), 'miniplane-kubectl-'));
  t.teardown(() => rmSync(cache, { recursive: true, force: true }));
  const r = await run('kubectl', ['--kubeconfig', a.kubeconfigPath, '--cache-dir', cache, 'get', 'svc', '-o', 'name']);
  t.equal(r.stdout, 'service/kubernetes\nservice/only-in-a\n', 'kubectl reads a through its kubeconfig');
});

t.test('controllers run: pods can be created at once; manifests are applied before it resolves', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-manifests-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a-app.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {mode: test}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec:\n  ports: [{port: 80}]\n');
  writeFileSync(join(dir, 'b-ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
  writeFileSync(join(dir, 'README.md'), 'not a manifest');
  const mp = await started(t, { manifests: dir });
  t.equal((await call(mp, 'GET', '/api/v1/namespaces/shop/configmaps/settings')).json.data?.mode, 'test', 'the ConfigMap is there');
  t.match((await call(mp, 'GET', '/api/v1/namespaces/shop/services/web')).json.spec?.clusterIP, /^10\.\d+\.\d+\.\d+$/, 'the Service got its ClusterIP');
  const pod = await call(mp, 'POST', '/api/v1/namespaces/default/pods', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  t.equal(pod.code, 201, 'the default ServiceAccount exists when it resolves');
});

t.test('a bad manifest rejects, naming the file, and leaves nothing listening', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-bad-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'x.yaml'), 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
  await t.rejects(startMiniplane({ controllers: false, manifests: join(dir, 'x.yaml') }), { message: `${join(dir, 'x.yaml')}: no matches for kind "Widget" in version "example.com/v1"` });
  writeFileSync(join(dir, 'y.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: bad}\nspec: {ports: [{port: 0}]}\n');
  await t.rejects(startMiniplane({ controllers: false, manifests: join(dir, 'y.yaml') }), { message: /y\.yaml: Service default\/bad: Service "bad" is invalid/ });
});

t.test('reset(): back to the start state, an open watch ends cleanly, allocations freed', async (t) => {
  const mp = await started(t, { controllers: false });
  const svc = { metadata: { name: 'web' }, spec: { clusterIP: '10.96.0.77', ports: [{ port: 80, nodePort: 30077 }], type: 'NodePort' } };
  t.equal((await call(mp, 'POST', '/api/v1/namespaces/default/services', svc)).code, 201);
  t.equal((await call(mp, 'POST', '/api/v1/namespaces', { metadata: { name: 'scratch' } })).code, 201);
  const labelled = await fetch(`${mp.url}/api/v1/namespaces/default`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"metadata":{"labels":{"touched":"yes"}}}' });
  t.equal(labelled.status, 200);
  t.equal((await call(mp, 'DELETE', '/api/v1/namespaces/default/services/kubernetes')).code, 200, 'default/kubernetes deleted');

  const rv = (await call(mp, 'GET', '/api/v1/namespaces/default/services')).json.metadata.resourceVersion;
  const watchEnded = new Promise<{ events: string[]; error?: Error }>((resolve) => {
    http.get(`${mp.url}/api/v1/namespaces/default/services?watch=1&resourceVersion=${rv}`, (res) => {
      const events: string[] = [];
      res.on('data', (d: Buffer) => events.push(...String(d).trim().split('\n').map((l) => JSON.parse(l).type)));
      res.on('end', () => resolve({ events }));
      res.on('error', (error) => resolve({ events, error }));
    });
  });
  const wsClosed = new Promise<number>((resolve) => {
    const ws = new WebSocket(`${mp.url.replace('http', 'ws')}/api/v1/namespaces/default/services?watch=1&resourceVersion=${rv}`);
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => resolve(-1));
  });
  await new Promise((d) => setTimeout(d, 100));
  await mp.reset();
  const ended = await watchEnded;
  t.equal(ended.error, undefined, 'the watch ended without an error');
  t.equal(await wsClosed, 1000, 'a WebSocket watch is closed normally (1000)');
  t.same(names((await call(mp, 'GET', '/api/v1/namespaces/default/services')).json), ['kubernetes'], 'the Service made since is gone, the deleted one back');
  t.same(names((await call(mp, 'GET', '/api/v1/namespaces')).json), ['default', 'kube-node-lease', 'kube-public', 'kube-system'], 'namespaces as at start');
  t.equal((await call(mp, 'GET', '/api/v1/namespaces/default')).json.metadata.labels?.touched, undefined, 'changes undone');
  const rv2 = (await call(mp, 'GET', '/api/v1/namespaces/default/services')).json.metadata.resourceVersion;
  t.ok(Number(rv2) > Number(rv), 'revisions keep increasing');
  t.equal((await call(mp, 'POST', '/api/v1/namespaces/default/services', svc)).code, 201, 'its ClusterIP and NodePort are free again');
  const resumed = await new Promise<string[]>((resolve) => {
    http.get(`${mp.url}/api/v1/namespaces/default/services?watch=1&resourceVersion=${rv}&timeoutSeconds=1`, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve(text.trim().split('\n').map((l) => `${JSON.parse(l).type} ${JSON.parse(l).object.metadata.name}`)));
    });
  });
  t.same(resumed, ['DELETED web', 'ADDED kubernetes', 'ADDED web'], 'a client resuming its watch sees the reset as events');
});

t.test('reset() with the controllers: they carry on after it', async (t) => {
  const mp = await started(t);
  await call(mp, 'POST', '/api/v1/namespaces', { metadata: { name: 'team' } });
  await mp.reset();
  await call(mp, 'POST', '/api/v1/namespaces', { metadata: { name: 'team' } });
  const end = Date.now() + 20_000;
  let code = 0;
  while (Date.now() < end && code !== 200) {
    code = (await call(mp, 'GET', '/api/v1/namespaces/team/serviceaccounts/default')).code;
    await new Promise((d) => setTimeout(d, 50));
  }
  t.equal(code, 200, 'the serviceaccount controller serves the re-made namespace');
});

t.test('reset() with a running Deployment: no controller acts on what the reset removed', async (t) => {
  const mp = await started(t, { nodes: 1 });
  const dep = { metadata: { name: 'a' }, spec: { replicas: 2, selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
  t.equal((await call(mp, 'POST', '/apis/apps/v1/namespaces/default/deployments', dep)).code, 201);
  t.equal(await runningPods(mp, 2), 2, 'its pods run');
  await mp.reset();
  // Controllers that ran on across the reset re-made a pod for the deleted ReplicaSet from their stale cache.
  await new Promise((d) => setTimeout(d, 1500));
  t.same(names((await call(mp, 'GET', '/api/v1/namespaces/default/pods')).json), [], 'no pod is re-made');
  t.same(names((await call(mp, 'GET', '/apis/apps/v1/namespaces/default/replicasets')).json), [], 'no ReplicaSet');
  t.equal((await call(mp, 'POST', '/apis/apps/v1/namespaces/default/deployments', dep)).code, 201, 'the same Deployment again');
  t.equal(await runningPods(mp, 2), 2, 'the restarted controllers, the scheduler and the node run it');
});

t.test('reset() while the controllers work: the objects are a fresh miniplane\'s, and the controllers work on', async (t) => {
  const fresh = await started(t);
  const mp = await started(t);
  const dep = { metadata: { name: 'busy' }, spec: { replicas: 200, selector: { matchLabels: { app: 'busy' } }, template: { metadata: { labels: { app: 'busy' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
  t.equal((await call(mp, 'POST', '/apis/apps/v1/namespaces/default/deployments', dep)).code, 201);
  t.equal((await call(mp, 'POST', '/api/v1/namespaces', { metadata: { name: 'team' } })).code, 201);
  t.equal((await call(mp, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: 'busy' }, spec: { selector: { app: 'busy' }, ports: [{ port: 80 }] } })).code, 201);
  // Mid-work: the ReplicaSet controller creating pods in growing batches, slices and the namespace's ServiceAccount on their way.
  const until = Date.now() + 20_000;
  while (Date.now() < until && !(await call(mp, 'GET', '/api/v1/namespaces/default/pods')).json.items.length) await new Promise((d) => setTimeout(d, 2));
  await mp.reset();
  await new Promise((d) => setTimeout(d, 1500));
  const paths = [
    '/api/v1/namespaces', '/api/v1/services', '/api/v1/endpoints', '/apis/discovery.k8s.io/v1/endpointslices', '/api/v1/serviceaccounts',
    '/api/v1/configmaps', '/api/v1/secrets', '/api/v1/pods', '/apis/apps/v1/replicasets', '/apis/apps/v1/deployments', '/api/v1/events',
    '/apis/coordination.k8s.io/v1/leases',
  ];
  const state = async (m: Miniplane) => Promise.all(paths.map(async (p) => `${p}: ${(await call(m, 'GET', p)).json.items.map((o: { metadata: { namespace?: string; name: string } }) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort().join(' ')}`));
  t.same(await state(mp), await state(fresh), 'after the reset settles, every object is one a fresh miniplane has (no pod, ReplicaSet, slice or Event of the old work)');
  t.equal((await call(mp, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } })).code, 201);
  const end = Date.now() + 20_000;
  let slices = 0;
  while (Date.now() < end && slices === 0) {
    slices = (await call(mp, 'GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dweb')).json.items.length;
    await new Promise((d) => setTimeout(d, 50));
  }
  t.equal(slices, 1, 'a Service made after the reset gets its EndpointSlice');
});

t.test('stop(): the port closes, the temporary directory goes, reset() rejects', async (t) => {
  const mp = await startMiniplane({ controllers: false });
  await mp.stop();
  await mp.stop();
  await t.rejects(fetch(`${mp.url}/healthz`), 'nothing listens');
  t.notOk(existsSync(mp.kubeconfigPath), 'the kubeconfig and its directory are removed');
  await t.rejects(mp.reset(), { message: 'miniplane is stopped' });
});

t.test('a kubeconfig pointing at a stopped miniplane gets a clear error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-stopped-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const mp = await startMiniplane({ controllers: false, dataDir: dir });
  await mp.stop();
  t.ok(existsSync(mp.kubeconfigPath), 'a given dataDir is kept');
  const kubectlLite = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'kubectl-lite', 'bin', 'kubectl-lite.js');
  const r = await run(process.execPath, [kubectlLite, '--kubeconfig', mp.kubeconfigPath, 'get', 'svc']).then(() => undefined, (e: { code: number; stderr: string }) => e);
  t.equal(r?.code, 1);
  t.equal(r?.stderr, `The connection to the server ${new URL(mp.url).host} was refused - did you specify the right host or port?\n`, "kubectl's words");
});

t.test('tls: https, the CA and token in the kubeconfig, client-node lists and watches', async (t) => {
  const mp = await started(t, { tls: true, controllers: false });
  t.match(mp.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  t.match(mp.kubeconfig, `token: ${mp.token}`);
  const kc = new KubeConfig();
  kc.loadFromFile(mp.kubeconfigPath);
  const core = kc.makeApiClient(CoreV1Api);
  const informer = makeInformer<V1Service>(kc, '/api/v1/namespaces/default/services', () => core.listNamespacedService({ namespace: 'default' }));
  const added: string[] = [];
  informer.on('add', (s) => added.push(s.metadata?.name ?? ''));
  await informer.start();
  t.teardown(() => informer.stop());
  await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'api' }, spec: { ports: [{ port: 443 }] } } });
  const end = Date.now() + 10_000;
  while (!added.includes('api') && Date.now() < end) await new Promise((d) => setTimeout(d, 20));
  t.same(added.sort(), ['api', 'kubernetes'], 'the informer listed and watched over TLS');
});

t.test('allowedHosts: the names given are answered besides loopback ones; others get 403 (DNS rebinding)', async (t) => {
  const mp = await started(t, { controllers: false, allowedHosts: ['dev.example.test'] });
  const { port } = new URL(mp.url);
  const code = (host: string) =>
    new Promise<number>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/api/v1/namespaces', headers: { host }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
  const cases: Array<{ host: string; want: number }> = [
    { host: `dev.example.test:${port}`, want: 200 },
    { host: `localhost:${port}`, want: 200 },
    { host: `evil.example:${port}`, want: 403 },
  ];
  for (const c of cases) t.equal(await code(c.host), c.want, c.host);
});
