/**
 * v1 Secrets, served through the scheme (one descriptor, one strategy): kubectl's protobuf
 * create, stringData folded into data, the Opaque default, kube's validation (keys, size, the
 * built-in types' required keys, immutable), the NAME TYPE DATA AGE table and `type` field
 * selection.
 */
import t from 'tap';
import { kubectl, startTestServer } from './harness.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const path = '/api/v1/namespaces/default/secrets';
const secret = (name: string, o: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name }, ...o });

t.test('kubectl create secret generic (protobuf) and kubectl get', async (t) => {
  const s = await startTestServer(t);
  const created = await kubectl(s, ['create', 'secret', 'generic', 'db', '--from-literal=user=admin', '--from-literal=pass=s3cret']);
  t.equal(created.code, 0, created.stderr);
  t.equal(created.stdout, 'secret/db created\n');
  const stored = (await s.req('GET', `${path}/db`)).body;
  t.same(stored.data, { pass: b64('s3cret'), user: b64('admin') });
  t.equal(stored.type, 'Opaque');

  const tls = await kubectl(s, ['create', 'secret', 'docker-registry', 'reg', '--docker-server=r.example', '--docker-username=u', '--docker-password=p']);
  t.equal(tls.code, 0, tls.stderr);
  const got = await kubectl(s, ['get', 'secrets']);
  t.equal(got.code, 0, got.stderr);
  t.match(got.stdout, /^NAME\s+TYPE\s+DATA\s+AGE\n/);
  t.match(got.stdout, /\ndb\s+Opaque\s+2\s+\d+s\n/);
  t.match(got.stdout, /\nreg\s+kubernetes\.io\/dockerconfigjson\s+1\s+\d+s\n/);
  const selected = await kubectl(s, ['get', 'secrets', '--field-selector=type=Opaque', '-o', 'name']);
  t.equal(selected.stdout, 'secret/db\n');
  const badField = await kubectl(s, ['get', 'secrets', '--field-selector=data=x']);
  t.match(badField.stderr, /field label not supported: data/);
});

t.test('stringData is merged into data and never stored', async (t) => {
  const s = await startTestServer(t);
  const r = await s.req('POST', path, secret('mixed', { data: { a: b64('old'), b: b64('keep') }, stringData: { a: 'new', c: 'ç' } }));
  t.equal(r.status, 201, r.text);
  t.same(r.body.data, { a: b64('new'), b: b64('keep'), c: b64('ç') }, 'stringData wins over data');
  t.notOk('stringData' in r.body);
  const patched = await s.req('PATCH', `${path}/mixed`, { stringData: { d: 'x' } }, { 'content-type': 'application/merge-patch+json' });
  t.equal(patched.status, 200, patched.text);
  t.same(Object.keys(patched.body.data).sort(), ['a', 'b', 'c', 'd']);
  t.notOk('stringData' in patched.body);
});

t.test('kube validation, 422 with its causes', async (t) => {
  const s = await startTestServer(t);
  const cases: Array<{ name: string; body: unknown; causes: Array<{ field: string; message: RegExp }> }> = [
    { name: 'bad key', body: secret('k', { data: { 'bad key!': b64('x') } }), causes: [{ field: 'data[bad key!]', message: /a valid config key must consist of alphanumeric characters/ }] },
    // edge: `..` names the parent directory when the Secret is mounted as a volume
    { name: 'dot-dot key', body: secret('dd', { stringData: { '..x': 'v' } }), causes: [{ field: 'data[..x]', message: /must not start with '\.\.'/ }] },
    // edge: 1 MiB + 1 byte of decoded data, just over MaxSecretSize
    { name: 'too big', body: secret('big', { data: { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }), causes: [{ field: 'data', message: /Too long: may not be more than 1048576 bytes/ }] },
    { name: 'tls without keys', body: secret('t', { type: 'kubernetes.io/tls', data: {} }), causes: [{ field: 'data[tls.key]', message: /Required value/ }, { field: 'data[tls.crt]', message: /Required value/ }] },
    { name: 'basic-auth without both', body: secret('ba', { type: 'kubernetes.io/basic-auth' }), causes: [{ field: 'data[username]', message: /Required value/ }, { field: 'data[password]', message: /Required value/ }] },
    { name: 'ssh-auth without its key', body: secret('ssh', { type: 'kubernetes.io/ssh-auth', stringData: { other: 'x' } }), causes: [{ field: 'data[ssh-privatekey]', message: /Required value/ }] },
    { name: 'dockerconfigjson that is not JSON', body: secret('dc', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{nope' } }), causes: [{ field: 'data[.dockerconfigjson]', message: /Invalid value: "<secret contents redacted>": invalid character 'n' looking for beginning of object key string/ }] },
    { name: 'service account token without the annotation', body: secret('sa', { type: 'kubernetes.io/service-account-token' }), causes: [{ field: 'metadata.annotations[kubernetes.io/service-account.name]', message: /Required value/ }] },
  ];
  for (const c of cases) {
    const r = await s.req('POST', path, c.body);
    t.equal(r.status, 422, `${c.name}: ${r.text}`);
    t.equal(r.body.reason, 'Invalid', c.name);
    t.match(r.body.details.causes, c.causes, c.name);
  }
  // basic-auth with only a password is valid: either key may be there
  t.equal((await s.req('POST', path, secret('ba-ok', { type: 'kubernetes.io/basic-auth', stringData: { password: '' } }))).status, 201);
  const bad64 = await s.req('POST', path, secret('b64', { data: { a: 'not base64!' } }));
  t.equal(bad64.status, 400, bad64.text);
  t.match(bad64.body.message, /illegal base64 data at input byte/);
});

t.test('type and immutable data cannot change', async (t) => {
  const s = await startTestServer(t);
  t.equal((await s.req('POST', path, secret('frozen', { data: { a: b64('1') }, immutable: true }))).status, 201);
  const merge = { 'content-type': 'application/merge-patch+json' };
  const data = await s.req('PATCH', `${path}/frozen`, { data: { a: b64('2') } }, merge);
  t.equal(data.status, 422, data.text);
  t.match(data.body.message, /data: Forbidden: field is immutable when `immutable` is set/);
  const unfreeze = await s.req('PATCH', `${path}/frozen`, { immutable: false }, merge);
  t.match(unfreeze.body.message, /immutable: Forbidden: field is immutable when `immutable` is set/);
  const labels = await s.req('PATCH', `${path}/frozen`, { metadata: { labels: { a: 'b' } } }, merge);
  t.equal(labels.status, 200, 'metadata may still change');
  const type = await s.req('PATCH', `${path}/frozen`, { type: 'Other' }, merge);
  t.equal(type.status, 422);
  t.match(type.body.message, /type: Invalid value: "Other": field is immutable/);
});
