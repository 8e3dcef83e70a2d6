// The `kubelet` key of kubeadm's kube-system/kubelet-config ConfigMap: written as kubeadm v1.33
// marshals its defaulted KubeletConfiguration (keys sorted, zero values of the fields without
// omitempty), and read back as the kubelet reads it.
import t from 'tap';
import { kubeletConfigurationText, kubeletSettingsOf, type KubeletSettings } from './kubeletConfiguration.js';

const settings = (o: Partial<KubeletSettings> = {}): KubeletSettings => ({ clusterDomain: 'cluster.local', clusterDNS: ['10.96.0.10'], ...o });
const doc = (o: Record<string, unknown> = {}) => ({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', ...o });

t.test('text: the top-level keys kubeadm v1.33 writes, in sigs.k8s.io/yaml\'s alphabetical order', async (t) => {
  const text = kubeletConfigurationText(settings());
  const top = [...text.matchAll(/^([A-Za-z]+):/gm)].map((m) => m[1]);
  t.same(top, ['apiVersion', 'authentication', 'authorization', 'cgroupDriver', 'clusterDNS', 'clusterDomain', 'containerRuntimeEndpoint', 'cpuManagerReconcilePeriod',
    'crashLoopBackOff', 'evictionPressureTransitionPeriod', 'fileCheckFrequency', 'healthzBindAddress', 'healthzPort', 'httpCheckFrequency', 'imageMaximumGCAge',
    'imageMinimumGCAge', 'kind', 'logging', 'memorySwap', 'nodeStatusReportFrequency', 'nodeStatusUpdateFrequency', 'rotateCertificates', 'runtimeRequestTimeout',
    'shutdownGracePeriod', 'shutdownGracePeriodCriticalPods', 'staticPodPath', 'streamingConnectionIdleTimeout', 'syncFrequency', 'volumeStatsAggPeriod']);
  t.same([...top].sort(), top, 'alphabetical');
  t.ok(text.endsWith('volumeStatsAggPeriod: 0s\n'), 'the marshalled bytes end with a newline');
});

const textCases = [
  { name: 'kubeadm\'s defaults', given: settings(), want: ['clusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local\ncontainerRuntimeEndpoint: ""\n', '    clientCAFile: /etc/kubernetes/pki/ca.crt\n', 'cgroupDriver: systemd\n', 'staticPodPath: /etc/kubernetes/manifests\n'] },
  { name: 'up --cluster-domain corp.example', given: settings({ clusterDomain: 'corp.example', clusterDNS: ['127.96.0.10'] }), want: ['clusterDNS:\n- 127.96.0.10\nclusterDomain: corp.example\n'] },
  { name: 'dual-stack kube-dns: both addresses', given: settings({ clusterDNS: ['10.96.0.10', 'fd00::a'] }), want: ['clusterDNS:\n- 10.96.0.10\n- fd00::a\n'] },
  // edge: omitempty fields: an empty value leaves the key out rather than writing ""/[]
  { name: 'no cluster DNS, no domain', given: settings({ clusterDomain: '', clusterDNS: [] }), want: ['cgroupDriver: systemd\ncontainerRuntimeEndpoint: ""\n'] },
];
for (const c of textCases) {
  t.test(`text: ${c.name}`, async (t) => {
    const text = kubeletConfigurationText(c.given);
    for (const w of c.want) t.ok(text.includes(w), JSON.stringify(w));
  });
}

const readCases = [
  { name: 'both fields', given: doc({ clusterDomain: 'corp.example', clusterDNS: ['10.96.0.10'] }), want: { clusterDomain: 'corp.example', clusterDNS: ['10.96.0.10'] } },
  { name: 'missing fields stay undefined', given: doc(), want: { clusterDomain: undefined, clusterDNS: undefined } },
  // edge: a hand-edited ConfigMap: mistyped values are ignored, not coerced
  { name: 'mistyped fields', given: doc({ clusterDomain: 5, clusterDNS: ['10.96.0.10', 7, null] }), want: { clusterDomain: undefined, clusterDNS: ['10.96.0.10'] } },
  { name: 'clusterDNS not a list', given: doc({ clusterDNS: '10.96.0.10' }), want: { clusterDomain: undefined, clusterDNS: undefined } },
  // edge: another component's document under the key
  { name: 'another kind', given: { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeProxyConfiguration' }, want: undefined },
  { name: 'another version', given: doc({ apiVersion: 'kubelet.config.k8s.io/v1' }), want: undefined },
  { name: 'not a mapping', given: ['x'], want: undefined },
];
for (const c of readCases) {
  t.test(`read: ${c.name}`, async (t) => {
    t.same(kubeletSettingsOf(c.given), c.want);
  });
}
