/**
 * Methods kube installs no route for are go-restful's 405 MethodNotAllowed, before any handler
 * runs (found by the fuzz suite: `DELETE /api/v1/namespaces` deleted every namespace, default and
 * kube-system included; `DELETE .../services/x/status` deleted the Service; `PATCH` of a
 * collection answered `configmaps "undefined" not found`).
 */
import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const notAllowed = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 };

t.test('methods without a kube route are 405 and change nothing', async (t) => {
  const s = await startTestServer(t);
  const cms = '/api/v1/namespaces/default/configmaps';
  t.equal((await s.req('POST', cms, configMap('a'))).status, 201);
  const cases: Array<{ name: string; method: string; path: string; body?: unknown }> = [
    // edge: namespaces serve no deletecollection in kube (their REST storage lacks it)
    { name: 'deletecollection of namespaces', method: 'DELETE', path: '/api/v1/namespaces' },
    { name: 'patch of a collection', method: 'PATCH', path: cms, body: { metadata: { labels: { a: 'b' } } } },
    { name: 'update of a collection', method: 'PUT', path: cms, body: configMap('a') },
    { name: 'create at an object path', method: 'POST', path: `${cms}/b`, body: configMap('b') },
    { name: 'delete of a status subresource', method: 'DELETE', path: '/api/v1/namespaces/default/services/kubernetes/status' },
    { name: 'create at a status subresource', method: 'POST', path: '/api/v1/namespaces/default/services/kubernetes/status', body: {} },
  ];
  for (const c of cases) {
    const r = await s.req(c.method, c.path, c.body, c.body ? { 'content-type': 'application/merge-patch+json' } : {});
    t.equal(r.status, 405, c.name);
    t.same(r.body, notAllowed, c.name);
  }
  const ns = await s.req('GET', '/api/v1/namespaces');
  t.same(ns.body.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  t.equal((await s.req('GET', '/api/v1/namespaces/default/services/kubernetes')).status, 200);
  t.same((await s.req('GET', cms)).body.items.map((o: { metadata: { name: string } }) => o.metadata.name), ['a']);
  t.notOk((await s.req('GET', `${cms}/a`)).body.metadata.labels, 'the collection PATCH patched nothing');
});

t.test('discovery lists deletecollection for every resource but namespaces', async (t) => {
  const s = await startTestServer(t);
  const core = (await s.req('GET', '/api/v1')).body.resources as Array<{ name: string; verbs: string[] }>;
  t.same(core.find((r) => r.name === 'namespaces')!.verbs, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
  t.ok(core.find((r) => r.name === 'configmaps')!.verbs.includes('deletecollection'));
  const agg = await s.req('GET', '/api', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' });
  const nsRes = agg.body.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'namespaces');
  t.notOk(nsRes.verbs.includes('deletecollection'));
});

t.test('the OpenAPI document has no deletecollection operation for namespaces', async (t) => {
  const s = await startTestServer(t);
  const doc = (await s.req('GET', '/openapi/v3/api/v1')).body;
  t.notOk(doc.paths['/api/v1/namespaces'].delete);
  t.ok(doc.paths['/api/v1/namespaces/{namespace}/configmaps'].delete);
});
