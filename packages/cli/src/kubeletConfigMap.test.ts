// up's kube-system/kubelet-config ConfigMap against a real in-memory apiserver: kubeadm's name,
// key and shape, the cluster domain given and kube-dns's ClusterIP (none without kube-dns),
// signed with kubeadm's checksum; rewritten when the domain changes.
import t from 'tap';
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { startServer } from '@miniplane/apiserver';
import { componentConfigChecksum } from './componentConfigMap.js';
import { createKubeDnsService } from './kubeDnsService.js';
import { writeKubeletConfigMap } from './kubeletConfigMap.js';

const info = findResourceByKind('v1', 'ConfigMap')!;
type Cm = KubeObject & { data: Record<string, string> };

async function server(t: Tap.Test, serviceClusterIPRange?: string) {
  const s = await startServer({ listen: '127.0.0.1:0', inMemory: true, writeKubeconfig: false, logLevel: 'silent', ...(serviceClusterIPRange ? { serviceClusterIPRange } : {}) });
  t.teardown(() => s.close());
  return { s, stored: () => s.registry.list(info, 'kube-system', { filter: (o) => o.metadata.name === 'kubelet-config' }).items[0] as Cm };
}

t.test('kubeadm\'s kubelet-config: key kubelet, the domain and kube-dns\'s ClusterIP, signed', async (t) => {
  const { s, stored } = await server(t, '10.100.0.0/16');
  createKubeDnsService(s);
  writeKubeletConfigMap(s, 'corp.example');
  const cm = stored();
  t.same(Object.keys(cm.data), ['kubelet']);
  t.match(cm.data.kubelet, /^apiVersion: kubelet\.config\.k8s\.io\/v1beta1\n/);
  t.match(cm.data.kubelet, '\nclusterDNS:\n- 10.100.0.10\nclusterDomain: corp.example\n');
  t.equal(cm.metadata.annotations?.['kubeadm.kubernetes.io/component-config.hash'], componentConfigChecksum(cm.data), 'kubeadm\'s checksum of its data');
  t.match(cm.metadata.annotations?.['kubeadm.kubernetes.io/component-config.hash'], /^sha256:[0-9a-f]{64}$/);
  t.equal(cm.metadata.labels, undefined, 'no labels (kubeadm sets none)');
});

t.test('without kube-dns (plain up runs no DNS): no clusterDNS, as a kubelet without cluster DNS', async (t) => {
  const { s, stored } = await server(t);
  writeKubeletConfigMap(s, 'cluster.local');
  t.match(stored().data.kubelet, '\ncgroupDriver: systemd\nclusterDomain: cluster.local\ncontainerRuntimeEndpoint: ""\n');
});

t.test('kept while it matches; a new domain rewrites data and checksum, a user\'s label stays', async (t) => {
  const { s, stored } = await server(t);
  writeKubeletConfigMap(s, 'cluster.local');
  const first = stored();
  writeKubeletConfigMap(s, 'cluster.local');
  t.equal(stored().metadata.resourceVersion, first.metadata.resourceVersion, 'same settings: no write');
  s.registry.update(info, 'kube-system', 'kubelet-config', { ...first, metadata: { ...first.metadata, labels: { mine: 'yes' } } } as KubeObject, '');
  writeKubeletConfigMap(s, 'k8s.example');
  const after = stored();
  t.match(after.data.kubelet, '\nclusterDomain: k8s.example\n');
  t.equal(after.metadata.annotations?.['kubeadm.kubernetes.io/component-config.hash'], componentConfigChecksum(after.data), 'the checksum follows the data');
  t.equal(after.metadata.labels?.mine, 'yes', 'a label added by hand is kept');
});

const checksumCases = [
  // sha256("ab"): the values in key order (x before y), whatever order the object has
  { name: 'values in key order', given: { y: 'b', x: 'a' }, want: 'sha256:fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603' },
  // edge: no data at all hashes nothing: sha256 of the empty input
  { name: 'empty', given: {}, want: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
];
for (const c of checksumCases) {
  t.test(`checksum: ${c.name}`, async (t) => {
    t.equal(componentConfigChecksum(c.given), c.want);
  });
}
