import t from 'tap';
import { configMap, kubectl, startTestServer, writeManifest, type TestServer } from './harness.js';

const cms = '/api/v1/namespaces/default/configmaps';
const svcs = '/api/v1/namespaces/default/services';
const merge = { 'content-type': 'application/merge-patch+json' };
const strategic = { 'content-type': 'application/strategic-merge-patch+json' };
const jsonPatch = { 'content-type': 'application/json-patch+json' };
const apply = { 'content-type': 'application/apply-patch+yaml' };

/** kube's Invalid for a strict patch: no kind or name, one cause on field `patch`. */
function strictPatchStatus(value: string, fields: string[]) {
  const body = `Invalid value: ${JSON.stringify(value)}: strict decoding error: ${fields.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`;
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422,
    message: ` "" is invalid: patch: ${body}`,
    details: { causes: [{ reason: 'FieldValueInvalid', message: body, field: 'patch' }] },
  };
}

async function service(s: TestServer, name: string) {
  const r = await s.req('POST', svcs, { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
  if (r.status !== 201) throw new Error(r.text);
  return r.body;
}

t.test('fieldValidation=Strict refuses unknown fields on JSON, merge and strategic merge patches', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('c', { a: 'b' }));
  await service(s, 'web');
  const before = (await s.req('GET', `${cms}/c`)).body;
  const rv = (await s.req('GET', cms)).body.metadata.resourceVersion;

  t.test('merge patch: the value is the patched document, top-level keys sorted', async (t) => {
    const r = await s.req('PATCH', `${cms}/c?fieldValidation=Strict`, { bogus: 1 }, merge);
    t.equal(r.status, 422, r.text);
    const value = /^ "" is invalid: patch: Invalid value: ("(?:[^"\\]|\\.)*"): strict decoding error: /.exec(r.body.message)?.[1];
    t.ok(value, r.body.message);
    const doc = JSON.parse(JSON.parse(value!));
    t.same(Object.keys(doc), ['apiVersion', 'bogus', 'data', 'kind', 'metadata'], 'sorted as kube marshals its patch document');
    t.same(doc, { ...before, bogus: 1 }, 'the stored object with the patch applied');
    t.same(r.body, strictPatchStatus(JSON.parse(value!), ['bogus']));
  });
  t.test('strategic merge patch: the value is the patch as Go prints a map', async (t) => {
    const r = await s.req('PATCH', `${svcs}/web?fieldValidation=Strict`, { spec: { bogusField: 1, ports: [{ port: 80, nodeport: 2 }] } }, strategic);
    t.equal(r.status, 422, r.text);
    t.same(r.body, strictPatchStatus('map[spec:map[bogusField:1 ports:[map[nodeport:2 port:80]]]]', ['spec.bogusField', 'spec.ports[0].nodeport']));
  });
  t.test('JSON patch', async (t) => {
    const r = await s.req('PATCH', `${cms}/c?fieldValidation=Strict`, [{ op: 'add', path: '/metadata/labelz', value: {} }], jsonPatch);
    t.equal(r.status, 422, r.text);
    t.match(r.body.message, /: strict decoding error: unknown field "metadata\.labelz"$/);
  });
  t.test('a patch with known fields only passes', async (t) => {
    const r = await s.req('PATCH', `${cms}/c?fieldValidation=Strict`, { data: { a: 'c' } }, merge);
    t.equal(r.status, 200, r.text);
    t.equal(r.headers.get('warning'), null);
  });
  t.test('nothing refused was stored', async (t) => {
    const svc = (await s.req('GET', `${svcs}/web`)).body;
    t.notOk('bogusField' in svc.spec);
    t.notOk('bogus' in (await s.req('GET', `${cms}/c`)).body);
    t.equal(Number((await s.req('GET', cms)).body.metadata.resourceVersion), Number(rv) + 1, 'only the valid patch wrote');
  });
});

t.test('Warn (the default) and Ignore drop unknown patched fields; Warn says so in a Warning header', async (t) => {
  const s = await startTestServer(t);
  await s.req('POST', cms, configMap('c', { a: 'b' }));
  const cases = [
    { name: 'no parameter is Warn', query: '', warning: '299 - "unknown field \\"bogus\\""' },
    { name: 'Warn', query: '?fieldValidation=Warn', warning: '299 - "unknown field \\"bogus\\""' },
    { name: 'Ignore', query: '?fieldValidation=Ignore', warning: null },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const r = await s.req('PATCH', `${cms}/c${c.query}`, { bogus: 1, data: { n: c.name } }, merge);
      t.equal(r.status, 200, r.text);
      t.equal(r.headers.get('warning'), c.warning);
      t.notOk('bogus' in r.body, 'dropped from the answer');
      const stored = (await s.req('GET', `${cms}/c`)).body;
      t.notOk('bogus' in stored, 'and from the store');
      t.same(stored.data, { a: 'b', n: c.name }, 'the known part of the patch applied');
    });
  }
  t.test('create and update warn the same way, one header per field', async (t) => {
    const r = await s.req('POST', cms, { ...configMap('w'), bogus: 1, metadata: { name: 'w', labelz: {} } });
    t.equal(r.status, 201, r.text);
    t.equal(r.headers.get('warning'), '299 - "unknown field \\"metadata.labelz\\"", 299 - "unknown field \\"bogus\\""', 'in document order');
    const u = await s.req('PUT', `${cms}/w`, { ...configMap('w'), bogus: 2 });
    t.equal(u.status, 200, u.text);
    t.equal(u.headers.get('warning'), '299 - "unknown field \\"bogus\\""');
    const i = await s.req('PUT', `${cms}/w?fieldValidation=Ignore`, { ...configMap('w'), bogus: 3 });
    t.equal(i.headers.get('warning'), null);
  });
  t.test('an unsupported value is refused as kube validates PatchOptions', async (t) => {
    const r = await s.req('PATCH', `${cms}/c?fieldValidation=Loud`, { data: { x: 'y' } }, merge);
    t.equal(r.status, 422, r.text);
    t.equal(r.body.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loud": supported values: "", "Ignore", "Strict", "Warn"');
  });
});

t.test('server-side apply refuses undeclared fields whatever fieldValidation says (the field manager 500)', async (t) => {
  const s = await startTestServer(t);
  await service(s, 'exists');
  const cases = [
    { name: 'apply that would create', obj: 'fresh', query: 'fieldValidation=Strict' },
    { name: 'apply to an existing object', obj: 'exists', query: 'fieldValidation=Strict' },
    { name: 'Ignore changes nothing', obj: 'exists', query: 'fieldValidation=Ignore' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const body = { apiVersion: 'v1', kind: 'Service', metadata: { name: c.obj, namespace: 'default' }, spec: { ports: [{ port: 80 }], bogusField: 1 } };
      const r = await s.req('PATCH', `${svcs}/${c.obj}?fieldManager=m&${c.query}`, JSON.stringify(body), apply);
      t.equal(r.status, 500, r.text);
      t.same(r.body, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 500,
        message: `failed to create typed patch object (default/${c.obj}; /v1, Kind=Service): .spec.bogusField: field not declared in schema`,
      });
    });
  }
  t.test('nothing was written', async (t) => {
    t.equal((await s.req('GET', `${svcs}/fresh`)).status, 404, 'nothing created');
    t.notOk('bogusField' in (await s.req('GET', `${svcs}/exists`)).body.spec, 'nothing stored');
  });
});

t.test('the real kubectl gets what it gets from kube', async (t) => {
  const s = await startTestServer(t);
  const svc = writeManifest(s, 'svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n  bogusField: 1\n');
  const ssa = await kubectl(s, ['apply', '--server-side', '-f', svc]);
  t.not(ssa.code, 0);
  t.match(ssa.stderr, 'Error from server: failed to create typed patch object (default/web; /v1, Kind=Service): .spec.bogusField: field not declared in schema');
  t.equal((await s.req('GET', `${svcs}/web`)).status, 404, 'apply --server-side stored nothing');

  t.equal((await kubectl(s, ['create', 'configmap', 'c', '--from-literal=a=b'])).code, 0);
  const patch = await kubectl(s, ['patch', 'configmap', 'c', '--type', 'merge', '-p', '{"bogus":1}']);
  t.equal(patch.code, 0, 'kubectl patch sends no fieldValidation: Warn');
  t.match(patch.stderr, 'Warning: unknown field "bogus"');

  const cm = writeManifest(s, 'cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {a: b}\nbogus: 1\n');
  const csa = await kubectl(s, ['apply', '-f', cm]);
  t.not(csa.code, 0, 'client-side apply sends a strategic merge patch with fieldValidation=Strict');
  t.match(csa.stderr, /The request is invalid: patch: Invalid value: "map\[bogus:1 metadata:map\[annotations:map\[kubectl.kubernetes.io\/last-applied-configuration:.*\]\]\]": strict decoding error: unknown field "bogus"/);
  const warn = await kubectl(s, ['apply', '--validate=warn', '-f', cm]);
  t.equal(warn.code, 0, warn.stderr);
  t.match(warn.stderr, 'Warning: unknown field "bogus"');
  t.notOk('bogus' in (await s.req('GET', `${cms}/c`)).body);
});
