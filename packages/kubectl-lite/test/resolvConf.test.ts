/**
 * `kubectl-lite resolv-conf` against `miniplane up --dataplane`: the kube-dns Service it creates
 * (ClusterIP .10 of the service range) is the nameserver of a ClusterFirst pod, with the cluster
 * search path and ndots:5 (then the node's search domains); Default and None pods and dnsConfig as
 * the kubelet treats them; without cluster DNS, the kubelet's fallback and its warning; the
 * cluster domain and DNS of `up --cluster-domain` from kube-system/kubelet-config, as a kubelet of
 * a kubeadm cluster takes them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { liteBin, runProcess, startMiniplaneUp, tempDir } from './harness.js';

const pods = `apiVersion: v1
kind: Pod
metadata: {name: plain}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: hostdns}
spec: {dnsPolicy: Default, containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: custom}
spec:
  dnsPolicy: None
  dnsConfig:
    nameservers: [192.0.2.1]
    searches: [ns1.svc.cluster-domain.example, my.dns.search.suffix]
    options: [{name: ndots, value: "2"}, {name: edns0}]
  containers: [{name: c, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: extra}
spec:
  dnsConfig:
    searches: [extra.example]
    options: [{name: ndots, value: "3"}]
  containers: [{name: c, image: nginx}]
`;

t.test('resolv-conf prints what the kubelet would write', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-resolv-conf-');
  const kubeconfig = await startMiniplaneUp(t, join(dir, 'data'), ['--dataplane', '--dns-listen', '127.0.0.1:0', '--nodes', '1']);
  const hostFile = join(dir, 'resolv.conf');
  writeFileSync(hostFile, 'nameserver 203.0.113.53\nsearch corp.example\noptions rotate\n');
  const lite = (args: string[], input?: string) =>
    runProcess(process.execPath, [liteBin, '--cache-dir', join(dir, 'cache'), ...args], { env: { KUBECONFIG: kubeconfig }, input });
  t.equal((await lite(['apply', '-f', '-'], pods)).code, 0);
  const kubernetesIP = (await lite(['get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
  const dnsIP = (await lite(['get', 'svc', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
  t.equal(dnsIP, kubernetesIP.replace(/\.1$/, '.10'), `kube-dns at .10 (${dnsIP})`);
  t.match((await lite(['get', 'svc', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.ports[*].name}'])).stdout, 'dns dns-tcp metrics');

  const conf = (pod: string, ...more: string[]) => lite(['resolv-conf', pod, '--resolv-conf', hostFile, ...more]);
  t.same(await conf('plain'), { code: 0, stdout: `search default.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver ${dnsIP}\noptions ndots:5\n`, stderr: '' });
  t.equal((await conf('hostdns')).stdout, 'search corp.example\nnameserver 203.0.113.53\noptions rotate\n', 'Default: the node\'s');
  t.equal((await conf('custom')).stdout, 'search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n', 'None: only dnsConfig');
  t.equal((await conf('extra', '--cluster-domain', 'corp.local')).stdout,
    `search default.svc.corp.local svc.corp.local corp.local corp.example extra.example\nnameserver ${dnsIP}\noptions ndots:3\n`, 'dnsConfig appended and merged; --cluster-domain');
  t.match(await lite(['resolv-conf', 'nope']), { code: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' });

  // The kubelet keeps the cluster DNS of its configuration (kube-system/kubelet-config), Service or not.
  t.equal((await lite(['delete', 'svc', 'kube-dns', '-n', 'kube-system'])).code, 0);
  t.equal((await conf('plain')).stdout, `search default.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver ${dnsIP}\noptions ndots:5\n`, 'kube-dns deleted: the configured address still');
  t.equal((await lite(['delete', 'configmap', 'kubelet-config', '-n', 'kube-system'])).code, 0);
  const uid = (await lite(['get', 'pod', 'plain', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  t.same(await conf('plain'), {
    code: 0, stdout: 'search corp.example\nnameserver 203.0.113.53\noptions rotate\n',
    stderr: `Warning: pod: "plain_default(${uid})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.\n`,
  }, 'no kubelet-config and no kube-dns: the kubelet falls back to Default');
});

t.test('the cluster domain and DNS of the kubelets\' configuration (kube-system/kubelet-config)', async (t) => {
  const dir = tempDir(t, 'kubectl-lite-resolv-conf-domain-');
  const hostFile = join(dir, 'resolv.conf');
  writeFileSync(hostFile, 'nameserver 203.0.113.53\n');
  const lite = async (kubeconfig: string, args: string[], input?: string) =>
    runProcess(process.execPath, [liteBin, '--cache-dir', join(dir, 'cache'), ...args], { env: { KUBECONFIG: kubeconfig }, input });
  const withDns = await startMiniplaneUp(t, join(dir, 'a'), ['--dns', '--dns-listen', '127.0.0.1:0', '--cluster-domain', 'k8s.example', '--nodes', '0', '--no-ui']);
  t.equal((await lite(withDns, ['apply', '-f', '-'], pods)).code, 0);
  const dnsIP = (await lite(withDns, ['get', 'svc', 'kube-dns', '-n', 'kube-system', '-o', 'jsonpath={.spec.clusterIP}'])).stdout;
  t.equal((await lite(withDns, ['resolv-conf', 'plain', '--resolv-conf', hostFile])).stdout, `search default.svc.k8s.example svc.k8s.example k8s.example\nnameserver ${dnsIP}\noptions ndots:5\n`, 'up --cluster-domain k8s.example');
  t.match((await lite(withDns, ['resolv-conf', 'plain', '--resolv-conf', hostFile, '--cluster-domain', 'other.example'])).stdout, /^search default\.svc\.other\.example /, 'the flag wins');

  // Plain up runs no DNS: its kubelet-config names none, so ClusterFirst falls back to Default.
  const plain = await startMiniplaneUp(t, join(dir, 'b'), ['--nodes', '0', '--no-ui']);
  t.equal((await lite(plain, ['apply', '-f', '-'], pods)).code, 0);
  const r = await lite(plain, ['resolv-conf', 'plain', '--resolv-conf', hostFile]);
  t.equal(r.stdout, 'nameserver 203.0.113.53\n');
  t.match(r.stderr, /kubelet does not have ClusterDNS IP configured/);
});
