// Shared by bench/dns.mjs and bench/dataplane.mjs: a bare UDP DNS server built on the DNS
// component's own wire-format library (dns-packet) that answers every query with one fixed A
// record, in its own process (the floor the component is compared with, issue 15), and a UDP load
// generator keeping `inflight` queries outstanding.
// Modes: 'same' asks A kubernetes.default.svc.cluster.local every time (as a pod resolves a
// ClusterIP Service); '0x20' the same with its letters' case randomized per query (DNS 0x20, as
// hardened resolvers ask); 'distinct' a different pod A record (`a-b-c-d.default.pod.cluster.local`
// of random IPs) every time, so the component computes every answer.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dnsRequire = createRequire(join(root, 'packages/dns/package.json'));
const dnsPacket = dnsRequire('dns-packet');
export const qname = 'kubernetes.default.svc.cluster.local';

// The bare server: decode, answer one A record, encode; nothing else.
const bareSource = `
const { createSocket } = require('node:dgram');
const dnsPacket = require(${JSON.stringify(dnsRequire.resolve('dns-packet'))});
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

export async function startBareDns() {
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

const randomPodName = () => `${Array.from({ length: 4 }, () => Math.floor(Math.random() * 256)).join('-')}.default.pod.cluster.local`;

/**
 * Sends `n` queries to host:port, `inflight` outstanding; a reply not seen in 1 s counts as lost
 * and is replaced. Resolves { qps, latencies (sorted, ms), lost }; rejects on an error rcode or a
 * round over 60 s.
 */
export function dnsLoad({ port, host = '127.0.0.1', n, mode = 'same', inflight = 32 }) {
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
      sock.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }] }), port, host);
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
      if (now - t0 > 60_000) {
        clearInterval(sweep);
        sock.close();
        reject(new Error('round took over 60 s'));
      }
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
