import t from 'tap';
import http from 'node:http';
import net from 'node:net';
import { WebSocket } from 'ws';
import { resources } from '@miniplane/api';
import { objectKey } from '../src/registry/keys.js';
import { startTestServer, type TestServer } from './harness.js';
import { baseline, expectResponsive, healthzProbe } from './healthzProbe.js';
import { startReaders } from './readersProcess.js';

const cmInfo = resources.find((r) => r.kind === 'ConfigMap')!;
const cms = '/api/v1/namespaces/default/configmaps';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stores `n` ConfigMaps of about `bytes` each straight through the store (fast setup). */
async function fill(s: TestServer, n: number, bytes: number, prefix = 'cm') {
  const store = s.server.registry.store;
  const pad = 'x'.repeat(bytes);
  for (let i = 0; i < n; i++) {
    const name = `${prefix}-${String(i).padStart(6, '0')}`;
    store.create(objectKey(cmInfo, 'default', name), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { pad } });
  }
  await s.server.log.settled();
}

/** A fast reader: counts the watch's lines by type until `done` says stop (or 40 s). */
function readWatch(url: string, done: (types: Map<string, number>, last: string) => boolean) {
  return new Promise<{ types: Map<string, number>; last: string; bytes: number; ended: boolean }>((resolve, reject) => {
    const types = new Map<string, number>();
    let buf = '';
    let last = '';
    let bytes = 0;
    const req = http.get(url, (res) => {
      res.setEncoding('utf8');
      const finish = (ended: boolean) => {
        clearTimeout(timer);
        req.destroy();
        resolve({ types, last, bytes, ended });
      };
      const timer = setTimeout(() => finish(false), 40_000);
      res.on('data', (d: string) => {
        bytes += d.length;
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          last = buf.slice(0, i);
          buf = buf.slice(i + 1);
          const type = /^\{"type":"(\w+)"/.exec(last)?.[1] ?? '?';
          types.set(type, (types.get(type) ?? 0) + 1);
          if (done(types, last)) return finish(false);
        }
      });
      res.on('end', () => finish(true));
      res.on('error', () => finish(true));
    });
    req.on('error', reject);
  });
}

t.test('40,000 small ConfigMaps (~20 MB): a watch from the current state gets every ADDED, a watch-list its bookmark', async (t) => {
  const s = await startTestServer(t);
  await fill(s, 40_000, 450);
  const plain = await readWatch(`${s.url}${cms}?watch=1`, (m) => (m.get('ADDED') ?? 0) >= 40_000);
  t.equal(plain.types.get('ADDED'), 40_000, `all 40,000 ADDED (${(plain.bytes / 1e6).toFixed(1)} MB), not cut`);
  t.notOk(plain.ended, 'the stream was still open');
  const list = await readWatch(`${s.url}${cms}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`, (m) => m.has('BOOKMARK'));
  t.equal(list.types.get('ADDED'), 40_000, 'watch-list: 40,000 ADDED');
  t.match(JSON.parse(list.last), { type: 'BOOKMARK', object: { metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } } } }, 'then the initial-events-end bookmark');
});

t.test('a 30 MB initial burst reaches a fast reader whole (the 16 MiB slow-consumer limit does not apply to it)', async (t) => {
  const s = await startTestServer(t, { watchMaxBufferedBytes: 16 * 1024 * 1024 });
  await fill(s, 60, 500_000);
  const w = await readWatch(`${s.url}${cms}?watch=1`, (m) => (m.get('ADDED') ?? 0) >= 60);
  t.equal(w.types.get('ADDED'), 60, `60 ADDED of 500 KB: ${(w.bytes / 1e6).toFixed(1)} MB`);
  t.ok(w.bytes > 30e6);
  t.notOk(w.ended, 'not cut');
});

t.test('a watch resuming from history older than the in-memory window replays it from SQLite, paced, then live events', async (t) => {
  const s = await startTestServer(t);
  const rv = s.server.log.currentRevision;
  await fill(s, 80, 1_000_000); // 80 MB: past the 64 MiB replay cache
  t.notOk(s.server.log.replaysFromMemory(rv), 'the start is out of the in-memory window');
  const watch = readWatch(`${s.url}${cms}?watch=1&resourceVersion=${rv}`, (m) => (m.get('MODIFIED') ?? 0) >= 1);
  await sleep(300);
  await s.req('PATCH', `${cms}/cm-000000`, { data: { live: 'yes' } }, { 'content-type': 'application/merge-patch+json' });
  const w = await watch;
  t.equal(w.types.get('ADDED'), 80, `80 ADDED from history (${(w.bytes / 1e6).toFixed(0)} MB), not cut`);
  t.match(JSON.parse(w.last), { type: 'MODIFIED', object: { data: { live: 'yes' } } }, 'then the live event');
  t.notOk(w.ended);
});

t.test('250 watches of a 20 MB namespace (1 MB objects) open at once: /healthz stays under 100 ms', async (t) => {
  // Scaled down from the 140 x 1 MB for CI time; the bursts are paced either way.
  const s = await startTestServer(t);
  await fill(s, 20, 1_000_000);
  await s.req('GET', '/healthz'); // fetch's first use loads undici: not part of the figure
  const base = await baseline(s.url);
  const probe = healthzProbe(s.url);
  // The 250 readers run in another process, as curl would: this one is the server's.
  const readers = startReaders(t, `${s.url}${cms}?watch=true`, 250);
  await sleep(3000);
  const write0 = performance.now();
  const created = await s.req('POST', cms, { metadata: { name: 'after' }, data: { a: 'b' } });
  const writeMs = performance.now() - write0;
  await sleep(500);
  await expectResponsive(t, probe, base, '250 watch bursts');
  const received = readers.received();
  readers.kill();
  t.equal(created.status, 201);
  t.ok(writeMs < 500, `a write during the bursts took ${writeMs.toFixed(0)} ms`);
  t.ok(received > 20e6, `the bursts made progress: ${(received / 1e6).toFixed(0)} MB streamed`);
});

t.test('100 watchers that never read while 12 x 1 MB objects are written: the total bound cuts them, memory comes back', async (t) => {
  const cap = 64 * 1024 * 1024;
  const s = await startTestServer(t, { watchMaxTotalBufferedBytes: cap });
  const rss0 = process.memoryUsage().rss;
  const start = (await s.req('GET', cms)).body.metadata.resourceVersion;
  const port = Number(new URL(s.url).port);
  const socks = Array.from({ length: 100 }, () => {
    const c = net.connect(port, '127.0.0.1', () => c.write(`GET ${cms}?watch=1&resourceVersion=${start} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    c.pause(); // never reads
    c.on('error', () => {});
    return c;
  });
  t.teardown(() => socks.forEach((c) => c.destroy()));
  const until = Date.now() + 10_000;
  while (s.server.watchCount() < 100 && Date.now() < until) await sleep(20);
  t.equal(s.server.watchCount(), 100, '100 watches open');
  await sleep(1100); // they have been idle long enough to count as stalled once they fall behind
  let peakUnread = 0;
  let peakRss = 0;
  const pad = 'y'.repeat(1_000_000);
  for (let i = 0; i < 12; i++) {
    const r = await s.req('POST', cms, { metadata: { name: `big-${i}` }, data: { pad } });
    t.equal(r.status, 201);
    peakUnread = Math.max(peakUnread, s.server.watchBuffers().unreadBytes);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const settle = Date.now() + 5000;
  while (s.server.watchBuffers().unreadBytes > cap && Date.now() < settle) await sleep(50);
  const b = s.server.watchBuffers();
  t.ok(b.unreadBytes <= cap, `unread bytes ${(b.unreadBytes / 2 ** 20).toFixed(0)} MiB <= the 64 MiB cap`);
  t.ok(b.cut > 0, `${b.cut} stalled watchers cut for the total bound`);
  t.ok(peakRss - rss0 < 500e6, `RSS grew ${((peakRss - rss0) / 1e6).toFixed(0)} MB at most (issue: +1.9 GB)`);
  socks.forEach((c) => c.destroy());
  const gone = Date.now() + 5000;
  while (s.server.watchCount() > 0 && Date.now() < gone) await sleep(20);
  t.equal(s.server.watchBuffers().unreadBytes, 0, 'nothing accounted once they are gone');
  t.ok(peakUnread >= 0);
});

t.test('a WebSocket watch client sending more than 4 KiB is closed with 1009', async (t) => {
  const s = await startTestServer(t);
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}${cms}?watch=true`);
  await new Promise((r) => ws.once('open', r));
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  ws.send('z'.repeat(64 * 1024));
  t.equal(await closed, 1009, 'message too big');
  const ok = new WebSocket(`${s.url.replace('http', 'ws')}${cms}?watch=true`);
  await new Promise((r) => ok.once('open', r));
  const first = new Promise<string>((r) => ok.once('message', (m) => r(m.toString())));
  await s.req('POST', cms, { metadata: { name: 'ws-after' } });
  t.match(JSON.parse(await first), { type: 'ADDED', object: { metadata: { name: 'ws-after' } } }, 'a normal watch still works');
  ok.close();
});
