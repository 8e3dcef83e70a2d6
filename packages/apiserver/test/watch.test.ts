import t from 'tap';
import http from 'node:http';
import { WebSocket } from 'ws';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

interface Ev {
  type: string;
  object: { kind?: string; metadata: { name: string; resourceVersion: string; labels?: Record<string, string> }; code?: number; message?: string };
}

/** A chunked-HTTP watch collecting events until `stop()`. */
function httpWatch(url: string, query: string) {
  const events: Ev[] = [];
  let buf = '';
  let res: http.IncomingMessage | undefined;
  const req = http.get(`${url}${cms}?watch=true&${query}`, (r) => {
    res = r;
    r.setEncoding('utf8');
    r.on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buf.slice(0, i)));
        buf = buf.slice(i + 1);
      }
    });
  });
  req.on('error', () => {});
  return { events, stop: () => (res?.destroy(), req.destroy()) };
}

function wsWatch(url: string, query: string) {
  const events: Ev[] = [];
  const ws = new WebSocket(`${url.replace('http', 'ws')}${cms}?watch=true&${query}`);
  ws.on('message', (m) => events.push(JSON.parse(m.toString())));
  const open = new Promise((r) => ws.once('open', r));
  return { events, open, stop: () => ws.close() };
}

const until = async (cond: () => boolean, ms = 10000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

t.test('1,000 writes, 10 watchers (HTTP and WebSocket, some with selectors): exact, ordered, no gaps', async (t) => {
  const s = await startTestServer(t);
  const start = (await s.req('GET', cms)).body.metadata.resourceVersion;
  const q = `resourceVersion=${start}`;
  const watchers = [
    ...Array.from({ length: 3 }, () => ({ sel: undefined as string | undefined, w: httpWatch(s.url, q) })),
    ...Array.from({ length: 3 }, () => ({ sel: undefined as string | undefined, w: wsWatch(s.url, q) })),
    { sel: 'even', w: httpWatch(s.url, `${q}&labelSelector=parity%3Deven`) },
    { sel: 'even', w: wsWatch(s.url, `${q}&labelSelector=parity%3Deven`) },
    { sel: 'odd', w: httpWatch(s.url, `${q}&labelSelector=parity%3Dodd`) },
    { sel: 'odd', w: wsWatch(s.url, `${q}&labelSelector=parity%3Dodd`) },
  ];
  await Promise.all(watchers.map((x) => ('open' in x.w ? x.w.open : undefined)));
  await new Promise((r) => setTimeout(r, 100));
  // 1,000 writes: 400 creates, 400 updates (half flip parity), 200 deletes.
  for (let i = 0; i < 400; i++) await s.req('POST', cms, configMap(`cm-${i}`, {}, { parity: i % 2 ? 'odd' : 'even' }));
  for (let i = 0; i < 400; i++) {
    const cur = (await s.req('GET', `${cms}/cm-${i}`)).body;
    const flip = i % 4 === 0;
    const parity = flip ? (cur.metadata.labels.parity === 'odd' ? 'even' : 'odd') : cur.metadata.labels.parity;
    await s.req('PUT', `${cms}/cm-${i}`, { ...cur, metadata: { ...cur.metadata, labels: { parity } }, data: { n: '1' } });
  }
  for (let i = 0; i < 200; i++) await s.req('DELETE', `${cms}/cm-${i}`);
  const all = watchers[0]!.w.events;
  await until(() => watchers.every((x) => x.w.events.length > 0) && all.length >= 1000);
  await new Promise((r) => setTimeout(r, 200));
  for (const [i, x] of watchers.entries()) {
    const evs = x.w.events;
    const rvs = evs.map((e) => Number(e.object.metadata.resourceVersion));
    t.ok(rvs.every((rv, j) => j === 0 || rv > rvs[j - 1]!), `watcher ${i}: strictly increasing resourceVersions`);
    if (!x.sel) {
      t.equal(evs.length, 1000, `watcher ${i}: every write exactly once`);
      t.equal(new Set(rvs).size, 1000);
    }
  }
  // A selector watcher sees ADDED when an object starts matching, DELETED when it stops.
  const even = watchers[6]!.w.events;
  const evenWs = watchers[7]!.w.events;
  t.same(even.map((e) => `${e.type}:${e.object.metadata.resourceVersion}`), evenWs.map((e) => `${e.type}:${e.object.metadata.resourceVersion}`), 'HTTP and WebSocket selector watchers agree');
  const cm0 = even.filter((e) => e.object.metadata.name === 'cm-0').map((e) => e.type);
  t.same(cm0, ['ADDED', 'DELETED'], 'cm-0: created even, flipped to odd (DELETED for this watcher), deleted (not seen)');
  const cm1 = even.filter((e) => e.object.metadata.name === 'cm-1').map((e) => e.type);
  t.same(cm1, [], 'cm-1 never even');
  const cm4odd = watchers[8]!.w.events.filter((e) => e.object.metadata.name === 'cm-4').map((e) => e.type);
  t.same(cm4odd, ['ADDED', 'DELETED'], 'cm-4: starts matching odd on update (ADDED), deleted while odd');
  const cm2 = even.filter((e) => e.object.metadata.name === 'cm-2').map((e) => e.type);
  t.same(cm2, ['ADDED', 'MODIFIED', 'DELETED'], 'cm-2 stays even');
  watchers.forEach((x) => x.w.stop());
});

t.test('resume from the last seen resourceVersion misses nothing', async (t) => {
  const s = await startTestServer(t);
  const start = (await s.req('GET', cms)).body.metadata.resourceVersion;
  const w1 = httpWatch(s.url, `resourceVersion=${start}`);
  await new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < 10; i++) await s.req('POST', cms, configMap(`a-${i}`));
  await until(() => w1.events.length === 10);
  w1.stop();
  const last = w1.events.at(-1)!.object.metadata.resourceVersion;
  for (let i = 0; i < 10; i++) await s.req('POST', cms, configMap(`b-${i}`)); // while disconnected
  const w2 = httpWatch(s.url, `resourceVersion=${last}`);
  await until(() => w2.events.length === 10);
  t.same(w2.events.map((e) => e.object.metadata.name), Array.from({ length: 10 }, (_, i) => `b-${i}`));
  w2.stop();
});

t.test('unset resourceVersion: synthetic ADDED first; sendInitialEvents ends with the bookmark', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('x'));
  await s.req('POST', cms, configMap('y'));
  const w = httpWatch(s.url, '');
  await until(() => w.events.length === 2);
  t.same(w.events.map((e) => `${e.type}:${e.object.metadata.name}`), ['ADDED:x', 'ADDED:y']);
  w.stop();
  const wl = httpWatch(s.url, 'sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true');
  await until(() => wl.events.length === 3);
  t.equal(wl.events[2]!.type, 'BOOKMARK');
  t.same((wl.events[2]!.object.metadata as { annotations?: unknown }).annotations, { 'k8s.io/initial-events-end': 'true' });
  wl.stop();
  const bad = await s.req('GET', `${cms}?watch=1&sendInitialEvents=true`);
  t.equal(bad.status, 400, 'sendInitialEvents without NotOlderThan is refused');
});

t.test('timeoutSeconds ends the stream; the server closes watches at shutdown', async (t) => {
  const s = await startTestServer(t);
  const t0 = Date.now();
  const r = await fetch(`${s.url}${cms}?watch=1&timeoutSeconds=1`);
  await r.text();
  t.ok(Date.now() - t0 >= 900, 'ended after about a second');
});

t.test('a watcher that stops reading is disconnected; the server keeps serving', async (t) => {
  const s = await startTestServer(t, { watchMaxBufferedBytes: 256 * 1024 });
  const net = await import('node:net');
  const { port } = new URL(s.url);
  const sock = net.connect(Number(port), '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  sock.write(`GET ${cms}?watch=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  sock.pause(); // never read: the kernel buffers fill, then the server's buffer grows
  sock.on('error', () => {});
  await until(() => s.server.watchCount() === 1);
  const big = 'x'.repeat(200 * 1024);
  let n = 0;
  while (s.server.watchCount() > 0 && n < 400) await s.req('POST', cms, configMap(`big-${n++}`, { big }));
  t.equal(s.server.watchCount(), 0, 'the slow watch was dropped');
  t.ok(n < 400, `after ${n} writes of 200 KiB`);
  t.equal((await s.req('GET', '/healthz')).status, 200, 'server still serving');
  sock.destroy();
});

t.test('allowWatchBookmarks sends periodic BOOKMARKs carrying the latest resourceVersion', async (t) => {
  const s = await startTestServer(t, { watchBookmarkIntervalMs: 200 });
  const w = httpWatch(s.url, 'allowWatchBookmarks=true&resourceVersion=1');
  const created = (await s.req('POST', cms, configMap('b'))).body;
  await until(() => w.events.filter((e) => e.type === 'BOOKMARK').length >= 2);
  const bm = w.events.filter((e) => e.type === 'BOOKMARK');
  t.equal(bm[0]!.object.kind, 'ConfigMap');
  t.ok(Number(bm.at(-1)!.object.metadata.resourceVersion) >= Number(created.metadata.resourceVersion));
  w.stop();
});
