// LoadBalancer source ranges and NodePorts, compared byte for byte with kube-proxy's TestLoadBalancer
// and TestNodePort expectations (pkg/proxy/iptables/proxier_test.go, a release without nfacct
// counters; node 192.168.0.2). With the node's IP inside a source range, the KUBE-FW- chain also
// lets the LoadBalancer IPs themselves through (a VIP-like LB's hairpin traffic).
import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { renderIptables } from './iptablesRules.js';
import type { ProxyState } from './types.js';
import { dedent, ep, filterHead, filterTail, lastRule, natMasq, slice, state, svc } from './testBuilders.js';

const p80 = { name: 'p80', port: 80, protocol: 'TCP' };
const endpoints = [slice('ns1', 'svc1', [ep('10.180.0.1')], p80)];
const sepAndSvc = `
  -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
  -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
  -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
  -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
  COMMIT
  `;
const extChain = `
  -A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade traffic for ns1/svc1:p80 external destinations" -j KUBE-MARK-MASQ
  -A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVC-XPGD46QRK7WJZT7O`;

const loadBalancer = `${filterHead}${filterTail.replace('\n  COMMIT', '')}
  -A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by KUBE-FW-XPGD46QRK7WJZT7O" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
  -A KUBE-PROXY-FIREWALL -m comment --comment "ns1/svc1:p80 traffic not accepted by KUBE-FW-XPGD46QRK7WJZT7O" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP
  COMMIT
  *nat
  :KUBE-NODEPORTS - [0:0]
  :KUBE-SERVICES - [0:0]
  :KUBE-EXT-XPGD46QRK7WJZT7O - [0:0]
  :KUBE-FW-XPGD46QRK7WJZT7O - [0:0]
  :KUBE-MARK-MASQ - [0:0]
  :KUBE-POSTROUTING - [0:0]
  :KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
  :KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
  -A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O
  -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
  -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-FW-XPGD46QRK7WJZT7O
  -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-XPGD46QRK7WJZT7O${lastRule}${extChain}
  -A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 192.168.0.0/24 -j KUBE-EXT-XPGD46QRK7WJZT7O
  -A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-XPGD46QRK7WJZT7O
  -A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 1.2.3.4 -j KUBE-EXT-XPGD46QRK7WJZT7O
  -A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 loadbalancer IP" -s 5.6.7.8 -j KUBE-EXT-XPGD46QRK7WJZT7O
  -A KUBE-FW-XPGD46QRK7WJZT7O -m comment --comment "other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL"${natMasq}${sepAndSvc}`;

const nodePort = `${filterHead}${filterTail}
  *nat
  :KUBE-NODEPORTS - [0:0]
  :KUBE-SERVICES - [0:0]
  :KUBE-EXT-XPGD46QRK7WJZT7O - [0:0]
  :KUBE-MARK-MASQ - [0:0]
  :KUBE-POSTROUTING - [0:0]
  :KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
  :KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
  -A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O
  -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O${lastRule}${extChain}${natMasq}${sepAndSvc}`;

const cases: Array<{ name: string; given: ProxyState; want: string }> = [
  {
    name: 'TestLoadBalancer: two LB IPs behind loadBalancerSourceRanges, one of them holding the node',
    given: state([svc('ns1', 'svc1', {
      type: 'LoadBalancer', clusterIP: '172.30.0.41', ports: [{ ...p80, nodePort: 3001 }],
      // Leading whitespace is trimmed, as kube-proxy's regression test checks.
      loadBalancerSourceRanges: ['192.168.0.0/24', ' 203.0.113.0/25'],
    }, ['1.2.3.4', '5.6.7.8'])], endpoints),
    want: loadBalancer,
  },
  {
    name: 'TestNodePort: Cluster policy masquerades node-port traffic',
    given: state([svc('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.30.0.41', ports: [{ ...p80, nodePort: 3001 }] })], endpoints),
    want: nodePort,
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    t.equal(renderIptables(deepFreeze(c.given), { clusterCIDR: '10.0.0.0/8', nfacct: false }), dedent(c.want));
  });
}

// kube-proxy's large-cluster mode (more than 1,000 endpoints in all): the per-endpoint rules lose
// their comments to keep the dump small; the service entry rules keep theirs.
t.test('past 1,000 endpoints the endpoint rules carry no comments', async (t) => {
  const many = Array.from({ length: 1001 }, (_, i) => ep(`10.1.${Math.floor(i / 250)}.${(i % 250) + 1}`));
  const big = state([svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [p80] })], [slice('ns1', 'svc1', many, p80)]);
  const text = renderIptables(deepFreeze(big), { clusterCIDR: '10.0.0.0/8' });
  t.ok(text.includes('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O\n'));
  t.match(text, /\n-A KUBE-SEP-\w+ -s 10\.1\.0\.1 -j KUBE-MARK-MASQ\n/);
  t.match(text, /\n-A KUBE-SVC-XPGD46QRK7WJZT7O -m statistic --mode random --probability 0\.0009990010 -j KUBE-SEP-\w+\n/);
  t.notMatch(text, /--comment "ns1\/svc1:p80 -> /);
  // One endpoint fewer: comments are back.
  const small = state([svc('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [p80] })], [slice('ns1', 'svc1', many.slice(1), p80)]);
  t.match(renderIptables(deepFreeze(small), { clusterCIDR: '10.0.0.0/8' }), /--comment "ns1\/svc1:p80 -> 10\.1\.0\.2:80"/);
});
