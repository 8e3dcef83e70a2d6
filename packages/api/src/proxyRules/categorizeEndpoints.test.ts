// Which endpoints a node routes to, against kube's TestCategorizeEndpoints facts
// (pkg/proxy/topology_test.go): the cases whose Services carry topology hints (kube v1.33 no longer
// needs the hints annotation, so the "auto" cases are the ones that still hold) and the
// traffic-policy cases. Endpoints are compared as sets of "ip:port", as kube's test does.
import t from 'tap';
import { categorizeEndpoints } from './categorizeEndpoints.js';
import type { ProxyEndpoint, ServicePortInfo } from './servicePorts.js';

const sp = (over: Partial<ServicePortInfo>, endpoints: ProxyEndpoint[]): ServicePortInfo => ({
  name: 'ns/svc', protocol: 'TCP', clusterIP: '172.30.0.1', port: 80, nodePort: 0, externalIPs: [], loadBalancerVIPs: [],
  loadBalancerSourceRanges: [], healthCheckNodePort: 0, stickyMaxAgeSeconds: 0, externalPolicyLocal: false, internalPolicyLocal: false,
  ...over, endpoints,
});
const ep = (key: string, zones: string[], ready = true, local = false): ProxyEndpoint => ({
  ip: key.split(':')[0]!, port: 80, key, ready, serving: ready, terminating: false, local, zoneHints: zones,
});
const four = (readyAt6 = true): ProxyEndpoint[] => [
  ep('10.1.2.3:80', ['zone-a']), ep('10.1.2.4:80', ['zone-b']), ep('10.1.2.5:80', ['zone-c']), ep('10.1.2.6:80', ['zone-a'], readyAt6),
];

interface Case {
  name: string;
  zone: string;
  given: ServicePortInfo;
  cluster: string[];
  local: string[];
  /** Defaults to the union of cluster and local. */
  all?: string[];
  hasAny?: boolean;
}

const cases: Case[] = [
  { name: 'normal endpoint filtering', zone: 'zone-a', given: sp({}, four()), cluster: ['10.1.2.3:80', '10.1.2.6:80'], local: [] },
  { name: 'externalTrafficPolicy: Local, topology ignored for Local endpoints', zone: 'zone-a',
    given: sp({ externalPolicyLocal: true, nodePort: 8080 }, [ep('10.1.2.3:80', ['zone-a'], true, true), ep('10.1.2.4:80', ['zone-b'], true, true), ep('10.1.2.5:80', ['zone-c']), ep('10.1.2.6:80', ['zone-a'])]),
    cluster: ['10.1.2.3:80', '10.1.2.6:80'], local: ['10.1.2.3:80', '10.1.2.4:80'], all: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'] },
  { name: 'internalTrafficPolicy: Local, topology ignored for Local endpoints', zone: 'zone-a',
    given: sp({ internalPolicyLocal: true, nodePort: 8080 }, [ep('10.1.2.3:80', ['zone-a'], true, true), ep('10.1.2.4:80', ['zone-b'], true, true), ep('10.1.2.5:80', ['zone-c']), ep('10.1.2.6:80', ['zone-a'])]),
    cluster: ['10.1.2.3:80', '10.1.2.6:80'], local: ['10.1.2.3:80', '10.1.2.4:80'], all: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'] },
  // A node without a zone label: no endpoint is hinted for "", so hints are ignored.
  { name: 'empty zone label', zone: '', given: sp({}, [ep('10.1.2.3:80', ['zone-a'])]), cluster: ['10.1.2.3:80'], local: [] },
  { name: 'node in different zone, no endpoint filtering', zone: 'zone-b', given: sp({}, [ep('10.1.2.3:80', ['zone-a'])]), cluster: ['10.1.2.3:80'], local: [] },
  { name: 'unready endpoint', zone: 'zone-a', given: sp({}, four(false)), cluster: ['10.1.2.3:80'], local: [] },
  { name: 'only unready endpoints in same zone (should not filter)', zone: 'zone-a',
    given: sp({}, [ep('10.1.2.3:80', ['zone-a'], false), ep('10.1.2.4:80', ['zone-b']), ep('10.1.2.5:80', ['zone-c']), ep('10.1.2.6:80', ['zone-a'], false)]),
    cluster: ['10.1.2.4:80', '10.1.2.5:80'], local: [] },
  // One ready endpoint without hints: all hints are ignored.
  { name: 'missing hints, no filtering applied', zone: 'zone-a',
    given: sp({}, [ep('10.1.2.3:80', ['zone-a']), ep('10.1.2.4:80', ['zone-b']), ep('10.1.2.5:80', []), ep('10.1.2.6:80', ['zone-a'])]),
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.5:80', '10.1.2.6:80'], local: [] },
  { name: 'multiple hints per endpoint, filtering includes any endpoint with zone included', zone: 'zone-c',
    given: sp({}, [ep('10.1.2.3:80', ['zone-a', 'zone-b', 'zone-c']), ep('10.1.2.4:80', ['zone-b', 'zone-c']), ep('10.1.2.5:80', ['zone-b', 'zone-d']), ep('10.1.2.6:80', ['zone-c'])]),
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'], local: [] },
  { name: 'conflicting topology and localness require merging allEndpoints', zone: 'zone-a',
    given: sp({ externalPolicyLocal: true, nodePort: 8080 }, [ep('10.0.0.0:80', ['zone-a'], true, true), ep('10.0.0.1:80', ['zone-b'], true, true), ep('10.0.0.2:80', ['zone-a']), ep('10.0.0.3:80', ['zone-b'])]),
    cluster: ['10.0.0.0:80', '10.0.0.2:80'], local: ['10.0.0.0:80', '10.0.0.1:80'], all: ['10.0.0.0:80', '10.0.0.1:80', '10.0.0.2:80'] },
  { name: 'internalTrafficPolicy: Local, with empty endpoints', zone: '', given: sp({ internalPolicyLocal: true }, []), cluster: [], local: [], hasAny: false },
  // Usable endpoints exist elsewhere: the Service "has endpoints" (DROP, not REJECT) though none is reachable here.
  { name: 'internalTrafficPolicy: Local, but all endpoints are remote', zone: '',
    given: sp({ internalPolicyLocal: true }, [ep('10.0.0.0:80', []), ep('10.0.0.1:80', [])]), cluster: [], local: [], all: [], hasAny: true },
];

const keys = (eps: readonly ProxyEndpoint[]): string[] => eps.map((e) => e.key).sort();

for (const c of cases) {
  t.test(c.name, async (t) => {
    const got = categorizeEndpoints(c.given, c.zone);
    t.same(keys(got.clusterEndpoints), [...c.cluster].sort(), 'cluster');
    t.same(keys(got.localEndpoints), [...c.local].sort(), 'local');
    t.same(keys(got.allReachableEndpoints), [...(c.all ?? new Set([...c.cluster, ...c.local]))].sort(), 'all reachable');
    if (c.hasAny !== undefined) t.equal(got.hasAnyEndpoints, c.hasAny, 'has any endpoints');
  });
}
