/**
 * DNS rebinding: a server without tokens answers a request whose Host is a name it does not know
 * (the page's own name, re-pointed at 127.0.0.1) with kube's 403 Status, for the API, a watch, a
 * WebSocket watch and /ui alike; loopback names, addresses, the names given in allowedHosts and
 * Host-less HTTP/1.0 requests are served; with tls any Host is served (the token is the guard).
 * The real kubectl, and `kubectl proxy` (which sends the server's own host:port upstream), work.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { hostname } from 'node:os';
import t from 'tap';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../src/index.js';
import { kubectl, kubectlWatch, startTestServer } from './harness.js';

const assets = { 'index.html': { type: 'text/html; charset=utf-8', body: '<!doctype html><title>t</title>' } };

interface Answer { code: number; body: string }

/** GET `path` from the server at 127.0.0.1, sending `host` as the Host header. */
function get(s: RunningServer, path: string, host: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { port, protocol } = new URL(s.url);
  const tls = protocol === 'https:';
  return new Promise((resolve, reject) => {
    const o = { host: '127.0.0.1', port, path, agent: false, headers: { host, ...headers }, ...(tls ? { ca: s.caPem, servername: 'localhost' } : {}) };
    const req = (tls ? https : http).get(o, (res) => {
      let body = '';
      // A watch that is served streams: its head is the answer.
      if (res.statusCode === 200 && path.includes('watch=1')) {
        req.destroy();
        return resolve({ code: 200, body: '' });
      }
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

/** A WebSocket watch of namespaces sent with `host` as Host (and, as a browser would, its origin). */
function wsWatch(s: RunningServer, host: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/namespaces?watch=1`, { headers: { host, origin: `http://${host}` } });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body }));
    });
    ws.once('message', () => {
      resolve({ code: 101, body: '' });
      ws.close();
    });
    ws.once('error', reject);
  });
}

/** An HTTP/1.0 request without Host, over a raw socket: the status code. */
function http10(s: RunningServer, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(new URL(s.url).port), '127.0.0.1', () => sock.write(`GET ${path} HTTP/1.0\r\n\r\n`));
    let buf = '';
    sock.on('data', (d: Buffer) => (buf += d.toString('latin1')));
    sock.on('end', () => resolve(Number(buf.split(' ')[1])));
    sock.on('error', reject);
  });
}

const forbidden = (host: string, name: string) => ({
  kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
  message: `forbidden: Host ${JSON.stringify(host)} is not allowed: this server runs without authentication, so it answers only IP addresses, localhost and the names it was given (a page of another site could otherwise read it through DNS rebinding); to allow this name, start it with --allowed-hosts ${name} (startMiniplane: allowedHosts), or serve with --tls`,
  reason: 'Forbidden', details: {}, code: 403,
});

const secrets = '/api/v1/namespaces/default/secrets';
const requests: Array<{ name: string; send: (s: RunningServer, host: string) => Promise<Answer> }> = [
  { name: 'GET secrets', send: (s, host) => get(s, secrets, host) },
  { name: 'a watch', send: (s, host) => get(s, `${secrets}?watch=1`, host) },
  { name: 'a WebSocket watch', send: wsWatch },
  { name: 'the live view', send: (s, host) => get(s, '/ui/', host) },
  { name: 'healthz', send: (s, host) => get(s, '/healthz', host) },
];

t.test('without tokens: a name it does not know is refused, loopback and allowed names are served', async (t) => {
  const s = await startServer({ listen: '127.0.0.1:0', inMemory: true, ui: { assets: async () => ({ assets }) }, allowedHosts: ['dev.example.test', '.apps.example.test'] });
  t.teardown(() => s.close());
  const port = s.port;
  const hosts: Array<{ host: string; refused?: string }> = [
    { host: `evil.example:${port}`, refused: 'evil.example' },
    { host: `localhost.evil.example:${port}`, refused: 'localhost.evil.example' },
    { host: `x.dev.example.test:${port}`, refused: 'x.dev.example.test' },
    { host: `127.0.0.1:${port}` },
    { host: `127.3.4.5:${port}` },
    { host: `[::1]:${port}` },
    { host: `localhost:${port}` },
    { host: `miniplane.localhost:${port}` },
    { host: `Dev.Example.Test:${port}` },
    { host: `web.apps.example.test:${port}` },
  ];
  for (const r of requests) {
    for (const h of hosts) {
      const got = await r.send(s, h.host);
      if (h.refused) {
        t.equal(got.code, 403, `${r.name}, Host ${h.host}: 403`);
        t.same(JSON.parse(got.body), forbidden(h.host, h.refused), `${r.name}, Host ${h.host}: kube's Status`);
      } else {
        t.ok(got.code === 200 || got.code === 101, `${r.name}, Host ${h.host}: served (${got.code})`);
      }
    }
  }
  t.equal(await http10(s, secrets), 200, 'HTTP/1.0 without Host: served');
  t.equal(await http10(s, '/ui/'), 200, 'HTTP/1.0 without Host, the live view: served');
  t.equal((await get(s, '/healthz', `127.0.0.1:${port}`)).code, 200, 'the server keeps serving');
});

t.test('a wildcard listen also answers this machine\'s hostname', async (t) => {
  const s = await startServer({ listen: '0.0.0.0:0', inMemory: true, insecureAllowAnonymous: true });
  t.teardown(() => s.close());
  t.equal((await get(s, secrets, `${hostname()}:${s.port}`)).code, 200, 'its hostname');
  t.equal((await get(s, secrets, `192.0.2.7:${s.port}`)).code, 200, 'an address of it');
  t.equal((await get(s, secrets, `evil.example:${s.port}`)).code, 403, 'another name');
});

t.test('with tokens any Host is served (and the token still wanted)', async (t) => {
  const s = await startServer({ listen: '127.0.0.1:0', inMemory: true, tls: true });
  t.teardown(() => s.close());
  const auth = { authorization: `Bearer ${s.token}` };
  for (const host of [`evil.example:${s.port}`, `localhost:${s.port}`]) {
    t.equal((await get(s, secrets, host, auth)).code, 200, `Host ${host} with the token`);
    t.equal((await get(s, secrets, host)).code, 401, `Host ${host} without it`);
  }
});

t.test('a bad allowedHosts entry fails the start', async (t) => {
  await t.rejects(startServer({ listen: '127.0.0.1:0', inMemory: true, allowedHosts: ['dev.example.test:8080'] }), { message: /invalid --allowed-hosts entry "dev.example.test:8080"/ });
});

t.test('kubectl, and kubectl proxy in front of it, are served', async (t) => {
  const s = await startTestServer(t, { inMemory: true });
  const got = await kubectl(s, ['get', 'namespaces', '-o', 'name']);
  t.equal(got.stdout, 'namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n', 'kubectl get');
  const proxy = await kubectlWatch(t, s, ['proxy', '--port=0']);
  await proxy.until(/Starting to serve on 127\.0\.0\.1:\d+/);
  const port = /127\.0\.0\.1:(\d+)/.exec(proxy.output())![1];
  const list = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/default/configmaps`);
  t.equal(list.status, 200, 'a list through kubectl proxy');
  t.match(await list.json(), { kind: 'ConfigMapList' });
  const watch = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces?watch=1`);
  t.equal(watch.status, 200, 'a watch through kubectl proxy');
  const reader = watch.body!.getReader();
  t.match(new TextDecoder().decode((await reader.read()).value), /"type":"ADDED"/, 'its first event');
  await reader.cancel();
});
