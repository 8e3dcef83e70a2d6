// Issue 9 item 10: an Upgrade header we do not serve (h2c, a WebSocket to a non-watch URL) is
// ignored and the request served as plain HTTP/1.1, as kube does; WebSocket watches still upgrade.
import t from 'tap';
import net from 'node:net';
import { WebSocket } from 'ws';
import { startTestServer } from './harness.js';

/** Sends `raw` on a fresh connection and returns everything the server wrote until it closed. */
function rawExchange(url: string, raw: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => sock.end(raw));
    let out = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (out += d));
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
    sock.setTimeout(10000, () => sock.destroy(new Error(`no close; got ${out}`)));
  });
}

const h2c = 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n';

t.test('h2c upgrade requests are served as HTTP/1.1', async (t) => {
  const s = await startTestServer(t);
  const health = await rawExchange(s.url, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${h2c}\r\n`);
  t.match(health, /^HTTP\/1\.1 200 OK\r\n/);
  t.match(health, /\r\n\r\nok$/);

  // A body (length-delimited, then chunked) comes along with the upgrade request.
  const body = JSON.stringify({ metadata: { name: 'via-h2c' }, data: { k: 'v' } });
  const created = await rawExchange(
    s.url,
    `POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1\r\n${h2c}Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
  );
  t.match(created, /^HTTP\/1\.1 201 Created/);
  const chunked = body.replace('via-h2c', 'via-h2c-chunked');
  const created2 = await rawExchange(
    s.url,
    `POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1\r\n${h2c}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunked.length.toString(16)}\r\n${chunked}\r\n0\r\n\r\n`,
  );
  t.match(created2, /^HTTP\/1\.1 201 Created/);
  const got = await s.req('GET', '/api/v1/namespaces/default/configmaps/via-h2c-chunked');
  t.same(got.body.data, { k: 'v' });

  // The body limit still holds on this path.
  const big = await rawExchange(
    s.url,
    `POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1\r\n${h2c}Content-Type: application/json\r\nContent-Length: ${4 * 1024 * 1024}\r\n\r\n{`,
  );
  t.match(big, /^HTTP\/1\.1 413 /);
});

t.test('a WebSocket upgrade to a URL that is not a watch is a plain GET; a watch still upgrades', async (t) => {
  const s = await startTestServer(t);
  const ws = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
  const list = await rawExchange(s.url, `GET /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1\r\n${ws}\r\n`);
  t.match(list, /^HTTP\/1\.1 200 OK/);
  t.match(list, /"kind":"ConfigMapList"/);
  const missing = await rawExchange(s.url, `GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\n${ws}\r\n`);
  t.match(missing, /^HTTP\/1\.1 404 /);

  const sock = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/namespaces/default/configmaps?watch=true`);
  await new Promise((resolve, reject) => {
    sock.once('open', resolve);
    sock.once('error', reject);
  });
  const first = new Promise<string>((r) => sock.once('message', (m) => r(m.toString())));
  await s.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'seen' } });
  t.match(JSON.parse(await first), { type: 'ADDED', object: { metadata: { name: 'seen' } } });
  sock.close();
});
