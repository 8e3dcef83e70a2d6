import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

t.test('the four start-up namespaces exist', async (t) => {
  const s = await startTestServer(t);
  const l = await s.req('GET', '/api/v1/namespaces');
  t.same(l.body.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  t.equal(l.body.items[0].status.phase, 'Active');
});

t.test('create stamps uid, creationTimestamp, resourceVersion; generateName', async (t) => {
  const s = await startTestServer(t);
  const a = await s.req('POST', cms, configMap('a'));
  t.equal(a.status, 201);
  t.match(a.body.metadata.uid, /^[0-9a-f-]{36}$/);
  t.match(a.body.metadata.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.equal(a.body.metadata.namespace, 'default');
  const g = await s.req('POST', cms, { metadata: { generateName: 'gen-' } });
  t.equal(g.status, 201);
  t.match(g.body.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  t.ok(Number(g.body.metadata.resourceVersion) > Number(a.body.metadata.resourceVersion), 'resourceVersion increases');
  const dup = await s.req('POST', cms, configMap('a'));
  t.equal(dup.status, 409);
  t.equal(dup.body.reason, 'AlreadyExists');
  t.equal(dup.body.message, 'configmaps "a" already exists');
  t.same(dup.body.details, { name: 'a', kind: 'configmaps' });
});

t.test('generation is 1 on create and bumped only by spec changes', async (t) => {
  const s = await startTestServer(t);
  const path = '/apis/apps/v1/namespaces/default/deployments';
  const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
  const c = await s.req('POST', path, d);
  t.equal(c.status, 201, c.text);
  t.equal(c.body.metadata.generation, 1);
  const labelOnly = await s.req('PUT', `${path}/web`, { ...c.body, metadata: { ...c.body.metadata, labels: { x: 'y' } } });
  t.equal(labelOnly.body.metadata.generation, 1, 'metadata change keeps generation');
  const spec = await s.req('PUT', `${path}/web`, { ...labelOnly.body, spec: { ...labelOnly.body.spec, replicas: 3 } });
  t.equal(spec.body.metadata.generation, 2, 'spec change bumps generation');
});

t.test('namespace must exist; kind and apiVersion must match the URL', async (t) => {
  const s = await startTestServer(t);
  const nf = await s.req('POST', '/api/v1/namespaces/nope/configmaps', configMap('a'));
  t.equal(nf.status, 404);
  t.equal(nf.body.message, 'namespaces "nope" not found');
  t.same(nf.body.details, { name: 'nope', kind: 'namespaces' });
  const kind = await s.req('POST', cms, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } });
  t.equal(kind.status, 400);
  t.equal(kind.body.reason, 'BadRequest');
  t.match(kind.body.message, /Service in version "v1" cannot be handled as a ConfigMap/);
  const ver = await s.req('POST', cms, { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } });
  t.equal(ver.status, 400);
  t.equal(ver.body.message, 'the API version in the data (apps/v1) does not match the expected API version (v1)');
  const nsMismatch = await s.req('POST', cms, { metadata: { name: 'x', namespace: 'kube-system' } });
  t.equal(nsMismatch.status, 400);
  t.equal(nsMismatch.body.message, 'the namespace of the provided object does not match the namespace sent on the request');
});

t.test('dryRun=All validates without storing', async (t) => {
  const s = await startTestServer(t);
  const rv0 = (await s.req('GET', cms)).body.metadata.resourceVersion;
  const d = await s.req('POST', `${cms}?dryRun=All`, configMap('dry', { a: 'b' }));
  t.equal(d.status, 201);
  t.equal(d.body.metadata.name, 'dry');
  t.equal((await s.req('GET', `${cms}/dry`)).status, 404, 'not stored');
  t.equal((await s.req('GET', cms)).body.metadata.resourceVersion, rv0, 'no revision consumed');
  const bad = await s.req('POST', `${cms}?dryRun=All`, configMap('Bad_Name'));
  t.equal(bad.status, 422, 'dry run still validates');
  const badValue = await s.req('POST', `${cms}?dryRun=Some`, configMap('x'));
  t.equal(badValue.status, 400);
  await s.req('POST', cms, configMap('real'));
  const dd = await s.req('DELETE', `${cms}/real?dryRun=All`);
  t.equal(dd.status, 200);
  t.equal((await s.req('GET', `${cms}/real`)).status, 200, 'dry-run delete keeps it');
});

t.test('invalid names and labels are 422 with causes', async (t) => {
  const s = await startTestServer(t);
  const r = await s.req('POST', cms, { metadata: { name: 'Bad_Name', labels: { 'bad key!': 'v' } } });
  t.equal(r.status, 422);
  t.equal(r.body.reason, 'Invalid');
  t.equal(r.body.details.kind, 'ConfigMap');
  t.equal(r.body.details.name, 'Bad_Name');
  t.ok(r.body.details.causes.some((c: { field: string }) => c.field === 'metadata.name'));
  t.ok(r.body.details.causes.some((c: { field: string }) => c.field === 'metadata.labels'));
  t.match(r.body.message, /^ConfigMap "Bad_Name" is invalid: \[/);
  const missing = await s.req('POST', cms, { metadata: {} });
  t.equal(missing.status, 422);
  t.match(missing.body.message, /metadata.name: Required value: name or generateName is required/);
});

t.test('PUT replaces; unknown object is 404 unless the kind allows create-on-update', async (t) => {
  const s = await startTestServer(t);
  const a = (await s.req('POST', cms, configMap('a', { x: '1' }))).body;
  const u = await s.req('PUT', `${cms}/a`, { ...a, data: { x: '2' } });
  t.equal(u.status, 200);
  t.same(u.body.data, { x: '2' });
  t.equal(u.body.metadata.uid, a.metadata.uid, 'uid kept');
  const nf = await s.req('PUT', `${cms}/zzz`, configMap('zzz'));
  t.equal(nf.status, 404);
  const ep = await s.req('PUT', '/api/v1/namespaces/default/endpoints/made', { metadata: { name: 'made' }, subsets: [] });
  t.equal(ep.status, 201, 'endpoints allow create on update');
  const mismatch = await s.req('PUT', `${cms}/a`, configMap('b'));
  t.equal(mismatch.status, 400);
  t.equal(mismatch.body.message, 'the name of the object (b) does not match the name on the URL (a)');
});

t.test('cluster-scoped kinds and unknown resources', async (t) => {
  const s = await startTestServer(t);
  const n = await s.req('POST', '/api/v1/nodes', { metadata: { name: 'node-1' } });
  t.equal(n.status, 201);
  t.notOk('namespace' in n.body.metadata);
  t.equal((await s.req('GET', '/api/v1/nodes/node-1')).status, 200);
  const unknown = await s.req('GET', '/api/v1/namespaces/default/widgets');
  t.equal(unknown.status, 404);
  t.equal(unknown.body.kind, 'Status');
  t.equal(unknown.body.reason, 'NotFound');
  const slices = await s.req('GET', '/apis/discovery.k8s.io/v1/endpointslices');
  t.equal(slices.body.kind, 'EndpointSliceList');
});
