// Bench: DNS queries/s answered by the DNS component (`miniplane dns`, its own process, against
// `miniplane up --nodes 0 --no-controllers`) beside a bare UDP server built on the same wire-format
// library (dns-packet) that answers every query with one fixed A record, in its own process too.
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
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { loadavg, cpus } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argInt, percentile, startCommand, startMiniplane } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dnsPacket = createRequire(join(root, 'packages/dns/package.json'))('dns-packet');
const queries = argInt('queries', 20000);
const inflight = argInt('inflight', 32);
const rounds = argInt('rounds', 3);
const qname = 'kubernetes.default.svc.cluster.local';

// The bare server: decode, answer one A record, encode; nothing else.
const bareSource = `
const { createSocket } = require('node:dgram');
const dnsPacket = require(${JSON.stringify(createRequire(join(root, 'packages/dns/package.json')).resolve('dns-packet'))});
const sock = createSocket('udp4');
sock.on('message', (msg, from) => {
  let q;
  try { q = dnsPacket.decode(msg); } catch { return; }
  const out = dnsPacket.encode({ type: 'response', id: q.id, flags: dnsPacket.AUTHORITATIVE_ANSWER, questions: q.questions,
    answers: [{ name: q.questions[0].name, type: 'A', ttl: 5, class: 'IN', data: '10.96.0.1' }] });
  sock.send(out, from.port, from.address);
});
sock.bind(0, '127.0.0.1', () => console.log('bare dns at ' + sock.address().port));
`;

async function startBare() {
  const child = spawn(process.execPath, ['-e', bareSource], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /bare dns at (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`bare server exited ${c}`)));
  });
  return { port, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

/** Sends `n` queries to 127.0.0.1:port, `inflight` outstanding; a reply not seen in 1 s counts as lost and is replaced. */
const randomPodName = () => `${Array.from({ length: 4 }, () => Math.floor(Math.random() * 256)).join('-')}.default.pod.cluster.local`;

function load(port, n, mode) {
  const sock = createSocket('udp4');
  const sent = new Map();
  const latencies = [];
  let next = 0;
  let lost = 0;
  let answered = 0;
  let id = 0;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const send = () => {
      if (next >= n) return;
      next++;
      id = (id + 1) & 0xffff;
      while (sent.has(id)) id = (id + 1) & 0xffff;
      sent.set(id, performance.now());
      const name = mode === 'same' ? qname : mode === '0x20' ? qname.replace(/[a-z]/g, (c) => (Math.random() < 0.5 ? c.toUpperCase() : c)) : randomPodName();
      sock.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }] }), port, '127.0.0.1');
    };
    const finish = () => {
      if (answered + lost < n) return;
      clearInterval(sweep);
      sock.close();
      resolve({ qps: answered / ((performance.now() - t0) / 1000), latencies: latencies.sort((a, b) => a - b), lost });
    };
    const sweep = setInterval(() => {
      const now = performance.now();
      for (const [k, at] of sent) {
        if (now - at < 1000) continue;
        sent.delete(k);
        lost++;
        send();
      }
      finish();
      if (now - t0 > 60_000) reject(new Error('round took over 60 s'));
    }, 200);
    sock.on('message', (msg) => {
      const rid = msg.readUInt16BE(0);
      const at = sent.get(rid);
      if (at === undefined) return;
      if (msg[3] & 0x0f) return reject(new Error(`rcode ${msg[3] & 0x0f}`));
      sent.delete(rid);
      latencies.push(performance.now() - at);
      answered++;
      send();
      finish();
    });
    sock.bind(0, '127.0.0.1', () => {
      for (let i = 0; i < inflight; i++) send();
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mp = await startMiniplane(['--in-memory', '--nodes', '0', '--no-controllers']);
const dns = await startCommand(['dns', '--kubeconfig', mp.kubeconfig, '--dns-listen', '127.0.0.1:0'], /answering at 127\.0\.0\.1:(\d+)/);
const bare = await startBare();
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
