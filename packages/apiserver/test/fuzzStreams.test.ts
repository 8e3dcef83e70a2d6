/**
 * Property-based fuzzing of the connection level (issue 9): malformed WebSocket upgrades (bad
 * keys, versions, protocols, garbage and oversized frames after a good handshake) and clients
 * that vanish mid-stream (mid-body, mid-chunk, mid-watch, before reading an answer).
 * Properties: every answered handshake is a 101 or a 4xx (a WebSocket handshake the server
 * cannot accept is a 400 whose body need not be a Status: kube's websocket library answers it in
 * plain text too; any other error is a Status), nothing is 5xx, the server stays healthy, a
 * cut-off write changes nothing, and once the clients are gone no watch is left open.
 * Fixed seed and a bounded count in `pnpm test`; FUZZ_RUNS / FUZZ_SEED for longer local runs.
 */
import fc from 'fast-check';
import net from 'node:net';
import t from 'tap';
import { fuzzKinds } from './fuzzArbitraries.js';
import { answerProblem, canaryProblem, describeRequest, seed, servedLists, snapshot } from './fuzzChecks.js';
import { startTestServer, type TestServer } from './harness.js';
import { rawRequest, type RawRequest } from './rawHttp.js';

const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20261204);
const numRuns = Number(process.env.FUZZ_RUNS ?? 30);
// 17 s at most with the default count; a longer local run (FUZZ_RUNS=2000 took 143 s) gets room.
if (process.env.FUZZ_RUNS) t.setTimeout(Math.max(120_000, numRuns * 200));
const cms = '/api/v1/namespaces/default/configmaps';

/** A masked client frame (RFC 6455 5.2) with any opcode and FIN bit; `claimed` may lie about the length. */
function frame(opcode: number, payload: Buffer, fin = true, claimed = payload.length): Buffer {
  const head = [(fin ? 0x80 : 0) | opcode];
  if (claimed < 126) head.push(0x80 | claimed);
  else if (claimed < 65536) head.push(0x80 | 126, claimed >> 8, claimed & 0xff);
  else head.push(0x80 | 127, 0, 0, 0, Math.floor(claimed / 2 ** 32) & 0xff, ...[24, 16, 8, 0].map((s) => (claimed >>> s) & 0xff));
  const mask = Buffer.from([1, 2, 3, 4]);
  return Buffer.concat([Buffer.from(head), mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!))]);
}

const afterHandshake = fc.array(
  fc.oneof(
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    fc.constant(frame(0x1, Buffer.from('hello'))),
    fc.constant(frame(0x2, Buffer.alloc(4096, 7))),
    fc.constant(frame(0x1, Buffer.from('part'), false)), // a fragment never finished
    fc.constant(frame(0x0, Buffer.alloc(60_000, 1), false)), // continuation fragments piling up
    fc.constant(frame(0x1, Buffer.from('x'), true, 2 ** 40)), // claims a terabyte
    fc.constant(frame(0x9, Buffer.from('ping'))),
    fc.constant(frame(0x8, Buffer.from([0x03, 0xe8]))),
    fc.constant(frame(0x3, Buffer.from('reserved opcode'))),
    fc.constant(Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f])), // unmasked: a protocol error from a client
  ),
  { maxLength: 4 },
);

const upgrade = fc.record({
  path: fc.constantFrom(`${cms}?watch=1`, `${cms}?watch=true&resourceVersion=0`, `${cms}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`, `${cms}`, `${cms}/a`, '/api/v1/nosuch?watch=1', '/healthz', `${cms}?watch=1&timeoutSeconds=x`),
  upgrade: fc.constantFrom('websocket', 'WebSocket', 'h2c', 'garbage', undefined),
  connection: fc.constantFrom('Upgrade', 'upgrade, keep-alive', 'keep-alive', undefined),
  key: fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', 'short', '', 'x'.repeat(1000), undefined),
  version: fc.constantFrom('13', '8', '99', '', undefined),
  protocol: fc.constantFrom(undefined, 'base64.binary.k8s.io', 'v4.channel.k8s.io', ',,,', 'a'.repeat(500)),
  frames: afterHandshake,
  vanishMs: fc.constantFrom(0, 5, 50, 200),
});

type Upgrade = typeof upgrade extends fc.Arbitrary<infer V> ? V : never;

/** Sends a handshake and what follows it, then vanishes; resolves with the status line's code (0: none). */
function upgradeOnce(url: string, u: Upgrade): Promise<{ status: number; head: string; body: string }> {
  const { hostname, port } = new URL(url);
  const headers: Record<string, string | undefined> = { host: `${hostname}:${port}`, upgrade: u.upgrade, connection: u.connection, 'sec-websocket-key': u.key, 'sec-websocket-version': u.version, 'sec-websocket-protocol': u.protocol };
  const head = `GET ${u.path} HTTP/1.1\r\n${Object.entries(headers).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer to the handshake ${JSON.stringify(u).slice(0, 300)}`));
    }, 15_000);
    const done = () => {
      clearTimeout(timer);
      const text = buf.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return resolve({ status: 0, head: text, body: '' });
      // Only the first answer: after a refused upgrade the frames that follow are read as a new request.
      const head = text.slice(0, end);
      const len = /\r\ncontent-length: *(\d+)/i.exec(head);
      resolve({ status: Number(text.split(' ')[1]), head, body: text.slice(end + 4, len ? end + 4 + Number(len[1]) : undefined) });
    };
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.indexOf('\r\n\r\n') >= 0 && !sock.destroyed) {
        for (const f of u.frames) sock.write(f);
        setTimeout(() => {
          sock.destroy();
          done();
        }, u.vanishMs);
      }
    });
    sock.on('error', () => undefined);
    sock.on('close', done);
    sock.write(head);
  });
}

async function noWatchLeft(s: TestServer): Promise<string | undefined> {
  for (let i = 0; i < 100 && s.server.watchCount() > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return s.server.watchCount() > 0 ? `${s.server.watchCount()} watches still open after their clients went away` : undefined;
}

t.test('malformed WebSocket upgrades: 101 or 4xx, never 5xx, no watch left behind', async (t) => {
  const s = await startTestServer(t);
  await seed(s.url, fuzzKinds);
  await fc.assert(
    fc.asyncProperty(fc.array(upgrade, { minLength: 1, maxLength: 4 }), async (us) => {
      const answers = await Promise.all(us.map((u) => upgradeOnce(s.url, u)));
      answers.forEach((a, i) => {
        const u = us[i]!;
        if (a.status === 0 || a.status === 101) return;
        const wsHandshake = /websocket/i.test(u.upgrade ?? '') && /watch=(1|true)/.test(u.path);
        // kube's websocket library refuses a bad handshake with a plain-text 400 too.
        if (wsHandshake && a.status === 400) return;
        const problem = answerProblem({ method: 'GET', path: u.path }, { status: a.status, headers: headersOf(a.head), body: Buffer.from(a.body, 'latin1'), streaming: /chunked/i.test(a.head) });
        if (problem) throw new Error(`${problem}\n  upgrade: ${JSON.stringify({ ...u, frames: u.frames.length })}`);
      });
      const left = await noWatchLeft(s);
      if (left) throw new Error(left);
      const canary = await canaryProblem(s.url);
      if (canary) throw new Error(`after the run: ${canary}`);
    }),
    { seed: fuzzSeed, numRuns },
  );
});

function headersOf(head: string): Record<string, string> {
  const h: Record<string, string> = {};
  for (const l of head.split('\r\n').slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) h[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return h;
}

/** A client that goes away before the exchange completes. */
const vanishing: fc.Arbitrary<{ r: RawRequest; streamMs: number }> = fc.oneof(
  // mid-body: a write whose Content-Length promises more than is sent
  fc.record({ method: fc.constantFrom('POST', 'PUT', 'PATCH'), cut: fc.nat(200), name: fc.constantFrom('a', 'cut') }).map(({ method, cut, name }) => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v'.repeat(300) } });
    const path = method === 'POST' ? cms : `${cms}/${name}`;
    const type = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    return { r: { method, path, headers: { 'content-type': type }, body, cutBodyAt: Math.min(cut, body.length - 1) }, streamMs: 0 };
  }),
  // mid-chunk: a chunked body that stops inside a chunk
  fc.nat(40).map((cut) => {
    const chunk = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'chunked' } });
    const body = `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
    return { r: { method: 'POST', path: cms, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body, cutBodyAt: cut }, streamMs: 0 };
  }),
  // mid-watch: a watch (HTTP streaming) left after its head and maybe its first events
  fc.record({ q: fc.constantFrom('watch=1', 'watch=1&resourceVersion=0', 'watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true', 'watch=1&labelSelector=a%3Db'), ms: fc.constantFrom(0, 10, 100), table: fc.boolean() }).map(({ q, ms, table }) => ({
    r: { method: 'GET', path: `/api/v1/configmaps?${q}`, headers: table ? { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } : {} },
    streamMs: ms,
  })),
);

t.test('clients that vanish mid-body or mid-watch: store unchanged, no watch left, server healthy', async (t) => {
  const s = await startTestServer(t);
  const lists = await servedLists(s.url);
  await seed(s.url, fuzzKinds);
  await fc.assert(
    fc.asyncProperty(fc.array(vanishing, { minLength: 1, maxLength: 6 }), async (vs) => {
      const before = await snapshot(s.url, lists);
      const answers = await Promise.all(vs.map(({ r, streamMs }) => rawRequest(s.url, r, { streamMs })));
      answers.forEach((a, i) => {
        const r = vs[i]!.r;
        // A cut body is answered with nothing, or with the HTTP layer's 400 to a client already gone
        // (not a Status: the request never reached the API, as Go's net/http answers in plain text).
        if (r.cutBodyAt !== undefined) {
          if (a.status !== 0 && a.status !== 400) throw new Error(`a cut-off body was answered ${a.status}\n  request: ${describeRequest(r)}`);
          return;
        }
        const problem = answerProblem(r, a);
        if (problem) throw new Error(`${problem}\n  request: ${describeRequest(r)}`);
      });
      const after = await snapshot(s.url, lists);
      const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
      if (changed.length) throw new Error(`cut-off requests changed the store: ${changed.join(', ')}`);
      const left = await noWatchLeft(s);
      if (left) throw new Error(left);
      const canary = await canaryProblem(s.url);
      if (canary) throw new Error(`after the run: ${canary}`);
    }),
    { seed: fuzzSeed, numRuns },
  );
});
