/**
 * The EndpointSlice controller end to end: `miniplane up` (nodes, scheduler, kubelets, the
 * Deployment, ReplicaSet and EndpointSlice controllers) driven with the real kubectl; slice
 * writes counted from the apiserver's own /metrics. The seed demo runs on a Deployment.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { apiWrites } from './apiWrites.js';
import { up } from './upProcess.js';

const run = promisify(execFile);

// 12-15 s on a quiet 2-core machine, 24-61 s in passing CI runs (several suites at once): over
// half of tap's 120 s, so the file has its own margin.
t.setTimeout(300_000);

interface Slice {
  metadata: { name: string; labels?: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string }>; annotations?: Record<string, string> };
  addressType: string;
  ports?: Array<{ name?: string; port?: number; protocol?: string }> | null;
  endpoints?: Array<{ addresses: string[]; hostname?: string; conditions: { ready?: boolean; serving?: boolean; terminating?: boolean }; targetRef?: { name: string }; zone?: string; nodeName?: string }> | null;
}

interface Cluster {
  url: string;
  kubectl(...args: string[]): Promise<string>;
  post(path: string, body: unknown): Promise<void>;
  slices(svc: string): Promise<Slice[]>;
  writes(resource: string): Promise<number>;
  until<T>(what: string, probe: () => Promise<T | undefined>, ms?: number): Promise<T>;
}

async function cluster(t: Tap.Test, args: string[] = []): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-eps-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { url, kubeconfig } = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', ...args]);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), ...a], { maxBuffer: 64 << 20 })).stdout;
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    url, kubectl, until,
    post: async (path, body) => {
      const r = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!r.ok) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
    },
    slices: async (svc) => JSON.parse(await kubectl('get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`, '-o', 'json')).items,
    writes: (resource) => apiWrites(url, resource),
  };
}

const count = (slices: Slice[]) => slices.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0);
const sizes = (slices: Slice[]) => slices.map((s) => s.endpoints?.length ?? 0).sort((a, b) => b - a);
const readyIn = (slices: Slice[]) => slices.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions.ready));

t.test('the seed demo on a Deployment: expose, readiness flip, delete, 250 -> 100/100/50, shrink, selector change, Service delete', async (t) => {
  const c = await cluster(t, ['--grace-period', '1']);
  await c.kubectl('create', 'deployment', 'web', '--image=nginx:1.26', '--replicas=3');
  await c.kubectl('expose', 'deployment', 'web', '--port=80', '--target-port=8080', '--name=web');
  const three = await c.until('3 ready endpoints', async () => {
    const s = await c.slices('web');
    return readyIn(s).length === 3 ? s : undefined;
  });
  t.equal(three.length, 1);
  const slice = three[0]!;
  t.match(slice.metadata.name, /^web-[a-z0-9]{5}$/);
  t.match(slice.metadata.labels, { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
  t.match(slice.metadata.ownerReferences, [{ kind: 'Service', name: 'web' }]);
  t.ok(slice.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'], 'trigger time');
  t.same(slice.ports, [{ name: '', port: 8080, protocol: 'TCP' }]);
  t.ok(slice.endpoints!.every((e) => e.nodeName && /^zone-/.test(e.zone ?? '') && e.targetRef?.name.startsWith('web-')), 'nodeName, zone, targetRef');
  const table = await c.kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web');
  t.match(table, /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\n/);
  t.match(table, /web-\w{5}\s+IPv4\s+8080\s+10\.244\.\d+\.\d+,10\.244\.\d+\.\d+,10\.244\.\d+\.\d+\s/);

  // The v1 Endpoints object, as the seeds print it.
  const ep = await c.until('Endpoints with 3 addresses', async () => {
    const line = await c.kubectl('get', 'endpoints', 'web', '--no-headers').catch(() => '');
    return /^web\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080\s/.test(line) ? line : undefined;
  });
  t.pass(`kubectl get endpoints: ${ep.trim()}`);

  // A readiness flip: exactly one slice write.
  const victim = slice.endpoints![0]!.targetRef!.name;
  const before = await c.writes('endpointslices');
  await c.kubectl('annotate', 'pod', victim, 'miniplane.dev/ready=false');
  await c.until('the pod not ready in its slice', async () => {
    const e = (await c.slices('web')).flatMap((s) => s.endpoints ?? []).find((x) => x.targetRef?.name === victim);
    return e && e.conditions.ready === false && e.conditions.serving === false ? e : undefined;
  });
  await new Promise((r) => setTimeout(r, 500));
  t.equal(await c.writes('endpointslices') - before, 1, 'one readiness change, one slice write');
  const scrape = await (await fetch(`${c.url}/metrics`)).text();
  t.match(scrape, /^endpoint_slice_controller_changes\{operation="create"\} [1-9]/m, 'the controller\'s metrics on the apiserver\'s /metrics');
  t.match(scrape, /^endpoint_slice_controller_endpoints_desired 3$/m);
  t.match(scrape, /^endpoint_slice_controller_num_endpoint_slices 1$/m);
  t.match(scrape, /^endpoint_slice_controller_syncs\{result="success"\} [1-9]/m);
  const notReady = JSON.parse(await c.kubectl('get', 'endpoints', 'web', '-o', 'json')).subsets;
  t.equal(notReady.flatMap((x: { notReadyAddresses?: unknown[] }) => x.notReadyAddresses ?? []).length, 1, 'the pod in notReadyAddresses');
  await c.kubectl('annotate', 'pod', victim, 'miniplane.dev/ready-');
  await c.until('ready again', async () => (readyIn(await c.slices('web')).length === 3 ? true : undefined));

  // A Service change that changes no endpoint writes nothing.
  await new Promise((r) => setTimeout(r, 500));
  const quiet = [await c.writes('endpointslices'), await c.writes('endpoints')];
  await c.kubectl('annotate', 'svc', 'web', 'note=unrelated');
  await new Promise((r) => setTimeout(r, 1000));
  t.same([await c.writes('endpointslices'), await c.writes('endpoints')], quiet, 'no slice or Endpoints write when nothing changed');

  // Pod delete: terminating endpoint, then the replacement.
  await c.kubectl('delete', 'pod', victim, '--wait=false');
  await c.until('the replacement ready, the victim gone', async () => {
    const eps = (await c.slices('web')).flatMap((s) => s.endpoints ?? []);
    return eps.length === 3 && eps.every((e) => e.conditions.ready && e.targetRef?.name !== victim) ? true : undefined;
  });

  await c.kubectl('scale', 'deployment', 'web', '--replicas=250');
  const big = await c.until('250 ready endpoints', async () => {
    const s = await c.slices('web');
    return readyIn(s).length === 250 ? s : undefined;
  }, 120_000);
  // Scaled live, slices fill as pods come (kube's rules never move endpoints just to pack them).
  t.equal(big.length, 3, `three slices: ${sizes(big)}`);
  t.ok(big.every((s) => (s.endpoints?.length ?? 0) <= 100));
  // A Service created over the 250 ready pods gets exactly 100/100/50.
  await c.kubectl('expose', 'deployment', 'web', '--port=80', '--target-port=8080', '--name=web2');
  const fresh = await c.until('web2 converged', async () => {
    const s = await c.slices('web2');
    return readyIn(s).length === 250 ? s : undefined;
  });
  t.same(sizes(fresh), [100, 100, 50], 'exactly three slices of 100/100/50');

  await c.kubectl('scale', 'deployment', 'web', '--replicas=2');
  const small = await c.until('2 endpoints', async () => {
    const s = await c.slices('web');
    return count(s) === 2 ? s : undefined;
  }, 120_000);
  t.ok(small.length <= 2 && small.every((s) => (s.endpoints?.length ?? 0) > 0), `slices shrink: ${sizes(small)}`);

  // Selector change: no pod matches, one empty placeholder.
  await c.kubectl('patch', 'svc', 'web', '-p', '{"spec":{"selector":{"app":"nothing"}}}');
  const empty = await c.until('the placeholder', async () => {
    const s = await c.slices('web');
    return s.length === 1 && count(s) === 0 ? s : undefined;
  });
  t.same(empty[0]!.ports ?? [], []);
  t.match(await c.kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '--no-headers'), /web-\w{5}\s+IPv4\s+<unset>\s+<unset>/);

  await c.kubectl('delete', 'svc', 'web');
  await c.until('slices gone with the Service', async () => ((await c.slices('web')).length === 0 ? true : undefined));
  t.pass('Service delete removed its slices');
  await c.until('Endpoints gone with the Service', async () => ((await c.kubectl('get', 'endpoints', '-o', 'name')).includes('endpoints/web\n') ? undefined : true));
});

t.test('headless hostnames, named ports resolving differently, multi-port, publishNotReadyAddresses, hand edits undone', async (t) => {
  const c = await cluster(t, ['--nodes', '1']);
  const pod = (name: string, labels: Record<string, string>, ports: Array<{ name: string; containerPort: number }>, extra: Record<string, unknown> = {}) =>
    c.post('/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels, annotations: extra.annotations ?? {} }, spec: { containers: [{ name: 'c', image: 'nginx', ports }], ...(extra.spec ?? {}) } });
  await pod('db-0', { app: 'db' }, [{ name: 'sql', containerPort: 5432 }], { spec: { hostname: 'db-0', subdomain: 'db' } });
  await pod('db-1', { app: 'db' }, [{ name: 'sql', containerPort: 6432 }], { spec: { hostname: 'db-1', subdomain: 'db' } });
  await pod('db-2', { app: 'db' }, [{ name: 'sql', containerPort: 5432 }], { annotations: { 'miniplane.dev/ready': 'false' } });
  await c.post('/api/v1/namespaces/default/services', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', labels: { team: 'data' } },
    spec: { clusterIP: 'None', selector: { app: 'db' }, publishNotReadyAddresses: true, ports: [{ name: 'sql', port: 5432, targetPort: 'sql' }, { name: 'metrics', port: 9100, targetPort: 9100 }] },
  });
  const slices = await c.until('three endpoints in two port maps', async () => {
    const s = await c.slices('db');
    return count(s) === 3 && s.every((x) => x.endpoints?.every((e) => e.addresses.length)) && readyIn(s).length === 3 ? s : undefined;
  });
  const byPort = Object.fromEntries(slices.map((s) => [s.ports!.map((p) => `${p.name}:${p.port}`).join(','), s.endpoints!.map((e) => [e.targetRef!.name, e.hostname ?? '', e.conditions.serving]).sort()]));
  t.same(byPort, {
    'sql:5432,metrics:9100': [['db-0', 'db-0', true], ['db-2', '', false]],
    'sql:6432,metrics:9100': [['db-1', 'db-1', true]],
  }, 'named port resolved per pod; hostnames; not-ready pod published as ready but not serving');
  t.ok(slices.every((s) => s.metadata.labels?.['service.kubernetes.io/headless'] === '' && s.metadata.labels?.team === 'data'), 'headless label and the Service labels');

  // A hand edit of a managed slice is undone; a deleted one comes back.
  const target = slices[0]!.metadata.name;
  await c.kubectl('label', 'endpointslice', target, 'team=hacked', '--overwrite');
  await c.until('the label restored', async () => ((await c.slices('db')).find((s) => s.metadata.name === target)?.metadata.labels?.team === 'data' ? true : undefined));
  await c.kubectl('delete', 'endpointslice', target);
  await c.until('the slice recreated', async () => (count(await c.slices('db')) === 3 ? true : undefined));
  t.pass('hand edits undone');

  // Slices managed by someone else are left alone.
  await c.post('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'db-custom', labels: { 'kubernetes.io/service-name': 'db', 'endpointslice.kubernetes.io/managed-by': 'someone-else' } },
    addressType: 'IPv4', endpoints: [{ addresses: ['192.0.2.1'] }], ports: [],
  });
  // A selectorless Service with hand-written Endpoints (the seeds') beside them: left to the user, mirrored.
  await c.post('/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { ports: [{ port: 3306 }] } });
  await c.post('/api/v1/namespaces/default/endpoints', { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'ext' }, subsets: [{ addresses: [{ ip: '192.0.2.10' }], ports: [{ port: 3306 }] }] });
  await c.until('the mirrored slice', async () => ((await c.slices('ext')).some((s) => s.endpoints?.[0]?.addresses[0] === '192.0.2.10') ? true : undefined));
  await new Promise((r) => setTimeout(r, 1000));
  t.ok((await c.slices('db')).some((s) => s.metadata.name === 'db-custom'), 'a foreign slice stays');
  t.match(await c.kubectl('get', 'endpoints', 'ext', '--no-headers'), /^ext\s+192\.0\.2\.10:3306\s/, 'hand-written Endpoints untouched');
  t.match(await c.kubectl('get', 'endpoints', 'db', '--no-headers'), /^db\s+10\.244\.\d+\.\d+:\d+,/, 'the headless Service has Endpoints too');
});
