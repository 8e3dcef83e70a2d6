/**
 * The write pipeline defaults a body once: kube's decoder applies a kind's defaulting to every
 * body, and the field manager and the strategy take the defaulted object as it is. The Service
 * descriptor's `defaults` is wrapped to count its runs; every write verb must run it exactly once
 * and still store the defaulted Service with managedFields that own the defaulted fields.
 */
import { Scheme, newBuiltinScheme, type KubeObject } from '@miniplane/api';
import t from 'tap';
import { startTestServer } from './harness.js';
import { svc, svcs } from './serviceFixtures.js';

const merge = { 'content-type': 'application/merge-patch+json' };
const json = { 'content-type': 'application/json-patch+json' };
const smp = { 'content-type': 'application/strategic-merge-patch+json' };
const apply = { 'content-type': 'application/apply-patch+yaml' };

/** The built-in scheme with the Service's defaulting wrapped. */
function serviceDefaultsWrapped(wrap: (inner: (o: KubeObject) => KubeObject) => (o: KubeObject) => KubeObject): Scheme {
  return new Scheme(newBuiltinScheme().descriptors().map((d) => (
    d.resource.group === '' && d.resource.kind === 'Service' && d.defaults ? { ...d, defaults: wrap(d.defaults) } : d
  )));
}

/** The built-in scheme with the Service's defaulting counted. */
function countingScheme(): { scheme: Scheme; runs: () => number } {
  let n = 0;
  return { scheme: serviceDefaultsWrapped((inner) => (o) => (n++, inner(o))), runs: () => n };
}

const applied = (name: string, port: number) => JSON.stringify(svc(name, { ports: [{ port }] }));

t.test('every write verb defaults a Service exactly once', async (t) => {
  const { scheme, runs } = countingScheme();
  const s = await startTestServer(t, { scheme });
  const cases: Array<{ name: string; method: string; path: string; body: unknown; headers?: Record<string, string>; status: number }> = [
    { name: 'create', method: 'POST', path: svcs, body: svc('web'), status: 201 },
    { name: 'update', method: 'PUT', path: `${svcs}/web`, body: svc('web', { ports: [{ port: 81 }] }), status: 200 },
    { name: 'merge patch', method: 'PATCH', path: `${svcs}/web`, body: { metadata: { labels: { a: '1' } } }, headers: merge, status: 200 },
    { name: 'JSON patch', method: 'PATCH', path: `${svcs}/web`, body: [{ op: 'replace', path: '/spec/ports/0/port', value: 82 }], headers: json, status: 200 },
    { name: 'strategic merge patch', method: 'PATCH', path: `${svcs}/web`, body: { spec: { ports: [{ port: 82, targetPort: 8082 }] } }, headers: smp, status: 200 },
    { name: 'apply (update)', method: 'PATCH', path: `${svcs}/web?fieldManager=a`, body: applied('web', 82), headers: apply, status: 200 },
    { name: 'apply (create)', method: 'PATCH', path: `${svcs}/api?fieldManager=a`, body: applied('api', 80), headers: apply, status: 201 },
    { name: 'update that creates', method: 'PUT', path: `${svcs}/db`, body: svc('db'), status: 201 },
    { name: 'status update', method: 'PUT', path: `${svcs}/db/status`, body: { ...svc('db'), status: { loadBalancer: {} } }, status: 200 },
  ];
  for (const c of cases) {
    const before = runs();
    const r = await s.req(c.method, c.path, c.body, c.headers);
    t.equal(r.status, c.status, `${c.name}: ${r.text.slice(0, 200)}`);
    t.equal(runs() - before, 1, `${c.name}: defaulted once`);
    t.match(r.body.spec, { type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ports: [{ protocol: 'TCP' }] }, `${c.name}: stored defaulted`);
  }
  // The field manager saw the defaulted object: the creator owns the defaulted fields too, as in kube.
  const created = (await s.req('GET', `${svcs}/db`)).body;
  const put = created.metadata.managedFields.find((m: { operation: string }) => m.operation === 'Update');
  t.ok(put?.fieldsV1?.['f:spec']?.['f:sessionAffinity'], 'the PUT that created db owns spec.sessionAffinity');
});

t.test('a write the strategy refuses defaults once too, and stores nothing', async (t) => {
  const { scheme, runs } = countingScheme();
  const s = await startTestServer(t, { scheme });
  const before = runs();
  const r = await s.req('POST', svcs, svc('bad', { ports: [{ port: 0 }] }));
  t.equal(r.status, 422);
  t.equal(runs() - before, 1);
  t.equal((await s.req('GET', `${svcs}/bad`)).status, 404);
});

t.test('the strategy trusts the defaulted body: what the scheme does not default stays unset', async (t) => {
  // The Service's defaulting minus spec.sessionAffinity: a strategy defaulting again would fill it in.
  const scheme = serviceDefaultsWrapped((inner) => (o) => {
    const out = inner(o);
    delete (out.spec as { sessionAffinity?: string }).sessionAffinity;
    return out;
  });
  const s = await startTestServer(t, { scheme });
  const r = await s.req('POST', svcs, svc('web'));
  t.equal(r.status, 422);
  t.match(r.body.message, /spec\.sessionAffinity/);
});
