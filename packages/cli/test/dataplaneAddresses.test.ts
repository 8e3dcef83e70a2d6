// Issue 15: `miniplane up --dataplane` moves the address defaults to loopback (pods 127.244.x.y,
// ClusterIPs 127.96.x.y, nodes 127.0.1.N, LoadBalancer 127.200.0.x) and the apiserver accepts
// loopback endpoint addresses in the cluster CIDR only; without the flag nothing changes.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { up } from './upProcess.js';
import { until } from './until.js';

const run = promisify(execFile);
const getJSON = async (url: string) => (await fetch(url, { headers: { accept: 'application/json' } })).json();

t.test('up --dataplane: loopback addresses for pods, Services, nodes and LoadBalancers', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-dp-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--dataplane', '--dns-listen', '127.0.0.1:0']);
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a])).stdout;
  const json = async (...a: string[]) => JSON.parse(await kubectl(...a, '-o', 'json'));

  await kubectl('create', 'deployment', 'hello', '--image=echo', '--replicas=3', '--port=8080');
  await kubectl('expose', 'deployment', 'hello', '--port=80', '--target-port=8080', '--type=LoadBalancer');
  await kubectl('rollout', 'status', 'deployment/hello', '--timeout=60s');
  const pods = (await json('get', 'pods', '-l', 'app=hello')).items as { metadata: { name: string }; spec: { nodeName: string }; status: { podIP: string } }[];
  t.equal(pods.length, 3);
  for (const p of pods) {
    t.match(p.status.podIP, /^127\.244\.\d+\.\d+$/);
    // Each pod answers on podIP:containerPort with who it is and whom it saw.
    const seen = await until(`${p.metadata.name} answering`, () => getJSON(`http://${p.status.podIP}:8080/`).catch(() => undefined), 10_000);
    t.same(seen, { pod: p.metadata.name, namespace: 'default', podIP: p.status.podIP, node: p.spec.nodeName, client: '127.0.0.1' });
  }
  const svc = await json('get', 'svc', 'hello');
  t.match(svc.spec.clusterIP, /^127\.96\.\d+\.\d+$/);
  const nodes = (await json('get', 'nodes')).items as { status: { addresses: { type: string; address: string }[] } }[];
  t.same(nodes.map((n) => n.status.addresses.find((a) => a.type === 'InternalIP')!.address).sort(), ['127.0.1.2', '127.0.1.3', '127.0.1.4']);
  const ingress = await until('a LoadBalancer IP', async () => (await json('get', 'svc', 'hello')).status.loadBalancer?.ingress?.[0]?.ip as string | undefined);
  t.match(ingress, /^127\.200\.0\.\d+$/);
  // The EndpointSlice controller's writes of loopback pod IPs are accepted (kube would refuse them).
  const addrs = await until('3 endpoints', async () => {
    const slices = (await json('get', 'endpointslices', '-l', 'kubernetes.io/service-name=hello')).items as { endpoints?: { addresses: string[] }[] }[];
    const a = slices.flatMap((sl) => (sl.endpoints ?? []).flatMap((e) => e.addresses));
    return a.length === 3 ? a : undefined;
  });
  t.same(addrs.sort(), pods.map((p) => p.status.podIP).sort());
  // Other loopback addresses are still refused, with kube's message.
  const manifest = JSON.stringify({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'manual' }, addressType: 'IPv4', endpoints: [{ addresses: ['127.0.0.5'] }] });
  const refused = await new Promise<string>((resolve) => {
    const c = execFile('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), 'create', '-f', '-'], (_e, _o, stderr) => resolve(stderr));
    c.stdin!.end(manifest);
  });
  t.match(refused, 'endpoints[0].addresses[0]: Invalid value: "127.0.0.5": may not be in the loopback range (127.0.0.0/8, ::1/128)');
});
