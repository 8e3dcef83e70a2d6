import t from 'tap';
import { configMap, startTestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';

t.test('bad input gets a Status and the server keeps serving, store intact', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('keep', { v: '1' }));
  const rv = (await s.req('GET', cms)).body.metadata.resourceVersion;
  const cases: Array<{ name: string; method: string; path: string; body?: unknown; headers?: Record<string, string>; code: number; reason: string; message?: RegExp }> = [
    { name: 'malformed JSON', method: 'POST', path: cms, body: '{"metadata": {', code: 400, reason: 'BadRequest', message: /the object provided is unrecognized \(must be of type ConfigMap\)/ },
    { name: 'JSON that is not an object', method: 'POST', path: cms, body: '[1,2]', code: 400, reason: 'BadRequest' },
    { name: 'empty body', method: 'POST', path: cms, body: '', code: 400, reason: 'BadRequest' },
    { name: 'wrong kind', method: 'POST', path: cms, body: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x' } }, code: 400, reason: 'BadRequest', message: /cannot be handled as a ConfigMap/ },
    { name: 'wrong apiVersion', method: 'POST', path: cms, body: { kind: 'ConfigMap', apiVersion: 'v2', metadata: { name: 'x' } }, code: 400, reason: 'BadRequest', message: /does not match the expected API version/ },
    { name: 'metadata not an object', method: 'POST', path: cms, body: { metadata: 'x' }, code: 400, reason: 'BadRequest' },
    { name: 'huge body', method: 'POST', path: cms, body: JSON.stringify(configMap('big', { blob: 'x'.repeat(3 * 1024 * 1024 + 10) })), code: 413, reason: 'RequestEntityTooLarge', message: /Request entity too large: limit is 3145728/ },
    { name: 'invalid label selector', method: 'GET', path: `${cms}?labelSelector=${encodeURIComponent('a in (b')}`, code: 400, reason: 'BadRequest' },
    { name: 'invalid field selector', method: 'GET', path: `${cms}?fieldSelector=nope`, code: 400, reason: 'BadRequest' },
    { name: 'URL that does not decode', method: 'GET', path: '/api/v1/namespaces/%ZZ/configmaps', code: 400, reason: 'BadRequest' },
    { name: 'unknown resource', method: 'GET', path: '/api/v1/namespaces/default/gizmos', code: 404, reason: 'NotFound' },
    { name: 'unknown group', method: 'GET', path: '/apis/example.com/v1/things', code: 404, reason: 'NotFound' },
    { name: 'unknown subresource', method: 'GET', path: `${cms}/keep/exec`, code: 404, reason: 'NotFound' },
    { name: 'unsupported patch type', method: 'PATCH', path: `${cms}/keep`, body: '{}', headers: { 'content-type': 'text/plain' }, code: 415, reason: 'UnsupportedMediaType', message: /accepted media types include: application\/json-patch\+json/ },
    { name: 'unsupported create type', method: 'POST', path: cms, body: 'x', headers: { 'content-type': 'text/csv' }, code: 415, reason: 'UnsupportedMediaType' },
    { name: 'patch not JSON', method: 'PATCH', path: `${cms}/keep`, body: '{nope', headers: { 'content-type': 'application/merge-patch+json' }, code: 400, reason: 'BadRequest' },
    { name: 'apply body not YAML', method: 'PATCH', path: `${cms}/keep?fieldManager=me`, body: 'a: [', headers: { 'content-type': 'application/apply-patch+yaml' }, code: 400, reason: 'BadRequest', message: /^error decoding YAML: / },
    { name: 'json patch not a list', method: 'PATCH', path: `${cms}/keep`, body: { op: 'add' }, headers: { 'content-type': 'application/json-patch+json' }, code: 400, reason: 'BadRequest' },
    { name: 'json patch test fails', method: 'PATCH', path: `${cms}/keep`, body: [{ op: 'test', path: '/data/v', value: '2' }], headers: { 'content-type': 'application/json-patch+json' }, code: 422, reason: 'Invalid' },
    { name: 'patch of a missing object', method: 'PATCH', path: `${cms}/missing`, body: {}, headers: { 'content-type': 'application/merge-patch+json' }, code: 404, reason: 'NotFound' },
    { name: 'bad limit', method: 'GET', path: `${cms}?limit=abc`, code: 400, reason: 'BadRequest' },
    { name: 'resourceVersion from the future', method: 'GET', path: `${cms}?resourceVersion=999999999`, code: 504, reason: 'Timeout' },
  ];
  for (const c of cases) {
    const r = await s.req(c.method, c.path, c.body, c.headers);
    t.equal(r.status, c.code, `${c.name}: code (${r.text.slice(0, 200)})`);
    t.equal(r.body?.kind, 'Status', `${c.name}: a Status`);
    t.equal(r.body?.reason, c.reason, `${c.name}: reason`);
    if (c.message) t.match(r.body?.message, c.message, `${c.name}: message`);
  }
  const after = await s.req('GET', cms);
  t.equal(after.status, 200, 'still serving');
  t.equal(after.body.metadata.resourceVersion, rv, 'no bad request wrote anything');
  t.same((await s.req('GET', `${cms}/keep`)).body.data, { v: '1' });
});

t.test('unknown fields: dropped by default (Warn/Ignore), refused under Strict', async (t) => {
  const s = await startTestServer(t);
  const body = { metadata: { name: 'u', labelz: { a: 'b' } }, data: { k: 'v' }, bogus: true };
  const warn = await s.req('POST', cms, body);
  t.equal(warn.status, 201, warn.text);
  t.notOk('bogus' in warn.body, 'top-level unknown field dropped');
  t.notOk('labelz' in warn.body.metadata, 'unknown metadata field dropped');
  t.same((await s.req('GET', `${cms}/u`)).body.data, { k: 'v' });
  const strict = await s.req('POST', `${cms}?fieldValidation=Strict`, { ...body, metadata: { name: 'v' } });
  t.equal(strict.status, 400);
  t.equal(strict.body.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"');
});

t.test('values of the wrong JSON type are refused as Go decoding would, on create and patch', async (t) => {
  const s = await startTestServer(t);
  const c = await s.req('POST', cms, { metadata: { name: 'typed', labels: { a: 1 } } });
  t.equal(c.status, 400);
  t.equal(c.body.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
  t.equal((await s.req('GET', `${cms}/typed`)).status, 404, 'not stored');
  await s.req('POST', cms, configMap('typed'));
  const p = await s.req('PATCH', `${cms}/typed`, { data: { n: 5 } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(p.status, 400);
  t.match(p.body.message, /json: cannot unmarshal number into Go struct field ConfigMap.data of type string/);
  t.same((await s.req('GET', `${cms}/typed`)).body.data, {}, 'stored object unchanged');
});
