// The cluster settings a client derives from kubeadm's kube-system ConfigMaps, with kube's
// defaults for whatever a ConfigMap does not give, and one line per ConfigMap saying why.
import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { clusterSettingsOf, type ConfigMapRead } from './clusterSettings.js';

// JSON is YAML: the tests hand the documents over as JSON text, parsed by JSON.parse.
const kubelet = (doc: object | string, key = 'kubelet') => ({ metadata: { name: 'kubelet-config', namespace: 'kube-system' }, data: { [key]: typeof doc === 'string' ? doc : JSON.stringify(doc) } });
const kubeProxy = (doc: object) => ({ metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': JSON.stringify(doc), 'kubeconfig.conf': '' } });
const kubeletDoc = (o: object = {}) => ({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', clusterDomain: 'corp.example', clusterDNS: ['10.96.0.10'], ...o });
const proxyDoc = (o: object = {}) => ({ apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration', clusterCIDR: '10.100.0.0/16', mode: 'ipvs', ipvs: { scheduler: 'wrr' }, iptables: { masqueradeAll: true }, ...o });

const cases: Array<{ name: string; given: { kubelet: ConfigMapRead; kubeProxy: ConfigMapRead }; want: object }> = [
  {
    name: 'both read',
    given: { kubelet: kubelet(kubeletDoc()), kubeProxy: kubeProxy(proxyDoc()) },
    want: { clusterDomain: 'corp.example', clusterDNS: ['10.96.0.10'], clusterCIDR: '10.100.0.0/16', mode: 'ipvs', ipvsScheduler: 'wrr', masqueradeAll: true,
      sources: { kubelet: { configMap: 'kube-system/kubelet-config', read: true, note: '' }, kubeProxy: { configMap: 'kube-system/kube-proxy', read: true, note: '' } } },
  },
  {
    name: 'neither exists: kube\'s defaults',
    given: { kubelet: undefined, kubeProxy: undefined },
    want: { clusterDomain: 'cluster.local', clusterDNS: [], clusterCIDR: '', mode: 'iptables', ipvsScheduler: 'rr', masqueradeAll: false,
      sources: { kubelet: { read: false, note: 'configmap kube-system/kubelet-config not found: kube\'s defaults (clusterDomain "cluster.local", clusterDNS [])' },
        kubeProxy: { read: false, note: 'configmap kube-system/kube-proxy not found: kube\'s defaults (clusterCIDR "", mode "iptables", ipvsScheduler "rr", masqueradeAll false)' } } },
  },
  {
    // edge: a token that may not read kube-system (403): the page goes on with the defaults
    name: 'refused',
    given: { kubelet: { unreadable: 'configmaps "kubelet-config" is forbidden' }, kubeProxy: kubeProxy(proxyDoc()) },
    want: { clusterDomain: 'cluster.local', clusterCIDR: '10.100.0.0/16', sources: { kubelet: { read: false, note: /^cannot read configmap kube-system\/kubelet-config: configmaps "kubelet-config" is forbidden: kube's defaults/ }, kubeProxy: { read: true } } },
  },
  {
    name: 'the key missing',
    given: { kubelet: kubelet(kubeletDoc(), 'config.yaml'), kubeProxy: undefined },
    want: { clusterDomain: 'cluster.local', sources: { kubelet: { read: false, note: /^configmap kube-system\/kubelet-config has no key "kubelet": / } } },
  },
  {
    name: 'text that does not parse',
    given: { kubelet: kubelet('{not json'), kubeProxy: undefined },
    want: { clusterDomain: 'cluster.local', sources: { kubelet: { read: false, note: /^configmap kube-system\/kubelet-config: "kubelet" does not parse: / } } },
  },
  {
    name: 'another kind under the key',
    given: { kubelet: kubelet(proxyDoc()), kubeProxy: undefined },
    want: { clusterDomain: 'cluster.local', sources: { kubelet: { read: false, note: /: "kubelet" is not a KubeletConfiguration: / } } },
  },
  {
    // edge: read, but a field left out: that field alone is defaulted, and the note says which
    name: 'a field missing',
    given: { kubelet: kubelet(kubeletDoc({ clusterDomain: undefined })), kubeProxy: kubeProxy(proxyDoc({ mode: undefined })) },
    want: { clusterDomain: 'cluster.local', clusterDNS: ['10.96.0.10'], clusterCIDR: '10.100.0.0/16', mode: 'iptables',
      sources: { kubelet: { read: true, note: 'no clusterDomain: kube\'s default (clusterDomain "cluster.local")' }, kubeProxy: { read: true, note: 'no mode: kube\'s default (mode "iptables")' } } },
  },
  {
    // edge: left out, clusterDNS and clusterCIDR mean none (plain up runs no DNS): nothing to point out
    name: 'no cluster DNS, no cluster CIDR',
    given: { kubelet: kubelet(kubeletDoc({ clusterDNS: undefined })), kubeProxy: kubeProxy(proxyDoc({ clusterCIDR: undefined })) },
    want: { clusterDNS: [], clusterCIDR: '', sources: { kubelet: { read: true, note: '' }, kubeProxy: { read: true, note: '' } } },
  },
];
for (const c of cases) {
  t.test(c.name, async (t) => {
    t.match(clusterSettingsOf(deepFreeze(c.given), JSON.parse), c.want);
  });
}
