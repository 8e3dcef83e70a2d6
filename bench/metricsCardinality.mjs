// Bench (issue 9 item 2): RSS and /metrics size through many requests to unique URLs, the storm
// that used to add one permanent metric series per URL (533 MB -> 4.1 GB in 80 s, then a crash).
// Sends `--count` GETs of /api/v1/namespaces/default/configmaps/x/<15 KB unique suffix> (404s)
// over 8 keep-alive connections to `miniplane up --no-controllers`, sampling the server's RSS
// from /proc/<pid>/status. Goal: RSS flat within 50 MB, series count constant.
// Linux only. Usage: node bench/metricsCardinality.mjs [--count 300000] [--clients 8]
import { readFileSync } from 'node:fs';
import { argInt, request, runRawClients, startMiniplane } from './lib.mjs';

const count = argInt('count', 300000);
const clients = argInt('clients', 8);
const suffix = 'x'.repeat(15000);
const rssMB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const series = async (url) => {
  const m = await request(url, 'GET', '/metrics');
  return { n: m.body.split('\n').filter((l) => l.startsWith('apiserver_request_total{')).length, bytes: m.body.length };
};

const mp = await startMiniplane(['--no-controllers']);
const path = (i) => `/api/v1/namespaces/default/configmaps/x/${i}-${suffix}`;
await runRawClients(mp.url, clients, 10000, async (c, i) => (await c.request('GET', path(-i))).status === 404);
await series(mp.url);
const s0 = await series(mp.url);
const rss0 = rssMB(mp.pid);
let peak = rss0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMB(mp.pid))), 1000);
const r = await runRawClients(mp.url, clients, count, async (c, i) => (await c.request('GET', path(i))).status === 404);
clearInterval(sampler);
const rss1 = rssMB(mp.pid);
peak = Math.max(peak, rss1);
const s1 = await series(mp.url);
await mp.stop();
console.log(`Unique-URL storm: ${count} GETs of configmaps/x/<15 KB unique suffix>, ${clients} clients, after 10000 warm-up`);
console.log(`  RSS            ${rss0.toFixed(0)} MB before, ${rss1.toFixed(0)} MB after, ${peak.toFixed(0)} MB peak (growth ${(peak - rss0).toFixed(0)} MB)`);
console.log(`  series         ${s0.n} before, ${s1.n} after; /metrics ${s0.bytes} -> ${s1.bytes} bytes`);
console.log(`  requests/s     ${r.rate.toFixed(0)}  (p99 ${r.p99.toFixed(2)} ms, ${r.failures} non-404 answers)`);
