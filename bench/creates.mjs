// Bench: ConfigMap creates/s over HTTP with N concurrent clients against `miniplane up` (SQLite
// file store), next to the rate of raw better-sqlite3 inserts of the same JSON (the ceiling).
// Usage: node bench/creates.mjs [--clients 16] [--count 20000]
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argInt, runRawClients, startMiniplane } from './lib.mjs';

const clients = argInt('clients', 16);
const count = argInt('count', 20000);
const cm = (i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default', labels: { app: 'bench', n: String(i % 10) } }, data: { key: 'value', index: String(i) } });

const mp = await startMiniplane();
// warm-up
const path = '/api/v1/namespaces/default/configmaps';
await runRawClients(mp.url, clients, 500, async (c, i) => (await c.request('POST', path, cm(`warm-${i}`))).status === 201);
const http = await runRawClients(mp.url, clients, count, async (c, i) => (await c.request('POST', path, cm(i))).status === 201);
await mp.stop();

// The ceiling: the same JSON inserted through better-sqlite3, one transaction per row, WAL mode.
const dir = mkdtempSync(join(tmpdir(), 'miniplane-bench-raw-'));
const db = new Database(join(dir, 'raw.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE t (rev INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, value TEXT NOT NULL)');
const ins = db.prepare('INSERT INTO t (key, value) VALUES (?, ?)');
const tx = db.transaction((k, v) => ins.run(k, v));
const t0 = performance.now();
for (let i = 0; i < count; i++) tx(`/core/configmaps/default/cm-${i}`, JSON.stringify(cm(i)));
const rawRate = count / ((performance.now() - t0) / 1000);
db.close();
rmSync(dir, { recursive: true, force: true });

console.log(`ConfigMap creates over HTTP: ${clients} clients, ${count} creates`);
console.log(`  creates/s      ${http.rate.toFixed(0)}`);
console.log(`  latency p50    ${http.p50.toFixed(2)} ms`);
console.log(`  latency p99    ${http.p99.toFixed(2)} ms`);
console.log(`  failures       ${http.failures}`);
console.log(`raw better-sqlite3 inserts (ceiling): ${rawRate.toFixed(0)}/s`);
console.log(`ratio HTTP/raw: ${(http.rate / rawRate).toFixed(3)}`);
