// pods/log against a running server, with a stand-in kubelet (an HTTP server on loopback that
// records what it is asked and answers as told): the proxied path and query, kube's errors
// before the kubelet (options, pod, container, node, address), the kubelet's errors turned into
// Statuses, an unreachable kubelet, a pod on no node (204), discovery. The real kubelet and the
// real kubectl: packages/nodes/test/podLogs.test.ts.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { startTestServer, type TestServer } from './harness.js';

interface Kubelet {
  url: string;
  asked: string[];
  answer: (req: IncomingMessage, res: ServerResponse) => void;
}

async function standInKubelet(t: Tap.Test): Promise<Kubelet> {
  const k: Kubelet = { url: '', asked: [], answer: (_req, res) => res.end('line one\nline two\n') };
  const server = createServer((req, res) => {
    k.asked.push(req.url ?? '');
    k.answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  k.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return k;
}

async function setUp(t: Tap.Test, endpoint: string | undefined): Promise<TestServer> {
  const s = await startTestServer(t);
  const annotations = endpoint ? { 'miniplane.dev/kubelet-endpoint': endpoint } : undefined;
  const node = await s.req('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', annotations } });
  t.equal(node.status, 201);
  const pod = (name: string, containers: string[], nodeName?: string) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { nodeName, containers: containers.map((c) => ({ name: c, image: 'nginx' })) },
  });
  for (const p of [pod('web', ['app'], 'node-1'), pod('duo', ['a', 'b'], 'node-1'), pod('floating', ['app']), pod('lost', ['app'], 'node-9')]) {
    t.equal((await s.req('POST', '/api/v1/namespaces/default/pods', p)).status, 201);
  }
  return s;
}

t.test('the request is proxied to the kubelet with the set options, and streamed back', async (t) => {
  const k = await standInKubelet(t);
  const s = await setUp(t, k.url);
  const r = await s.req('GET', '/api/v1/namespaces/default/pods/web/log?timestamps=1&tailLines=3&follow=true&limitBytes=10&sinceTime=2026-12-05T02:00:00.5Z&pretty=true');
  t.equal(r.status, 200);
  t.equal(r.headers.get('content-type'), 'text/plain');
  t.equal(r.text, 'line one\nline two\n');
  t.same(k.asked, ['/containerLogs/default/web/app?follow=true&limitBytes=10&sinceTime=2026-12-05T02%3A00%3A00Z&tailLines=3&timestamps=true']);
  t.equal((await s.req('GET', '/api/v1/namespaces/default/pods/duo/log?container=b')).status, 200);
  t.equal(k.asked[1], '/containerLogs/default/duo/b');
});

t.test('errors as kube answers them', async (t) => {
  const k = await standInKubelet(t);
  const s = await setUp(t, k.url);
  const cases: Array<{ name: string; path: string; method?: string; code: number; reason?: string; message?: string }> = [
    { name: 'a pod that does not exist', path: 'nope/log', code: 404, reason: 'NotFound', message: 'pods "nope" not found' },
    { name: 'an unknown container', path: 'web/log?container=db', code: 400, reason: 'BadRequest', message: 'container db is not valid for pod web' },
    { name: 'two containers, none named', path: 'duo/log', code: 400, reason: 'BadRequest', message: 'a container name must be specified for pod duo, choose one of: [a b]' },
    { name: 'an option that does not decode', path: 'web/log?sinceSeconds=soon', code: 400, reason: 'BadRequest', message: 'strconv.ParseInt: parsing "soon": invalid syntax' },
    { name: 'an invalid option', path: 'web/log?limitBytes=0', code: 422, reason: 'Invalid', message: 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0' },
    { name: 'both since options', path: 'web/log?sinceSeconds=5&sinceTime=2026-12-05T02:00:00Z', code: 422, reason: 'Invalid', message: 'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' },
    // kube installs only GET on pods/log
    { name: 'a POST', path: 'web/log', method: 'POST', code: 405, reason: 'MethodNotAllowed' },
    { name: 'a node that does not exist', path: 'lost/log', code: 404, reason: 'NotFound', message: 'nodes "node-9" not found' },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      const r = await s.req(c.method ?? 'GET', `/api/v1/namespaces/default/pods/${c.path}`, c.method === 'POST' ? {} : undefined);
      t.equal(r.status, c.code);
      t.match(r.body, { kind: 'Status', status: 'Failure', code: c.code, reason: c.reason, ...(c.message ? { message: c.message } : {}) });
    });
  }
  t.same(k.asked, [], 'none reached the kubelet');
  const floating = await s.req('GET', '/api/v1/namespaces/default/pods/floating/log');
  t.same([floating.status, floating.text], [204, ''], 'a pod on no node: no content');
});

t.test('the kubelet\'s own errors become Statuses (GenericHttpResponseChecker)', async (t) => {
  const k = await standInKubelet(t);
  const s = await setUp(t, k.url);
  const cases: Array<{ name: string; code: number; text: string; want: Record<string, unknown> }> = [
    { name: '400: the text as a BadRequest', code: 400, text: 'container "app" in pod "web" is waiting to start: ContainerCreating', want: { code: 400, reason: 'BadRequest', message: 'container "app" in pod "web" is waiting to start: ContainerCreating' } },
    { name: '404: kube\'s generic text', code: 404, text: 'pod "web" does not exist', want: { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource ( pods/log web)', details: { name: 'web', kind: 'pods/log' } } },
    { name: '500: an internal error', code: 500, text: 'boom', want: { code: 500, reason: 'InternalError', message: 'Internal error occurred: boom' } },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      k.answer = (_req, res) => {
        res.writeHead(c.code, { 'content-type': 'text/plain' });
        res.end(c.text);
      };
      const r = await s.req('GET', '/api/v1/namespaces/default/pods/web/log');
      t.equal(r.status, c.code);
      t.match(r.body, c.want);
    });
  }
});

t.test('an unreachable kubelet, and an endpoint that is not loopback HTTP', async (t) => {
  const s = await setUp(t, undefined);
  const patch = (endpoint: string) => s.req('PATCH', '/api/v1/nodes/node-1', { metadata: { annotations: { 'miniplane.dev/kubelet-endpoint': endpoint } } }, { 'content-type': 'application/merge-patch+json' });
  // a port nothing listens on any more
  const free = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  await patch(`http://127.0.0.1:${free}`);
  const down = await s.req('GET', '/api/v1/namespaces/default/pods/web/log?follow=true');
  t.equal(down.status, 500);
  t.same(down.body, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: `Get "http://127.0.0.1:${free}/containerLogs/default/web/app?follow=true": dial tcp 127.0.0.1:${free}: connect: connection refused`, code: 500,
  });
  for (const endpoint of ['http://192.0.2.1:10250', 'https://127.0.0.1:10250', 'not a url']) {
    await patch(endpoint);
    const r = await s.req('GET', '/api/v1/namespaces/default/pods/web/log');
    t.equal(r.status, 500, endpoint);
    t.equal(r.body.message, 'no preferred addresses found; known addresses: []', endpoint);
  }
});

t.test('discovery lists pods/log (get, kind Pod)', async (t) => {
  const s = await startTestServer(t);
  const list = (await s.req('GET', '/api/v1')).body;
  t.same(list.resources.find((r: { name: string }) => r.name === 'pods/log'), { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] });
});

t.test('with TLS and tokens, pods/log asks for the apiserver\'s authentication', async (t) => {
  const k = await standInKubelet(t);
  const s = await startTestServer(t, { tls: true });
  const call = (method: string, path: string, body?: unknown, token?: string) => new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpsRequest(s.url + path, { method, ca: s.server.caPem, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
  const token = s.server.token!;
  t.equal((await call('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', annotations: { 'miniplane.dev/kubelet-endpoint': k.url } } }, token)).status, 201);
  t.equal((await call('POST', '/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'nginx' }] } }, token)).status, 201);
  const anonymous = await call('GET', '/api/v1/namespaces/default/pods/web/log');
  t.equal(anonymous.status, 401);
  t.same(k.asked, [], 'the kubelet never asked');
  const admin = await call('GET', '/api/v1/namespaces/default/pods/web/log', undefined, token);
  t.same([admin.status, admin.text], [200, 'line one\nline two\n']);
});

t.test('a follow is streamed as the kubelet writes, and ends when the client goes or the server closes', async (t) => {
  const k = await standInKubelet(t);
  const s = await setUp(t, k.url);
  const open = new Set<ServerResponse>();
  k.answer = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first\n');
    open.add(res);
    res.on('close', () => open.delete(res));
  };
  const follow = () => new Promise<{ res: IncomingMessage; first: string }>((resolve, reject) => {
    const req = httpRequest(`${s.url}/api/v1/namespaces/default/pods/web/log?follow=true`, (res) => {
      res.setEncoding('utf8');
      res.once('data', (d: string) => resolve({ res, first: d }));
    });
    req.on('error', reject);
    req.end();
  });
  const a = await follow();
  t.equal(a.first, 'first\n');
  let more = '';
  a.res.on('data', (d: string) => (more += d));
  [...open][0]!.write('second\n');
  for (let i = 0; i < 100 && !more; i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(more, 'second\n', 'a later line comes through at once');
  a.res.destroy();
  for (let i = 0; i < 100 && open.size; i++) await new Promise((r) => setTimeout(r, 20));
  t.equal(open.size, 0, 'the client went: the kubelet stream is closed');

  const b = await follow();
  const ended = new Promise<void>((resolve) => b.res.on('close', () => resolve()));
  b.res.resume();
  const started = Date.now();
  await s.server.close();
  await ended;
  t.ok(Date.now() - started < 5000, 'the server closes without waiting for the follow');
});
