/**
 * A WebSocket watch upgrade the server refuses (a bad parameter) is answered with a Status and
 * its socket closed, even when the client keeps sending (found by the fuzz suite: the socket was
 * left half-open and unread, and the server's close waited for it forever).
 */
import net from 'node:net';
import t from 'tap';
import { startTestServer } from './harness.js';

t.test('a refused WebSocket watch closes its socket; the server still closes', async (t) => {
  const s = await startTestServer(t);
  const { port } = new URL(s.url);
  const sock = net.connect(Number(port), '127.0.0.1');
  sock.on('error', () => undefined);
  const answer = await new Promise<string>((resolve) => {
    let buf = '';
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      // keep sending after the refusal, as a client that ignores it would
      if (buf.includes('\r\n\r\n')) sock.write(Buffer.alloc(60_000, 1));
    });
    sock.on('close', () => resolve(buf));
    sock.write(
      'GET /api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
  });
  t.match(answer, /^HTTP\/1\.1 400 /);
  t.match(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), { kind: 'Status', code: 400, reason: 'BadRequest' });
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    s.server.close().then(() => true),
    new Promise<boolean>((r) => {
      timer = setTimeout(() => r(false), 5000);
    }),
  ]);
  clearTimeout(timer); // else the pending timer keeps the file alive 5 s after a quick close
  t.ok(closed, 'the server closed within 5 s');
});
