/**
 * A body that does not decode is kube's 400 `the object provided is unrecognized (must be of type
 * K): ... (summary)`, the summary being kube's summarizeData: the first 30 bytes as text when the
 * body opens with `{`, else in hex, `<empty>` for none. The Scale of a deployment or replica set
 * is decoded the same way (found by the fuzz suite: a PUT of .../scale with a body that is not
 * JSON was a 500 "Internal error occurred: invalid character 'a' looking for beginning of value").
 */
import t from 'tap';
import { startTestServer } from './harness.js';

const yamlish = 'a: &a [x]\nb: [*a, *a, *a]\nc: [*b, *b, *b]\n';

t.test('undecodable bodies are 400 with kube summaries, for objects and Scales', async (t) => {
  const s = await startTestServer(t);
  const deploy = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  };
  t.equal((await s.req('POST', '/apis/apps/v1/namespaces/default/deployments', deploy)).status, 201);
  const json = { 'content-type': 'application/json' };
  const hex30 = Buffer.from(yamlish).subarray(0, 30).toString('hex');
  const cases: Array<{ name: string; method: string; path: string; body: string; want: RegExp }> = [
    {
      name: 'scale PUT with a body that is not JSON',
      method: 'PUT', path: '/apis/apps/v1/namespaces/default/deployments/web/scale', body: yamlish,
      want: new RegExp(`^the object provided is unrecognized \\(must be of type Scale\\): couldn't get version/kind; json parse error: invalid character 'a' looking for beginning of value \\(${hex30} \\.\\.\\.\\)$`),
    },
    // edge: not opening with '{', so the summary is hex
    { name: 'create with an array', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: '[1]', want: /\(5b315d\)$/ },
    // edge: opening with '{' and longer than 30 bytes: text, cut, then " ..."
    { name: 'create with broken JSON', method: 'POST', path: '/api/v1/namespaces/default/configmaps', body: '{"apiVersion":"v1","kind":"ConfigMap",', want: /\(\{"apiVersion":"v1","kind":"Con \.\.\.\)$/ },
  ];
  for (const c of cases) {
    const r = await s.req(c.method, c.path, c.body, json);
    t.equal(r.status, 400, c.name);
    t.match(r.body.message, c.want, c.name);
  }
  t.equal((await s.req('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale')).body.spec.replicas, 1, 'the scale is unchanged');
});
