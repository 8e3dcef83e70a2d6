import t from 'tap';
import { startTestServer } from './harness.js';

t.test('health endpoints, version and discovery', async (t) => {
  const s = await startTestServer(t);
  for (const p of ['/healthz', '/livez', '/readyz']) {
    const r = await s.req('GET', p);
    t.equal(r.status, 200, p);
    t.equal(r.text, 'ok');
  }
  const v = await s.req('GET', '/version');
  t.equal(v.body.major, '1');
  t.match(v.body.gitVersion, /^v1\.\d+\.\d+/);
  const api = await s.req('GET', '/api');
  t.same(api.body.versions, ['v1']);
  const agg = await s.req('GET', '/apis', undefined, { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
  t.match(agg.headers.get('content-type'), /as=APIGroupDiscoveryList/);
  t.ok(agg.body.items.some((g: { metadata: { name: string } }) => g.metadata.name === 'discovery.k8s.io'));
  const core = await s.req('GET', '/api/v1');
  const svc = core.body.resources.find((r: { name: string }) => r.name === 'services');
  t.same(svc.shortNames, ['svc']);
  t.ok(core.body.resources.some((r: { name: string }) => r.name === 'services/status'));
});
