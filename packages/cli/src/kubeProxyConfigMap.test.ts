// up's kube-system/kube-proxy ConfigMap against a real in-memory apiserver: created once, left
// alone while the settings match, its data replaced when they change (a kept data dir started
// with other flags), labels a user added kept; signed with kubeadm's checksum annotation.
import t from 'tap';
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { startServer } from '@miniplane/apiserver';
import { componentConfigChecksum } from './componentConfigMap.js';
import { writeKubeProxyConfigMap } from './kubeProxyConfigMap.js';

const info = findResourceByKind('v1', 'ConfigMap')!;
const settings = { clusterCIDR: '10.244.0.0/16', mode: 'iptables', ipvsScheduler: 'rr', masqueradeAll: false };

t.test('created, kept while it matches, updated when the settings change', async (t) => {
  const server = await startServer({ listen: '127.0.0.1:0', inMemory: true, writeKubeconfig: false, logLevel: 'silent' });
  t.teardown(() => server.close());
  const stored = () => server.registry.list(info, 'kube-system', { filter: (o) => o.metadata.name === 'kube-proxy' }).items[0] as KubeObject & { data: Record<string, string> };
  writeKubeProxyConfigMap(server, settings);
  const first = stored();
  t.match(first.data['config.conf'], /\nclusterCIDR: 10\.244\.0\.0\/16\n/);
  t.notOk(first.data['config.conf'].endsWith('\n'), 'no trailing newline (kubeadm\'s `|-` block)');
  t.equal(first.metadata.annotations?.['kubeadm.kubernetes.io/component-config.hash'], componentConfigChecksum(first.data), 'signed as kubeadm signs it');
  writeKubeProxyConfigMap(server, settings);
  t.equal(stored().metadata.resourceVersion, first.metadata.resourceVersion, 'same settings: no write');

  server.registry.update(info, 'kube-system', 'kube-proxy', { ...first, metadata: { ...first.metadata, labels: { app: 'kube-proxy', mine: 'yes' } } } as KubeObject, '');
  writeKubeProxyConfigMap(server, { ...settings, clusterCIDR: '127.244.0.0/16', mode: 'ipvs' });
  const after = stored();
  t.match(after.data['config.conf'], /\nclusterCIDR: 127\.244\.0\.0\/16\n[^]*\nmode: ipvs\n/, 'the new settings');
  t.equal(after.metadata.labels?.mine, 'yes', 'a label added by hand is kept');
  t.equal(after.metadata.annotations?.['kubeadm.kubernetes.io/component-config.hash'], componentConfigChecksum(after.data), 'the checksum follows the data');
});
