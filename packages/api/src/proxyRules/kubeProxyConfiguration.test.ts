// The `config.conf` of kubeadm's kube-system/kube-proxy ConfigMap: written as sigs.k8s.io/yaml
// marshals the v1alpha1 type (every field, keys sorted), and read back as kube-proxy reads it.
import t from 'tap';
import { kubeProxyConfigurationText, kubeProxySettingsOf, type KubeProxySettings } from './kubeProxyConfiguration.js';

const settings = (o: Partial<KubeProxySettings> = {}): KubeProxySettings => ({ clusterCIDR: '10.244.0.0/16', mode: 'iptables', ipvsScheduler: 'rr', masqueradeAll: false, ...o });
const doc = (o: Record<string, unknown> = {}) => ({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', ...o });

t.test('text: the fields of KubeProxyConfiguration v1alpha1, sorted as sigs.k8s.io/yaml writes them', async (t) => {
  const text = kubeProxyConfigurationText(settings());
  const top = [...text.matchAll(/^([A-Za-z]+):/gm)].map((m) => m[1]);
  t.same(top, ['apiVersion', 'bindAddress', 'bindAddressHardFail', 'clientConnection', 'clusterCIDR', 'configSyncPeriod', 'conntrack', 'detectLocal',
    'detectLocalMode', 'enableProfiling', 'healthzBindAddress', 'hostnameOverride', 'iptables', 'ipvs', 'kind', 'logging', 'metricsBindAddress', 'mode',
    'nftables', 'nodePortAddresses', 'oomScoreAdj', 'portRange', 'showHiddenMetricsForVersion', 'winkernel']);
  t.same([...top].sort(), top, 'alphabetical');
});

const textCases = [
  { name: 'defaults of plain up', given: settings(), want: ['clusterCIDR: 10.244.0.0/16\n', '\nmode: iptables\n', '  scheduler: rr\n', '  masqueradeAll: false\n', '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf\n', 'bindAddress: 0.0.0.0\n'] },
  { name: 'up --dataplane --proxy-mode ipvs', given: settings({ clusterCIDR: '127.244.0.0/16', mode: 'ipvs' }), want: ['clusterCIDR: 127.244.0.0/16\n', '\nmode: ipvs\n'] },
  { name: 'a dual-stack pair stays one plain scalar', given: settings({ clusterCIDR: '10.244.0.0/16,fd00:10:244::/56' }), want: ['clusterCIDR: 10.244.0.0/16,fd00:10:244::/56\n'] },
  // edge: an empty string must be quoted, or it would read back as null
  { name: 'no cluster CIDR', given: settings({ clusterCIDR: '' }), want: ['clusterCIDR: ""\n'] },
  // edge: a value YAML would read as another type is quoted
  { name: 'a scheduler that looks like a boolean', given: settings({ ipvsScheduler: 'on' }), want: ['  scheduler: "on"\n'] },
  { name: 'masquerade all', given: settings({ masqueradeAll: true }), want: ['  masqueradeAll: true\n  masqueradeBit: null\n'] },
];
for (const c of textCases) {
  t.test(`text: ${c.name}`, async (t) => {
    const text = kubeProxyConfigurationText(c.given);
    for (const w of c.want) t.ok(text.includes(w), JSON.stringify(w));
  });
}

const readCases = [
  { name: 'what up writes', given: doc({ clusterCIDR: '127.244.0.0/16', mode: 'ipvs', ipvs: { scheduler: 'rr' }, iptables: { masqueradeAll: true } }),
    want: { clusterCIDR: '127.244.0.0/16', mode: 'ipvs', ipvsScheduler: 'rr', masqueradeAll: true } },
  // kubeadm's own ConfigMap leaves mode and scheduler empty: kube-proxy's defaults
  { name: 'kubeadm zero values', given: doc({ clusterCIDR: '10.244.0.0/16', mode: '', ipvs: { scheduler: '' }, iptables: { masqueradeAll: false } }),
    want: { clusterCIDR: '10.244.0.0/16', mode: 'iptables', ipvsScheduler: 'rr', masqueradeAll: false } },
  { name: 'no cluster CIDR: no detector', given: doc({ clusterCIDR: '' }), want: { clusterCIDR: '' } },
  // edge: fields missing or of the wrong type are not guessed
  { name: 'missing and mistyped fields', given: doc({ clusterCIDR: 7, ipvs: 'rr', iptables: { masqueradeAll: 'yes' } }), want: {} },
  { name: 'another kind', given: { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeletConfiguration' }, want: undefined },
  { name: 'not an object', given: 'clusterCIDR: 10.0.0.0/8', want: undefined },
  { name: 'null', given: null, want: undefined },
];
for (const c of readCases) {
  t.test(`read: ${c.name}`, async (t) => {
    const got = kubeProxySettingsOf(c.given);
    t.same(got && Object.fromEntries(Object.entries(got).filter(([, v]) => v !== undefined)), c.want);
  });
}
