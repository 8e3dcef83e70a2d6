// Issue 9 item 11: invalid DeleteOptions are refused before anything is deleted; forged continue
// tokens are kube's 400s; a path with an empty segment is redirected as Go's ServeMux does.
import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

t.test('invalid DeleteOptions: 422 in kube words and nothing deleted (delete and deletecollection)', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('keep', {}, { app: 'x' }));
  const cases = [
    {
      name: 'unknown propagationPolicy in the body',
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Nope' },
      want: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Nope": supported values: "Foreground", "Background", "Orphan", "nil"',
    },
    {
      name: 'unknown dryRun in the body',
      body: { dryRun: ['Bogus'] },
      want: 'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Bogus"}: supported values: "All"',
    },
    {
      name: 'orphanDependents with a propagationPolicy',
      body: { orphanDependents: true, propagationPolicy: 'Foreground' },
      want: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Foreground": orphanDependents and deletionPropagation cannot be both set',
    },
    { name: 'unknown propagationPolicy in the query', query: 'propagationPolicy=Sideways', want: 'propagationPolicy: Unsupported value: "Sideways"' },
    { name: 'unknown dryRun in the query', query: 'dryRun=Bogus', want: 'dryRun: Unsupported value: []string{"Bogus"}' },
  ];
  for (const c of cases) {
    for (const path of [`${cms}/keep`, cms, `${cms}?labelSelector=app%3Dx`]) {
      const r = await s.req('DELETE', path + (c.query ? (path.includes('?') ? '&' : '?') + c.query : ''), c.body);
      t.equal(r.status, 422, `${c.name} on ${path}`);
      t.equal(r.body.reason, 'Invalid');
      t.match(r.body.message, c.want);
      t.equal((await s.req('GET', `${cms}/keep`)).status, 200, `${c.name} on ${path}: nothing deleted`);
    }
  }
  // Wrong JSON types are a 400 in Go's words (and delete nothing either).
  const typed = await s.req('DELETE', `${cms}/keep`, { propagationPolicy: 5 });
  t.equal(typed.status, 400);
  t.equal(typed.body.message, 'json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation');
  const grace = await s.req('DELETE', `${cms}/keep`, '{"gracePeriodSeconds": 9223372036854775808}');
  t.equal(grace.status, 400);
  t.match(grace.body.message, 'cannot unmarshal number 9223372036854775808 into Go struct field DeleteOptions.gracePeriodSeconds of type int64');
  t.equal((await s.req('GET', `${cms}/keep`)).status, 200);
  // A valid body still works, and the body is read instead of the query (as kube does).
  const ok = await s.req('DELETE', `${cms}/keep?propagationPolicy=Bogus`, { propagationPolicy: 'Background', dryRun: ['All'] });
  t.equal(ok.status, 200);
  t.equal((await s.req('GET', `${cms}/keep`)).status, 200, 'dryRun from the body deleted nothing');
  // Foreground: kube marks the object and leaves it to the garbage collector (none runs here).
  t.equal((await s.req('DELETE', `${cms}/keep`, { propagationPolicy: 'Foreground' })).status, 202, 'kept: 202 Accepted');
  const marked = await s.req('GET', `${cms}/keep`);
  t.same(marked.body.metadata.finalizers, ['foregroundDeletion']);
  t.ok(marked.body.metadata.deletionTimestamp);
  // A second delete with Background takes the finalizer off again, and the object goes.
  t.equal((await s.req('DELETE', `${cms}/keep`, { propagationPolicy: 'Background' })).status, 200);
  t.equal((await s.req('GET', `${cms}/keep`)).status, 404);
  await s.req('POST', cms, configMap('orphaned'));
  t.equal((await s.req('DELETE', `${cms}/orphaned?orphanDependents=true`)).status, 202);
  t.same((await s.req('GET', `${cms}/orphaned`)).body.metadata.finalizers, ['orphan'], 'orphanDependents=true is the orphan finalizer');
});

t.test('forged continue tokens are a 400 with kube message', async (t) => {
  const s = await startTestServer(t);
  for (const n of ['a', 'b', 'c']) await s.req('POST', cms, configMap(n));
  const first = await s.req('GET', `${cms}?limit=1`);
  const real = first.body.metadata.continue as string;
  const decoded = JSON.parse(Buffer.from(real, 'base64url').toString());
  const forge = (rv: string, start = JSON.stringify(decoded.start), v = '"meta.k8s.io/v1"') => Buffer.from(`{"v":${v},"rv":${rv},"start":${start}}`).toString('base64url');
  const cases = [
    { name: 'rv 1e308', token: forge('1e308'), want: 'invalid continue token: continue key is not valid: json: cannot unmarshal number 1e308 into Go struct field continueToken.rv of type int64' },
    { name: 'rv 1.5', token: forge('1.5'), want: 'invalid continue token: continue key is not valid: json: cannot unmarshal number 1.5 into Go struct field continueToken.rv of type int64' },
    // One past int64.
    { name: 'rv 2^63', token: forge('9223372036854775808'), want: 'cannot unmarshal number 9223372036854775808 into Go struct field continueToken.rv of type int64' },
    { name: 'rv as a string', token: forge('"5"'), want: 'cannot unmarshal string into Go struct field continueToken.rv of type int64' },
    { name: 'rv 0', token: forge('0'), want: 'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)' },
    { name: 'empty start', token: forge(String(decoded.rv), '""'), want: 'continue key is not valid: encoded start key empty (version meta.k8s.io/v1)' },
    { name: 'path traversal', token: forge(String(decoded.rv), '"../secrets/x\\u0000"'), want: 'continue key is not valid: ../secrets/x' },
    { name: 'unknown version', token: forge(String(decoded.rv), JSON.stringify(decoded.start), '"v9"'), want: 'continue key is not valid: server does not recognize this encoded version v9' },
    { name: 'not base64url', token: 'a+b=', want: 'continue key is not valid: illegal base64 data at input byte 1' },
    { name: 'not JSON', token: Buffer.from('{"v":').toString('base64url'), want: 'continue key is not valid: unexpected end of JSON input' },
    { name: 'deeply nested JSON', token: Buffer.from(`{"v":${'['.repeat(5000)}`).toString('base64url'), want: 'continue key is not valid: exceeded max depth' },
  ];
  for (const c of cases) {
    const r = await s.req('GET', `${cms}?limit=1&continue=${c.token}`);
    t.equal(r.status, 400, c.name);
    t.match(r.body.message, c.want, c.name);
  }
  // A future revision is kube's "Too large resource version"; the real token still pages.
  const future = await s.req('GET', `${cms}?limit=1&continue=${forge('99999999')}`);
  t.equal(future.status, 504);
  const next = await s.req('GET', `${cms}?limit=1&continue=${real}`);
  t.equal(next.status, 200);
  t.equal(next.body.items[0].metadata.name, 'b');
});

t.test('a path with an empty segment is redirected to its clean form, never read as another URL', async (t) => {
  const s = await startTestServer(t);
  const r = await fetch(`${s.url}/api/v1/namespaces//services?limit=1`, { redirect: 'manual' });
  t.equal(r.status, 301);
  t.equal(r.headers.get('location'), '/api/v1/namespaces/services?limit=1');
  t.match(await r.text(), '<a href="/api/v1/namespaces/services?limit=1">Moved Permanently</a>.');
  for (const method of ['POST', 'DELETE', 'PUT']) {
    const w = await fetch(`${s.url}/api/v1/namespaces//configmaps/x/../y`, { method, redirect: 'manual' });
    t.equal(w.status, 301, method);
  }
  t.equal((await s.req('GET', '/api/v1/namespaces/default/configmaps')).status, 200);
});
