// Bench: issue 9's freezes (items 3 and 6), measured as /healthz latency while the long work runs.
//   1. W watches (default 250) of a namespace of N 1 MB ConfigMaps (default 140) open at once,
//      their readers in another process reading everything; /healthz probed for 5 s.
//   2. 4 concurrent LISTs of that namespace (each N MB).
//   3. deletecollection of D small ConfigMaps (default 30,000) in another namespace.
// Prints /healthz p50/p99/max for each, plus how long the work took.
// Usage: node bench/longWork.mjs [--objects 140] [--watchers 250] [--deletes 30000]
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argInt, percentile, request, runRawClients, startMiniplane } from './lib.mjs';

const objects = argInt('objects', 140);
const watchers = argInt('watchers', 250);
const deletes = argInt('deletes', 30000);
const readersScript = join(dirname(fileURLToPath(import.meta.url)), '../packages/apiserver/test/httpReaders.mjs');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Probes /healthz every 10 ms while `work()` runs; returns latencies (sorted) and the work's duration. */
async function probeDuring(url, work) {
  const lat = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await request(url, 'GET', '/healthz');
      lat.push(performance.now() - t0);
      await sleep(10);
    }
  })();
  const t0 = performance.now();
  const extra = await work();
  const took = performance.now() - t0;
  running = false;
  await loop;
  lat.sort((a, b) => a - b);
  return { lat, took, extra };
}

/** Starts N readers of `url` in another process; resolves with a handle. */
function readers(url, n) {
  const child = spawn(process.execPath, [readersScript, url, String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let last = { received: 0, ended: 0 };
  let buf = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      last = JSON.parse(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  return { last: () => last, kill: () => child.kill('SIGKILL') };
}

const fmt = (r) => `p50 ${percentile(r.lat, 50).toFixed(1)} ms, p99 ${percentile(r.lat, 99).toFixed(1)} ms, max ${r.lat.at(-1).toFixed(1)} ms (${r.lat.length} probes)`;

const mp = await startMiniplane();
const cms = '/api/v1/namespaces/default/configmaps';
const pad = 'x'.repeat(1_000_000);
for (let i = 0; i < objects; i++) await request(mp.url, 'POST', cms, { metadata: { name: `big-${i}` }, data: { pad } });

const w = await probeDuring(mp.url, async () => {
  const r = readers(`${mp.url}${cms}?watch=true`, watchers);
  await sleep(5000);
  const t0 = performance.now();
  await request(mp.url, 'POST', cms, { metadata: { name: 'during' } });
  const writeMs = performance.now() - t0;
  const got = r.last().received;
  r.kill();
  return { writeMs, got };
});
console.log(`${watchers} watches of ${objects} x 1 MB ConfigMaps, 5 s`);
console.log(`  /healthz         ${fmt(w)}`);
console.log(`  a write          ${w.extra.writeMs.toFixed(0)} ms;  ${(w.extra.got / 1e6).toFixed(0)} MB streamed to the watchers`);

const l = await probeDuring(mp.url, async () => {
  const r = readers(`${mp.url}${cms}`, 4);
  while (r.last().ended < 4) await sleep(20);
  r.kill();
});
console.log(`4 concurrent LISTs of ${objects} MB`);
console.log(`  /healthz         ${fmt(l)};  all done in ${(l.took / 1000).toFixed(1)} s`);

await request(mp.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'many' } });
const many = '/api/v1/namespaces/many/configmaps';
await runRawClients(mp.url, 8, deletes, async (c, i) => (await c.request('POST', many, { metadata: { name: `cm-${i}` } })).status === 201);
const d = await probeDuring(mp.url, async () => (await request(mp.url, 'DELETE', many)).status);
console.log(`deletecollection of ${deletes} ConfigMaps (status ${d.extra})`);
console.log(`  /healthz         ${fmt(d)};  took ${(d.took / 1000).toFixed(1)} s`);
await mp.stop();
