// The `Corefile` key of kubeadm's kube-system/coredns ConfigMap: written as kubeadm v1.33 renders
// its template, and the cluster domain read back from it (and from Corefiles people write) as
// CoreDNS's kubernetes plugin takes its zones.
import t from 'tap';
import { clusterDomainOfCorefile, corefileText } from './corefile.js';

/** kubeadm v1.33's CoreDNSConfigMap template rendered with DNSDomain cluster.local, typed out here. */
const kubeadmClusterLocal = [
  '.:53 {', '    errors', '    health {', '       lameduck 5s', '    }', '    ready',
  '    kubernetes cluster.local in-addr.arpa ip6.arpa {', '       pods insecure', '       fallthrough in-addr.arpa ip6.arpa', '       ttl 30', '    }',
  '    prometheus :9153', '    forward . /etc/resolv.conf {', '       max_concurrent 1000', '    }',
  '    cache 30 {', '       disable success cluster.local', '       disable denial cluster.local', '    }',
  '    loop', '    reload', '    loadbalance', '}', '',
].join('\n');

t.test('text: kubeadm\'s rendering, byte for byte', async (t) => {
  t.equal(corefileText('cluster.local'), kubeadmClusterLocal);
  t.equal(corefileText('corp.example'), kubeadmClusterLocal.replaceAll('cluster.local', 'corp.example'), 'the domain in the plugin and the cache block');
});

const block = (body: string, keys = '.:53') => `${keys} {\n${body}\n}\n`;
const readCases = [
  { name: 'kubeadm\'s text', given: kubeadmClusterLocal, want: 'cluster.local' },
  { name: 'written for another domain', given: corefileText('corp.example'), want: 'corp.example' },
  { name: 'a plugin line without a block', given: block('    kubernetes k8s.example in-addr.arpa'), want: 'k8s.example' },
  // edge: CoreDNS takes the zones of the server block when the plugin names none
  { name: 'zones from the server block keys', given: block('    kubernetes {\n      pods insecure\n    }', 'dns://Cluster.Example.:53 10.in-addr.arpa'), want: 'cluster.example' },
  // edge: reverse zones (also written as a CIDR) may come first; they are not the domain
  { name: 'reverse zones first', given: block('    kubernetes 10.0.0.0/8 in-addr.arpa corp.example.'), want: 'corp.example' },
  { name: 'a commented-out plugin is not read', given: block('    # kubernetes old.example\n    kubernetes new.example'), want: 'new.example' },
  { name: 'the first kubernetes plugin of several blocks', given: block('    forward . 10.0.0.1', 'consul.local:53') + block('    kubernetes first.example') + block('    kubernetes second.example', '.:5353'), want: 'first.example' },
  // edge: a word `kubernetes` nested inside another plugin's block is an option, not the plugin
  { name: 'nested, not a plugin', given: block('    template IN A {\n      kubernetes nested.example\n    }'), want: undefined },
  { name: 'no kubernetes plugin', given: block('    forward . /etc/resolv.conf'), want: undefined },
  { name: 'only reverse zones', given: block('    kubernetes in-addr.arpa ip6.arpa'), want: undefined },
  // edge: a hand edit that is no DNS subdomain must not become the served zone
  { name: 'not a DNS subdomain', given: block('    kubernetes bad_zone!.example'), want: undefined },
  { name: 'empty', given: '', want: undefined },
];
for (const c of readCases) {
  t.test(`read: ${c.name}`, async (t) => {
    t.equal(clusterDomainOfCorefile(c.given), c.want);
  });
}
