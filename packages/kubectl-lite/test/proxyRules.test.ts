/**
 * `kubectl-lite proxy-rules` and `pod-env` against a running `miniplane up`: a 3-replica
 * Deployment exposed as ClusterIP, NodePort and LoadBalancer (ClientIP affinity), plus a Service
 * selecting nothing. The iptables text carries kube-proxy's chain names for those service ports,
 * the 1/3 and 1/2 probabilities as iptables-save prints them, one DNAT per pod, the affinity
 * `recent` rules and the REJECT of the Service without endpoints; the ipvs text one virtual
 * server per address with the three pods; pod-env the kubelet's variables.
 */
import { join } from 'node:path';
import { serviceExternalChainName, servicePortChainName, servicePortEndpointChainName } from '@miniplane/api/proxyRules/index';
import t from 'tap';
import { liteBin, runProcess, startMiniplaneUp, tempDir } from './harness.js';

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 3
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: hello-cip}
spec: {selector: {app: hello}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: hello-np}
spec: {type: NodePort, selector: {app: hello}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: hello-lb}
spec: {type: LoadBalancer, sessionAffinity: ClientIP, selector: {app: hello}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: nobody}
spec: {selector: {app: nobody}, ports: [{name: http, port: 80}]}
`;

t.test('proxy-rules and pod-env show what kube-proxy and the kubelet would do', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-proxy-rules-');
  const kubeconfig = await startMiniplaneUp(t, join(dir, 'data'));
  const lite = (args: string[], input?: string) =>
    runProcess(process.execPath, [liteBin, '--cache-dir', join(dir, 'cache'), ...args], { env: { KUBECONFIG: kubeconfig }, input });
  const jsonpath = async (args: string[], path: string) => (await lite(['get', ...args, '-o', `jsonpath=${path}`])).stdout;
  t.equal((await lite(['apply', '-f', '-'], manifest)).code, 0);

  // Wait (bounded) until three pods are endpoints and the LoadBalancer has its address.
  let rules = '';
  for (let i = 0; i < 120; i++) {
    rules = (await lite(['proxy-rules'])).stdout;
    if ((rules.match(/--comment default\/hello-cip:http -m tcp -p tcp -j DNAT/g) ?? []).length === 3 && rules.includes('hello-lb:http loadbalancer IP')) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const clusterIP = await jsonpath(['svc', 'hello-cip'], '{.spec.clusterIP}');
  const nodePort = await jsonpath(['svc', 'hello-np'], '{.spec.ports[0].nodePort}');
  const lbIP = await jsonpath(['svc', 'hello-lb'], '{.status.loadBalancer.ingress[0].ip}');
  const podIPs = (await jsonpath(['pods', '-l', 'app=hello'], '{.items[*].status.podIP}')).split(' ').filter(Boolean);
  t.equal(podIPs.length, 3, 'three pod IPs');

  const svcChain = servicePortChainName('default/hello-cip:http', 'tcp');
  t.match(rules, /^\*filter\n/, 'the filter table first, as kube-proxy writes it');
  t.ok(rules.includes(`-A KUBE-SERVICES -m comment --comment "default/hello-cip:http cluster IP" -m tcp -p tcp -d ${clusterIP} --dport 80 -j ${svcChain}\n`), 'cluster IP rule');
  t.ok(rules.includes(`-A ${svcChain} -m comment --comment "default/hello-cip:http cluster IP" -m tcp -p tcp -d ${clusterIP} --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ\n`), 'off-cluster masquerade');
  // kube-proxy orders endpoints by their "ip:port" text; ipvsadm orders real servers numerically.
  const sorted = [...podIPs].sort((a, b) => (`${a}:8080` < `${b}:8080` ? -1 : 1));
  const numeric = [...podIPs].sort((a, b) => a.split('.').map(Number).reduce((d, x, i) => d || x - Number(b.split('.')[i]), 0));
  const seps = sorted.map((ip) => servicePortEndpointChainName('default/hello-cip:http', 'tcp', `${ip}:8080`));
  t.ok(rules.includes(`-A ${svcChain} -m comment --comment "default/hello-cip:http -> ${sorted[0]}:8080" -m statistic --mode random --probability 0.33333333349 -j ${seps[0]}\n`), '1/3 as iptables-save prints it');
  t.ok(rules.includes(`-A ${svcChain} -m comment --comment "default/hello-cip:http -> ${sorted[1]}:8080" -m statistic --mode random --probability 0.50000000000 -j ${seps[1]}\n`), '1/2');
  t.ok(rules.includes(`-A ${svcChain} -m comment --comment "default/hello-cip:http -> ${sorted[2]}:8080" -j ${seps[2]}\n`), 'the last endpoint unconditionally');
  for (const [i, ip] of sorted.entries()) {
    t.ok(rules.includes(`-A ${seps[i]} -m comment --comment default/hello-cip:http -m tcp -p tcp -j DNAT --to-destination ${ip}:8080\n`), `DNAT to ${ip}`);
  }
  const npExt = serviceExternalChainName('default/hello-np:http', 'tcp');
  t.ok(rules.includes(`-A KUBE-NODEPORTS -m comment --comment default/hello-np:http -m tcp -p tcp --dport ${nodePort} -j ${npExt}\n`), 'node port rule');
  t.ok(rules.includes(`-A ${npExt} -m comment --comment "masquerade traffic for default/hello-np:http external destinations" -j KUBE-MARK-MASQ\n`), 'Cluster policy masquerades');
  const lbChain = servicePortChainName('default/hello-lb:http', 'tcp');
  t.ok(rules.includes(`"default/hello-lb:http loadbalancer IP" -m tcp -p tcp -d ${lbIP} --dport 80 -j ${serviceExternalChainName('default/hello-lb:http', 'tcp')}\n`), 'LoadBalancer IP rule');
  t.match(rules, new RegExp(`-A ${lbChain} .* -m recent --name KUBE-SEP-\\w+ --rcheck --seconds 10800 --reap -j KUBE-SEP-`), 'ClientIP affinity check');
  t.ok(rules.includes('-A KUBE-SERVICES -m comment --comment "default/nobody:http has no endpoints" -m tcp -p tcp -d '), 'REJECT for the Service without endpoints');
  t.ok(rules.includes('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000\n'));

  const nat = (await lite(['proxy-rules', '--table', 'nat'])).stdout;
  t.match(nat, /^\*nat\n/, '--table nat alone');
  t.notOk(nat.includes('*filter'));

  const ipvs = (await lite(['proxy-rules', '--mode', 'ipvs'])).stdout;
  t.match(ipvs, /^IP Virtual Server version 1\.2\.1 \(size=4096\)\n/);
  const real = numeric.map((ip) => `  -> ${`${ip}:8080`.padEnd(28)} Masq    1      0          0         \n`).join('');
  t.ok(ipvs.includes(`TCP  ${clusterIP}:80 rr\n${real}`), 'cluster IP virtual server with the three pods');
  t.ok(ipvs.includes(`TCP  ${lbIP}:80 rr persistent 10800\n${real}`), 'LoadBalancer IP, persistent for ClientIP affinity');
  t.match((await lite(['proxy-rules', '--mode', 'ipvs', '--ipvs-scheduler', 'lc'])).stdout, `TCP  ${clusterIP}:80 lc\n`);

  const pod = (await jsonpath(['pods', '-l', 'app=hello'], '{.items[0].metadata.name}'));
  const env = await lite(['pod-env', pod]);
  t.equal(env.code, 0);
  for (const line of [`HELLO_CIP_SERVICE_HOST=${clusterIP}`, 'HELLO_CIP_SERVICE_PORT=80', 'HELLO_CIP_SERVICE_PORT_HTTP=80', `HELLO_CIP_PORT=tcp://${clusterIP}:80`,
    `HELLO_CIP_PORT_80_TCP_ADDR=${clusterIP}`, 'HELLO_CIP_PORT_80_TCP_PROTO=tcp', 'KUBERNETES_SERVICE_PORT_HTTPS=443']) {
    t.ok(env.stdout.split('\n').includes(line), line);
  }

  t.same(await lite(['pod-env', 'nosuch']), { code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nosuch" not found\n' });
  const bad = await lite(['proxy-rules', '--mode', 'nft']);
  t.equal(bad.code, 1);
  t.match(bad.stderr, /--mode must be iptables or ipvs/);
  t.equal((await lite(['proxy-rules', '--node', 'no-such-node'])).stderr, 'error: nodes "no-such-node" not found\n');
});
