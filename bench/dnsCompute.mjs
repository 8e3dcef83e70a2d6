// Bench (issue 15): the DNS component's per-query CPU without the network, in one process, rounds
// interleaved: the bare server's work (dns-packet decode, one fixed A record, encode) vs the
// component's handlePacket (decode, answer from the view, encode), without and with its reply
// cache and metrics, for distinct names (pod A records never asked twice: every answer computed,
// the cache only remembers) and for one name asked again and again (served from the cache).
// Prints the best (min) microseconds per query of `--rounds` rounds of `--queries` each; the
// UDP figure is bench/dataplane.mjs's (this isolates what the component adds to the bare work).
// Usage: node bench/dnsCompute.mjs [--queries 20000] [--rounds 9]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argInt } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dnsRequire = createRequire(join(root, 'packages/dns/package.json'));
const dnsPacket = dnsRequire('dns-packet');
const { pino } = dnsRequire('pino');
const { handlePacket, newDnsView, answerQuestion, ReplyCache, DnsMetrics } = await import(join(root, 'packages/dns/dist/index.js'));

const n = argInt('queries', 20000);
const rounds = argInt('rounds', 9);
const view = newDnsView(1);
view.namespaces.add({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
const logger = pino({ level: 'silent' });
const answer = (q) => answerQuestion(view, q, { zone: 'cluster.local', ttl: 5 });
const query = (id, name) => dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }] });
let round = 0;
const distinct = () => { // names of this round only: never asked before
  round++;
  return Array.from({ length: n }, (_, i) => query(i & 0xffff, `${i & 255}-${(i >> 8) & 255}-${round & 255}-${(round >> 8) & 255}.default.pod.cluster.local`));
};
const same = () => Array.from({ length: n }, (_, i) => query(i & 0xffff, '1-2-3-4.default.pod.cluster.local'));

const bare = (m) => {
  const q = dnsPacket.decode(m);
  return dnsPacket.encode({ type: 'response', id: q.id, flags: dnsPacket.AUTHORITATIVE_ANSWER, questions: q.questions,
    answers: [{ name: q.questions[0].name, type: 'A', ttl: 5, class: 'IN', data: '10.96.0.1' }] });
};
const cached = (withMetrics) => {
  const replies = new ReplyCache();
  const metrics = new DnsMetrics(['cluster.local', 'in-addr.arpa', 'ip6.arpa']);
  return (m) => {
    const out = handlePacket(m, answer, logger, true, { replies, generation: 1 });
    if (withMetrics) metrics.count(m, out, true, false);
    return out;
  };
};
const sides = {
  'bare (decode, fixed A, encode)': bare,
  'component, no cache': (m) => handlePacket(m, answer, logger, true),
  'component, reply cache': cached(false),
  'component, cache + metrics': cached(true),
};
for (const [mode, make] of Object.entries({ 'distinct names': distinct, 'same name': same })) {
  const best = {};
  for (let r = 0; r < rounds; r++) {
    for (const [k, f] of Object.entries(sides)) {
      const qs = make();
      const t0 = performance.now();
      for (const q of qs) f(q);
      best[k] = Math.min(best[k] ?? Infinity, ((performance.now() - t0) * 1000) / n);
    }
  }
  console.log(`${mode}, ${n} queries x ${rounds} rounds (best round):`);
  for (const [k, us] of Object.entries(best)) console.log(`  ${k.padEnd(32)} ${us.toFixed(2)} us/query`);
}
