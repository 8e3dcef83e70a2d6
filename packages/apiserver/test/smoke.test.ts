import t from 'tap';
import { configMap, startTestServer } from './harness.js';

t.test('create, get, list, delete a ConfigMap', async (t) => {
  const s = await startTestServer(t);
  const c = await s.req('POST', '/api/v1/namespaces/default/configmaps', configMap('a', { k: 'v' }));
  t.equal(c.status, 201, c.text);
  t.ok(c.body.metadata.uid);
  t.match(c.body.metadata.resourceVersion, /^\d+$/);
  const g = await s.req('GET', '/api/v1/namespaces/default/configmaps/a');
  t.same(g.body, c.body);
  const l = await s.req('GET', '/api/v1/configmaps');
  t.equal(l.body.kind, 'ConfigMapList');
  t.equal(l.body.items.length, 1);
  const d = await s.req('DELETE', '/api/v1/namespaces/default/configmaps/a');
  t.equal(d.status, 200);
  t.equal(d.body.status, 'Success');
  const g2 = await s.req('GET', '/api/v1/namespaces/default/configmaps/a');
  t.equal(g2.status, 404);
  t.equal(g2.body.message, 'configmaps "a" not found');
});
