import t from 'tap';
import { builtinKinds, builtinProtobuf } from '../kinds/index.js';
import { apiVersionOf } from '../resources.js';
import { SchemaRegistry, parseField } from './schema.js';

const schemas = builtinProtobuf().tables;

t.test('every table compiles and names only known messages', async (t) => {
  for (const name of schemas.names()) {
    t.doesNotThrow(() => schemas.table(name), name);
  }
});

// Served in JSON only (a protobuf body is refused, as kube refuses an unregistered kind):
// ControllerRevision's `data` is a RawExtension, which no table here decodes; controllers write it.
const jsonOnly = new Set(['apps/v1 ControllerRevision']);

t.test('every registered kind has a table whose metadata is ObjectMeta', async (t) => {
  for (const { resource } of builtinKinds) {
    if (jsonOnly.has(`${apiVersionOf(resource)} ${resource.kind}`)) continue;
    const apiVersion = apiVersionOf(resource);
    const message = builtinProtobuf().message(apiVersion, resource.kind);
    t.ok(message, `${apiVersion} ${resource.kind} is registered`);
    const meta = schemas.table(message!).get(1);
    t.equal(meta?.name, 'metadata', `${apiVersion} ${resource.kind}`);
    t.same(meta?.value, { kind: 'message', type: 'ObjectMeta' }, `${apiVersion} ${resource.kind}`);
  }
  t.equal(builtinProtobuf().message('autoscaling/v1', 'Scale'), 'autoscaling.Scale');
});

t.test('JSON names are unique within a table', async (t) => {
  for (const name of schemas.names()) {
    const names = [...schemas.table(name).values()].filter((f) => !f.inline).map((f) => f.name);
    t.equal(new Set(names).size, names.length, name);
  }
});

t.test('parseField reads the notation', async (t) => {
  const known = (n: string) => n === 'ObjectMeta' || n === 'apps.DeploymentSpec';
  const cases = [
    { given: 'name: string', want: { name: 'name', inline: false, repeated: false, map: false, keepZero: false, value: { kind: 'scalar', type: 'string' } } },
    { given: 'replicas: int32!', want: { name: 'replicas', keepZero: true, value: { kind: 'scalar', type: 'int32' } } },
    { given: 'finalizers: []string', want: { repeated: true, map: false, value: { kind: 'scalar', type: 'string' } } },
    { given: 'labels: map[string]', want: { repeated: false, map: true, value: { kind: 'scalar', type: 'string' } } },
    { given: 'capacity: map[Quantity]', want: { map: true, value: { kind: 'wrapper', type: 'Quantity' } } },
    { given: 'spec: apps.DeploymentSpec', want: { value: { kind: 'message', type: 'apps.DeploymentSpec' } } },
    { given: '...: ObjectMeta', want: { name: '', inline: true } },
  ];
  for (const c of cases) t.match(parseField(c.given, known), c.want, c.given);
});

t.test('parseField rejects what it cannot mean', async (t) => {
  const known = (n: string) => n === 'ObjectMeta';
  const cases = [
    // No space after the colon: the notation is strict so that tables read alike.
    { given: 'name:string', want: /malformed schema entry/ },
    { given: 'name: Missing', want: /names unknown message Missing/ },
    // A map or list cannot be inlined; neither can a scalar.
    { given: '...: []ObjectMeta', want: /only a single message can be inlined/ },
    { given: '...: string', want: /only a single message can be inlined/ },
    { given: 'x: map[string', want: /malformed schema entry/ },
    { given: 'x: []string]', want: /malformed schema entry/ },
  ];
  for (const c of cases) t.throws(() => parseField(c.given, known), c.want, c.given);
});

t.test('a registry names the message a bad table belongs to only when it is used', async (t) => {
  const r = new SchemaRegistry({ Good: { 1: 'a: string' }, Bad: { 1: 'b: Nowhere' } });
  t.equal(r.table('Good').get(1)?.name, 'a');
  t.throws(() => r.table('Bad'), /names unknown message Nowhere/);
  t.throws(() => r.table('Absent'), /no schema table for message Absent/);
});
