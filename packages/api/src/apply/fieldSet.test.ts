import t from 'tap';
import { fieldElement as f, keyElement, pathString } from './fieldPath.js';
import { FieldSet } from './fieldSet.js';

const port80 = keyElement([['port', 80], ['protocol', 'TCP']]);
const set = (...paths: string[]) => FieldSet.of(...paths.map((p) => p.split('.').map((x) => (x === 'k80' ? port80 : f(x)))));
const strings = (s: FieldSet) => s.paths().map(pathString);

t.test('fieldsV1: "." marks a node that is a member and has children', async (t) => {
  const s = set('metadata.annotations', 'metadata.annotations.x', 'spec.ports', 'spec.ports.k80', 'spec.ports.k80.port', 'spec.selector');
  const wire = {
    'f:metadata': { 'f:annotations': { '.': {}, 'f:x': {} } },
    'f:spec': { 'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} } }, 'f:selector': {} },
  };
  t.same(s.toFieldsV1(), wire);
  t.same(JSON.stringify(s.toFieldsV1()), JSON.stringify(wire), 'members and children interleaved in element order, "." first');
  t.same(strings(FieldSet.fromFieldsV1(wire)), strings(s), 'round trip');
});

t.test('fromFieldsV1 rejects what is not a field set', async (t) => {
  t.throws(() => FieldSet.fromFieldsV1([]), /expected an object/);
  t.throws(() => FieldSet.fromFieldsV1({ 'f:a': 1 }), /expected an object at f:a/);
  t.throws(() => FieldSet.fromFieldsV1({ 'q:a': {} }), /unknown path element type/);
});

t.test('iteration: a node\'s members before its children', async (t) => {
  t.same(strings(set('spec.template.x', 'spec.replicas', 'metadata.labels.a', 'apiVersion')), [
    '.apiVersion',
    '.metadata.labels.a',
    '.spec.replicas',
    '.spec.template.x',
  ]);
});

t.test('set algebra', async (t) => {
  const a = set('spec', 'spec.a', 'spec.b', 'data.x');
  const b = set('spec.b', 'spec.c', 'data');
  const cases = [
    { name: 'union', got: a.union(b), want: ['.data', '.spec', '.data.x', '.spec.a', '.spec.b', '.spec.c'] },
    { name: 'intersection', got: a.intersection(b), want: ['.spec.b'] },
    // edge: difference removes exact members only; .data in b leaves .data.x alone
    { name: 'difference', got: a.difference(b), want: ['.spec', '.data.x', '.spec.a'] },
    // edge: recursiveDifference also drops everything below b's members
    { name: 'recursiveDifference', got: a.recursiveDifference(b), want: ['.spec', '.spec.a'] },
  ];
  for (const c of cases) t.same(strings(c.got), c.want, c.name);
  t.same(strings(a), ['.spec', '.data.x', '.spec.a', '.spec.b'], 'operands untouched');
});

t.test('has, withPrefix, isEmpty', async (t) => {
  const s = set('spec.ports.k80.port');
  t.ok(s.has([f('spec'), f('ports'), port80, f('port')]));
  t.notOk(s.has([f('spec'), f('ports')]), 'an ancestor is not a member');
  t.notOk(s.has([]), 'the empty path is never a member');
  t.same(strings(s.withPrefix(f('spec'))), ['.ports[port=80,protocol="TCP"].port']);
  t.ok(s.withPrefix(f('status')).isEmpty());
  t.ok(FieldSet.of([]).isEmpty(), 'inserting the empty path is a no-op');
});

t.test('ensureNamedFieldsAreMembers: field ancestors become members, list items do not', async (t) => {
  t.same(strings(set('spec.ports.k80.port').ensureNamedFieldsAreMembers()), ['.spec', '.spec.ports', '.spec.ports[port=80,protocol="TCP"].port']);
});
