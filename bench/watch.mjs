// Bench: watch fan-out. W watchers (chunked HTTP) on ConfigMaps while E writes are made by
// 8 writer connections; prints events/s delivered, write-sent→event-delivered latency p50/p99
// (an upper bound on commit-to-delivery: it includes the write's own request), and the server's
// RSS before and after. Usage: node bench/watch.mjs [--watchers 100] [--events 10000]
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { argInt, percentile, runRawClients, startMiniplane } from './lib.mjs';

const watchers = argInt('watchers', 100);
const events = argInt('events', 10000);
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const mp = await startMiniplane();
const path = '/api/v1/namespaces/default/configmaps';
const rssBefore = rss(mp.pid);
const start = JSON.parse(await new Promise((r) => http.get(mp.url + path, (res) => { let b = ''; res.on('data', (d) => (b += d)); res.on('end', () => r(b)); }))).metadata.resourceVersion;

const lat = [];
let delivered = 0;
let firstAt = 0;
let lastAt = 0;
const reqs = [];
await Promise.all(
  Array.from({ length: watchers }, () => new Promise((ready) => {
    const req = http.get(`${mp.url}${path}?watch=1&resourceVersion=${start}`, (res) => {
      ready();
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          const now = performance.timeOrigin + performance.now();
          const sent = Number(/"sent":"([\d.]+)"/.exec(line)?.[1]);
          if (sent) lat.push(now - sent);
          delivered++;
          if (!firstAt) firstAt = now;
          lastAt = now;
        }
      });
    });
    req.on('error', () => {});
    reqs.push(req);
  })),
);

const writes = await runRawClients(mp.url, 8, events, async (c, i) => {
  const body = { metadata: { name: `cm-${i}` }, data: { sent: String(performance.timeOrigin + performance.now()) } };
  return (await c.request('POST', path, body)).status === 201;
});
const want = watchers * events;
const deadline = Date.now() + 60000;
while (delivered < want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const rssAfter = rss(mp.pid);
reqs.forEach((r) => r.destroy());
await mp.stop();

lat.sort((a, b) => a - b);
console.log(`watch fan-out: ${watchers} watchers, ${events} events (writes at ${writes.rate.toFixed(0)}/s)`);
console.log(`  delivered        ${delivered} of ${want}`);
console.log(`  events/s        ${(delivered / ((lastAt - firstAt) / 1000)).toFixed(0)}`);
console.log(`  latency p50      ${percentile(lat, 50).toFixed(2)} ms (write sent -> event delivered)`);
console.log(`  latency p99      ${percentile(lat, 99).toFixed(2)} ms`);
console.log(`  server RSS       ${rssBefore.toFixed(1)} MiB before, ${rssAfter.toFixed(1)} MiB after`);
