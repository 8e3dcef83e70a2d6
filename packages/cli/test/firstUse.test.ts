/**
 * What the bundled `miniplane up` (bin/miniplane.js, dist/bundle/main.cjs) loads or sets up on
 * first use rather than at start works on a fresh process at its first request: the first
 * /metrics scrape (prom-client's parts and the default metrics are registered then), a Table
 * list, a protobuf body (kubectl's create secret), the OpenAPI v3 document and v2 as protobuf, a
 * watch over WebSocket and the /ui page.
 * Each case starts its own `up`, so the request is the process's first of its kind.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import WebSocket from 'ws';
import { up } from './upProcess.js';

const run = promisify(execFile);

async function fresh(t: Tap.Test, args: string[] = ['--nodes', '0', '--no-scheduler']): Promise<{ url: string; kubectl: (...a: string[]) => Promise<{ stdout: string }> }> {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-first-use-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--in-memory', '--listen', '127.0.0.1:0', '--data-dir', dir, ...args]);
  return { url: s.url, kubectl: (...a) => run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kcache'), ...a]) };
}

t.test('the first /metrics scrape: request, process and Node.js, and controller metrics', async (t) => {
  const { url } = await fresh(t);
  const res = await fetch(`${url}/metrics`);
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  t.match(text, /^# TYPE apiserver_request_total counter$/m);
  t.match(text, /^process_cpu_user_seconds_total \d/m);
  t.match(text, /^nodejs_heap_size_used_bytes \d/m);
  // the controllers start just after the ready line: their work queues' series come soon after
  let later = '';
  for (let i = 0; i < 50 && !/^# TYPE workqueue_adds_total counter$/m.test(later); i++) {
    await new Promise((r) => setTimeout(r, 100));
    later = await (await fetch(`${url}/metrics`)).text();
  }
  t.match(later, /^# TYPE workqueue_adds_total counter$/m, "the in-process controllers' registry");
});

t.test('the first Table list, protobuf body and OpenAPI documents', async (t) => {
  const { url, kubectl } = await fresh(t);
  const table = await fetch(`${url}/api/v1/namespaces`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
  const body = (await table.json()) as { kind: string; columnDefinitions: { name: string }[]; rows: { cells: unknown[] }[] };
  t.equal(body.kind, 'Table');
  t.same(body.columnDefinitions.map((c) => c.name), ['Name', 'Status', 'Age']);
  t.same(body.rows.map((r) => r.cells[0]).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);

  // kubectl sends built-in kinds as protobuf
  t.match((await kubectl('create', 'secret', 'generic', 's1', '--from-literal=k=v')).stdout, /^secret\/s1 created/);
  const secret = (await (await fetch(`${url}/api/v1/namespaces/default/secrets/s1`)).json()) as { data: Record<string, string> };
  t.same(secret.data, { k: Buffer.from('v').toString('base64') });

  const v2 = await fetch(`${url}/openapi/v2`, { headers: { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' } });
  t.equal(v2.status, 200);
  t.match(v2.headers.get('content-type'), /protobuf/);
  t.ok(Buffer.from(await v2.arrayBuffer()).includes(Buffer.from('io.k8s.api.core.v1.Service')), 'v2 definitions');

  const v3 = await fetch(`${url}/openapi/v3/api/v1`);
  t.equal(v3.status, 200);
  const doc = (await v3.json()) as { openapi: string; paths: Record<string, unknown> };
  t.match(doc.openapi, /^3\./);
  t.ok(doc.paths['/api/v1/namespaces/{namespace}/services'], 'services paths');
});

t.test('the first watch over WebSocket and the first /ui page', async (t) => {
  const { url } = await fresh(t);
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/namespaces?watch=true`);
  t.teardown(() => ws.terminate());
  const first = await new Promise<{ type: string; object: { metadata: { name: string } } }>((resolve, reject) => {
    ws.once('message', (d) => resolve(JSON.parse(String(d))));
    ws.once('error', reject);
  });
  t.equal(first.type, 'ADDED');
  t.ok(['default', 'kube-node-lease', 'kube-public', 'kube-system'].includes(first.object.metadata.name));

  const page = await fetch(`${url}/ui`);
  t.equal(page.status, 200);
  t.match(page.headers.get('content-type'), /^text\/html/);
  t.match(await page.text(), /<script[^>]+src="[^"]*app\.js"/);
});
