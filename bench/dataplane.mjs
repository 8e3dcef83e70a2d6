// Bench (issue 15): the loopback data plane of `miniplane up --dataplane`, each figure side by side
// in one run.
// 1. HTTP requests/s and latency p50/p99 through the proxy (a ClusterIP) vs straight to the pod
//    (its podIP:8080), same pod, same client: `--clients` keep-alive connections, `--requests` per
//    round after an uncounted warm-up, rounds alternating direct / proxy `--rounds` times; medians printed, and the proxy's
//    added p50 and kept share of requests/s (goals: under 0.3 ms, at least 50 %).
// 2. Time from an EndpointSlice change to the proxy routing by it: a selectorless Service whose
//    EndpointSlice this script writes, flipped between two pods `--flips` times; after each write
//    returns, new connections are made until one reaches the new pod. p50/p99 (goal: p99 < 100 ms).
//    The time includes the apiserver's watch delivery to the proxy's informer.
// 3. DNS queries/s over UDP: the plane's DNS component (in the `up` process, on its --dns-listen
//    port, found from the kube-dns endpoint it publishes) vs a bare dns-packet server answering
//    one fixed record in its own process (bench/dnsLoad.mjs, as bench/dns.mjs), `--queries` per
//    round, `--inflight` outstanding, rounds alternating; same name (kubernetes.default...) and
//    distinct names (every answer computed). Ratio component/bare (goal >= 0.7). Also the same
//    questions through the kube-dns ClusterIP:53 (the proxy's UDP path, as a pod asks), for scale.
// Usage: node bench/dataplane.mjs [--requests 5000] [--clients 8] [--rounds 3] [--flips 40]
//                                 [--queries 20000] [--inflight 32]
import { request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { argInt, percentile, request, runRawClients, startMiniplane } from './lib.mjs';
import { dnsLoad, startBareDns } from './dnsLoad.mjs';

const requests = argInt('requests', 5000);
const clients = argInt('clients', 8);
const rounds = argInt('rounds', 3);
const flips = argInt('flips', 40);
const queries = argInt('queries', 20000);
const inflight = argInt('inflight', 32);
// Ranges of the bench's own, so a test's plane on the default loopback ranges never collides.
const ranges = ['--cluster-cidr', '127.248.0.0/16', '--service-cluster-ip-range', '127.99.0.0/16', '--node-ip-range', '127.0.5.0/24', '--load-balancer-ip-range', '127.203.0.0/24'];
const mp = await startMiniplane(['--in-memory', '--dataplane', '--dns-listen', '127.0.0.1:0', ...ranges]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function api(method, path, body) {
  const r = await request(mp.url, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body}`);
  return JSON.parse(r.body);
}

async function until(what, fn, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** One request on a new connection: the answering pod's name, or undefined. */
function who(host, port) {
  return new Promise((resolve) => {
    const req = httpRequest({ host, port, path: '/', agent: false, headers: { accept: 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body).pod));
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

try {
  const step = (s) => process.stderr.write(`[dataplane bench] ${s}\n`);
  const pod = (name) => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'bench' } },
    spec: { containers: [{ name: 'echo', image: 'echo', ports: [{ containerPort: 8080 }] }] },
  });
  await until('the default ServiceAccount', async () => ((await request(mp.url, 'GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200 ? true : undefined));
  step('creating pods');
  for (const n of ['bench-a', 'bench-b']) await api('POST', '/api/v1/namespaces/default/pods', pod(n));
  const ips = await until('2 running pods', async () => {
    const list = await api('GET', '/api/v1/namespaces/default/pods');
    const ip = Object.fromEntries(list.items.filter((p) => p.status?.phase === 'Running' && p.status.podIP).map((p) => [p.metadata.name, p.status.podIP]));
    return Object.keys(ip).length === 2 ? ip : undefined;
  });
  step('pods running');
  const svc = await api('POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'bench' }, spec: { ports: [{ name: 'http', port: 8081, targetPort: 8080 }] } });
  const clusterIP = svc.spec.clusterIP;
  const slicePath = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';
  const slice = (name) => ({
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'bench-manual', labels: { 'kubernetes.io/service-name': 'bench' } },
    addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: [ips[name]], conditions: { ready: true } }],
  });
  let current = await api('POST', slicePath, slice('bench-a'));
  await until('the proxy routing to bench-a', async () => ((await who(clusterIP, 8081)) === 'bench-a' ? true : undefined));
  await until('bench-a answering directly', async () => ((await who(ips['bench-a'], 8080)) === 'bench-a' ? true : undefined));

  step('routing');
  // 1. Throughput and latency, direct vs proxy (keep-alive connections, so each request crosses
  //    the proxy's two sockets once).
  const results = { direct: [], proxy: [] };
  const get = async (c) => (await c.request('GET', '/')).status === 200;
  // A warm-up of both paths, not counted (the first round otherwise pays for the JIT).
  await runRawClients(`http://${ips['bench-a']}:8080`, clients, Math.min(requests, 2000), get);
  await runRawClients(`http://${clusterIP}:8081`, clients, Math.min(requests, 2000), get);
  for (let r = 0; r < rounds; r++) {
    results.direct.push(await runRawClients(`http://${ips['bench-a']}:8080`, clients, requests, get));
    results.proxy.push(await runRawClients(`http://${clusterIP}:8081`, clients, requests, get));
  }
  const median = (xs, k) => xs.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const line = (name, xs) => `${name.padEnd(7)} ${median(xs, 'rate').toFixed(0).padStart(7)} req/s   p50 ${median(xs, 'p50').toFixed(3)} ms   p99 ${median(xs, 'p99').toFixed(3)} ms   failures ${xs.reduce((s, x) => s + x.failures, 0)}`;
  console.log(`machine: ${cpus().length} x ${cpus()[0].model}, Node ${process.version}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`HTTP GET, ${clients} keep-alive connections, ${requests} requests x ${rounds} rounds (medians):`);
  console.log(line('direct', results.direct));
  console.log(line('proxy', results.proxy));
  const addedP50 = median(results.proxy, 'p50') - median(results.direct, 'p50');
  const kept = median(results.proxy, 'rate') / median(results.direct, 'rate');
  console.log(`proxy adds ${addedP50.toFixed(3)} ms at p50 (goal < 0.3) and keeps ${(kept * 100).toFixed(0)} % of the direct requests/s (goal >= 50 %)`);

  // 2. EndpointSlice change -> routing.
  const lags = [];
  let target = 'bench-a';
  for (let i = 0; i < flips; i++) {
    target = target === 'bench-a' ? 'bench-b' : 'bench-a';
    const next = { ...slice(target), metadata: { ...slice(target).metadata, resourceVersion: current.metadata.resourceVersion } };
    current = await api('PUT', `${slicePath}/bench-manual`, next);
    const t0 = performance.now();
    for (;;) {
      if ((await who(clusterIP, 8081)) === target) break;
      if (performance.now() - t0 > 5000) throw new Error('the proxy did not follow the slice within 5 s');
    }
    lags.push(performance.now() - t0);
    await sleep(20);
  }
  lags.sort((a, b) => a - b);
  console.log(`EndpointSlice change -> routing by it, ${flips} flips: p50 ${percentile(lags, 50).toFixed(1)} ms, p99 ${percentile(lags, 99).toFixed(1)} ms, max ${lags.at(-1).toFixed(1)} ms (goal p99 < 100 ms)`);

  // 3. DNS: the component vs the bare server (and through the kube-dns ClusterIP).
  step('dns');
  const dnsSlices = await api('GET', '/apis/discovery.k8s.io/v1/namespaces/kube-system/endpointslices?labelSelector=endpointslice.kubernetes.io%2Fmanaged-by%3Ddns.miniplane.dev');
  const dnsPort = dnsSlices.items[0].ports[0].port;
  const dnsIP = (await api('GET', '/api/v1/namespaces/kube-system/services/kube-dns')).spec.clusterIP;
  const bare = await startBareDns();
  try {
    const sides = { bare: { port: bare.port }, component: { port: dnsPort }, 'via kube-dns ClusterIP': { port: 53, host: dnsIP } };
    const modes = { 'same name': 'same', 'distinct names': 'distinct' };
    for (const how of Object.values(modes)) for (const side of Object.values(sides)) await dnsLoad({ ...side, n: 5000, mode: how, inflight }); // warm-up
    const qps = (rs) => rs.map((r) => r.qps).sort((a, b) => a - b)[Math.floor(rs.length / 2)];
    console.log(`DNS over UDP, ${queries} queries x ${rounds} rounds each side, ${inflight} in flight (medians):`);
    for (const [mode, how] of Object.entries(modes)) {
      const got = Object.fromEntries(Object.keys(sides).map((k) => [k, []]));
      for (let r = 0; r < rounds; r++) for (const [k, side] of Object.entries(sides)) got[k].push(await dnsLoad({ ...side, n: queries, mode: how, inflight }));
      for (const [k, rs] of Object.entries(got)) {
        const lat = rs.flatMap((x) => x.latencies).sort((a, b) => a - b);
        console.log(`  ${`${mode}, ${k}`.padEnd(38)} ${qps(rs).toFixed(0).padStart(7)} queries/s   p50 ${percentile(lat, 50).toFixed(3)} ms   p99 ${percentile(lat, 99).toFixed(3)} ms   lost ${rs.reduce((a, x) => a + x.lost, 0)}`);
      }
      console.log(`  ${mode}: ratio component/bare ${(qps(got.component) / qps(got.bare)).toFixed(2)} (goal >= 0.7)`);
    }
  } finally {
    await bare.stop();
  }
} finally {
  await mp.stop();
}
