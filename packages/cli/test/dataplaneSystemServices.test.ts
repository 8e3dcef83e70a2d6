// Issue 15: the Services the control plane makes for itself carry traffic in `up --dataplane`:
// `default/kubernetes` gets the Endpoints and EndpointSlice kube's apiserver endpoint reconciler
// writes (the apiserver's own address and port), so its ClusterIP:443 reaches the apiserver
// through the proxy and the rules view shows the endpoint. Own loopback ranges: other test
// files' planes never collide with these listeners.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { up } from './upProcess.js';
import { until } from './until.js';

const run = promisify(execFile);
const liteBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'kubectl-lite', 'bin', 'kubectl-lite.js');
const ranges = ['--cluster-cidr', '127.247.0.0/16', '--service-cluster-ip-range', '127.99.0.0/16', '--node-ip-range', '127.0.4.0/24', '--load-balancer-ip-range', '127.203.0.0/24'];

async function plane(t: Tap.Test) {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-sys-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--dataplane', '--dns-listen', '127.0.0.1:0', '--nodes', '1', ...ranges]);
  t.teardown(() => void s.child.kill('SIGTERM'));
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a])).stdout;
  const json = async (...a: string[]) => JSON.parse(await kubectl(...a, '-o', 'json'));
  const lite = async (...a: string[]) => (await run(process.execPath, [liteBin, '--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kl'), ...a])).stdout;
  return { ...s, port: Number(new URL(s.url).port), kubectl, json, lite };
}

t.test('default/kubernetes: the Endpoints and EndpointSlice of the apiserver, reachable on its ClusterIP', async (t) => {
  const p = await plane(t);
  const ports = [{ name: 'https', port: p.port, protocol: 'TCP' }];
  const ep = await p.json('get', 'endpoints', 'kubernetes');
  t.same(ep.metadata.labels, { 'endpointslice.kubernetes.io/skip-mirror': 'true' }, 'Endpoints: skip-mirror, as kube labels it');
  t.same(ep.subsets, [{ addresses: [{ ip: '127.0.0.1' }], ports }], "the apiserver's listen address and port");
  const slices = (await p.json('get', 'endpointslices', '-l', 'kubernetes.io/service-name=kubernetes')).items;
  t.equal(slices.length, 1, 'one slice: the apiserver\'s own (not mirrored: skip-mirror)');
  t.match(slices[0], { metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }], ports });
  t.same(Object.keys(slices[0].metadata.labels), ['kubernetes.io/service-name'], 'no managed-by label (kube\'s reconciler sets none)');
  t.match(await p.kubectl('get', 'endpoints', 'kubernetes'), new RegExp(`kubernetes\\s+127\\.0\\.0\\.1:${p.port}\\s`), 'kubectl get endpoints shows it');

  const ip = (await p.json('get', 'svc', 'kubernetes')).spec.clusterIP as string;
  t.match(ip, /^127\.99\.0\.1$/);
  const healthz = await until('the apiserver through its ClusterIP', async () => {
    const r = await fetch(`http://${ip}:443/healthz`).catch(() => undefined);
    return r ? `${r.status} ${await r.text()}` : undefined;
  }, 20_000, 100);
  t.equal(healthz, '200 ok', `http://${ip}:443/healthz reaches the apiserver through the proxy`);

  const rules = await p.lite('proxy-rules', '--cluster-cidr', '127.247.0.0/16');
  t.match(rules, new RegExp(`--comment default/kubernetes:https -m tcp -p tcp -j DNAT --to-destination 127\\.0\\.0\\.1:${p.port}\\n`), 'the rules view DNATs kubernetes:https to the apiserver');
  // KUBE-SVC-NPX46M4PTMTKRN6Y: the chain every cluster has for default/kubernetes:https
  t.match(rules, `-d ${ip} --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y\n`, 'and jumps to its KUBE-SVC chain from the ClusterIP');
});

t.test('the reconciler writes once, then leaves what matches alone', async (t) => {
  const { startServer } = await import('@miniplane/apiserver');
  const { reconcileKubernetesEndpoints } = await import('../src/kubernetesEndpoints.js');
  const server = await startServer({ listen: '127.0.0.1:0', inMemory: true, writeKubeconfig: false, logLevel: 'silent', loopbackEndpointCIDRs: '127.0.0.1/32' });
  t.teardown(() => server.close());
  const first = reconcileKubernetesEndpoints(server, '127.0.0.1', server.port);
  t.match(first, { endpoints: { create: true }, slice: { create: true } }, 'both created');
  t.same(reconcileKubernetesEndpoints(server, '127.0.0.1', server.port), { deleteSlices: [] }, 'the stored objects (defaulted by the server) match: no write');
  t.match(reconcileKubernetesEndpoints(server, '127.0.0.1', 6443), { endpoints: { create: false }, slice: { create: false } }, 'another port: both updated');
  // edge: without the loopback allowance the write is refused as kube refuses it
  const strict = await startServer({ listen: '127.0.0.1:0', inMemory: true, writeKubeconfig: false, logLevel: 'silent' });
  t.teardown(() => strict.close());
  t.throws(() => reconcileKubernetesEndpoints(strict, '127.0.0.1', strict.port), /may not be in the loopback range/);
});
