import t from 'tap';
import { configMap, startTestServer } from './harness.js';

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

t.test('/metrics counts requests by verb, resource and code, with durations', async (t) => {
  const s = await startTestServer(t);
  const cms = '/api/v1/namespaces/default/configmaps';
  await s.req('POST', cms, configMap('a'));
  await s.req('POST', cms, configMap('a'));
  await s.req('GET', `${cms}/a`);
  await s.req('GET', cms);
  const m = await s.req('GET', '/metrics');
  t.equal(m.status, 200);
  t.match(m.headers.get('content-type'), /text\/plain/);
  t.match(m.text, /^apiserver_request_total\{verb="create",resource="configmaps",code="201"\} 1$/m);
  t.match(m.text, /^apiserver_request_total\{verb="create",resource="configmaps",code="409"\} 1$/m);
  t.match(m.text, /^apiserver_request_total\{verb="get",resource="configmaps",code="200"\} 1$/m);
  t.match(m.text, /^apiserver_request_total\{verb="list",resource="configmaps",code="200"\} 1$/m);
  t.match(m.text, /^apiserver_request_duration_seconds_bucket\{verb="create",resource="configmaps",le="\+Inf"\} 2$/m);
  t.match(m.text, /^apiserver_request_duration_seconds_count\{verb="list",resource="configmaps"\} 1$/m);
});
