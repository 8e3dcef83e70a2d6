/**
 * client-go's work-queue metrics of the in-process controllers on `miniplane up`'s /metrics:
 * work caused through the API (a Deployment, a Service selecting its pods) moves the counters of
 * the queues kube names for those controllers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { until } from './until.js';
import { up } from './upProcess.js';

/** `metric{name="queue"}` → value, summed over any other labels. */
function series(text: string, metric: string, queue: string): number | undefined {
  let found: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) || !line.includes(`name="${queue}"`)) continue;
    found = (found ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return found;
}

t.test('work-queue metrics per kube queue name', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-wqm-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { url } = await up(t, ['--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir, '--nodes', '1']);
  const scrape = async () => (await fetch(`${url}/metrics`)).text();
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    t.equal(r.status, 201, `POST ${path}`);
  };
  // The controllers (and their queues) start just after the ready line, once leader-elected.
  const before = await until('the serviceaccount queue\'s series', async () => {
    const text = await scrape();
    return /name="serviceaccount"/.test(text) ? text : undefined;
  }, 10_000);
  t.match(before, /^# TYPE workqueue_depth gauge$/m);
  t.match(before, /^# HELP workqueue_adds_total \[BETA\] Total number of adds handled by workqueue$/m);
  t.match(before, /^workqueue_queue_duration_seconds_bucket\{le="0\.001",name="serviceaccount"\} \d+$/m, "kube's buckets (1e-6 .. 1000)");
  t.match(before, /^workqueue_work_duration_seconds_bucket\{le="1000",name="serviceaccount"\} \d+$/m);

  const labels = { app: 'wqm' };
  await post('/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'wqm' },
    spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  });
  await post('/api/v1/namespaces/default/services', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'wqm' }, spec: { selector: labels, ports: [{ port: 80 }] },
  });
  const queues = ['deployment', 'replicaset', 'endpoint', 'endpoint_slice', 'garbage_collector_attempt_to_delete'];
  const moved = (text: string, q: string, metric: string) => (series(text, metric, q) ?? 0) > (series(before, metric, q) ?? 0);
  const after = await until('every queue to have worked', async () => {
    const text = await scrape();
    return queues.every((q) => moved(text, q, 'workqueue_adds_total') && moved(text, q, 'workqueue_work_duration_seconds_count')) ? text : undefined;
  }, 60_000, 200);
  for (const q of queues) {
    t.ok(moved(after, q, 'workqueue_adds_total'), `${q}: adds moved`);
    t.ok(moved(after, q, 'workqueue_queue_duration_seconds_count'), `${q}: queue duration observed`);
    t.ok(moved(after, q, 'workqueue_work_duration_seconds_count'), `${q}: work duration observed`);
    for (const m of ['workqueue_depth', 'workqueue_unfinished_work_seconds', 'workqueue_longest_running_processor_seconds']) {
      t.not(series(after, m, q), undefined, `${q}: ${m} served`);
    }
  }
  t.match(after, /^# TYPE workqueue_retries_total counter$/m);
  t.ok((series(after, 'workqueue_depth', 'endpoint_slice') ?? -1) >= 0, 'depth never negative');
});
