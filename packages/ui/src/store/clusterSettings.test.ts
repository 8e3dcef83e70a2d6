// What the Service panel reads back from the ConfigMaps `miniplane up` writes: their texts (the
// same writers) parsed by the page's YAML parser give the cluster's values, field by field.
import t from 'tap';
import { clusterSettingsOf, kubeletConfigurationText, kubeProxyConfigurationText } from '@miniplane/api/componentConfig/index';
import { parse } from 'yaml';

const cm = (key: string, text: string) => ({ data: { [key]: text } });

const cases = [
  {
    name: 'up --cluster-domain corp.example --cluster-cidr 10.100.0.0/16 --proxy-mode ipvs',
    kubelet: { clusterDomain: 'corp.example', clusterDNS: ['10.96.0.10'] },
    kubeProxy: { clusterCIDR: '10.100.0.0/16', mode: 'ipvs', ipvsScheduler: 'rr', masqueradeAll: false },
  },
  // edge: values YAML would read as other types unless quoted (a number-like domain label, "on")
  {
    name: 'values that need quoting',
    kubelet: { clusterDomain: '1.2', clusterDNS: ['fd00::a'] },
    kubeProxy: { clusterCIDR: '', mode: 'iptables', ipvsScheduler: 'on', masqueradeAll: true },
  },
];
for (const c of cases) {
  t.test(c.name, async (t) => {
    const s = clusterSettingsOf({ kubelet: cm('kubelet', kubeletConfigurationText(c.kubelet)), kubeProxy: cm('config.conf', kubeProxyConfigurationText(c.kubeProxy)) }, parse);
    t.match(s, { ...c.kubelet, ...c.kubeProxy, sources: { kubelet: { read: true, note: '' }, kubeProxy: { read: true, note: '' } } });
  });
}
