// The in-process API's start and reset times (issue 14 goals: a second startMiniplane() in a warm
// process under 50 ms, reset() under 20 ms). Prints the first (cold) start, then the median and
// p90 of --runs warm starts (each stopped before the next), and of --runs resets after a few
// writes (3 Services, a Namespace, a ConfigMap), for each configuration: no controllers, and the
// defaults (controllers on, no nodes). Wall time, and the process's CPU time (user + system) spent
// meanwhile, which a loaded shared machine inflates less. Bounded: --runs (default 15) per figure.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startMiniplane } from '../packages/miniplane/dist/index.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 15) || 15;

const ms = (x) => `${x.toFixed(1)} ms`;
function pick(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${ms(s[Math.floor(s.length / 2)])}, p90 ${ms(s[Math.min(s.length - 1, Math.floor(s.length * 0.9))])}`;
}
const stats = (xs) => `wall ${pick(xs.map((x) => x.wall))}; cpu ${pick(xs.map((x) => x.cpu))}`;

/** Times `fn`: wall ms and the process's CPU ms meanwhile. */
async function timed(fn) {
  const t = performance.now();
  const c = process.cpuUsage();
  const out = await fn();
  const d = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (d.user + d.system) / 1000, out };
}

async function post(mp, path, body) {
  const r = await fetch(`${mp.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
}

async function writeSome(mp, i) {
  for (let k = 0; k < 3; k++) await post(mp, '/api/v1/namespaces/default/services', { metadata: { name: `s${i}-${k}` }, spec: { ports: [{ port: 80 }] } });
  await post(mp, '/api/v1/namespaces', { metadata: { name: `ns${i}` } });
  await post(mp, '/api/v1/namespaces/default/configmaps', { metadata: { name: `cm${i}` }, data: { a: 'b' } });
}

async function measure(label, options) {
  const first = await timed(() => startMiniplane(options));
  await first.out.stop();
  const starts = [];
  for (let i = 0; i < runs; i++) {
    const s = await timed(() => startMiniplane(options));
    starts.push(s);
    await s.out.stop();
  }
  const mp = await startMiniplane(options);
  const resets = [];
  for (let i = 0; i < runs; i++) {
    await writeSome(mp, i);
    resets.push(await timed(() => mp.reset()));
  }
  await mp.stop();
  console.log(`${label}\n  first start  wall ${ms(first.wall)}; cpu ${ms(first.cpu)}\n  warm start   ${stats(starts)}\n  reset        ${stats(resets)}`);
}

console.log(`startMiniplane() in one process, ${runs} runs each (Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
await measure('controllers: false', { controllers: false });
await measure('defaults (controllers on, no nodes)', {});
