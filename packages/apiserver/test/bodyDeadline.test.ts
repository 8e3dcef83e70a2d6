/**
 * The time to receive a request body is bounded (server option requestBodyTimeoutMs, 1 s here): a
 * client trickling a body gets kube's 504 Timeout Status and its connection closed within the
 * bound, nothing of it is stored, and the server keeps serving others. Bodies sent in time (in
 * pieces, or large), watches and a body the answer did not wait for are checked beside it.
 */
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const boundMs = 1000;
const path = '/api/v1/namespaces/default/configmaps';

interface Trickle {
  /** Everything the server sent, once it closed the connection. */
  answer: Promise<string>;
  /** Body bytes sent before the close. */
  sent(): number;
}

/** Sends `head` then `body` one byte every `everyMs`, until the server closes the connection. */
function trickle(port: number, head: string, body: Buffer, everyMs: number): Trickle {
  const sock = net.connect(port, '127.0.0.1');
  sock.on('error', () => undefined);
  let at = 0;
  const timer = setInterval(() => {
    if (at < body.length - 1) sock.write(body.subarray(at, ++at)); // never the last byte
  }, everyMs);
  sock.write(head);
  const answer = new Promise<string>((resolve) => {
    let buf = '';
    sock.on('data', (d: Buffer) => (buf += d.toString('latin1')));
    sock.on('close', () => {
      clearInterval(timer);
      resolve(buf);
    });
  });
  return { answer, sent: () => at };
}

function postHead(port: number, length: number, extra = ''): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;
}

t.test('a trickled body is cut with 504 Timeout and its connection closed; nothing is stored', async (t) => {
  const s = await startTestServer(t, { requestBodyTimeoutMs: boundMs });
  const port = Number(new URL(s.url).port);
  const body = Buffer.from(JSON.stringify(configMap('slow', { k: 'v'.repeat(200) })));
  const start = Date.now();
  const slow = trickle(port, postHead(port, body.length), body, 100);
  // The server serves others meanwhile.
  await new Promise((r) => setTimeout(r, 300));
  const other = await s.req('POST', path, configMap('quick'));
  t.equal(other.status, 201, 'another client is served while the body trickles');
  const answer = await slow.answer;
  const took = Date.now() - start;
  t.ok(took >= boundMs - 50, `not cut before the bound (${took} ms)`);
  t.ok(took < boundMs + 8000, `closed within the bound plus a margin (${took} ms)`);
  t.ok(slow.sent() < body.length - 1, 'the body was still arriving');
  t.match(answer, /^HTTP\/1\.1 504 /);
  t.match(answer, /\r\nconnection: close\r\n/i);
  t.same(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'Timeout: request did not complete within the allotted timeout',
    reason: 'Timeout',
    code: 504,
  });
  t.equal((await s.req('GET', `${path}/slow`)).status, 404, 'nothing was stored');
  const list = await s.req('GET', path);
  t.same(list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['quick']);
  const metrics = await s.req('GET', '/metrics');
  t.match(metrics.text, /apiserver_request_total\{verb="POST",[^}]*resource="configmaps",[^}]*code="504"\} 1/, 'counted as a 504 POST of configmaps');
});

t.test('a chunked body trickled is cut the same way', async (t) => {
  const s = await startTestServer(t, { requestBodyTimeoutMs: boundMs });
  const port = Number(new URL(s.url).port);
  const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const chunks = Buffer.from(Array.from({ length: 200 }, () => '1\r\n \r\n').join(''));
  const answer = await trickle(port, head, chunks, 20).answer;
  t.match(answer, /^HTTP\/1\.1 504 /);
  t.equal((await s.req('GET', path)).body.items.length, 0, 'nothing was stored');
});

t.test('a trickled body under an upgrade the server ignores (h2c) is cut the same way', async (t) => {
  const s = await startTestServer(t, { requestBodyTimeoutMs: boundMs });
  const port = Number(new URL(s.url).port);
  const body = Buffer.from(JSON.stringify(configMap('h2c')));
  const answer = await trickle(port, postHead(port, body.length, 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n'), body, 100).answer;
  t.match(answer, /^HTTP\/1\.1 504 /);
  t.equal((await s.req('GET', `${path}/h2c`)).status, 404, 'nothing was stored');
});

t.test('a body the answer did not wait for, still trickling: the connection is closed at the bound', async (t) => {
  const s = await startTestServer(t, { requestBodyTimeoutMs: boundMs, tls: true, inMemory: true });
  const port = Number(new URL(s.url).port);
  // Without a token the answer (401) goes out before the body is read; Node then drains the rest.
  const sock = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false });
  sock.on('error', () => undefined);
  let got = '';
  sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
  const start = Date.now();
  const writer = setInterval(() => sock.write(' '), 100);
  t.teardown(() => clearInterval(writer));
  sock.write(postHead(port, 1000));
  await new Promise((r) => sock.on('close', r));
  clearInterval(writer);
  t.match(got, /^HTTP\/1\.1 401 /);
  const took = Date.now() - start;
  t.ok(took >= boundMs - 50 && took < boundMs + 8000, `closed at the bound (${took} ms)`);
});

t.test('bodies received in time, in pieces or large, and watches are not cut', async (t) => {
  const s = await startTestServer(t, { requestBodyTimeoutMs: boundMs });
  const port = Number(new URL(s.url).port);

  // A watch (no body) outlives the bound and still delivers.
  const events: string[] = [];
  const watching = new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get(`${s.url}${path}?watch=true`, resolve).on('error', reject);
  });
  const watch = await watching;
  watch.on('data', (d: Buffer) => events.push(d.toString()));
  t.teardown(() => watch.destroy());

  // A body in two pieces 300 ms apart, on a connection kept alive, then a second request on it.
  const body = Buffer.from(JSON.stringify(configMap('pieces')));
  const sock = net.connect(port, '127.0.0.1');
  t.teardown(() => sock.destroy());
  let got = '';
  sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
  sock.write(postHead(port, body.length) + body.subarray(0, 10).toString('latin1'));
  await new Promise((r) => setTimeout(r, 300));
  sock.write(body.subarray(10));
  await new Promise((r) => setTimeout(r, boundMs + 500));
  t.match(got, /^HTTP\/1\.1 201 /, 'a body in pieces within the bound is created');
  t.notOk(sock.destroyed, 'its connection is kept alive past the bound');
  sock.write(`GET ${path}/pieces HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  await new Promise((r) => setTimeout(r, 300));
  t.match(got, /HTTP\/1\.1 200 /, 'the kept connection serves the next request');

  // A large body (~1 MiB, the most a ConfigMap holds) sent at once.
  const large = await s.req('POST', path, configMap('large', { k: 'x'.repeat(1000 * 1024) }));
  t.equal(large.status, 201, 'a ~1 MiB body sent at once is created');

  await new Promise((r) => setTimeout(r, 200));
  const seen = events.join('');
  t.match(seen, /"name":"pieces"/, 'the watch, open past the bound, saw the first create');
  t.match(seen, /"name":"large"/, 'and the last');
});
