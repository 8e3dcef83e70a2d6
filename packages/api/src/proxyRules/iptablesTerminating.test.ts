// Terminating endpoints and ClientIP affinity with externalTrafficPolicy Local, compared byte for
// byte with kube-proxy's TestTerminatingEndpointsTrafficPolicyLocal expectations
// (pkg/proxy/iptables/proxier_test.go, a release without nfacct counters; its node is
// "test-hostname"). As there, the expected text is in kube's normalised order (sortIPTablesRules),
// which the renderer prints directly.
import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import type { Endpoint } from '../endpoints/types.js';
import { renderIptables } from './iptablesRules.js';
import { dedent, ep, filterHead, filterTail, natMasq, slice, state, svc } from './testBuilders.js';

const host = 'test-hostname';
const unnamed = { name: '', port: 80, protocol: 'TCP' };
const lbLocal = svc('ns1', 'svc1', {
  type: 'LoadBalancer', clusterIP: '172.30.1.1', externalTrafficPolicy: 'Local', selector: { foo: 'bar' },
  ports: [{ name: '', targetPort: 80, port: 80, protocol: 'TCP' }], healthCheckNodePort: 30000,
  sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
}, ['1.2.3.4']);
const cond = (ready: boolean, serving: boolean, terminating: boolean): Partial<Endpoint> => ({ conditions: { ready, serving, terminating } });
const render = (endpoints: Endpoint[]): string =>
  renderIptables(deepFreeze(state([lbLocal], [slice('ns1', 'svc1', endpoints, unnamed)], host)), { clusterCIDR: '10.0.0.0/8', nfacct: false });

const filter = `${filterHead}
  -A KUBE-NODEPORTS -m comment --comment "ns1/svc1 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT${filterTail}`;
const natHead = (seps: string[]): string => `
  *nat
  :KUBE-NODEPORTS - [0:0]
  :KUBE-SERVICES - [0:0]
  :KUBE-EXT-AQI2S6QIMU7PVVRP - [0:0]
  :KUBE-MARK-MASQ - [0:0]
  :KUBE-POSTROUTING - [0:0]
${seps.map((s) => `  :KUBE-SEP-${s} - [0:0]\n`).join('')}  :KUBE-SVC-AQI2S6QIMU7PVVRP - [0:0]
  :KUBE-SVL-AQI2S6QIMU7PVVRP - [0:0]
  -A KUBE-SERVICES -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 -j KUBE-SVC-AQI2S6QIMU7PVVRP
  -A KUBE-SERVICES -m comment --comment "ns1/svc1 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-AQI2S6QIMU7PVVRP
  -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
  -A KUBE-EXT-AQI2S6QIMU7PVVRP -m comment --comment "pod traffic for ns1/svc1 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-AQI2S6QIMU7PVVRP
  -A KUBE-EXT-AQI2S6QIMU7PVVRP -m comment --comment "masquerade LOCAL traffic for ns1/svc1 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
  -A KUBE-EXT-AQI2S6QIMU7PVVRP -m comment --comment "route LOCAL traffic for ns1/svc1 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-AQI2S6QIMU7PVVRP
  -A KUBE-EXT-AQI2S6QIMU7PVVRP -j KUBE-SVL-AQI2S6QIMU7PVVRP
  ${natMasq.trimStart()}`;
const sep = (chain: string, ip: string): string => `
  -A KUBE-SEP-${chain} -m comment --comment ns1/svc1 -s ${ip} -j KUBE-MARK-MASQ
  -A KUBE-SEP-${chain} -m comment --comment ns1/svc1 -m recent --name KUBE-SEP-${chain} --set -m tcp -p tcp -j DNAT --to-destination ${ip}:80`;

const readyExist = `${filter}${natHead(['3JOIVZTXZZRGORX4', 'EQCHZ7S2PJ72OHAY', 'IO5XOSKPAXIFQXAJ'])}${sep('3JOIVZTXZZRGORX4', '10.0.1.1')}${sep('EQCHZ7S2PJ72OHAY', '10.0.1.5')}${sep('IO5XOSKPAXIFQXAJ', '10.0.1.2')}
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m recent --name KUBE-SEP-3JOIVZTXZZRGORX4 --rcheck --seconds 10800 --reap -j KUBE-SEP-3JOIVZTXZZRGORX4
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m recent --name KUBE-SEP-IO5XOSKPAXIFQXAJ --rcheck --seconds 10800 --reap -j KUBE-SEP-IO5XOSKPAXIFQXAJ
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.5:80" -m recent --name KUBE-SEP-EQCHZ7S2PJ72OHAY --rcheck --seconds 10800 --reap -j KUBE-SEP-EQCHZ7S2PJ72OHAY
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-3JOIVZTXZZRGORX4
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-IO5XOSKPAXIFQXAJ
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.5:80" -j KUBE-SEP-EQCHZ7S2PJ72OHAY
  -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m recent --name KUBE-SEP-3JOIVZTXZZRGORX4 --rcheck --seconds 10800 --reap -j KUBE-SEP-3JOIVZTXZZRGORX4
  -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m recent --name KUBE-SEP-IO5XOSKPAXIFQXAJ --rcheck --seconds 10800 --reap -j KUBE-SEP-IO5XOSKPAXIFQXAJ
  -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.1:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-3JOIVZTXZZRGORX4
  -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -j KUBE-SEP-IO5XOSKPAXIFQXAJ
  COMMIT
  `;

const onlyTerminating = `${filter}${natHead(['EQCHZ7S2PJ72OHAY', 'IO5XOSKPAXIFQXAJ', 'XGJFVO3L2O5SRFNT'])}${sep('EQCHZ7S2PJ72OHAY', '10.0.1.5')}${sep('IO5XOSKPAXIFQXAJ', '10.0.1.2')}${sep('XGJFVO3L2O5SRFNT', '10.0.1.3')}
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 cluster IP" -m tcp -p tcp -d 172.30.1.1 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.5:80" -m recent --name KUBE-SEP-EQCHZ7S2PJ72OHAY --rcheck --seconds 10800 --reap -j KUBE-SEP-EQCHZ7S2PJ72OHAY
  -A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.5:80" -j KUBE-SEP-EQCHZ7S2PJ72OHAY
  -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m recent --name KUBE-SEP-IO5XOSKPAXIFQXAJ --rcheck --seconds 10800 --reap -j KUBE-SEP-IO5XOSKPAXIFQXAJ
  -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.3:80" -m recent --name KUBE-SEP-XGJFVO3L2O5SRFNT --rcheck --seconds 10800 --reap -j KUBE-SEP-XGJFVO3L2O5SRFNT
  -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.2:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-IO5XOSKPAXIFQXAJ
  -A KUBE-SVL-AQI2S6QIMU7PVVRP -m comment --comment "ns1/svc1 -> 10.0.1.3:80" -j KUBE-SEP-XGJFVO3L2O5SRFNT
  COMMIT
  `;

const cases = [
  {
    name: 'ready endpoints exist: terminating ones unused, the remote one only in KUBE-SVC-',
    given: [
      ep('10.0.1.1', { ...cond(true, true, false), nodeName: host }),
      ep('10.0.1.2', { ...cond(true, true, false), nodeName: host }),
      // Serving and terminating, but ready local endpoints exist: unused.
      ep('10.0.1.3', { ...cond(false, true, true), nodeName: host }),
      // Not serving: never used.
      ep('10.0.1.4', { ...cond(false, false, true), nodeName: host }),
      ep('10.0.1.5', { ...cond(true, true, false), nodeName: 'host-1' }),
    ],
    want: readyExist,
  },
  {
    name: 'only terminating local endpoints: they serve external traffic (kube\'s fallback)',
    given: [
      ep('10.0.1.2', { ...cond(false, true, true), nodeName: host }),
      ep('10.0.1.3', { ...cond(false, true, true), nodeName: host }),
      ep('10.0.1.4', { ...cond(false, false, true), nodeName: host }),
      ep('10.0.1.5', { ...cond(true, true, false), nodeName: 'host-1' }),
    ],
    want: onlyTerminating,
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    t.equal(render(c.given), dedent(c.want));
  });
}
