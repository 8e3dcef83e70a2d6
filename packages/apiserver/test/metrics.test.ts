/**
 * /metrics against a running server: kube-apiserver's request metric names and labels, and a
 * bounded number of series however many distinct URLs, methods and parameters clients send
 * (issue 9 item 2: each unique URL used to add a permanent series; the full 300k-request RSS run
 * is bench/metricsCardinality.mjs).
 */
import t from 'tap';
import { configMap, startTestServer, type TestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

function seriesOf(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('apiserver_request_total{'));
}

t.test('/metrics counts requests with kube-apiserver labels, with durations', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('a'));
  await s.req('POST', cms, configMap('a'));
  await s.req('GET', `${cms}/a`);
  await s.req('GET', cms);
  await s.req('POST', `${cms}?dryRun=All`, configMap('b'));
  await s.req('GET', `/apis/apps/v1/namespaces/default/deployments/nope/status`);
  const m = await s.req('GET', '/metrics');
  t.equal(m.status, 200);
  t.match(m.headers.get('content-type'), /text\/plain/);
  const l = (verb: string, scope: string, o: { dryRun?: string; group?: string; resource?: string; sub?: string } = {}) =>
    `verb="${verb}",dry_run="${o.dryRun ?? ''}",group="${o.group ?? ''}",version="v1",resource="${o.resource ?? 'configmaps'}",subresource="${o.sub ?? ''}",scope="${scope}",component="apiserver"`;
  const series = seriesOf(m.text);
  t.ok(series.includes(`apiserver_request_total{${l('POST', 'resource')},code="201"} 1`));
  t.ok(series.includes(`apiserver_request_total{${l('POST', 'resource')},code="409"} 1`));
  t.ok(series.includes(`apiserver_request_total{${l('POST', 'resource', { dryRun: 'All' })},code="201"} 1`));
  t.ok(series.includes(`apiserver_request_total{${l('GET', 'resource')},code="200"} 1`));
  t.ok(series.includes(`apiserver_request_total{${l('LIST', 'namespace')},code="200"} 1`));
  t.ok(series.includes(`apiserver_request_total{${l('GET', 'resource', { group: 'apps', resource: 'deployments', sub: 'status' })},code="404"} 1`));
  t.match(m.text, new RegExp(`^apiserver_request_duration_seconds_bucket\\{le="\\+Inf",${l('POST', 'resource')}\\} 2$`, 'm'));
  t.match(m.text, /^process_cpu_user_seconds_total \d/m, 'prom-client process metrics');
  t.match(m.text, /^nodejs_heap_size_used_bytes \d/m, 'and Node.js metrics');
  t.match(m.text, new RegExp(`^apiserver_request_duration_seconds_count\\{${l('LIST', 'namespace')}\\} 1$`, 'm'));
});

/** Requests of every shape whose path, query or method a client chooses freely; `i` makes each unique. */
function hostile(i: number): { method: string; path: string; headers?: Record<string, string> } {
  const u = `${i}-${'z'.repeat(200)}`;
  const shapes = [
    { method: 'GET', path: `${cms}/x/${u}` },
    { method: 'GET', path: `/api/v1/namespaces/default/nosuch${u}` },
    { method: 'POST', path: `/apis/g${i}.example.com/v${i}/things` },
    { method: 'DELETE', path: `/x${u}` },
    { method: 'PATCH', path: `${cms}/x/${u}`, headers: { 'content-type': `application/x-${i}` } },
    { method: 'GET', path: `${cms}?watch=${u}&labelSelector=${encodeURIComponent("a in (")}&dryRun=${u}` },
    { method: 'OPTIONS', path: `${cms}/${u}` },
    { method: 'GET', path: `/api/v1/namespaces/ns${i}/configmaps/x/status` },
  ];
  return shapes[i % shapes.length]!;
}

async function storm(s: TestServer, from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const h = hostile(next++);
      const r = await fetch(s.url + h.path, { method: h.method, headers: h.headers });
      await r.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

t.test('the number of series stays constant through thousands of unique-URL requests', async (t) => {
  const s = await startTestServer(t);
  await storm(s, 0, 400);
  await s.req('GET', '/metrics'); // its own series appears from the second scrape on
  const before = seriesOf((await s.req('GET', '/metrics')).text);
  await storm(s, 400, 4000);
  const m = await s.req('GET', '/metrics');
  const after = seriesOf(m.text);
  t.equal(m.status, 200);
  // The same label sets, only their counts grew.
  t.same(after.map((l) => l.replace(/ \d+$/, '')).sort(), before.map((l) => l.replace(/ \d+$/, '')).sort());
  t.ok(after.length < 40, `${after.length} series`);
  t.ok(m.text.length < 64 * 1024, `/metrics is ${m.text.length} bytes`);
  t.notOk(/z{200}|example\.com|nosuch/.test(m.text), 'no label value copied from a request');
});
