/**
 * Topology hints end to end on `miniplane up` (3 nodes in zone-a/b/c, equal CPU), with the real
 * kubectl: `trafficDistribution: PreferClose` gives every ready endpoint a hint for its own zone;
 * `service.kubernetes.io/topology-mode: Auto` allocates hints in proportion to the zones' CPU
 * (TopologyAwareHintsEnabled), is re-checked when a Ready node in a new zone appears and gives
 * up (TopologyAwareHintsDisabled, kube's message), gives up with too few endpoints, and
 * PreferClose takes over again once the annotation goes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { until } from './until.js';
import { up } from './upProcess.js';

interface Endpoint {
  zone?: string;
  conditions: { ready?: boolean };
  hints?: { forZones?: Array<{ name: string }> };
}

t.test('PreferClose and topology-mode Auto', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-hints-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { kubeconfig } = await up(t, ['--listen', '127.0.0.1:0', '--in-memory', '--data-dir', dir, '--grace-period', '1']);
  const kubectl = async (...a: Array<string | { input: string }>): Promise<string> => {
    const args = a.filter((x): x is string => typeof x === 'string');
    const input = a.find((x): x is { input: string } => typeof x !== 'string')?.input;
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), ...args]);
    if (input !== undefined) child.stdin!.end(input);
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (err += d));
      child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`kubectl ${args.join(' ')}: ${err}`))));
    });
  };
  const endpoints = async (): Promise<Endpoint[]> =>
    JSON.parse(await kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'json')).items.flatMap((s: { endpoints?: Endpoint[] }) => s.endpoints ?? []);
  const ready = (eps: Endpoint[]) => eps.filter((e) => e.conditions.ready);
  const hintsByZone = (eps: Endpoint[]) => {
    const n: Record<string, number> = {};
    for (const e of eps) for (const z of e.hints?.forZones ?? []) n[z.name] = (n[z.name] ?? 0) + 1;
    return n;
  };
  const event = async (reason: string, message: string) => {
    const items = JSON.parse(await kubectl('get', 'events', '--field-selector', `involvedObject.name=web,reason=${reason}`, '-o', 'json')).items as Array<{ message: string; type: string }>;
    return items.find((e) => e.message === message);
  };

  await kubectl('create', 'deployment', 'web', '--image=nginx', '--replicas=6');
  await kubectl('expose', 'deployment', 'web', '--port=80');
  await kubectl('patch', 'service', 'web', '-p', '{"spec":{"trafficDistribution":"PreferClose"}}');
  const close = await until('6 ready endpoints hinted for their own zone', async () => {
    const eps = await endpoints();
    return ready(eps).length === 6 && eps.every((e) => e.hints?.forZones?.length === 1 && e.hints.forZones[0]!.name === e.zone) ? eps : undefined;
  });
  t.same(new Set(close.map((e) => e.zone)).size > 1 ? 'spread' : 'one zone', 'spread', 'pods in several zones');
  const byTrafficDistribution = async () => /^endpoint_slice_controller_services_count_by_traffic_distribution\{traffic_distribution="PreferClose"\} (\d+)$/m
    .exec(await kubectl('get', '--raw', '/metrics'))?.[1];
  t.equal(await byTrafficDistribution(), '1', 'services_count_by_traffic_distribution on /metrics');

  await kubectl('annotate', 'service', 'web', 'service.kubernetes.io/topology-mode=Auto');
  const enabled = await until('TopologyAwareHintsEnabled', () => event('TopologyAwareHintsEnabled', 'Topology Aware Hints has been enabled, addressType: IPv4'));
  t.equal(enabled.type, 'Normal');
  t.equal(await byTrafficDistribution(), '0', 'Auto takes the Service out of the traffic distribution count');
  t.same(hintsByZone(await endpoints()), { 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 }, 'equal CPU in 3 zones: 2 hints each');

  // A Ready node in a fourth zone: the Service is overloaded there, so it is synced again, and
  // 6 endpoints cannot give 4 zones their minimum of ceil(1.5 / 1.2) = 2.
  await kubectl('create', '-f', '-', { input: JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'extra', labels: { 'topology.kubernetes.io/zone': 'zone-d' } } }) });
  await kubectl('patch', 'node', 'extra', '--subresource=status', '--type=merge', '-p',
    JSON.stringify({ status: { allocatable: { cpu: '4' }, capacity: { cpu: '4' }, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'test', lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] } }));
  await until('TopologyAwareHintsDisabled for 4 zones', () => event('TopologyAwareHintsDisabled',
    'Unable to allocate minimum required endpoints to each zone without exceeding overload threshold (6 endpoints, 4 zones), addressType: IPv4'));
  await until('no hints with 4 zones', async () => (Object.keys(hintsByZone(await endpoints())).length === 0 ? true : undefined));
  await kubectl('delete', 'node', 'extra');

  await kubectl('scale', 'deployment', 'web', '--replicas=2');
  const disabled = await until('TopologyAwareHintsDisabled for 2 endpoints',
    () => event('TopologyAwareHintsDisabled', 'Insufficient number of endpoints (2 endpoints, 3 zones), addressType: IPv4'));
  t.equal(disabled.type, 'Warning');
  await until('no hints left', async () => (Object.keys(hintsByZone(await endpoints())).length === 0 ? true : undefined));

  await kubectl('annotate', 'service', 'web', 'service.kubernetes.io/topology-mode-');
  await until('PreferClose hints again', async () => {
    const eps = ready(await endpoints());
    return eps.length === 2 && eps.every((e) => e.hints?.forZones?.[0]?.name === e.zone) ? true : undefined;
  });
  t.pass('PreferClose hints back once Auto is gone');
});
