// Shared bench plumbing: start `miniplane up` as a child process on a free port with a temp data
// dir, and a keep-alive HTTP client with latency percentiles. Used by every bench script.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `--cpu-prof DIR` on a bench's command line: node flags that profile the server into DIR. */
export function cpuProfArgs() {
  const i = process.argv.indexOf('--cpu-prof');
  return i > 0 ? ['--cpu-prof', '--cpu-prof-dir', process.argv[i + 1]] : [];
}

export async function startMiniplane(extraArgs = [], nodeArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-bench-'));
  const c = await startCommand(['up', '--listen', '127.0.0.1:0', '--data-dir', dir, ...extraArgs], /ready at (\S+) \(kubeconfig: ([^)]+)\)/, nodeArgs);
  return {
    url: c.match[1],
    kubeconfig: c.match[2],
    dir,
    pid: c.pid,
    async stop() {
      await c.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `miniplane <args>` as a child process and waits for the stdout line matching `ready`
 * (e.g. `miniplane scheduler` or `miniplane nodes` against a running server).
 */
export async function startCommand(args, ready, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'packages/cli/bin/miniplane.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const match = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = ready.exec(buf);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`miniplane ${args[0]} exited ${code}`)));
  });
  return {
    match,
    pid: child.pid,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export function request(url, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(url + path, { method, agent, headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `total` calls of `op(i)` over `clients` concurrent loops; returns rate and latencies (ms). */
export async function runClients(clients, total, op) {
  const lat = [];
  let next = 0;
  let failures = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        const ok = await op(i);
        lat.push(performance.now() - s);
        if (!ok) failures++;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { rate: total / secs, secs, p50: percentile(lat, 50), p99: percentile(lat, 99), failures };
}

export function argInt(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

/**
 * A minimal keep-alive HTTP/1.1 connection over a raw socket: far cheaper than node:http's client,
 * so on a 2-core machine the load generator steals less CPU from the server it measures.
 * Handles Content-Length and chunked responses (one request in flight per connection).
 */
export function rawConnection(url) {
  const { hostname, port } = new URL(url);
  const sock = net.connect(Number(port), hostname);
  sock.setNoDelay(true);
  let buf = Buffer.alloc(0);
  let waiting;
  sock.on('data', (d) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    tryParse();
  });
  function tryParse() {
    if (!waiting) return;
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = buf.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const m = /content-length: *(\d+)/i.exec(head);
    let bodyEnd;
    if (m) {
      bodyEnd = end + 4 + Number(m[1]);
      if (buf.length < bodyEnd) return;
    } else {
      const z = buf.indexOf('\r\n0\r\n\r\n', end);
      if (z < 0) return;
      bodyEnd = z + 7;
    }
    const body = buf.subarray(end + 4, bodyEnd).toString('utf8');
    buf = buf.subarray(bodyEnd);
    const w = waiting;
    waiting = undefined;
    w({ status, body });
  }
  const ready = new Promise((r) => sock.once('connect', r));
  return {
    ready,
    request(method, path, body) {
      const data = body === undefined ? '' : JSON.stringify(body);
      return new Promise((resolve) => {
        waiting = resolve;
        sock.write(`${method} ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(data)}\r\n\r\n${data}`);
      });
    },
    close: () => sock.destroy(),
  };
}

/** Like runClients, but each client loop owns one raw connection: op(conn, i). */
export async function runRawClients(url, clients, total, op) {
  const conns = Array.from({ length: clients }, () => rawConnection(url));
  await Promise.all(conns.map((c) => c.ready));
  let k = 0;
  const pick = () => conns[k++ % conns.length];
  const free = [...conns];
  const r = await runClients(clients, total, async (i) => {
    const c = free.pop() ?? pick();
    try {
      return await op(c, i);
    } finally {
      free.push(c);
    }
  });
  conns.forEach((c) => c.close());
  return r;
}
