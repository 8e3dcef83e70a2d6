// The kube-system ConfigMaps `miniplane up` writes as kubeadm does, read with the real kubectl:
// `kubelet-config` (key `kubelet`: the KubeletConfiguration with the cluster's domain and DNS
// address, byte for byte what kubeadm v1.33 stores for those values, resolvConf aside; no
// clusterDNS when no DNS runs) and
// `kube-proxy` (config.conf + kubeconfig.conf), both signed with kubeadm's checksum annotation.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { up } from './upProcess.js';

const run = promisify(execFile);

/** What kubeadm v1.33 writes under `kubelet` for this domain and DNS address (`kubectl get cm kubelet-config -n kube-system` on a kubeadm cluster). */
const kubeadmKubelet = (domain: string, dns?: string) => `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
${dns ? `clusterDNS:\n- ${dns}\n` : ''}clusterDomain: ${domain}
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;

/** kubeadm's ChecksumForConfigMap, computed here independently of the code under test. */
const checksum = (data: Record<string, string>) => `sha256:${createHash('sha256').update(Object.keys(data).sort().map((k) => data[k]).join('')).digest('hex')}`;

async function plane(t: Tap.Test, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'miniplane-cms-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await up(t, ['--listen', '127.0.0.1:0', '--data-dir', dir, '--in-memory', '--nodes', '0', '--no-ui', ...args]);
  t.teardown(() => void s.child.kill('SIGTERM'));
  const kubectl = async (...a: string[]) => (await run('kubectl', ['--kubeconfig', s.kubeconfig, '--cache-dir', join(dir, 'kc'), ...a])).stdout;
  return { kubectl, json: async (...a: string[]) => JSON.parse(await kubectl(...a, '-o', 'json')) };
}

t.test('kubelet-config: kubeadm\'s name, key and text with --cluster-domain and the kube-dns ClusterIP', async (t) => {
  const p = await plane(t, ['--dns', '--dns-listen', '127.0.0.1:0', '--cluster-domain', 'corp.example', '--service-cluster-ip-range', '10.100.0.0/16']);
  const cm = await p.json('get', 'configmap', 'kubelet-config', '-n', 'kube-system');
  const dnsIP = (await p.json('get', 'service', 'kube-dns', '-n', 'kube-system')).spec.clusterIP;
  t.equal(dnsIP, '10.100.0.10', 'kube-dns at the 10th address');
  t.same(Object.keys(cm.data), ['kubelet'], 'one key: kubelet');
  t.equal(cm.data.kubelet, kubeadmKubelet('corp.example', dnsIP), 'the KubeletConfiguration kubeadm stores for these values');
  t.same(cm.metadata.annotations, { 'kubeadm.kubernetes.io/component-config.hash': checksum(cm.data) }, 'signed as kubeadm signs generated config');
  t.equal(cm.metadata.labels, undefined, 'no labels');
  t.equal(await p.kubectl('get', 'configmap', 'kubelet-config', '-n', 'kube-system', '-o', 'jsonpath={.data.kubelet}'), kubeadmKubelet('corp.example', dnsIP), 'jsonpath gives the same text');
  t.match(await p.kubectl('get', 'configmaps', '-n', 'kube-system'), /\nkubelet-config\s+1\s+\S+\n/, 'listed with its one data key');

  const proxy = await p.json('get', 'configmap', 'kube-proxy', '-n', 'kube-system');
  t.same(Object.keys(proxy.data).sort(), ['config.conf', 'kubeconfig.conf']);
  t.same(proxy.metadata.annotations, { 'kubeadm.kubernetes.io/component-config.hash': checksum(proxy.data) }, 'kube-proxy\'s signed too');
});

t.test('no --dns, default domain: cluster.local and no cluster DNS (none runs)', async (t) => {
  const p = await plane(t, []);
  t.equal(await p.kubectl('get', 'configmap', 'kubelet-config', '-n', 'kube-system', '-o', 'jsonpath={.data.kubelet}'), kubeadmKubelet('cluster.local'));
});
