/**
 * `kubectl-lite resolv-conf` against `miniplane up --dataplane`: the kube-dns Service it creates
 * (ClusterIP .10 of the service range) is the nameserver of a ClusterFirst pod, with the cluster
 * search path and ndots:5 (then the node's search domains); Default and None pods and dnsConfig as
 * the kubelet treats them; without kube-dns, the kubelet's fallback and its warning.
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

  t.equal((await lite(['delete', 'svc', 'kube-dns', '-n', 'kube-system'])).code, 0);
  const uid = (await lite(['get', 'pod', 'plain', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  t.same(await conf('plain'), {
    code: 0, stdout: 'search corp.example\nnameserver 203.0.113.53\noptions rotate\n',
    stderr: `Warning: pod: "plain_default(${uid})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.\n`,
  }, 'no kube-dns: the kubelet falls back to Default');
});
