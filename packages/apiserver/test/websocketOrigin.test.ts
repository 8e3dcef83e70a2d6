/**
 * A browser page from another site cannot open a WebSocket watch (403, kube's Status), while
 * clients that send no Origin, and pages served by this server, can; the server keeps serving.
 */
import t from 'tap';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../src/index.js';

/** Opens a namespaces watch with these headers: the first event's type, or the refusal's code and Status. */
function openWatch(s: RunningServer, headers: Record<string, string>): Promise<{ first: string } | { refused: number; status: { code: number; reason: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/namespaces?watch=1`, { headers });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, status: JSON.parse(body) }));
    });
    ws.once('message', (m) => {
      resolve({ first: (JSON.parse(String(m)) as { type: string }).type });
      ws.close();
    });
    ws.once('error', reject);
  });
}

t.test('cross-origin WebSocket watches are refused, same-origin and Origin-less ones served', async (t) => {
  const s = await startServer({ listen: '127.0.0.1:0', inMemory: true });
  t.teardown(() => s.close());
  const host = new URL(s.url).host;
  const cases: Array<{ name: string; headers: Record<string, string>; refused: boolean }> = [
    { name: 'no Origin (kubectl, client-go, ws)', headers: {}, refused: false },
    { name: 'the server\'s own origin (the /ui page)', headers: { origin: `http://${host}` }, refused: false },
    { name: 'another site', headers: { origin: 'http://evil.example' }, refused: true },
    { name: 'another port on loopback', headers: { origin: 'http://127.0.0.1:1' }, refused: true },
    { name: 'an opaque origin', headers: { origin: 'null' }, refused: true },
  ];
  for (const c of cases) {
    const r = await openWatch(s, c.headers);
    if (!c.refused) {
      t.same(r, { first: 'ADDED' }, c.name);
      continue;
    }
    t.match(r, { refused: 403, status: { kind: 'Status', code: 403, reason: 'Forbidden' } }, c.name);
    if ('status' in r) t.equal(r.status.message, `namespaces is forbidden: a WebSocket from origin ${JSON.stringify(c.headers.origin)} is refused: only pages served by this server (${host}) may open one`, c.name);
  }
  const after = await fetch(`${s.url}/api/v1/namespaces/default`);
  t.equal(after.status, 200, 'the server keeps serving');
});
