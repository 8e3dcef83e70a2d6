// Issue 15: the proxy of `up --dataplane` carries real connections: ClusterIP and NodePort on every
// node; 1,000 requests spread over 3 pods (iptables: random) or exact round-robin (ipvs); ClientIP
// affinity per source address; an unready pod gets no new connections once its slice says so;
// externalTrafficPolicy Local keeps the client's address, Cluster shows the node's; a ClusterIP
// masquerades sources outside the cluster CIDR to node-1's IP; no ready
// endpoint: the connection is reset. Clients pick their source address on loopback (127.10.x.y).
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { up } from './upProcess.js';
import { until } from './until.js';

const run = promisify(execFile);
interface Who { pod: string; namespace: string; podIP: string; node: string; client: string }

/** One request on a new connection: who answered, or the error code. */
function hit(host: string, port: number, localAddress?: string): Promise<Who | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false, localAddress, headers: { accept: 'application/json' }, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(JSON.parse(body) as Who));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.end();
  });
}

/** `n` requests, `lanes` at a time; the answering pods' names (or error codes). */
async function hits(n: number, host: string, port: number, from?: (i: number) => string, lanes = 8): Promise<string[]> {
  const out: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < n) {
      const i = next++;
      const r = await hit(host, port, from?.(i));
      out[i] = typeof r === 'string' ? r : r.pod;
    }
  }));
  return out;
}

/** One datagram and its echo (undefined after 500 ms without one). */
function udpEcho(host: string, port: number, text: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const timer = setTimeout(() => {
      s.close();
      resolve(undefined);
    }, 500);
    s.on('message', (m) => {
      clearTimeout(timer);
      s.close();
      resolve(m.toString());
    });
    s.send(text, port, host);
  });
}

const counts = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

async function plane(t: Tap.Test, extra: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-proxy-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // Ranges of their own (not the defaults), so other test files' planes on loopback never collide.
  const ranges = ['--cluster-cidr', '127.246.0.0/16', '--service-cluster-ip-range', '127.98.0.0/16', '--node-ip-range', '127.0.3.0/24', '--load-balancer-ip-range', '127.202.0.0/24', '--external-ip-range', '127.204.0.0/24'];
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--dataplane', '--dns-listen', '127.0.0.1:0', ...ranges, ...extra]);
  t.teardown(() => void s.child.kill('SIGTERM'));
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a])).stdout;
  const json = async (...a: string[]) => JSON.parse(await kubectl(...a, '-o', 'json'));
  await kubectl('create', 'deployment', 'hello', '--image=echo', '--replicas=3', '--port=8080');
  await kubectl('expose', 'deployment', 'hello', '--port=80', '--target-port=8080', '--type=NodePort');
  await kubectl('rollout', 'status', 'deployment/hello', '--timeout=60s');
  const svc = await json('get', 'svc', 'hello');
  const clusterIP = svc.spec.clusterIP as string;
  const nodePort = svc.spec.ports[0].nodePort as number;
  const pods = (await json('get', 'pods', '-l', 'app=hello')).items as { metadata: { name: string }; spec: { nodeName: string } }[];
  // The proxy routes once the slice lists the three pods.
  await until('3 pods behind the ClusterIP', async () => (new Set(await hits(30, clusterIP, 80)).size === 3 ? true : undefined), 30_000, 100);
  return { kubectl, json, clusterIP, nodePort, pods, kubeconfig: s.kubeconfig, cacheDir: join(dir, 'kc') };
}

t.test('iptables mode: spread, NodePort, affinity, readiness, traffic policy, rejection', async (t) => {
  const p = await plane(t, []);
  const names = p.pods.map((x) => x.metadata.name).sort();

  const spread = counts(await hits(1000, p.clusterIP, 80));
  t.same([...spread.keys()].sort(), names, 'every request answered by one of the 3 pods');
  for (const [pod, n] of spread) t.ok(n >= 200 && n <= 450, `${pod}: ${n / 10} % of 1,000 (20-45 %)`);

  // NodePort on each node, Cluster policy: any pod; the pod sees the receiving node's IP (masquerade).
  const nodes = (await p.json('get', 'nodes')).items as { metadata: { name: string }; status: { addresses: { type: string; address: string }[] } }[];
  const nodeIPs = new Map(nodes.map((n) => [n.metadata.name, n.status.addresses.find((a) => a.type === 'InternalIP')!.address]));
  for (const [name, ip] of nodeIPs) {
    const r = await hit(ip, p.nodePort, '127.10.0.7');
    t.match(r, { client: ip }, `NodePort on ${name} (${ip}), Cluster: the pod sees the node's IP`);
  }
  // Local: only the receiving node's pod, and the pod sees the client's own address.
  await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"externalTrafficPolicy":"Local"}}');
  const onNode = new Map(p.pods.map((x) => [x.spec.nodeName, x.metadata.name]));
  for (const [name, ip] of nodeIPs) {
    const r = await until(`Local on ${name}`, async () => {
      const x = await hit(ip, p.nodePort, '127.10.0.7');
      return typeof x !== 'string' && x.client === '127.10.0.7' ? x : undefined;
    }, 10_000);
    if (onNode.has(name)) t.equal(r.pod, onNode.get(name), `NodePort on ${name}, Local: its own pod, client address kept`);
  }

  // LoadBalancer: the ingress IP from the loopback pool carries traffic too (Local: client kept).
  await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"type":"LoadBalancer"}}');
  const lbIP = await until('a LoadBalancer IP', async () => (await p.json('get', 'svc', 'hello')).status.loadBalancer?.ingress?.[0]?.ip as string | undefined, 20_000);
  t.match(lbIP, /^127\.202\.0\.\d+$/);
  const viaLB = await until('the LoadBalancer IP answering', async () => {
    const r = await hit(lbIP, 80, '127.10.0.7');
    return typeof r === 'string' ? undefined : r;
  }, 10_000);
  t.ok(names.includes(viaLB.pod), `LoadBalancer ${lbIP}:80 reaches ${viaLB.pod}`);
  t.equal(viaLB.client, '127.10.0.7', 'Local: the client address kept');
  // A loopback external IP in --external-ip-range: accepted and listened on; curl through it
  // (Local: the client's address kept). One outside the range is refused as kube refuses it.
  await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"externalIPs":["127.204.0.5"]}}');
  const viaExt = await until('the external IP answering', async () => {
    const r = await run('curl', ['-s', '--interface', '127.10.0.7', '-H', 'Accept: application/json', 'http://127.204.0.5:80/']).catch(() => undefined);
    return r?.stdout ? JSON.parse(r.stdout) as Who : undefined;
  }, 10_000, 100);
  t.ok(names.includes(viaExt.pod), `curl 127.204.0.5:80 (an external IP) reaches ${viaExt.pod}`);
  t.equal(viaExt.client, '127.10.0.7', 'Local: the client address kept');
  const outside = await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"externalIPs":["127.205.0.5"]}}').catch((e: { stderr: string }) => e.stderr);
  t.match(outside, 'spec.externalIPs[0]: Invalid value: "127.205.0.5": may not be in the loopback range (127.0.0.0/8, ::1/128)', 'outside the range: refused');
  await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"externalTrafficPolicy":"Cluster"}}');
  const extMasq = await until('Cluster through the external IP', async () => {
    const r = await hit('127.204.0.5', 80, '127.10.0.7');
    return typeof r !== 'string' && r.client !== '127.10.0.7' ? r : undefined;
  }, 10_000);
  t.equal(extMasq.client, nodeIPs.get(extMasq.node), 'external IP, Cluster: the pod sees its node\'s IP');
  await p.kubectl('patch', 'svc', 'hello', '--type=json', '-p', '[{"op":"remove","path":"/spec/externalIPs"}]');
  const masq = await until('Cluster through the LoadBalancer IP', async () => {
    const r = await hit(lbIP, 80, '127.10.0.7');
    return typeof r !== 'string' && r.client !== '127.10.0.7' ? r : undefined;
  }, 10_000);
  t.equal(masq.client, nodeIPs.get(masq.node), 'Cluster: the pod sees its node\'s IP');

  // ClientIP affinity: one source address, one pod; different source addresses spread.
  await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"sessionAffinity":"ClientIP"}}');
  await until('affinity in effect', async () => (new Set(await hits(20, p.clusterIP, 80, () => '127.10.0.9', 1)).size === 1 ? true : undefined), 10_000, 100);
  for (const src of ['127.10.0.7', '127.10.0.8']) t.equal(new Set(await hits(50, p.clusterIP, 80, () => src)).size, 1, `every request from ${src} reaches one pod`);
  t.ok(new Set(await hits(60, p.clusterIP, 80, (i) => `127.10.1.${i + 1}`)).size > 1, 'different source addresses spread');
  await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"sessionAffinity":"None"}}');

  // internalTrafficPolicy Local: a client with a pod IP of node-1 (an unused address of its
  // podCIDR) reaches node-1's pod only.
  await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"internalTrafficPolicy":"Local"}}');
  const cidr1 = ((await p.json('get', 'node', 'node-1')).spec.podCIDR as string).replace(/\.0\/24$/, '.250');
  await until('internalTrafficPolicy Local in effect', async () => (new Set(await hits(20, p.clusterIP, 80, () => cidr1)).size === 1 ? true : undefined), 10_000, 100);
  t.same([...new Set(await hits(30, p.clusterIP, 80, () => cidr1))], [onNode.get('node-1')], 'from a node-1 pod IP: node-1\'s pod only');
  await p.kubectl('patch', 'svc', 'hello', '-p', '{"spec":{"internalTrafficPolicy":"Cluster"}}');

  // ClusterIP masquerade (kube-proxy with --cluster-cidr): a pod source keeps its address, any
  // other (the host's 127.0.0.1, a 127.10.x.y client) is seen as the first node's IP.
  const fromPod = await hit(p.clusterIP, 80, cidr1);
  t.match(fromPod, { client: cidr1 }, 'ClusterIP from a pod IP: the pod sees the client pod\'s address');
  for (const src of [undefined, '127.10.0.7']) {
    t.match(await hit(p.clusterIP, 80, src), { client: nodeIPs.get('node-1') }, `ClusterIP from ${src ?? '127.0.0.1'}: masqueraded to node-1's IP`);
  }

  // An unready pod: out of the slice, then out of new connections; it still answers directly.
  const victim = p.pods[0]!.metadata.name;
  await p.kubectl('annotate', 'pod', victim, 'miniplane.dev/ready=false');
  await until('the slice shows it unready', async () => {
    const slices = (await p.json('get', 'endpointslices', '-l', 'kubernetes.io/service-name=hello')).items as { endpoints?: { targetRef?: { name: string }; conditions: { ready: boolean } }[] }[];
    return slices.some((s) => s.endpoints?.some((e) => e.targetRef?.name === victim && e.conditions.ready === false)) ? true : undefined;
  }, 20_000, 20);
  await new Promise((r) => setTimeout(r, 200));
  const after = counts(await hits(200, p.clusterIP, 80));
  t.equal(after.get(victim), undefined, 'no new connection reaches the unready pod');
  t.equal(after.size, 2);

  // UDP: a Service port carried to the pods' UDP echo.
  const manifest = {
    apiVersion: 'v1', kind: 'List', items: [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'udp' }, spec: { replicas: 2, selector: { matchLabels: { app: 'udp' } }, template: { metadata: { labels: { app: 'udp' } }, spec: { containers: [{ name: 'echo', image: 'echo', ports: [{ containerPort: 5353, protocol: 'UDP' }] }] } } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'udp' }, spec: { selector: { app: 'udp' }, ports: [{ port: 53, protocol: 'UDP', targetPort: 5353 }] } },
    ],
  };
  await new Promise<void>((resolve, reject) => {
    const c = execFile('kubectl', ['--kubeconfig', p.kubeconfig, '--cache-dir', p.cacheDir, 'create', '--validate=false', '-f', '-'], (e, _out, stderr) => (e ? reject(new Error(stderr)) : resolve()));
    c.stdin!.end(JSON.stringify(manifest));
  });
  const udpIP = (await p.json('get', 'svc', 'udp')).spec.clusterIP as string;
  const echoed = await until('a UDP echo through the ClusterIP', () => udpEcho(udpIP, 53, 'hello over udp'), 30_000, 100);
  t.equal(echoed, 'hello over udp', 'UDP through the ClusterIP to a pod and back');

  // No ready endpoint: rejected.
  await p.kubectl('scale', 'deployment', 'hello', '--replicas=0');
  const rejected = await until('connections rejected', async () => {
    const r = await hit(p.clusterIP, 80);
    return typeof r === 'string' ? r : undefined;
  }, 30_000, 100);
  t.match(rejected, /^(ECONNRESET|ECONNREFUSED)$/, `no endpoint: ${rejected}`);
});

t.test('ipvs mode: exact round-robin', async (t) => {
  const p = await plane(t, ['--proxy-mode', 'ipvs']);
  const seq = await hits(30, p.clusterIP, 80, undefined, 1);
  const cycle = seq.slice(0, 3);
  t.equal(new Set(cycle).size, 3, 'three different pods in a row');
  t.same(seq, Array.from({ length: 30 }, (_, i) => cycle[i % 3]), 'then the same order over and over');
});
