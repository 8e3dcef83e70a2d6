import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { dropUnknownFields, strictDecodingMessage, validateUnknownFields, type KindRef } from './unknownFields.js';

const service: KindRef = { group: '', version: 'v1', kind: 'Service' };
const deployment: KindRef = { group: 'apps', version: 'v1', kind: 'Deployment' };
const node: KindRef = { group: '', version: 'v1', kind: 'Node' };


/** A Service manifest as users write it, with overrides merged into spec. */
function svc(spec: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'demo', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { any: 'thing' } },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], ...spec },
    ...extra,
  };
}

function deploy(container: Record<string, unknown>) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ...container }] } } },
  };
}

t.test('unknown field paths, written as kube writes them', async (t) => {
  const cases: Array<{ name: string; kind: KindRef; given: unknown; want: string[] }> = [
    { name: 'a manifest with only known fields', kind: service, given: svc(), want: [] },
    { name: 'unknown spec field', kind: service, given: svc({ bogus: true }), want: ['spec.bogus'] },
    // edge: field names are case-sensitive, like kube's decoder
    { name: 'wrong case is unknown', kind: service, given: svc({ ports: [{ port: 80, nodeport: 30000 }] }), want: ['spec.ports[0].nodeport'] },
    { name: 'unknown metadata field', kind: service, given: svc({}, { metadata: { name: 'web', labelz: {} } }), want: ['metadata.labelz'] },
    { name: 'unknown top-level field', kind: service, given: svc({}, { specs: {} }), want: ['specs'] },
    { name: 'several, in document order', kind: service, given: svc({}, { spec: { a: 1, ports: [{ port: 1 }, { port: 2, b: 2 }], c: 3 } }), want: ['spec.a', 'spec.ports[1].b', 'spec.c'] },
    // edge: maps take any key: labels, annotations, selector
    { name: 'map keys are never unknown', kind: service, given: svc({ selector: { 'any/key': 'v', weird_key: 'x' } }), want: [] },
    { name: 'status fields are checked too', kind: service, given: svc({}, { status: { loadBalancer: { ingress: [{ ip: '1.2.3.4', ipmode: 'VIP' }] } } }), want: ['status.loadBalancer.ingress[0].ipmode'] },
    { name: 'deep in a pod template', kind: deployment, given: deploy({ ports: [{ containerPort: 80, containerPortZ: 1 }] }), want: ['spec.template.spec.containers[0].ports[0].containerPortZ'] },
    { name: 'env, probes and resources are described', kind: deployment, given: deploy({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'x' } } }], readinessProbe: { httpGet: { port: 80, path: '/' } }, resources: { limits: { cpu: '1' } } }), want: [] },
    { name: 'probe typo', kind: deployment, given: deploy({ readinessProbe: { httpget: { port: 80 } } }), want: ['spec.template.spec.containers[0].readinessProbe.httpget'] },
    // edge: open objects (kubelet-owned node info) accept anything below them
    { name: 'open objects accept anything', kind: node, given: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { nodeInfo: { anything: { at: ['all'] } } } }, want: [] },
    // edge: a value of the wrong JSON type is validation's business, not an unknown field
    { name: 'wrong types are not unknown fields', kind: service, given: svc({ ports: 'eighty', selector: ['x'] }), want: [] },
    { name: 'kinds without a schema report nothing', kind: { group: 'batch', version: 'v1', kind: 'Job' }, given: { spec: { x: 1 } }, want: [] },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.same(validateUnknownFields(c.kind, deepFreeze(c.given)), c.want);
    });
  }
});

t.test("kube's strict decoding message", async (t) => {
  const cases = [
    { name: 'one field', kind: service, given: ['spec.bogus'], want: 'Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.bogus"' },
    { name: 'fields joined with a comma', kind: deployment, given: ['spec.a', 'spec.b'], want: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.a", unknown field "spec.b"' },
  ];
  for (const c of cases) t.equal(strictDecodingMessage(c.kind, c.given), c.want, c.name);
});

t.test('dropUnknownFields removes what Strict would report, and only that', async (t) => {
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'x', labelz: { a: 'b' }, labels: { keep: 'me' } },
    spec: { bogus: 1, ports: [{ port: 80, nodeport: 3 }], selector: { any: 'key' } },
  };
  const dropped = dropUnknownFields({ group: '', version: 'v1', kind: 'Service' }, svc);
  t.same(dropped, ['metadata.labelz', 'spec.bogus', 'spec.ports[0].nodeport']);
  t.same(svc, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', labels: { keep: 'me' } }, spec: { ports: [{ port: 80 }], selector: { any: 'key' } } });
});
