/**
 * EndpointSlices and Endpoints of workload-backed Services, end to end with the real kubectl on
 * `miniplane up` (simulated nodes, scheduler, kubelets, controllers):
 * - a headless Service over a StatefulSet: each endpoint's `hostname` is its pod's (web-0, web-1,
 *   web-2), in the slices and in the v1 Endpoints addresses;
 * - dual-stack: with `--cluster-cidr 10.244.0.0/16,fd00:10:244::/56` the nodes get an IPv4 and an
 *   IPv6 podCIDR (the IPv6 one a /64), pods get `status.podIPs` of both families, and a
 *   `RequireDualStack` Service gets an IPv4 and an IPv6 slice set; its Endpoints carry the
 *   primary (IPv4) family only.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { until } from './until.js';
import { up } from './upProcess.js';

const run = promisify(execFile);

interface Slice {
  metadata: { name: string; labels?: Record<string, string> };
  addressType: string;
  endpoints?: Array<{ addresses: string[]; hostname?: string; conditions: { ready?: boolean }; targetRef?: { name: string } }> | null;
}

async function cluster(t: Tap.Test, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-epsw-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { kubeconfig } = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', ...args]);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kcache'), ...a], { maxBuffer: 64 << 20 })).stdout;
  const apply = async (name: string, obj: unknown) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(obj));
    return kubectl('apply', '-f', file);
  };
  const slices = async (svc: string): Promise<Slice[]> => JSON.parse(await kubectl('get', 'endpointslices', '-l', `kubernetes.io/service-name=${svc}`, '-o', 'json')).items;
  return { kubectl, apply, slices };
}

const readyOf = (slices: Slice[]) => slices.flatMap((s) => (s.endpoints ?? []).filter((e) => e.conditions.ready));
const readyIn = (slices: Slice[]) => readyOf(slices).length;

t.test('a headless Service over a StatefulSet: hostnames in the slices and the Endpoints', async (t) => {
  const c = await cluster(t, ['--nodes', '2']);
  await c.apply('svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'web', port: 80 }] } });
  await c.apply('sts', {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: {
      serviceName: 'nginx', replicas: 3, podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.26', ports: [{ name: 'web', containerPort: 80 }] }] } },
    },
  });
  const slices = await until('3 ready endpoints', async () => {
    const s = await c.slices('nginx');
    return readyIn(s) === 3 ? s : undefined;
  }, 90_000, 200);
  t.ok(slices.every((s) => s.metadata.labels?.['service.kubernetes.io/headless'] === ''), 'the headless label');
  const ipv4 = slices.filter((s) => s.addressType === 'IPv4');
  t.same(ipv4.flatMap((s) => s.endpoints ?? []).map((e) => [e.targetRef?.name, e.hostname]).sort(), [['web-0', 'web-0'], ['web-1', 'web-1'], ['web-2', 'web-2']], 'each endpoint carries its pod\'s hostname');
  const ep = await until('the Endpoints with 3 addresses', async () => {
    const e = JSON.parse(await c.kubectl('get', 'endpoints', 'nginx', '-o', 'json').catch(() => '{}'));
    return e.subsets?.[0]?.addresses?.length === 3 ? e : undefined;
  }, 30_000, 200);
  t.same(ep.subsets[0].addresses.map((a: { hostname?: string; targetRef?: { name: string } }) => [a.targetRef?.name, a.hostname]).sort(), [['web-0', 'web-0'], ['web-1', 'web-1'], ['web-2', 'web-2']], 'Endpoints addresses carry the hostnames');
  t.same(ep.subsets[0].ports, [{ name: 'web', port: 80, protocol: 'TCP' }]);
  t.equal(ep.metadata.labels?.['service.kubernetes.io/headless'], '', 'the Endpoints carry the headless label');
});

t.test('dual-stack: IPv6 podCIDRs and pod IPs, a RequireDualStack Service gets IPv4 and IPv6 slices', async (t) => {
  const c = await cluster(t, ['--nodes', '2', '--cluster-cidr', '10.244.0.0/16,fd00:10:244::/56', '--service-cluster-ip-range', '10.96.0.0/16,fd00:10:96::/112']);
  const nodes = await until('nodes with two podCIDRs', async () => {
    const items = JSON.parse(await c.kubectl('get', 'nodes', '-o', 'json')).items as Array<{ spec: { podCIDR?: string; podCIDRs?: string[] } }>;
    return items.length === 2 && items.every((n) => n.spec.podCIDRs?.length === 2) ? items : undefined;
  }, 30_000, 200);
  for (const n of nodes) {
    t.match(n.spec.podCIDRs, [/^10\.244\.\d+\.0\/24$/, /^fd00:10:244:[0-9a-f:]*\/64$/], 'an IPv4 /24 and an IPv6 /64');
    t.equal(n.spec.podCIDR, n.spec.podCIDRs![0]);
  }
  await c.kubectl('create', 'deployment', 'ds', '--image=nginx:1.26', '--replicas=3', '--port=80');
  await c.apply('ds-svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ds' }, spec: { ipFamilyPolicy: 'RequireDualStack', selector: { app: 'ds' }, ports: [{ port: 80 }] } });
  const slices = await until('3 ready endpoints per family', async () => {
    const s = await c.slices('ds');
    const of = (type: string) => readyOf(s.filter((x) => x.addressType === type)).length;
    return of('IPv4') === 3 && of('IPv6') === 3 ? s : undefined;
  }, 90_000, 200);
  t.same(slices.map((s) => s.addressType).sort(), ['IPv4', 'IPv6'], 'one slice per family');
  const v6 = slices.find((s) => s.addressType === 'IPv6')!.endpoints!;
  t.ok(v6.every((e) => /^fd00:10:244:/.test(e.addresses[0]!)), `IPv6 endpoint addresses from the pods' IPv6 podIPs: ${v6.map((e) => e.addresses[0])}`);
  const pods = JSON.parse(await c.kubectl('get', 'pods', '-l', 'app=ds', '-o', 'json')).items as Array<{ metadata: { name: string }; status: { podIP: string; podIPs: Array<{ ip: string }> } }>;
  for (const p of pods) {
    t.match(p.status.podIPs.map((x) => x.ip), [/^10\.244\./, /^fd00:10:244:/], `${p.metadata.name}: podIPs of both families`);
    t.equal(p.status.podIP, p.status.podIPs[0]!.ip);
    t.ok(v6.some((e) => e.targetRef?.name === p.metadata.name && e.addresses[0] === p.status.podIPs[1]!.ip), `${p.metadata.name}: its IPv6 endpoint`);
  }
  const table = await c.kubectl('get', 'endpointslices', '-l', 'kubernetes.io/service-name=ds', '--no-headers');
  t.match(table, /ds-\w{5}\s+IPv6\s+80\s+fd00:10:244:/, 'kubectl shows the IPv6 slice');
  const ep = JSON.parse(await c.kubectl('get', 'endpoints', 'ds', '-o', 'json'));
  t.ok(ep.subsets?.[0]?.addresses?.length === 3 && ep.subsets[0].addresses.every((a: { ip: string }) => /^10\.244\./.test(a.ip)), 'the Endpoints hold the primary family (IPv4)');
});
