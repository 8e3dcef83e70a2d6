import t from 'tap';
import { newBuiltinScheme } from '../kinds/index.js';
import { WireReader } from '../protobuf/wireReader.js';
import type { Schema } from './schema.js';
import { openapiV2Served, schemaToV2 } from './v2Document.js';
import { openapiV2Protobuf } from './v2Protobuf.js';

const ref = (n: string) => `#/components/schemas/${n}`;

t.test('schemaToV2 writes what kube-openapi writes in swagger.json', async (t) => {
  const cases: Array<{ name: string; v3: Schema; v2: Schema }> = [
    { name: 'a plain ref', v3: { $ref: ref('A') }, v2: { $ref: '#/definitions/A' } },
    { name: 'a wrapped ref keeps its description, loses default {}', v3: { allOf: [{ $ref: ref('A') }], default: {}, description: 'd' }, v2: { description: 'd', $ref: '#/definitions/A' } },
    { name: 'array items', v3: { type: 'array', items: { allOf: [{ $ref: ref('P') }], default: {} } }, v2: { type: 'array', items: { $ref: '#/definitions/P' } } },
    { name: 'a map of refs', v3: { type: 'object', additionalProperties: { $ref: ref('Q') } }, v2: { type: 'object', additionalProperties: { $ref: '#/definitions/Q' } } },
    { name: 'IntOrString', v3: { description: 'i', format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }, v2: { description: 'i', format: 'int-or-string', type: 'string' } },
    { name: 'nested properties and extensions', v3: { type: 'object', properties: { a: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } } }, v2: { type: 'object', properties: { a: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } } } },
  ];
  for (const c of cases) t.same(schemaToV2(c.v3), c.v2, c.name);
});

t.test('the served document covers every kind, once per scheme generation', async (t) => {
  const scheme = newBuiltinScheme();
  const served = openapiV2Served(scheme);
  t.equal(openapiV2Served(scheme), served, 'cached');
  for (const r of scheme.resources()) {
    const gvk = Object.values(served.doc.definitions).some((d) => d['x-kubernetes-group-version-kind']?.some((g) => g.group === r.group && g.version === r.version && g.kind === r.kind));
    t.ok(gvk, `${r.group}/${r.version} ${r.kind} has a definition`);
  }
  t.notMatch(served.json, /#\/components\/schemas\//, 'no v3 reference left');
  t.match(served.etag, /^[0-9A-F]{128}$/);
});

/** Field numbers and names of length-delimited fields at the top of a message. */
function fields(bytes: Uint8Array): Array<{ field: number; bytes: Uint8Array }> {
  const r = new WireReader(bytes);
  const out: Array<{ field: number; bytes: Uint8Array }> = [];
  while (!r.done) {
    const { field, wireType } = r.tag();
    if (wireType === 2) out.push({ field, bytes: r.bytes() });
    else r.skip(wireType, field);
  }
  return out;
}

t.test('the protobuf form is gnostic openapi_v2.Document', async (t) => {
  const doc = { swagger: '2.0' as const, info: { title: 'Kubernetes', version: 'unversioned' }, paths: {}, definitions: { 'x.A': { description: 'A thing', type: 'object' as const, required: ['n'], properties: { n: { type: 'string' as const } }, 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'A' }] } } };
  const top = fields(openapiV2Protobuf(doc));
  t.same(top.map((f) => f.field), [1, 2, 8, 9], 'swagger, info, paths, definitions in field order');
  t.equal(Buffer.from(top[0]!.bytes).toString(), '2.0');
  const info = fields(top[1]!.bytes);
  t.same(info.map((f) => Buffer.from(f.bytes).toString()), ['Kubernetes', 'unversioned']);
  const named = fields(fields(top[3]!.bytes)[0]!.bytes);
  t.equal(Buffer.from(named[0]!.bytes).toString(), 'x.A');
  const schema = fields(named[1]!.bytes);
  t.same(schema.map((f) => f.field), [4, 19, 22, 25, 31], 'description, required, type, properties, vendor_extension');
  const ext = fields(schema[4]!.bytes);
  t.equal(Buffer.from(ext[0]!.bytes).toString(), 'x-kubernetes-group-version-kind');
  t.same(JSON.parse(Buffer.from(fields(ext[1]!.bytes)[0]!.bytes).toString()), [{ group: '', version: 'v1', kind: 'A' }], 'Any.yaml holds the value');
  const deep: Schema = {};
  let at = deep;
  for (let i = 0; i < 150; i++) at = at.items = {};
  t.throws(() => openapiV2Protobuf({ ...doc, definitions: { deep } }), /nested deeper than 100/, 'depth is bounded');
});
