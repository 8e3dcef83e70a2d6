import t from 'tap';
import { configMap, kubectl, startTestServer, writeManifest } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';
const keyRule = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const immutableRule = 'Forbidden: field is immutable when `immutable` is set';

/** kube's 422 for a ConfigMap, one cause per [field, body]. */
function invalid(name: string, causes: Array<[string, string, string]>) {
  const joined = causes.map(([f, , body]) => `${f}: ${body}`);
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422,
    message: `ConfigMap "${name}" is invalid: ${joined.length === 1 ? joined[0] : `[${joined.join(', ')}]`}`,
    details: { name, kind: 'ConfigMap', causes: causes.map(([field, reason, message]) => ({ reason, message, field })) },
  };
}

t.test('ConfigMaps are validated as kube validates them, on every verb', async (t) => {
  const s = await startTestServer(t);
  const rv = (await s.req('GET', cms)).body.metadata.resourceVersion;
  const cases = [
    {
      name: 'a bad data key', body: configMap('bad', { 'bad key!': 'v' }),
      want: invalid('bad', [['data[bad key!]', 'FieldValueInvalid', `Invalid value: "bad key!": ${keyRule}`]]),
    },
    {
      name: "a '..' key in binaryData", body: { ...configMap('dots'), binaryData: { '..x': 'AA==' } },
      want: invalid('dots', [['binaryData[..x]', 'FieldValueInvalid', `Invalid value: "..x": must not start with '..'`]]),
    },
    {
      name: 'a key in data and binaryData', body: { ...configMap('dup', { same: 'v' }), binaryData: { same: 'AA==' } },
      want: invalid('dup', [['data[same]', 'FieldValueInvalid', 'Invalid value: "same": duplicate of key present in binaryData']]),
    },
    {
      // edge: 1 MiB + 1 byte, under the 3 MiB body limit
      name: 'over 1 MiB', body: configMap('big', { a: 'x'.repeat(1024 * 1024 + 1) }),
      want: invalid('big', [['[]', 'FieldValueTooLong', 'Too long: may not be more than 1048576 bytes']]),
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const r = await s.req('POST', cms, c.body);
      t.equal(r.status, 422, r.text.slice(0, 300));
      t.same(r.body, c.want);
    });
  }
  t.test('binaryData must be base64 (a decoding 400)', async (t) => {
    const r = await s.req('POST', cms, { ...configMap('b64'), binaryData: { k: 'not base64!' } });
    t.equal(r.status, 400, r.text);
    t.same(r.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400,
      message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 3',
    });
  });
  t.test('updates and patches are held to the same rules', async (t) => {
    t.equal((await s.req('POST', cms, configMap('good', { a: '1' }))).status, 201);
    const put = await s.req('PUT', `${cms}/good`, configMap('good', { 'a b': '1' }));
    t.same(put.body, invalid('good', [['data[a b]', 'FieldValueInvalid', `Invalid value: "a b": ${keyRule}`]]));
    const patch = await s.req('PATCH', `${cms}/good`, { data: { 'c d': '1' } }, { 'content-type': 'application/merge-patch+json' });
    t.same(patch.body, invalid('good', [['data[c d]', 'FieldValueInvalid', `Invalid value: "c d": ${keyRule}`]]));
    const apply = await s.req('PATCH', `${cms}/fresh?fieldManager=m`, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fresh' }, data: { 'e f': '1' } }), { 'content-type': 'application/apply-patch+yaml' });
    t.same(apply.body, invalid('fresh', [['data[e f]', 'FieldValueInvalid', `Invalid value: "e f": ${keyRule}`]]), 'an apply that creates');
    t.same((await s.req('GET', `${cms}/good`)).body.data, { a: '1' });
  });
  t.test('nothing refused was stored', async (t) => {
    t.equal(Number((await s.req('GET', cms)).body.metadata.resourceVersion), Number(rv) + 1, 'only the good ConfigMap was written');
  });
});

t.test('immutable ConfigMaps', async (t) => {
  const s = await startTestServer(t);
  t.equal((await s.req('POST', cms, { ...configMap('imm', { a: '1' }), immutable: true })).status, 201);
  const merge = { 'content-type': 'application/merge-patch+json' };
  const cases = [
    { name: 'data', patch: { data: { a: '2' } }, want: [['data', 'FieldValueForbidden', immutableRule]] as Array<[string, string, string]> },
    { name: 'binaryData', patch: { binaryData: { b: 'AA==' } }, want: [['binaryData', 'FieldValueForbidden', immutableRule]] as Array<[string, string, string]> },
    { name: 'immutable itself', patch: { immutable: false }, want: [['immutable', 'FieldValueForbidden', immutableRule]] as Array<[string, string, string]> },
    { name: 'everything', patch: { immutable: null, data: null }, want: [['immutable', 'FieldValueForbidden', immutableRule], ['data', 'FieldValueForbidden', immutableRule]] as Array<[string, string, string]> },
  ];
  for (const c of cases) {
    const r = await s.req('PATCH', `${cms}/imm`, c.patch, merge);
    t.equal(r.status, 422, c.name);
    t.same(r.body, invalid('imm', c.want), c.name);
  }
  const labels = await s.req('PATCH', `${cms}/imm`, { metadata: { labels: { x: 'y' } } }, merge);
  t.equal(labels.status, 200, 'metadata may still change');
  t.equal((await s.req('DELETE', `${cms}/imm`)).status, 200, 'and it can be deleted');
});

t.test('kubectl sees kube’s errors', async (t) => {
  const s = await startTestServer(t);
  const bad = writeManifest(s, 'bad.yaml', "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\ndata:\n  'bad key!': v\n");
  const r = await kubectl(s, ['apply', '-f', bad]);
  t.not(r.code, 0);
  t.match(r.stderr, `The ConfigMap "bad" is invalid: data[bad key!]: Invalid value: "bad key!": ${keyRule}`);
  const b64 = writeManifest(s, 'b64.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b64\nbinaryData:\n  k: not-base64\n');
  const c = await kubectl(s, ['create', '-f', b64]);
  t.match(c.stderr, 'Error from server (BadRequest): error when creating "' + b64 + '": ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 3');
  t.equal((await kubectl(s, ['create', 'configmap', 'imm', '--from-literal=a=1'])).code, 0);
  t.equal((await kubectl(s, ['patch', 'configmap', 'imm', '-p', '{"immutable":true}'])).code, 0);
  const p = await kubectl(s, ['patch', 'configmap', 'imm', '-p', '{"data":{"a":"2"}}']);
  t.match(p.stderr, 'The ConfigMap "imm" is invalid: data: Forbidden: field is immutable when `immutable` is set');
});
