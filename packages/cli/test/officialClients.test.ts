/**
 * The kubeconfig `miniplane up` writes works unchanged with the official clients users run:
 * `@kubernetes/client-node` 1.x (a list and an informer on Services, over plain HTTP, which it
 * refuses unless the cluster entry says `insecure-skip-tls-verify: true`) and the official Python
 * client (Debian's python3-kubernetes, for /usr/bin/python3).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig, makeInformer, type V1Service } from '@kubernetes/client-node';
import t from 'tap';
import { up } from './upProcess.js';
import { until } from './until.js';

const run = promisify(execFile);

async function started(t: Tap.Test): Promise<{ url: string; kubeconfig: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-clients-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--nodes', '0', '--no-scheduler']);
  t.teardown(() => s.child.kill('SIGTERM'));
  return s;
}

t.test('client-node 1.x: the kubeconfig loads, lists namespaces and runs a Service informer over HTTP', async (t) => {
  const s = await started(t);
  t.match(readFileSync(s.kubeconfig, 'utf8'), /\n {4}insecure-skip-tls-verify: true\n/, 'written for a plain-HTTP server');
  const kc = new KubeConfig();
  kc.loadFromFile(s.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const namespaces = await core.listNamespace();
  t.ok(namespaces.items.some((n) => n.metadata?.name === 'default'), 'default namespace listed');
  t.equal(namespaces.items.find((n) => n.metadata?.name === 'kube-system')?.status?.phase, 'Active');

  const informer = makeInformer<V1Service>(kc, '/api/v1/namespaces/default/services', () => core.listNamespacedService({ namespace: 'default' }));
  const events: string[] = [];
  informer.on('add', (o) => events.push(`add ${o.metadata?.name}`));
  informer.on('update', (o) => events.push(`update ${o.metadata?.name} ${o.metadata?.labels?.tier ?? ''}`));
  informer.on('delete', (o) => events.push(`delete ${o.metadata?.name}`));
  const errors: unknown[] = [];
  informer.on('error', (e) => errors.push(e));
  await informer.start();
  t.teardown(() => informer.stop());
  await until('the initial list', async () => (events.includes('add kubernetes') ? true : undefined), 10_000);

  await core.createNamespacedService({
    namespace: 'default',
    body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  });
  await until('add web', async () => (events.includes('add web') ? true : undefined), 10_000);
  await core.patchNamespacedService({ namespace: 'default', name: 'web', body: [{ op: 'add', path: '/metadata/labels', value: { tier: 'front' } }] });
  await until('update web', async () => (events.includes('update web front') ? true : undefined), 10_000);
  await core.deleteNamespacedService({ namespace: 'default', name: 'web' });
  await until('delete web', async () => (events.includes('delete web') ? true : undefined), 10_000);
  t.equal(informer.get('kubernetes', 'default')?.spec?.ports?.[0]?.port, 443, 'the cache holds the objects');
  t.equal(informer.get('web', 'default'), undefined, 'and forgets deleted ones');
  t.same(errors, [], 'no informer errors');
});

t.test('the official Python client: the kubeconfig loads and lists namespaces', async (t) => {
  const s = await started(t);
  const script = [
    'import sys',
    'from kubernetes import client, config',
    'config.load_kube_config(config_file=sys.argv[1])',
    'for n in client.CoreV1Api().list_namespace().items: print(n.metadata.name, n.status.phase)',
  ].join('\n');
  const r = await run('/usr/bin/python3', ['-c', script, s.kubeconfig]);
  t.match(r.stdout, /^default Active$/m);
  t.match(r.stdout, /^kube-system Active$/m);
});
