import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import { serviceRules } from './serviceRules.js';
import { endpoint, node, service, slice } from './testObjects.js';

const nodes = deepFreeze([node('node-1', '172.18.0.2')]);

t.test('iptables: the Service\'s chains with its ClusterIP and one SEP per endpoint, as iptables-save prints them', async (t) => {
  const svc = deepFreeze(service('web'));
  const text = serviceRules(svc, deepFreeze([slice('web', [endpoint('10.244.0.5', 'node-1'), endpoint('10.244.0.6', 'node-1')])]), nodes, 'node-1', 'iptables');
  t.match(text, /^\*filter\n/);
  t.match(text, /\*nat\n/);
  t.match(text, /-A KUBE-SERVICES -m comment --comment "default\/web:http cluster IP" -m tcp -p tcp -d 10\.96\.0\.20 --dport 80 -j KUBE-SVC-[A-Z2-7]{16}\n/);
  t.equal(text.match(/^:KUBE-SEP-/gm)?.length, 2);
  t.match(text, /-m statistic --mode random --probability 0\.50000000000 -j KUBE-SEP-/, 'probabilities as iptables-save prints them');
  t.match(text, /-A KUBE-SEP-[A-Z2-7]{16} -m comment --comment default\/web:http -m tcp -p tcp -j DNAT --to-destination 10\.244\.0\.5:8080\n/);
  t.match(text, /-s 10\.244\.0\.0\/16/, 'the local-traffic detector uses miniplane\'s pod network');
});

t.test('iptables without endpoints: the filter table REJECTs', async (t) => {
  const text = serviceRules(service('web'), [], nodes, 'node-1', 'iptables');
  t.match(text, /"default\/web:http has no endpoints" -m tcp -p tcp -d 10\.96\.0\.20 --dport 80 -j REJECT/);
});

t.test('ipvs: the virtual server and its real servers', async (t) => {
  const text = serviceRules(service('web'), [slice('web', [endpoint('10.244.0.5', 'node-1')])], nodes, 'node-1', 'ipvs');
  t.match(text, /^IP Virtual Server version/);
  t.match(text, /\nTCP {2}10\.96\.0\.20:80 rr\n {2}-> 10\.244\.0\.5:8080 +Masq +1 +0 +0 *\n/);
});
