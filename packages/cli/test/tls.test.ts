/**
 * `miniplane up --tls`: HTTPS with a CA and serving certificate made at first start and kept in
 * the data dir, bearer tokens (the admin token in the kubeconfig, more from --token-auth-file),
 * kube's 401 Status for a missing or wrong token, anonymous access only to the health and version
 * paths, the in-process controllers and nodes on the token over TLS, and the clients users run
 * (the real kubectl, @kubernetes/client-node 1.x with an informer, the official Python client).
 * Bad handshakes (plain HTTP, a client that does not trust the CA) fail clearly and the server
 * keeps serving.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { CoreV1Api, KubeConfig, makeInformer, type V1Service } from '@kubernetes/client-node';
import t from 'tap';
import WebSocket from 'ws';
import { bin, up } from './upProcess.js';
import { until } from './until.js';

const run = promisify(execFile);
const unauthorized = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

function tempDir(t: Tap.Test, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `miniplane-${name}-`));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function get(url: string, o: { ca?: string; token?: string; servername?: string } = {}): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = o.token ? { authorization: `Bearer ${o.token}` } : {};
    https.get(url, { ca: o.ca, headers, servername: o.servername, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

async function kubectl(kubeconfig: string, cache: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cache, ...args]);
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

t.test('up --tls: certificates and tokens, kubectl, wrong and missing tokens, bad handshakes', async (t) => {
  const dir = tempDir(t, 'tls');
  const cache = tempDir(t, 'tls-cache');
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(tokens, 'alice-token,alice,1001,"dev,ops"\n');
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data'), '--tls', '--token-auth-file', tokens, '--nodes', '1']);
  t.teardown(() => s.child.kill('SIGTERM'));
  t.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/, 'the ready line names an https URL');
  const kc = readFileSync(s.kubeconfig, 'utf8');
  const ca = readFileSync(join(dir, 'data', 'ca.crt'), 'utf8');
  const admin = readFileSync(join(dir, 'data', 'admin-token'), 'utf8').trim();
  t.match(kc, `    certificate-authority-data: ${Buffer.from(ca).toString('base64')}\n`, 'the kubeconfig carries the CA');
  t.match(kc, `    token: ${admin}\n`, 'and the admin token');
  t.notMatch(kc, 'insecure-skip-tls-verify', 'and verifies the server');
  for (const f of ['ca.key', 'apiserver.key', 'admin-token']) t.equal(statSync(join(dir, 'data', f)).mode & 0o777, 0o600, `${f} is private`);

  const ns = await kubectl(s.kubeconfig, cache, 'get', 'ns', 'default', '-o', 'name');
  t.equal(ns.out, 'namespace/default\n', 'kubectl reads over TLS with the token');
  const kubectlLite = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'kubectl-lite', 'bin', 'kubectl-lite.js');
  const lite = await run(process.execPath, [kubectlLite, '--kubeconfig', s.kubeconfig, 'get', 'svc', 'kubernetes']);
  t.match(lite.stdout, /\nkubernetes\s+ClusterIP\s+10\.96\.0\.1\s/, 'kubectl-lite reads over TLS with the token');
  const nodes = await kubectl(s.kubeconfig, cache, 'wait', '--for=condition=Ready', 'node/node-1', '--timeout=30s');
  t.equal(nodes.code, 0, 'the in-process node registered and went Ready over TLS');
  await kubectl(s.kubeconfig, cache, 'create', 'namespace', 'team');
  const sa = await until('the serviceaccount controller', async () => ((await kubectl(s.kubeconfig, cache, 'get', 'sa', 'default', '-n', 'team', '-o', 'name')).out || undefined), 30_000);
  t.equal(sa, 'serviceaccount/default\n', 'the in-process controllers work over TLS');
  await kubectl(s.kubeconfig, cache, 'run', 'p', '--image=nginx', '-n', 'team');
  const scheduled = await kubectl(s.kubeconfig, cache, 'wait', '--for=condition=PodScheduled', 'pod/p', '-n', 'team', '--timeout=30s');
  t.equal(scheduled.code, 0, 'and the scheduler');
  const asAlice = await kubectl(s.kubeconfig, cache, '--token', 'alice-token', 'get', 'svc', 'kubernetes', '-o', 'name');
  t.equal(asAlice.out, 'service/kubernetes\n', 'a token of --token-auth-file is accepted');
  const wrong = await kubectl(s.kubeconfig, cache, '--token', 'wrong', 'get', 'ns');
  t.not(wrong.code, 0, 'kubectl fails with a wrong token');
  t.match(wrong.err, 'error: You must be logged in to the server (Unauthorized)', 'kubectl words a wrong token as for kube');

  for (const [path, token] of [['/api/v1/namespaces', undefined], ['/api/v1/namespaces', 'wrong'], ['/metrics', undefined], ['/healthz', 'wrong']] as const) {
    const r = await get(`${s.url}${path}`, { ca, token });
    t.equal(r.code, 401, `${path} ${token ? 'with a wrong token' : 'without a token'}: 401`);
    t.same(JSON.parse(r.body), unauthorized, "in kube's words");
  }
  for (const path of ['/healthz', '/livez', '/readyz', '/version']) t.equal((await get(`${s.url}${path}`, { ca })).code, 200, `${path} is open to anonymous, as kube's system:public-info-viewer`);
  t.equal((await get(`${s.url}/metrics`, { ca, token: admin })).code, 200, '/metrics with the token');

  const wsUrl = `${s.url.replace('https', 'wss')}/api/v1/namespaces?watch=1`;
  const wsCode = await new Promise<number>((resolve) => {
    const ws = new WebSocket(wsUrl, { ca });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', () => {});
  });
  t.equal(wsCode, 401, 'a WebSocket watch without a token is refused');
  const firstEvent = await new Promise<string>((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { ca, headers: { authorization: `Bearer ${admin}` } });
    ws.on('message', (m) => {
      resolve(JSON.parse(String(m)).type);
      ws.close();
    });
    ws.on('error', reject);
  });
  t.equal(firstEvent, 'ADDED', 'and served with one');

  // Bad handshakes end that connection only.
  const plain = await new Promise<string>((resolve) => {
    const c = net.connect(Number(new URL(s.url).port), '127.0.0.1', () => c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    let got = '';
    c.on('data', (d) => (got += d));
    c.on('close', () => resolve(got));
    c.on('error', () => {});
  });
  t.equal(plain, 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n', "plain HTTP to the TLS port gets Go's answer");
  await t.rejects(get(`${s.url}/healthz`), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, 'a client that does not trust the CA gets a clear error');
  await t.rejects(get(`${s.url.replace('127.0.0.1', 'localhost')}/healthz`, { ca, servername: 'evil.example' }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'a name the certificate does not carry is refused');
  t.equal((await get(`${s.url.replace('127.0.0.1', 'localhost')}/healthz`, { ca })).body, 'ok', 'the certificate names localhost (SNI sent)');
  const noSni = await new Promise<boolean>((resolve, reject) => {
    const c = tls.connect({ host: '127.0.0.1', port: Number(new URL(s.url).port), ca }, () => {
      resolve(c.authorized);
      c.end();
    });
    c.on('error', reject);
  });
  t.ok(noSni, 'a handshake without SNI (an IP address) verifies against 127.0.0.1');
  t.equal((await get(`${s.url}/readyz`, { ca })).body, 'ok', 'the server keeps serving');
});

t.test('up --tls again on the same data dir keeps the CA and the admin token', async (t) => {
  const dir = tempDir(t, 'tls-again');
  const first = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--tls', '--no-controllers', '--nodes', '0', '--no-scheduler']);
  const kc1 = readFileSync(first.kubeconfig, 'utf8');
  first.child.kill('SIGTERM');
  await new Promise((done) => first.child.once('exit', done));
  const second = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--tls', '--no-controllers', '--nodes', '0', '--no-scheduler']);
  t.teardown(() => second.child.kill('SIGTERM'));
  const kc2 = readFileSync(second.kubeconfig, 'utf8');
  const field = (kc: string, k: string) => new RegExp(`${k}: (\\S+)`).exec(kc)?.[1];
  t.equal(field(kc2, 'certificate-authority-data'), field(kc1, 'certificate-authority-data'), 'same CA');
  t.equal(field(kc2, 'token'), field(kc1, 'token'), 'same token');
  const r = await get(`${second.url}/api/v1/namespaces/default`, { ca: readFileSync(join(dir, 'ca.crt'), 'utf8'), token: field(kc2, 'token') });
  t.equal(r.code, 200, 'the re-issued or kept serving certificate verifies');
});

t.test('client-node 1.x and the Python client over TLS with the written kubeconfig', async (t) => {
  const dir = tempDir(t, 'tls-clients');
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--tls', '--nodes', '0', '--no-scheduler']);
  t.teardown(() => s.child.kill('SIGTERM'));
  t.throws(() => statSync(join(dir, 'ca.key')), { code: 'ENOENT' }, '--in-memory keeps the certificates in memory');
  const kc = new KubeConfig();
  kc.loadFromFile(s.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  t.ok((await core.listNamespace()).items.some((n) => n.metadata?.name === 'default'), 'client-node lists namespaces');
  const informer = makeInformer<V1Service>(kc, '/api/v1/namespaces/default/services', () => core.listNamespacedService({ namespace: 'default' }));
  const added: string[] = [];
  informer.on('add', (o) => added.push(o.metadata?.name ?? ''));
  await informer.start();
  t.teardown(() => informer.stop());
  await core.createNamespacedService({ namespace: 'default', body: { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } } });
  await until('the informer sees web', async () => (added.includes('web') ? true : undefined), 10_000);
  t.ok(added.includes('kubernetes'), 'the informer listed and watches over TLS');

  const script = ['import sys', 'from kubernetes import client, config', 'config.load_kube_config(config_file=sys.argv[1])', 'print(client.CoreV1Api().read_namespaced_service("web", "default").spec.ports[0].port)'].join('\n');
  const r = await run('/usr/bin/python3', ['-c', script, s.kubeconfig]);
  t.equal(r.stdout, '80\n', 'the Python client reads over TLS');
});

t.test('up refuses a non-loopback --listen without --tls', async (t) => {
  const dir = tempDir(t, 'tls-refuse');
  const r = await run(process.execPath, [bin, 'up', '--listen', '0.0.0.0:0', '--data-dir', dir, '--in-memory']).then(() => undefined, (e: { code: number; stderr: string }) => e);
  t.equal(r?.code, 1, 'exits 1');
  t.match(r?.stderr, 'error: refusing to listen on 0.0.0.0 without --tls');
  const r2 = await run(process.execPath, [bin, 'up', '--token-auth-file', 'x.csv', '--data-dir', dir, '--in-memory']).then(() => undefined, (e: { code: number; stderr: string }) => e);
  t.match(r2?.stderr, 'error: --token-auth-file needs --tls');
});
