/**
 * `kubectl-lite describe` against a live miniplane, diffed with the real kubectl: services (every
 * type, several ports, EndpointSlices (ready and not, more than three addresses),
 * labels and annotations, Events (single and repeated), prefix matches and errors), endpoints,
 * endpointslices and namespaces.
 */
import t from 'tap';
import { both, startCluster } from './harness.js';

const slice = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: my-svc-1, labels: {kubernetes.io/service-name: my-svc}}
addressType: IPv4
endpoints:
- addresses: [10.1.0.1]
- addresses: [10.1.0.2]
  conditions: {ready: false}
- addresses: [10.1.0.3]
- addresses: [10.1.0.4]
- addresses: [10.1.0.5]
ports: [{name: http, port: 8080}, {name: https, port: 443}]
`;

const endpoints = `apiVersion: v1
kind: Endpoints
metadata: {name: ext, labels: {a: b}}
subsets:
- addresses: [{ip: 10.1.0.1}, {ip: 10.1.0.2, nodeName: n1, targetRef: {kind: Pod, name: p1, namespace: default}}]
  notReadyAddresses: [{ip: 10.1.0.9}]
  ports: [{name: http, port: 8080}, {name: dns, port: 53, protocol: UDP}]
`;

const svc = `apiVersion: v1
kind: Service
metadata:
  name: my-svc
  labels: {tier: web, app: shop}
  annotations: {team: payments, long: "${'x'.repeat(150)}"}
spec:
  selector: {app: web}
  sessionAffinity: ClientIP
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: https}
`;

function event(name: string, uid: string, count: number): string {
  const at = new Date(Date.now() - 5000).toISOString().replace(/\.\d+Z$/, 'Z');
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Event', metadata: { name }, type: 'Normal', reason: 'IPAllocated', message: 'Assigned IP ["198.51.100.1"] ',
    involvedObject: { apiVersion: 'v1', kind: 'Service', name: 'my-svc', namespace: 'default', uid }, source: { component: 'miniplane-lb-controller' },
    count, firstTimestamp: at, lastTimestamp: at,
  });
}

t.test('describe prints what kubectl prints', async (t) => {
  const c = await startCluster(t);
  for (const [args, input] of [
    [['apply', '-f', '-'], svc], [['create', '-f', '-'], slice], [['create', '-f', '-'], endpoints], [['create', 'namespace', 'team']],
    [['create', 'service', 'nodeport', 'np', '--tcp=8080:80']], [['create', 'service', 'loadbalancer', 'lb', '--tcp=80:8080']],
    [['create', 'service', 'clusterip', 'hl', '--clusterip=None']], [['create', 'service', 'externalname', 'ext', '--external-name=db.example.com']],
  ] as [string[], string?][]) t.equal((await c.kubectl(args, { input })).code, 0, args.join(' '));
  const uid = (await c.kubectl(['get', 'svc', 'my-svc', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  for (const [name, count] of [['my-svc.1', 1], ['my-svc.2', 3]] as const) t.equal((await c.kubectl(['create', '-f', '-'], { input: event(name, uid, count) })).code, 0);
  const cases = [
    ['describe', 'svc', 'my-svc'], ['describe', 'service', 'np'], ['describe', 'svc/lb', 'svc/hl'], ['describe', 'svc', 'ext'],
    ['describe', 'svc', 'kubernetes'], ['describe', 'svc'], ['describe', 'svc', 'my'], ['describe', 'svc', 'm', 'n'],
    ['describe', 'svc', 'hl', 'nosuch'], ['describe', 'svc', '-l', 'app=np'], ['describe', 'svc', '-A'], ['describe', 'svc', 'my-svc', '--show-events=false'],
    ['describe', 'foo'], ['describe', 'ep', 'ext'], ['describe', 'endpoints'], ['describe', 'endpointslice', 'my-svc-1'], ['describe', 'endpointslices', '-A'],
    ['describe', 'ns', 'team'], ['describe', 'namespaces'],
  ];
  for (const args of cases) {
    const r = await both(c, args);
    t.same(r.lite, r.kubectl, args.join(' '));
  }
});
