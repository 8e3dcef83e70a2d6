// Bench: the EndpointSlice controller over a Service of N Ready pods (issue 12). One `miniplane up`
// process (no simulated nodes or scheduler: the bench writes each pod's status itself, an IP and
// Ready, so only the endpoint controllers work), controllers endpointslice, endpoint, serviceaccount.
// Prints:
//   - convergence: time from the Service's create to slices holding all N endpoints ready;
//   - per flip: time from one pod's status write (Ready toggled) to the watch event of the slice
//     that carries it, p50/p99 over --flips flips; slice writes per flip (the server's counter);
//   - slice writes for one more pod (N -> N+1);
//   - the KEP-0752 table from measured bytes: the watch event one endpoint change sends to each
//     watcher, an EndpointSlice vs the single Endpoints object, times W watchers.
// --no-endpoints leaves the v1 Endpoints controller out (to see what it costs the slices);
// --cpu-prof DIR writes the server's CPU profile there (node --cpu-prof).
// Usage: node bench/endpointslices.mjs [--pods 10000] [--flips 200] [--timeout 600] [--no-endpoints] [--cpu-prof DIR]
import http from 'node:http';
import { argInt, percentile, request, runClients, startMiniplane } from './lib.mjs';

const pods = argInt('pods', 10000);
const flips = argInt('flips', 200);
const timeoutS = argInt('timeout', 600);
const ns = '/api/v1/namespaces/default';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ipOf = (i) => `10.${100 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`;

async function writes(mp, resource) {
  const text = (await request(mp.url, 'GET', '/metrics')).body;
  let n = 0;
  for (const line of text.split('\n')) {
    const m = /^apiserver_request_total\{([^}]*)\} (\d+)/.exec(line);
    if (m && m[1].includes(`resource="${resource}"`) && /verb="(POST|PUT|PATCH|DELETE)"/.test(m[1])) n += Number(m[2]);
  }
  return n;
}

/** A watch stream: calls onEvent(object, bytesOfTheEventLine) per event. */
function watch(mp, path, onEvent) {
  const req = http.get(`${mp.url}${path}${path.includes('?') ? '&' : '?'}watch=1`, (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line) onEvent(JSON.parse(line), Buffer.byteLength(line) + 1);
      }
    });
  });
  req.on('error', () => {});
  return () => req.destroy();
}

const profIdx = process.argv.indexOf('--cpu-prof');
const nodeArgs = profIdx > 0 ? ['--cpu-prof', '--cpu-prof-dir', process.argv[profIdx + 1]] : [];
const mp = await startMiniplane(['--nodes', '0', '--no-scheduler', '--in-memory', '--controllers', process.argv.includes('--no-endpoints') ? 'endpointslice,serviceaccount' : 'endpointslice,endpoint,serviceaccount'], nodeArgs);
try {
  const status = (i, ready) => ({
    phase: 'Running', podIP: ipOf(i), podIPs: [{ ip: ipOf(i) }],
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }],
  });
  const podObjs = new Array(pods);
  const made = await runClients(16, pods, async (i) => {
    const r = await request(mp.url, 'POST', `${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    if (r.status !== 201) return false;
    const pod = JSON.parse(r.body);
    pod.status = status(i, true);
    const s = await request(mp.url, 'PUT', `${ns}/pods/p${i}/status`, pod);
    podObjs[i] = JSON.parse(s.body);
    return s.status === 200;
  });
  console.log(`${pods} Ready pods written in ${made.secs.toFixed(1)} s (${made.failures} failures)`);

  // Convergence.
  const slices = new Map();
  const bytes = { slice: [], endpoints: [] };
  const waiters = new Map();
  const stopSlices = watch(mp, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3Dbench', (ev, n) => {
    if (ev.type === 'DELETED') slices.delete(ev.object.metadata.name);
    else slices.set(ev.object.metadata.name, ev.object);
    if (ev.type === 'MODIFIED') bytes.slice.push(n);
    for (const e of ev.object.endpoints ?? []) {
      const w = waiters.get(e.targetRef?.name);
      if (w && e.conditions?.ready === w.ready) {
        waiters.delete(e.targetRef.name);
        w.resolve();
      }
    }
  });
  const stopEndpoints = watch(mp, `${ns}/endpoints?fieldSelector=metadata.name%3Dbench`, (ev, n) => {
    if (ev.type === 'MODIFIED') bytes.endpoints.push(n);
  });
  const w0 = await writes(mp, 'endpointslices');
  const t0 = performance.now();
  await request(mp.url, 'POST', `${ns}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'bench' }, spec: { selector: { app: 'bench' }, ports: [{ port: 80 }] } });
  const ready = () => [...slices.values()].reduce((n, s) => n + (s.endpoints ?? []).filter((e) => e.conditions?.ready).length, 0);
  while (ready() < pods) {
    if (performance.now() - t0 > timeoutS * 1000) throw new Error(`timed out: ${ready()} of ${pods} endpoints`);
    await sleep(5);
  }
  const converge = (performance.now() - t0) / 1000;
  const createWrites = (await writes(mp, 'endpointslices')) - w0;
  console.log(`convergence: ${converge.toFixed(2)} s from Service create to ${pods} ready endpoints in ${slices.size} slices (${createWrites} slice writes)`);
  await sleep(1000);

  // Flips.
  const lat = [];
  const w1 = await writes(mp, 'endpointslices');
  for (let f = 0; f < flips; f++) {
    const i = (Math.floor(f / 2) * 7919) % pods; // each pod goes not ready, then ready again
    const readyNow = f % 2 === 1 ? true : false;
    const pod = podObjs[i];
    pod.status = status(i, readyNow);
    const seen = new Promise((resolve) => waiters.set(`p${i}`, { ready: readyNow, resolve }));
    const s0 = performance.now();
    const r = await request(mp.url, 'PUT', `${ns}/pods/p${i}/status`, pod);
    podObjs[i] = JSON.parse(r.body);
    await Promise.race([seen, sleep(10_000).then(() => { throw new Error(`flip ${f}: p${i} ready=${readyNow} not seen in its slice within 10 s`); })]);
    lat.push(performance.now() - s0);
    if (f % 50 === 49) console.log(`  ${f + 1} flips`);
    if (f % 2 === 1) await sleep(20);
  }
  await sleep(1000);
  const flipWrites = (await writes(mp, 'endpointslices')) - w1;
  lat.sort((a, b) => a - b);
  console.log(`per flip (${flips} flips): p50 ${percentile(lat, 50).toFixed(1)} ms, p99 ${percentile(lat, 99).toFixed(1)} ms; ${(flipWrites / flips).toFixed(2)} slice writes per change`);

  // One more pod: N -> N+1.
  const w2 = await writes(mp, 'endpointslices');
  const added = new Promise((resolve) => waiters.set(`p${pods}`, { ready: true, resolve }));
  const c = await request(mp.url, 'POST', `${ns}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${pods}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  await request(mp.url, 'PUT', `${ns}/pods/p${pods}/status`, { ...JSON.parse(c.body), status: status(pods, true) });
  await Promise.race([added, sleep(10_000).then(() => { throw new Error(`p${pods} not seen in a slice within 10 s`); })]);
  await sleep(1000);
  console.log(`scale ${pods} -> ${pods + 1}: ${(await writes(mp, 'endpointslices')) - w2} slice writes`);

  // KEP-0752 table from the measured watch events.
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? NaN;
  const sliceEvent = med(bytes.slice.slice(-flips));
  const epEvent = bytes.endpoints.length ? med(bytes.endpoints.slice(-flips)) : NaN;
  console.log(`one endpoint change, bytes sent per watcher: EndpointSlice ${sliceEvent} B, Endpoints ${epEvent} B (${pods} endpoints)`);
  console.log('watchers  EndpointSlices      Endpoints');
  for (const w of [1, 100, 1000, 5000]) {
    const fmt = (b) => (b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} kB`);
    console.log(`${String(w).padStart(8)}  ${fmt(sliceEvent * w).padStart(14)}  ${fmt(epEvent * w).padStart(13)}`);
  }
  stopSlices();
  stopEndpoints();
} finally {
  await mp.stop();
}
