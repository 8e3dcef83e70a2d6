/**
 * The live view's route on a `--tls` server: its files are served without a token and with the
 * security headers, config.json carries what the server was given, unknown files are 404, the
 * API itself still wants the token; a WebSocket watch authenticates with kube's bearer
 * subprotocol (the only way a browser can pass a token to a WebSocket), the server echoing the
 * other protocol and never the token; without the ui option there is no /ui.
 */
import https from 'node:https';
import t from 'tap';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../src/index.js';

const assets = {
  'index.html': { type: 'text/html; charset=utf-8', body: '<!doctype html><title>t</title>' },
  'app.js': { type: 'text/javascript; charset=utf-8', body: 'export {};' },
};

function get(s: RunningServer, path: string, token?: string): Promise<{ code: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    https.get(`${s.url}${path}`, { ca: s.caPem, agent: false, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

const bearer = (token: string) => `base64url.bearer.authorization.k8s.io.${Buffer.from(token).toString('base64url')}`;

/** Opens a watch with these subprotocols: the protocol chosen and the first event, or the refusal's code. */
function openWatch(s: RunningServer, protocols: string[]): Promise<{ protocol: string; first: { type: string } } | { refused: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.url.replace('https', 'wss')}/api/v1/namespaces?watch=1`, protocols, { ca: s.caPem });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      res.resume();
    });
    ws.once('message', (m) => {
      resolve({ protocol: ws.protocol, first: { type: (JSON.parse(String(m)) as { type: string }).type } });
      ws.close();
    });
    ws.once('error', reject);
  });
}

t.test('/ui on a --tls server', async (t) => {
  const s = await startServer({ listen: '127.0.0.1:0', inMemory: true, tls: true, ui: { assets: async () => ({ assets }), config: { maxEndpointsPerSlice: 7 } } });
  t.teardown(() => s.close());

  for (const path of ['/ui', '/ui/']) {
    const page = await get(s, path);
    t.equal(page.code, 200, `${path} needs no token`);
    t.equal(page.body, assets['index.html'].body);
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    t.match(page.headers['content-security-policy'], /default-src 'self'; script-src 'self';.*connect-src 'self'/);
    t.equal(page.headers['x-content-type-options'], 'nosniff');
    t.equal(page.headers['x-frame-options'], 'DENY');
  }
  t.equal((await get(s, '/ui/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
  t.same(JSON.parse((await get(s, '/ui/config.json')).body), { maxEndpointsPerSlice: 7 });
  const missing = await get(s, '/ui/nope.js');
  t.equal(missing.code, 404);
  t.equal(JSON.parse(missing.body).reason, 'NotFound');
  t.equal((await get(s, '/ui/__proto__')).code, 404, 'no inherited property is a file');
  t.equal((await get(s, '/api/v1/namespaces')).code, 401, 'the API still wants the token');
  t.equal((await get(s, '/api/v1/namespaces', s.token)).code, 200);

  const ok = await openWatch(s, [bearer(s.token!), 'watch.miniplane.dev']);
  t.same(ok, { protocol: 'watch.miniplane.dev', first: { type: 'ADDED' } }, 'the token as a subprotocol; the other one is echoed');
  t.same(await openWatch(s, [bearer('wrong'), 'watch.miniplane.dev']), { refused: 401 });
  t.same(await openWatch(s, [bearer(s.token!)]), { refused: 401 }, 'a token alone leaves nothing to echo (kube: missing additional subprotocol)');
  t.same(await openWatch(s, ['watch.miniplane.dev']), { refused: 401 }, 'no token at all');
});

t.test('no ui option: no /ui', async (t) => {
  const s = await startServer({ listen: '127.0.0.1:0', inMemory: true });
  t.teardown(() => s.close());
  const res = await fetch(`${s.url}/ui`);
  t.equal(res.status, 404);
});
