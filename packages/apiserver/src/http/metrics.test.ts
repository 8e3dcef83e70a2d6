import t from 'tap';
import { parseRequestInfo } from './requestInfo.js';
import { newBuiltinScheme } from '@miniplane/api';
import { requestLabels, RequestMetrics, type RequestLabels } from './metrics.js';

const scheme = newBuiltinScheme();
import type { Query } from './query.js';

/** The labels of a served core/v1 ConfigMap request, overridden per case. */
function cm(over: Partial<RequestLabels>): RequestLabels {
  return { verb: 'GET', dryRun: '', group: '', version: 'v1', resource: 'configmaps', subresource: '', scope: 'resource', ...over };
}
/** The one fixed label set of a request that matched no served resource. */
function unmatched(verb: string, dryRun = ''): RequestLabels {
  return { verb, dryRun, group: '', version: '', resource: '', subresource: '', scope: '' };
}

t.test('requestLabels reports what kube-apiserver records, bounded whatever the path', async (t) => {
  const ns = '/api/v1/namespaces/default';
  const cases: Array<{ name: string; method: string; path: string; query?: Query; contentType?: string; want: RequestLabels }> = [
    { name: 'get', method: 'GET', path: `${ns}/configmaps/a`, want: cm({}) },
    { name: 'namespaced list', method: 'GET', path: `${ns}/configmaps`, want: cm({ verb: 'LIST', scope: 'namespace' }) },
    { name: 'list across namespaces', method: 'GET', path: '/api/v1/configmaps', want: cm({ verb: 'LIST', scope: 'cluster' }) },
    { name: 'watch', method: 'GET', path: `${ns}/configmaps`, query: { watch: 'true' }, want: cm({ verb: 'WATCH', scope: 'namespace' }) },
    // edge: kube's rule for booleans, "0"/"false" is no watch
    { name: 'watch=0 is a list', method: 'GET', path: `${ns}/configmaps`, query: { watch: '0' }, want: cm({ verb: 'LIST', scope: 'namespace' }) },
    // edge: a POST is "resource" scope even though it names the collection (installer.go)
    { name: 'create', method: 'POST', path: `${ns}/configmaps`, want: cm({ verb: 'POST' }) },
    { name: 'create dry run', method: 'POST', path: `${ns}/configmaps`, query: { dryRun: ['All', 'All'] }, want: cm({ verb: 'POST', dryRun: 'All' }) },
    // edge: any value but All is reported as "invalid", never copied
    { name: 'bogus dry run', method: 'POST', path: `${ns}/configmaps`, query: { dryRun: 'x'.repeat(5000) }, want: cm({ verb: 'POST', dryRun: 'invalid' }) },
    { name: 'apply', method: 'PATCH', path: `${ns}/configmaps/a`, contentType: 'application/apply-patch+yaml', want: cm({ verb: 'APPLY' }) },
    { name: 'merge patch', method: 'PATCH', path: `${ns}/configmaps/a`, contentType: 'application/merge-patch+json', want: cm({ verb: 'PATCH' }) },
    { name: 'deletecollection', method: 'DELETE', path: `${ns}/configmaps`, want: cm({ verb: 'DELETE', scope: 'namespace' }) },
    {
      name: 'status subresource of a group resource',
      method: 'PUT',
      path: `/apis/apps/v1/namespaces/default/deployments/d/status`,
      want: { verb: 'PUT', dryRun: '', group: 'apps', version: 'v1', resource: 'deployments', subresource: 'status', scope: 'resource' },
    },
    {
      name: 'pods/log is counted as CONNECT', method: 'GET', path: `${ns}/pods/p/log`, query: { follow: 'true' },
      want: { verb: 'CONNECT', dryRun: '', group: '', version: 'v1', resource: 'pods', subresource: 'log', scope: 'resource' },
    },
    { name: 'cluster-scoped get', method: 'GET', path: '/api/v1/namespaces/default', want: { ...cm({}), resource: 'namespaces' } },
    // edge: the path of the issue, a served resource with a unique unserved subresource
    { name: 'unserved subresource', method: 'GET', path: `${ns}/configmaps/x/${'q'.repeat(15000)}`, want: unmatched('GET') },
    { name: 'unknown resource', method: 'GET', path: `${ns}/nosuch${Math.random()}`, want: unmatched('GET') },
    { name: 'unknown group', method: 'POST', path: '/apis/example.com/v9/things', want: unmatched('POST') },
    { name: 'unknown version of a served plural', method: 'GET', path: '/api/v2/configmaps', want: unmatched('GET') },
    // edge: a namespaced resource named without a namespace is a 404 too
    { name: 'named namespaced object without namespace', method: 'GET', path: '/api/v1/configmaps/a', want: unmatched('GET') },
    { name: 'non-resource path', method: 'GET', path: '/healthz', want: unmatched('GET') },
    // edge: methods outside kube's valid set collapse into one value
    { name: 'unknown method', method: 'OPTIONS', path: `${ns}/configmaps`, want: cm({ verb: 'other', scope: 'namespace' }) },
    { name: 'odd method on unknown path', method: 'PROPFIND', path: '/x', query: { dryRun: 'All' }, want: unmatched('other', 'All') },
  ];
  for (const c of cases) {
    const info = parseRequestInfo(c.path, scheme);
    const got = requestLabels({ method: c.method, info, query: c.query ?? {}, contentType: c.contentType });
    t.same(got, c.want, c.name);
  }
});

t.test('RequestMetrics keeps one series per label set and code', async (t) => {
  const m = new RequestMetrics();
  for (let i = 0; i < 1000; i++) {
    m.observe(requestLabels({ method: 'GET', info: parseRequestInfo(`/api/v1/namespaces/default/configmaps/x/${i}`, scheme), query: {} }), 404, 0.001);
  }
  m.observe(requestLabels({ method: 'GET', info: parseRequestInfo('/api/v1/namespaces/default/configmaps/x', scheme), query: {} }), 200, 0.3);
  const text = await m.render();
  const totals = text.split('\n').filter((l) => l.startsWith('apiserver_request_total{'));
  t.same(totals, [
    'apiserver_request_total{verb="GET",dry_run="",group="",version="",resource="",subresource="",scope="",component="apiserver",code="404"} 1000',
    'apiserver_request_total{verb="GET",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="resource",component="apiserver",code="200"} 1',
  ]);
  // prom-client writes a bucket's le first (the series are the same as kube's; label order is not meaningful).
  t.match(text, /^apiserver_request_duration_seconds_bucket\{le="0\.2",verb="GET",[^}]*resource="configmaps",[^}]*\} 0$/m);
  t.match(text, /^apiserver_request_duration_seconds_bucket\{le="0\.4",verb="GET",[^}]*resource="configmaps",[^}]*\} 1$/m);
  t.match(text, /^apiserver_request_duration_seconds_count\{verb="GET",[^}]*resource="",[^}]*\} 1000$/m);
});
