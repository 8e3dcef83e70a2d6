// kube-proxy's chain names for fixed inputs, as they appear in its own test expectations
// (pkg/proxy/iptables/proxier_test.go): the hash covers the port name and the protocol, and
// for KUBE-SEP- also the endpoint.
import t from 'tap';
import {
  serviceExternalChainName, serviceFirewallChainName, serviceLocalChainName, servicePortChainName, servicePortEndpointChainName,
} from './chainNames.js';
import { probability, savedProbability } from './probability.js';

const cases = [
  { name: 'named port', got: servicePortChainName('ns1/svc1:p80', 'tcp'), want: 'KUBE-SVC-XPGD46QRK7WJZT7O' },
  // An unnamed port: the name is just ns/svc.
  { name: 'unnamed port', got: servicePortChainName('ns1/svc1', 'tcp'), want: 'KUBE-SVC-AQI2S6QIMU7PVVRP' },
  { name: 'local chain shares the hash', got: serviceLocalChainName('ns1/svc1', 'tcp'), want: 'KUBE-SVL-AQI2S6QIMU7PVVRP' },
  { name: 'external chain', got: serviceExternalChainName('ns2/svc2:p80', 'tcp'), want: 'KUBE-EXT-GNZBNJ2PO5MGZ6GT' },
  { name: 'firewall chain', got: serviceFirewallChainName('ns5/svc5:p80', 'tcp'), want: 'KUBE-FW-NUKIZ6OKUXPJNT4C' },
  { name: 'endpoint chain', got: servicePortEndpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80'), want: 'KUBE-SEP-SXIVWICOYRO3J4NJ' },
  // The same endpoint behind two Services gets two chains.
  { name: 'endpoint chain of another service', got: servicePortEndpointChainName('ns3/svc3:p80', 'tcp', '10.180.0.3:80'), want: 'KUBE-SEP-OYPFS5VJICHGATKP' },
  { name: 'endpoint chain, unnamed port', got: servicePortEndpointChainName('ns1/svc1', 'tcp', '10.0.1.5:80'), want: 'KUBE-SEP-EQCHZ7S2PJ72OHAY' },
  { name: 'probability 1/3 as written', got: probability(3), want: '0.3333333333' },
  { name: 'probability 1/2 as written', got: probability(2), want: '0.5000000000' },
  // What iptables-save prints back: the kernel keeps round(p * 2^31) / 2^31.
  { name: 'probability 1/3 as iptables-save prints it', got: savedProbability(probability(3)), want: '0.33333333349' },
  { name: 'probability 1/2 as iptables-save prints it', got: savedProbability(probability(2)), want: '0.50000000000' },
  { name: 'probability 1/4 as iptables-save prints it', got: savedProbability(probability(4)), want: '0.25000000000' },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    t.equal(c.got, c.want);
  });
}
