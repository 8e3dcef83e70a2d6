// Bench: server CPU time per Service create (user + system, read from /proc/<pid>/stat of the
// `miniplane up` child), a figure far less sensitive than creates/s to what else the VM is doing.
// Warm-up first (JIT, SQLite file growth), then `--count` ClusterIP creates with 16 clients.
// Linux only. Usage: node bench/serviceCpu.mjs [--clients 16] [--count 8000] [--controllers]
import { readFileSync } from 'node:fs';
import { argInt, runRawClients, startMiniplane } from './lib.mjs';

const clients = argInt('clients', 16);
const count = argInt('count', 8000);
const withControllers = process.argv.includes('--controllers');
const path = '/api/v1/namespaces/default/services';
const svc = (name) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name },
  spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});
// Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command) are utime and stime in ticks.
const TICK_MS = 10; // USER_HZ is 100 on Linux
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

const mp = await startMiniplane(withControllers ? [] : ['--no-controllers']);
await runRawClients(mp.url, clients, 2000, async (c, i) => (await c.request('POST', path, svc(`warm-${i}`))).status === 201);
const before = cpuMs(mp.pid);
const r = await runRawClients(mp.url, clients, count, async (c, i) => (await c.request('POST', path, svc(`s-${i}`))).status === 201);
const used = cpuMs(mp.pid) - before;
await mp.stop();
console.log(`Service creates: ${clients} clients, ${count} creates after 2000 warm-up${withControllers ? ', controllers running' : ''}`);
console.log(`  server CPU     ${((used * 1000) / count).toFixed(0)} µs per create`);
console.log(`  creates/s      ${r.rate.toFixed(0)}  (p99 ${r.p99.toFixed(2)} ms, ${r.failures} failures)`);
