// up's kube-system/coredns ConfigMap against a real in-memory apiserver: kubeadm's name, key and
// Corefile for the domain, unsigned and unlabelled as kubeadm leaves it; kept while it matches,
// its Corefile replaced for another domain or after a hand edit, a user's label and annotation kept.
import t from 'tap';
import { findResourceByKind, type KubeObject } from '@miniplane/api';
import { clusterDomainOfCorefile, corefileText } from '@miniplane/api/componentConfig/index';
import { startServer } from '@miniplane/apiserver';
import { writeCoreDnsConfigMap } from './coreDnsConfigMap.js';

const info = findResourceByKind('v1', 'ConfigMap')!;
type Cm = KubeObject & { data: Record<string, string> };

async function server(t: Tap.Test) {
  const s = await startServer({ listen: '127.0.0.1:0', inMemory: true, writeKubeconfig: false, logLevel: 'silent' });
  t.teardown(() => s.close());
  return { s, stored: () => s.registry.list(info, 'kube-system', { filter: (o) => o.metadata.name === 'coredns' }).items[0] as Cm | undefined };
}

t.test('kubeadm\'s coredns: key Corefile, kubeadm\'s text for the domain, no labels or annotations', async (t) => {
  const { s, stored } = await server(t);
  t.equal(stored(), undefined, 'none before up writes it');
  writeCoreDnsConfigMap(s, 'corp.example');
  const cm = stored()!;
  t.same(Object.keys(cm.data), ['Corefile']);
  t.equal(cm.data.Corefile, corefileText('corp.example'));
  t.equal(clusterDomainOfCorefile(cm.data.Corefile), 'corp.example', 'the zone reads back');
  t.equal(cm.metadata.labels, undefined, 'no labels (kubeadm sets none)');
  t.equal(cm.metadata.annotations, undefined, 'no checksum: kubeadm signs only component configs');
});

t.test('kept while it matches; another domain or a hand edit is rewritten, a user\'s label and annotation stay', async (t) => {
  const { s, stored } = await server(t);
  writeCoreDnsConfigMap(s, 'cluster.local');
  const first = stored()!;
  writeCoreDnsConfigMap(s, 'cluster.local');
  t.equal(stored()!.metadata.resourceVersion, first.metadata.resourceVersion, 'same domain: no write');
  s.registry.update(info, 'kube-system', 'coredns', { ...first, metadata: { ...first.metadata, labels: { mine: 'yes' }, annotations: { note: 'x' } } } as KubeObject, '');
  writeCoreDnsConfigMap(s, 'k8s.example');
  const after = stored()!;
  t.equal(after.data.Corefile, corefileText('k8s.example'), 'a kept data dir started with another domain');
  t.same([after.metadata.labels, after.metadata.annotations], [{ mine: 'yes' }, { note: 'x' }], 'labels and annotations added by hand are kept');
  s.registry.update(info, 'kube-system', 'coredns', { ...after, data: { Corefile: corefileText('edited.example') } } as KubeObject, '');
  writeCoreDnsConfigMap(s, 'k8s.example');
  t.equal(stored()!.data.Corefile, corefileText('k8s.example'), 'a hand edit is replaced by what the running DNS serves');
});
