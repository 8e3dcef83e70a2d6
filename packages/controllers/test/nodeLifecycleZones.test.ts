/**
 * The node lifecycle controller's eviction rate limits and zone states against a real server
 * (Nodes written by the test, no kubelet): in a zone that lost its nodes while another zone is
 * fine, the NoExecute taints come one node at a time at `--node-eviction-rate`; a small zone
 * partially disrupted gets no NoExecute taint; when every zone is fully disrupted none does
 * (kube's master disruption mode) until a node of some zone is Ready again. NoSchedule taints
 * follow at once in every case.
 */
import t from 'tap';
import type { Test } from 'tap';
import type { NodeObject } from '@miniplane/api/pod/types';
import { controllerMetricsRegistry } from '../src/endpointSlice/metrics.js';
import { eventually, runControllers, sleep, startTestServer, type Harness } from './harness.js';

const unreachable = 'node.kubernetes.io/unreachable';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** A Node of `zone`; healthy ones heartbeat an hour ahead, the others stopped at creation. */
async function node(h: Harness, name: string, zone: string, healthy: boolean): Promise<void> {
  const nodes = h.res<NodeObject>('v1', 'Node');
  const n = await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'topology.kubernetes.io/zone': zone } } } as NodeObject);
  await setReady(h, n, healthy ? Date.now() + 3_600_000 : Date.now());
}

async function setReady(h: Harness, n: NodeObject, heartbeat: number): Promise<void> {
  const cond = { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: iso(heartbeat), lastTransitionTime: iso(Date.now()) };
  await h.res<NodeObject>('v1', 'Node').updateStatus({ ...n, status: { ...n.status, conditions: [cond] } });
}

const noExecute = (n: NodeObject) => n.spec?.taints?.find((x) => x.effect === 'NoExecute');
const noSchedule = (n: NodeObject) => n.spec?.taints?.find((x) => x.effect === 'NoSchedule' && x.key === unreachable);

async function start(t: Test, h: Harness, o: Record<string, number> = {}) {
  await runControllers(t, h, { controllers: 'nodelifecycle', nodeMonitorGracePeriodMs: 1000, nodeMonitorPeriodMs: 200, ...o });
}

t.test('a lost zone is tainted NoExecute one node at a time, at --node-eviction-rate', async (t) => {
  const h = await startTestServer(t);
  await node(h, 'a-1', 'zone-a', true);
  for (const n of ['b-1', 'b-2', 'b-3']) await node(h, n, 'zone-b', false);
  const registry = controllerMetricsRegistry();
  await runControllers(t, h, { controllers: 'nodelifecycle', nodeMonitorGracePeriodMs: 1000, nodeMonitorPeriodMs: 200, nodeEvictionRate: 0.5, metricsRegistry: registry }); // one node every 2 s
  const nodes = h.res<NodeObject>('v1', 'Node');
  const zoneB = async () => (await nodes.list()).items.filter((n) => n.metadata.name!.startsWith('b-'));
  const first = await eventually(async () => (await zoneB()).some(noExecute) ? zoneB() : undefined, 10_000, 'a first NoExecute taint');
  const t0 = Date.now();
  t.equal(first.filter(noExecute).length, 1, 'one node at a time');
  await eventually(async () => (await zoneB()).every(noSchedule), 5000, 'NoSchedule taints on all three at once');
  const all = await eventually(async () => { const l = await zoneB(); return l.every(noExecute) ? l : undefined; }, 15_000, 'all three tainted');
  const took = Date.now() - t0;
  t.ok(took >= 3000, `the other two took two more tokens (~4 s at 0.5/s): ${took} ms`);
  const times = all.map((n) => Date.parse(noExecute(n)!.timeAdded!)).sort();
  t.ok(times[2]! - times[0]! >= 3000, `timeAdded spread over the tokens: ${all.map((n) => noExecute(n)!.timeAdded).join(', ')}`);
  t.notOk(noExecute(await nodes.get('a-1')), 'the healthy zone is untouched');
  // kube's node_collector metrics, labelled with the zone key `region:\0:zone`.
  const metric = async (name: string) => Object.fromEntries((await registry.getSingleMetric(name)!.get()).values.map((v) => [String(v.labels.zone), v.value]));
  t.same(await metric('node_collector_evictions_total'), { ':\0:zone-b': 3 }, 'three NoExecute taints counted');
  t.same(await metric('node_collector_zone_size'), { ':\0:zone-a': 1, ':\0:zone-b': 3 });
  t.same(await metric('node_collector_unhealthy_nodes_in_zone'), { ':\0:zone-a': 0, ':\0:zone-b': 3 });
  t.same(await metric('node_collector_zone_health'), { ':\0:zone-a': 100, ':\0:zone-b': 0 });
});

t.test('a small zone partially disrupted gets no NoExecute taint', async (t) => {
  const h = await startTestServer(t);
  for (const [n, ok] of [['a-1', true], ['a-2', true], ['a-3', false], ['a-4', false], ['a-5', false]] as const) await node(h, n, 'zone-a', ok);
  await start(t, h, { nodeEvictionRate: 10 });
  const nodes = h.res<NodeObject>('v1', 'Node');
  const down = async () => (await nodes.list()).items.filter((n) => ['a-3', 'a-4', 'a-5'].includes(n.metadata.name!));
  await eventually(async () => (await down()).every(noSchedule), 10_000, 'NoSchedule taints on the three lost nodes');
  await sleep(1500);
  t.same((await down()).filter(noExecute).map((n) => n.metadata.name), [], '3 of 5 not Ready (≥ 0.55), 5 ≤ 50 nodes: tainting stopped');
});

t.test('every zone fully disrupted: no NoExecute taint until a zone comes back', async (t) => {
  const h = await startTestServer(t);
  for (const [n, z] of [['a-1', 'zone-a'], ['b-1', 'zone-b'], ['b-2', 'zone-b']]) await node(h, n!, z!, false);
  await start(t, h, { nodeEvictionRate: 10 });
  const nodes = h.res<NodeObject>('v1', 'Node');
  await eventually(async () => (await nodes.list()).items.every(noSchedule), 10_000, 'NoSchedule taints everywhere');
  await sleep(1500);
  t.same((await nodes.list()).items.filter(noExecute).map((n) => n.metadata.name), [], 'master disruption mode: no NoExecute taint');
  // a-1's kubelet is back: zone-a Normal, so zone-b (still fully down) is tainted at the normal rate.
  await setReady(h, await nodes.get('a-1'), Date.now() + 3_600_000);
  const b = await eventually(async () => {
    const l = (await nodes.list()).items.filter((n) => n.metadata.name!.startsWith('b-'));
    return l.every(noExecute) ? l : undefined;
  }, 10_000, 'zone-b tainted NoExecute');
  t.equal(b.length, 2);
  const a1 = await eventually(async () => { const n = await nodes.get('a-1'); return n.spec?.taints?.length ? undefined : n; }, 5000, 'a-1 untainted');
  t.notOk(a1.spec?.taints?.length, 'the Ready node has no taint');
});
