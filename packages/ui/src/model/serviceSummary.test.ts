import t from 'tap';
import type { Service } from './kube.js';
import { serviceSummary, type ServiceSummary } from './serviceSummary.js';

function svc(spec: Service['spec'], status?: Service['status']): Service {
  return Object.freeze({ metadata: { name: 'web', namespace: 'default' }, spec, ...(status ? { status } : {}) });
}

const base = { namespace: 'default', name: 'web', nodePorts: [], externalIPs: [], loadBalancerIPs: [] };
const cases: Array<{ name: string; given: Service; want: ServiceSummary }> = [
  {
    name: 'ClusterIP',
    given: svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'web' } }),
    want: { ...base, type: 'ClusterIP', clusterIPs: ['10.96.0.10'], ports: ['80/TCP'], selector: { app: 'web' } },
  },
  {
    name: 'dual-stack NodePort',
    given: svc({ type: 'NodePort', clusterIPs: ['10.96.0.10', 'fd00::a'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, nodePort: 30053, protocol: 'UDP' }] }),
    want: { ...base, type: 'NodePort', clusterIPs: ['10.96.0.10', 'fd00::a'], ports: ['80:30080/TCP', '53:30053/UDP'], nodePorts: [30080, 30053] },
  },
  {
    name: 'LoadBalancer with an address and external IPs',
    given: svc({ type: 'LoadBalancer', clusterIP: '10.96.0.11', externalIPs: ['192.0.2.1'], ports: [{ port: 443, nodePort: 31443 }] }, { loadBalancer: { ingress: [{ ip: '198.51.100.1' }, { hostname: 'lb.example' }] } }),
    want: { ...base, type: 'LoadBalancer', clusterIPs: ['10.96.0.11'], ports: ['443:31443/TCP'], nodePorts: [31443], externalIPs: ['192.0.2.1'], loadBalancerIPs: ['198.51.100.1', 'lb.example'] },
  },
  // Headless: kube stores clusterIP "None", printed as such.
  { name: 'headless', given: svc({ clusterIP: 'None', clusterIPs: ['None'] }), want: { ...base, type: 'ClusterIP', clusterIPs: ['None'], ports: [] } },
  {
    name: 'ExternalName',
    given: svc({ type: 'ExternalName', externalName: 'db.example.com' }),
    want: { ...base, type: 'ExternalName', clusterIPs: [], externalName: 'db.example.com', ports: [] },
  },
];
for (const c of cases) t.test(c.name, async (t) => t.same(serviceSummary(c.given), c.want));
