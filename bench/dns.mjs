// Bench: DNS queries/s answered by the DNS component (`miniplane dns`, its own process, against
// `miniplane up --nodes 0 --no-controllers`) beside a bare UDP server built on the same wire-format
// library (dns-packet) that answers every query with one fixed A record, in its own process too
// (both in bench/dnsLoad.mjs, which bench/dataplane.mjs uses for its DNS figure).
// One client (this process) keeps `--inflight` queries outstanding over UDP and sends `--queries`
// per round; rounds alternate bare / component `--rounds` times. Prints each side's median
// queries/s, latency p50/p99 and the ratio component/bare (goal, issue 15: at least 0.7).
// The question: A kubernetes.default.svc.cluster.local (a ClusterIP Service, as a pod resolves it),
// asked the same way every time, and with the letters' case randomized per query (DNS 0x20, as
// hardened resolvers ask): the component answers both from its reply cache (valid until the next
// cluster change; keyed case-insensitively, the asker's case written back). A third mode asks a
// different name every time (pod A records `a-b-c-d.default.pod.cluster.local` of random IPs), so
// the component computes every answer.
// Usage: node bench/dns.mjs [--queries 20000] [--inflight 32] [--rounds 3]
import { loadavg, cpus } from 'node:os';
import { argInt, percentile, startCommand, startMiniplane } from './lib.mjs';
import { dnsLoad, startBareDns } from './dnsLoad.mjs';

const queries = argInt('queries', 20000);
const inflight = argInt('inflight', 32);
const rounds = argInt('rounds', 3);
const load = (port, n, mode) => dnsLoad({ port, n, mode, inflight });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mp = await startMiniplane(['--in-memory', '--nodes', '0', '--no-controllers']);
const dns = await startCommand(['dns', '--kubeconfig', mp.kubeconfig, '--dns-listen', '127.0.0.1:0'], /answering at 127\.0\.0\.1:(\d+)/);
const bare = await startBareDns();
const modes = { 'same name': 'same', '0x20 case': '0x20', 'distinct names': 'distinct' };
const results = {};
try {
  for (const how of Object.values(modes)) { // warm-up, both sides, every mode
    await load(bare.port, 5000, how);
    await load(Number(dns.match[1]), 5000, how);
  }
  for (const [mode, how] of Object.entries(modes)) {
    results[mode] = { bare: [], component: [] };
    for (let r = 0; r < rounds; r++) {
      results[mode].bare.push(await load(bare.port, queries, how));
      results[mode].component.push(await load(Number(dns.match[1]), queries, how));
    }
  }
} finally {
  await bare.stop();
  await dns.stop();
  await mp.stop();
}
const line = (name, rs) => {
  const lat = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return `  ${name.padEnd(10)} ${median(rs.map((r) => r.qps)).toFixed(0).padStart(7)} queries/s (rounds: ${rs.map((r) => r.qps.toFixed(0)).join(', ')}), latency p50 ${percentile(lat, 50).toFixed(3)} ms, p99 ${percentile(lat, 99).toFixed(3)} ms, lost ${rs.reduce((a, r) => a + r.lost, 0)}`;
};
console.log(`DNS over UDP, ${queries} queries x ${rounds} rounds each side, ${inflight} in flight (Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)})`);
for (const [mode, r] of Object.entries(results)) {
  console.log(`${mode}:`);
  console.log(line('bare', r.bare));
  console.log(line('component', r.component));
  console.log(`  ratio component/bare: ${(median(r.component.map((x) => x.qps)) / median(r.bare.map((x) => x.qps))).toFixed(2)} (goal >= 0.7)`);
}
