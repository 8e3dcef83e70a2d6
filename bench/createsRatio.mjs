// Bench: ConfigMap creates/s with N clients against `miniplane up` (SQLite file store, everything
// `up` starts by default) beside the floor, a bare Fastify server doing one better-sqlite3 INSERT
// per request (bench/fastifyFloor.mjs), each in its own process, run alternately R rounds on the
// same machine. Prints each side's median rate and the ratio (goal, issue 14: >= 0.5), and each
// server process's CPU time per create (user + system, from /proc on Linux): on a shared machine
// the rates swing with the other load, the CPU each create costs much less.
// Both sides get the same warm-up (--warmup creates, then --settle ms idle) before the measured
// creates, so what is compared is the steady state: `up` starts its controllers, loads code on
// first use and compiles hot paths in its first moments, which a bare Fastify server does not have.
// Usage: node bench/createsRatio.mjs [--clients 16] [--count 10000] [--rounds 3] [--warmup 2000] [--settle 1000] [--args "--no-controllers"]
import { spawn } from 'node:child_process';
import os from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argInt, percentile, runRawClients, startMiniplane } from './lib.mjs';

const clients = argInt('clients', 16);
const count = argInt('count', 10000);
const warmup = argInt('warmup', 2000);
const settleMs = argInt('settle', 1000);
const rounds = argInt('rounds', 3);
const argsAt = process.argv.indexOf('--args');
const upArgs = argsAt > 0 ? process.argv[argsAt + 1].split(' ').filter(Boolean) : [];
const path = '/api/v1/namespaces/default/configmaps';
const cm = (i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default', labels: { app: 'bench', n: String(i % 10) } }, data: { key: 'value', index: String(i) } });

async function startFloor() {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-bench-floor-'));
  const child = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'fastifyFloor.mjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /listening (\S+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`floor exited ${code}`)));
  });
  return {
    url,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A process's CPU time (user + system) in ms, or NaN where /proc is not there. */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms (USER_HZ 100)
  } catch {
    return NaN;
  }
}

async function measure(server) {
  await runRawClients(server.url, clients, warmup, async (c, i) => (await c.request('POST', path, cm(`warm-${i}`))).status === 201);
  await new Promise((r) => setTimeout(r, settleMs));
  const before = cpuMs(server.pid);
  const r = await runRawClients(server.url, clients, count, async (c, i) => (await c.request('POST', path, cm(i))).status === 201);
  const cpuUs = ((cpuMs(server.pid) - before) * 1000) / count;
  await server.stop();
  if (r.failures) throw new Error(`${r.failures} creates failed`);
  return { rate: r.rate, cpuUs };
}

const mp = [];
const floor = [];
for (let k = 0; k < rounds; k++) {
  floor.push(await measure(await startFloor()));
  mp.push(await measure(await startMiniplane(upArgs)));
}
const med = (xs) => percentile([...xs].sort((a, b) => a - b), 50);
const rates = (xs) => xs.map((x) => x.rate);
const cpus = (xs) => xs.map((x) => x.cpuUs);
const list = (xs) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`ConfigMap creates/s, ${clients} clients, ${count} creates after ${warmup} and ${settleMs} ms, ${rounds} rounds alternating (node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
console.log(`  miniplane up${upArgs.length ? ' ' + upArgs.join(' ') : ''} median ${med(rates(mp)).toFixed(0)}/s  (${list(rates(mp))})  server CPU ${med(cpus(mp)).toFixed(0)} us/create (${list(cpus(mp))})`);
console.log(`  Fastify + 1 INSERT floor median ${med(rates(floor)).toFixed(0)}/s  (${list(rates(floor))})  server CPU ${med(cpus(floor)).toFixed(0)} us/create (${list(cpus(floor))})`);
console.log(`  ratio                    ${(med(rates(mp)) / med(rates(floor))).toFixed(2)}  (goal >= 0.5)   CPU per create, floor/miniplane: ${(med(cpus(floor)) / med(cpus(mp))).toFixed(2)}`);
