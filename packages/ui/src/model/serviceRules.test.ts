import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import { serviceRules, type RulesSettings } from './serviceRules.js';
import { endpoint, node, service, slice } from './testObjects.js';

const nodes = deepFreeze([node('node-1', '172.18.0.2')]);
const proxy = (o: Partial<RulesSettings> = {}): RulesSettings => deepFreeze({ clusterCIDR: '10.244.0.0/16', masqueradeAll: false, ipvsScheduler: 'rr', ...o });

t.test('iptables: the Service\'s chains with its ClusterIP and one SEP per endpoint, as iptables-save prints them', async (t) => {
  const svc = deepFreeze(service('web'));
  const text = serviceRules(svc, deepFreeze([slice('web', [endpoint('10.244.0.5', 'node-1'), endpoint('10.244.0.6', 'node-1')])]), nodes, 'node-1', 'iptables', proxy());
  t.match(text, /^\*filter\n/);
  t.match(text, /\*nat\n/);
  t.match(text, /-A KUBE-SERVICES -m comment --comment "default\/web:http cluster IP" -m tcp -p tcp -d 10\.96\.0\.20 --dport 80 -j KUBE-SVC-[A-Z2-7]{16}\n/);
  t.equal(text.match(/^:KUBE-SEP-/gm)?.length, 2);
  t.match(text, /-m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-/, 'probabilities as iptables-save prints them');
  t.match(text, /-A KUBE-SEP-[A-Z2-7]{16} -m comment --comment default\/web:http -m tcp -p tcp -j DNAT --to-destination 10\.244\.0\.5:8080\n/);
});

// The cluster's kube-proxy settings decide the masquerade rules of the Service's cluster IP.
const masq = /-A KUBE-SVC-[A-Z2-7]{16} -m comment --comment "default\/web:http cluster IP" -m tcp -p tcp -d 10\.96\.0\.20 --dport 80 (.*)-j KUBE-MARK-MASQ\n/;
const settingsCases = [
  { name: 'the cluster\'s CIDR: traffic from outside it is masqueraded', given: proxy({ clusterCIDR: '10.100.0.0/16' }), want: '! -s 10.100.0.0/16 ' },
  // edge: kube-proxy without a cluster CIDR has no local-traffic detector, so no such rule
  { name: 'no cluster CIDR', given: proxy({ clusterCIDR: '' }), want: undefined },
  { name: 'masquerade-all: every packet to the cluster IP', given: proxy({ masqueradeAll: true }), want: '' },
];
for (const c of settingsCases) {
  t.test(`iptables settings: ${c.name}`, async (t) => {
    const text = serviceRules(service('web'), [slice('web', [endpoint('10.244.0.5', 'node-1')])], nodes, 'node-1', 'iptables', c.given);
    t.equal(masq.exec(text)?.[1], c.want);
  });
}

t.test('iptables without endpoints: the filter table REJECTs', async (t) => {
  const text = serviceRules(service('web'), [], nodes, 'node-1', 'iptables', proxy());
  t.match(text, /"default\/web:http has no endpoints" -m tcp -p tcp -d 10\.96\.0\.20 --dport 80 -j REJECT/);
});

t.test('ipvs: the virtual server with the cluster\'s scheduler and its real servers', async (t) => {
  const text = serviceRules(service('web'), [slice('web', [endpoint('10.244.0.5', 'node-1')])], nodes, 'node-1', 'ipvs', proxy());
  t.match(text, /^IP Virtual Server version/);
  t.match(text, /\nTCP {2}10\.96\.0\.20:80 rr\n {2}-> 10\.244\.0\.5:8080 +Masq +1 +0 +0 *\n/);
  t.match(serviceRules(service('web'), [], nodes, 'node-1', 'ipvs', proxy({ ipvsScheduler: 'wrr' })), /\nTCP {2}10\.96\.0\.20:80 wrr\n/);
});
