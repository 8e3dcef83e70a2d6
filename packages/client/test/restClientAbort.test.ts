/**
 * RestClient and aborts (restClient.ts): an informer stopped just as its reflector re-watches (the
 * watch request made, no socket handed to it yet) must not take the process down with an
 * unhandled socket 'error'; an abort rejects a pending request with an AbortError and leaves
 * the client usable; a request whose signal is already aborted is not sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { findResourceByKind } from '@miniplane/api';
import { RestClient, SharedInformer, listWatch } from '../src/index.js';

const event = (i: number) => `{"type":"ADDED","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm-${i}","namespace":"default","uid":"u-${i}","resourceVersion":"${i + 10}"},"data":{"k":"v"}}}\n`;

/** Lists nothing; the first watch sends `events` events and ends; later requests to `/hang` or watches are never answered. */
async function server(t: Tap.Test, events: number): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  let watches = 0;
  const s = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url?.startsWith('/hang')) return;
    if (!req.url?.includes('watch=true')) {
      res.setHeader('content-type', 'application/json');
      return res.end('{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":[]}');
    }
    if (watches++) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let i = 0; i < events; i++) res.write(event(i));
    res.end();
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  t.teardown(() => {
    s.closeAllConnections();
    s.close();
  });
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, requests };
}

t.test('an informer stopped as its watch is re-made: no crash, stop() resolves', async (t) => {
  for (let round = 0; round < 5; round++) {
    const { url } = await server(t, 200);
    const client = new RestClient({ config: { server: url } });
    const inf = new SharedInformer({ listerWatcher: listWatch(client.resource(findResourceByKind('v1', 'ConfigMap')!)) });
    let seen = 0;
    const all = new Promise<void>((resolve) => inf.addEventHandler({ onAdd: () => void (++seen === 200 && resolve()) }));
    await inf.start();
    await all;
    // The watch ended with its last event; the reflector re-watches at once: stop in that moment.
    await inf.stop();
    client.close();
    t.equal(seen, 200, `round ${round}: every event handled, and the process is still here`);
  }
  // An unhandled 'error' would have ended this process before the line below.
  await new Promise((r) => setTimeout(r, 100));
  t.pass('no unhandled socket error after the stops');
});

t.test('abort: a pending request rejects with an AbortError; the client goes on; an aborted signal sends nothing', async (t) => {
  const { url, requests } = await server(t, 0);
  const client = new RestClient({ config: { server: url } });
  t.teardown(() => client.close());
  const ac = new AbortController();
  const pending = client.request({ method: 'GET', path: '/hang', signal: ac.signal });
  await new Promise((r) => setTimeout(r, 50));
  ac.abort();
  await t.rejects(pending, { name: 'AbortError' });
  t.equal((await client.request<{ kind: string }>({ method: 'GET', path: '/api/v1/configmaps' })).kind, 'ConfigMapList', 'the next request is answered');
  const before = requests.length;
  await t.rejects(client.request({ method: 'GET', path: '/api/v1/configmaps', signal: ac.signal }), { name: 'AbortError' });
  await new Promise((r) => setTimeout(r, 50));
  t.equal(requests.length, before, 'a request with an aborted signal never reaches the server');
});
