// Bench: Service creates/s with ClusterIP + NodePort allocation over HTTP (16 clients), and the
// cost of allocation as the range fills: creates/s in successive slices of a small range until
// it is nearly full, and allocator-only timings in a nearly full /12 (in process, pure modules).
// Usage: node bench/services.mjs [--clients 16] [--count 10000] [--controllers]
import { IPAllocator, PortAllocator } from '../packages/api/dist/allocators/index.js';
import { argInt, runRawClients, startMiniplane } from './lib.mjs';

const clients = argInt('clients', 16);
const count = argInt('count', 10000);
const withControllers = process.argv.includes('--controllers');
const svc = (i, type = 'ClusterIP') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: `svc-${i}` },
  spec: { type, selector: { app: `app-${i}` }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});
const path = '/api/v1/namespaces/default/services';

const mp = await startMiniplane(withControllers ? [] : ['--no-controllers']);
await runRawClients(mp.url, clients, 300, async (c, i) => (await c.request('POST', path, svc(`warm-${i}`))).status === 201);
const cip = await runRawClients(mp.url, clients, count, async (c, i) => (await c.request('POST', path, svc(`c-${i}`))).status === 201);
const np = await runRawClients(mp.url, clients, 2000, async (c, i) => (await c.request('POST', path, svc(`n-${i}`, 'NodePort'))).status === 201);
await mp.stop();

// A /20 (4,094 usable IPs) filled in slices of 512: the create rate should not fall as it fills.
const small = await startMiniplane([...(withControllers ? [] : ['--no-controllers']), '--service-cluster-ip-range', '10.200.0.0/20']);
const slices = [];
for (let s = 0; s < 7; s++) {
  const r = await runRawClients(small.url, clients, 512, async (c, i) => (await c.request('POST', path, svc(`f-${s}-${i}`))).status === 201);
  slices.push(`${((s + 1) * 512 + 1)}/4094 used: ${r.rate.toFixed(0)}/s`);
}
await small.stop();

// Allocator alone: allocateNext in a /12 at 0% and at 99% occupancy.
function allocTiming(fill) {
  const a = new IPAllocator({ cidr: '10.96.0.0/12', random: Math.random });
  const target = Math.floor(a.max * fill);
  for (let i = 0; i < target; i++) a.allocateNext();
  const n = 2000;
  const t0 = performance.now();
  const got = [];
  for (let i = 0; i < n && a.free() > 0; i++) got.push(a.allocateNext());
  const us = ((performance.now() - t0) * 1000) / got.length;
  return `${(fill * 100).toFixed(0)}% full: ${us.toFixed(2)} µs per allocateNext`;
}
const ports = new PortAllocator({ random: Math.random });
const p0 = performance.now();
for (let i = 0; i < 2700; i++) ports.allocateNext();
const portUs = ((performance.now() - p0) * 1000) / 2700;

console.log(`Service creates over HTTP: ${clients} clients${withControllers ? ', controllers running' : ', --no-controllers'}`);
console.log(`  ClusterIP   ${cip.rate.toFixed(0)}/s  p50 ${cip.p50.toFixed(2)} ms  p99 ${cip.p99.toFixed(2)} ms  (${count} creates, ${cip.failures} failures)`);
console.log(`  NodePort    ${np.rate.toFixed(0)}/s  p50 ${np.p50.toFixed(2)} ms  p99 ${np.p99.toFixed(2)} ms  (2000 creates, ${np.failures} failures)`);
console.log('filling a /20 in slices of 512 creates:');
for (const s of slices) console.log(`  ${s}`);
console.log('ClusterIP allocator alone, /12:');
console.log(`  ${allocTiming(0)}`);
console.log(`  ${allocTiming(0.99)}`);
console.log(`NodePort allocator alone: ${portUs.toFixed(2)} µs per allocateNext (range filled to 2700/2768)`);
