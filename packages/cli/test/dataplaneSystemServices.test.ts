// Issue 15: the Services the control plane makes for itself carry traffic in `up --dataplane`:
// `default/kubernetes` gets the Endpoints and EndpointSlice kube's apiserver endpoint reconciler
// writes (the apiserver's own address and port), so its ClusterIP:443 reaches the apiserver
// through the proxy and the rules view shows the endpoint; the DNS component publishes its listen
// address as a `kube-system/kube-dns` endpoint, so `dig @<kube-dns ClusterIP>` (UDP and TCP)
// is answered through the proxy, as a pod's resolv.conf asks it. Own loopback ranges: other test
// files' planes never collide with these listeners.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { spawn } from 'node:child_process';
import { bin, up } from './upProcess.js';
import { until } from './until.js';

const run = promisify(execFile);
const liteBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'kubectl-lite', 'bin', 'kubectl-lite.js');
const ranges = ['--cluster-cidr', '127.247.0.0/16', '--service-cluster-ip-range', '127.94.0.0/16', '--node-ip-range', '127.0.4.0/24', '--load-balancer-ip-range', '127.206.0.0/24', '--external-ip-range', '127.207.0.0/24'];

async function plane(t: Tap.Test, args: readonly string[] = ranges) {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-sys-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--dataplane', '--dns-listen', '127.0.0.1:0', '--nodes', '1', ...args]);
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
  t.match(ip, /^127\.94\.0\.1$/);
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

t.test('kube-dns: the DNS component is its endpoint; dig on its ClusterIP:53, UDP and TCP', async (t) => {
  const p = await plane(t);
  const slices = await until('the DNS component\'s slice', async () => {
    const items = (await p.json('get', 'endpointslices', '-n', 'kube-system', '-l', 'kubernetes.io/service-name=kube-dns')).items as { metadata: { name: string; labels: Record<string, string> }; endpoints?: { addresses: string[] }[]; ports?: { name: string; port: number; protocol: string }[] }[];
    const by = new Set(items.map((i) => i.metadata.labels['endpointslice.kubernetes.io/managed-by']));
    // The EndpointSlice controller's placeholder (the Service selects no pod) comes once it has synced.
    return by.has('dns.miniplane.dev') && by.has('endpointslice-controller.k8s.io') ? items : undefined;
  }, 20_000, 100);
  const ours = slices.find((i) => i.metadata.labels['endpointslice.kubernetes.io/managed-by'] === 'dns.miniplane.dev')!;
  const dnsPort = ours.ports![0]!.port;
  t.match(ours, { metadata: { name: `kube-dns-127-0-0-1-${dnsPort}` }, endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }] });
  const metricsPort = ours.ports!.find((x) => x.name === 'metrics')?.port;
  t.ok(metricsPort && metricsPort !== dnsPort, 'a metrics listener of its own');
  t.same(ours.ports, [{ name: 'dns', port: dnsPort, protocol: 'UDP' }, { name: 'dns-tcp', port: dnsPort, protocol: 'TCP' }, { name: 'metrics', port: metricsPort, protocol: 'TCP' }], 'the Service\'s port names, the listen ports');
  await new Promise((r) => setTimeout(r, 500));
  const later = (await p.json('get', 'endpointslices', '-n', 'kube-system', '-l', 'endpointslice.kubernetes.io/managed-by=dns.miniplane.dev')).items;
  t.same(later.map((i: { metadata: { uid: string } }) => i.metadata.uid), [(ours as unknown as { metadata: { uid: string } }).metadata.uid], 'the EndpointSlice controller, beside its own placeholder, leaves it alone');

  const dnsIP = (await p.json('get', 'svc', 'kube-dns', '-n', 'kube-system')).spec.clusterIP as string;
  t.equal(dnsIP, '127.94.0.10');
  const dig = async (...opts: string[]) => (await run('dig', [`@${dnsIP}`, '+short', '+time=2', '+tries=1', ...opts, 'kubernetes.default.svc.cluster.local'])).stdout.trim();
  t.equal(await until('an answer on the kube-dns ClusterIP over UDP', async () => (await dig().catch(() => '')) || undefined, 20_000, 200), '127.94.0.1', 'UDP: the kubernetes ClusterIP');
  t.equal(await dig('+tcp'), '127.94.0.1', 'TCP: the same answer');

  // kube-dns:9153 (metrics): CoreDNS's prometheus plugin, through the proxy as Prometheus scrapes it.
  await run('dig', [`@${dnsIP}`, '+time=2', '+tries=1', 'example.com']).catch(() => undefined);
  const metrics = (await run('curl', ['-s', '--max-time', '5', `http://${dnsIP}:9153/metrics`])).stdout;
  const server = `server="dns://127.0.0.1:${dnsPort}"`;
  const count = (re: RegExp) => Number(re.exec(metrics)?.[1] ?? 0);
  t.ok(count(new RegExp(`^coredns_dns_requests_total\\{${server},zone="cluster\\.local\\.",view="",proto="udp",family="1",type="A"\\} (\\d+)$`, 'm')) >= 1, 'the UDP A question counted');
  t.ok(count(new RegExp(`^coredns_dns_requests_total\\{${server},zone="cluster\\.local\\.",view="",proto="tcp",family="1",type="A"\\} (\\d+)$`, 'm')) >= 1, 'the TCP one');
  t.ok(count(new RegExp(`^coredns_dns_responses_total\\{${server},zone="cluster\\.local\\.",view="",rcode="NOERROR",plugin="kubernetes"\\} (\\d+)$`, 'm')) >= 2, 'NOERROR answers of the kubernetes plugin');
  t.ok(count(new RegExp(`^coredns_dns_responses_total\\{${server},zone="dropped",view="",rcode="REFUSED",plugin=""\\} (\\d+)$`, 'm')) >= 1, 'a name outside the zones: dropped, REFUSED');
  t.match(metrics, /^coredns_build_info\{version="[\d.]+",revision="miniplane",goversion="node[^"]+"\} 1$/m);
  t.match(metrics, '# TYPE coredns_dns_requests_total counter\n');
  t.equal((await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${metricsPort}/other`])).stdout, '404', 'only /metrics');

  const rules = await p.lite('proxy-rules', '--cluster-cidr', '127.247.0.0/16');
  t.match(rules, `--comment kube-system/kube-dns:dns -m udp -p udp -j DNAT --to-destination 127.0.0.1:${dnsPort}\n`, 'the rules view DNATs kube-dns:dns to the DNS component');
  t.match(rules, `--comment kube-system/kube-dns:dns-tcp -m tcp -p tcp -j DNAT --to-destination 127.0.0.1:${dnsPort}\n`);

  // `miniplane dns --publish-endpoints` alone: a second endpoint while it runs, gone at its exit.
  const alone = spawn(process.execPath, [bin, 'dns', '--kubeconfig', p.kubeconfig, '--dns-listen', '127.0.0.1:0', '--publish-endpoints'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => void alone.kill('SIGKILL'));
  const second = await new Promise<number>((resolve) => alone.stdout!.on('data', (d) => {
    const m = /answering at 127\.0\.0\.1:(\d+)/.exec(String(d));
    if (m) resolve(Number(m[1]));
  }));
  const published = async () => ((await p.json('get', 'endpointslices', '-n', 'kube-system', '-l', 'endpointslice.kubernetes.io/managed-by=dns.miniplane.dev')).items as { metadata: { name: string } }[]).map((i) => i.metadata.name).sort();
  t.same(await until('two DNS endpoints', async () => ((await published()).length === 2 ? published() : undefined), 10_000, 100), [`kube-dns-127-0-0-1-${dnsPort}`, `kube-dns-127-0-0-1-${second}`].sort());
  alone.kill('SIGTERM');
  await new Promise((r) => alone.once('exit', r));
  t.same(await published(), [`kube-dns-127-0-0-1-${dnsPort}`], 'its endpoint removed at exit');
});

t.test('kube-system/kube-proxy: kubeadm\'s ConfigMap with the proxy\'s settings; proxy-rules takes its defaults from it', async (t) => {
  // The default cluster CIDR of --dataplane (127.244.0.0/16): no pod is made, so nothing listens
  // there; every other range is this test's own.
  const p = await plane(t, ['--service-cluster-ip-range', '127.91.0.0/16', '--node-ip-range', '127.0.8.0/24', '--load-balancer-ip-range', '127.211.0.0/24',
    '--external-ip-range', '127.212.0.0/24', '--proxy-mode', 'ipvs']);
  const cm = await p.json('get', 'configmap', 'kube-proxy', '-n', 'kube-system');
  t.same(cm.metadata.labels, { app: 'kube-proxy' }, 'labelled as kubeadm labels it');
  t.same(Object.keys(cm.data).sort(), ['config.conf', 'kubeconfig.conf']);
  const conf = cm.data['config.conf'] as string;
  for (const line of ['apiVersion: kubeproxy.config.k8s.io/v1alpha1', 'kind: KubeProxyConfiguration', 'clusterCIDR: 127.244.0.0/16', 'mode: ipvs', '  scheduler: rr', '  masqueradeAll: false']) {
    t.ok(conf.split('\n').includes(line), `config.conf: ${line}`);
  }
  t.match(cm.data['kubeconfig.conf'], `    server: ${p.url}\n`, 'kube-proxy\'s kubeconfig names this apiserver');

  const ipvs = await until('the kubernetes virtual server with its endpoint', async () => {
    const text = await p.lite('proxy-rules');
    return text.includes(`  -> 127.0.0.1:${p.port}`) ? text : undefined;
  }, 20_000, 200);
  t.match(ipvs, /^IP Virtual Server version/, 'no --mode: the cluster\'s ipvs');
  t.match(ipvs, 'TCP  127.91.0.1:443 rr\n', 'its scheduler');
  const masq = '-A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https cluster IP" -m tcp -p tcp -d 127.91.0.1 --dport 443';
  t.match(await p.lite('proxy-rules', '--mode', 'iptables'), `${masq} ! -s 127.244.0.0/16 -j KUBE-MARK-MASQ\n`, 'no --cluster-cidr: the dataplane\'s cluster CIDR, from the ConfigMap');
  t.match(await p.lite('proxy-rules', '--mode', 'iptables', '--cluster-cidr', '10.0.0.0/8'), `${masq} ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ\n`, 'a flag wins');
  t.notOk((await p.lite('proxy-rules', '--mode', 'iptables', '--cluster-cidr', '')).includes(masq), '"" for no detector: no off-cluster masquerade rule');

  // Without the ConfigMap: today's defaults (iptables, 10.244.0.0/16).
  await p.kubectl('delete', 'configmap', 'kube-proxy', '-n', 'kube-system');
  t.match(await p.lite('proxy-rules'), `${masq} ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ\n`, 'no ConfigMap: iptables with 10.244.0.0/16');
});

t.test('the DNS component republishes its slice when it is deleted, and removes it at stop', async (t) => {
  const { startServer } = await import('@miniplane/apiserver');
  const { startDns } = await import('@miniplane/dns');
  const { findResourceByKind } = await import('@miniplane/api');
  const info = findResourceByKind('discovery.k8s.io/v1', 'EndpointSlice')!;
  const server = await startServer({ listen: '127.0.0.1:0', inMemory: true, writeKubeconfig: false, logLevel: 'silent', loopbackEndpointCIDRs: '127.0.0.1/32' });
  t.teardown(() => server.close());
  const dns = await startDns({ restConfig: { server: server.url }, listen: '127.0.0.1:0', publishEndpoints: true });
  const name = `kube-dns-127-0-0-1-${dns.port}`;
  const stored = () => server.registry.list(info, 'kube-system', { filter: (o) => o.metadata.name === name }).items[0];
  const first = await until('published', async () => stored(), 10_000, 20);
  server.registry.delete(info, 'kube-system', name);
  const again = await until('published again', async () => stored(), 10_000, 20);
  t.not(again.metadata.uid, first.metadata.uid, 'a new slice after the delete');
  await dns.stop();
  t.equal(stored(), undefined, 'gone once the component stopped');
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
