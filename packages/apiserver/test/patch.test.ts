import t from 'tap';
import { startTestServer } from './harness.js';

const svcs = '/api/v1/namespaces/default/services';
const merge = { 'content-type': 'application/merge-patch+json' };
const json = { 'content-type': 'application/json-patch+json' };
const smp = { 'content-type': 'application/strategic-merge-patch+json' };

t.test('each patch type on a Service', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', svcs, { metadata: { name: 'web', labels: { a: '1', b: '2' } }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] } });

  const m = await s.req('PATCH', `${svcs}/web`, { metadata: { labels: { b: null, c: '3' } } }, merge);
  t.equal(m.status, 200, m.text);
  t.same(m.body.metadata.labels, { a: '1', c: '3' }, 'merge patch: null deletes, maps merge');

  const j = await s.req('PATCH', `${svcs}/web`, [{ op: 'replace', path: '/spec/ports/0/port', value: 8080 }, { op: 'add', path: '/metadata/annotations', value: { x: 'y' } }], json);
  t.equal(j.status, 200, j.text);
  t.equal(j.body.spec.ports[0].port, 8080);
  t.same(j.body.metadata.annotations, { x: 'y' });

  const sm = await s.req('PATCH', `${svcs}/web`, { spec: { ports: [{ name: 'metrics', port: 9090 }] } }, smp);
  t.equal(sm.status, 200, sm.text);
  t.same(sm.body.spec.ports.map((p: { port: number }) => p.port).sort(), [443, 8080, 9090], 'strategic: ports merged by key port');

  const del = await s.req('PATCH', `${svcs}/web`, { spec: { ports: [{ port: 9090, $patch: 'delete' }] } }, smp);
  t.equal(del.status, 200, del.text);
  t.same(del.body.spec.ports.map((p: { port: number }) => p.port).sort(), [443, 8080], '$patch: delete removes one item');

  const stale = await s.req('PATCH', `${svcs}/web`, { metadata: { resourceVersion: '1' }, spec: { type: 'ClusterIP' } }, merge);
  t.equal(stale.status, 409, 'a patch carrying a stale resourceVersion conflicts');
});
