import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { applySchemaFor } from './applySchema.js';
import { pathString } from './fieldPath.js';
import type { FieldSet } from './fieldSet.js';
import { ApplyTypeError, compare, toFieldSet, withZeroFields } from './typedWalk.js';

const strings = (s: FieldSet) => s.paths().map(pathString).sort();
const service = applySchemaFor('Service');
const deployment = applySchemaFor('Deployment');

t.test('toFieldSet of applied configurations', async (t) => {
  const cases: Array<{ name: string; kind: string; config: unknown; want: string[] }> = [
    {
      name: 'service: list-map items are members, atomic selector is a leaf',
      kind: 'Service',
      config: { spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
      // edge: protocol is absent but defaults to TCP in the key (+default="TCP")
      want: ['.spec.ports[port=80,protocol="TCP"]', '.spec.ports[port=80,protocol="TCP"].port', '.spec.ports[port=80,protocol="TCP"].targetPort', '.spec.selector'],
    },
    {
      name: 'configmap: data entries are map entries',
      kind: 'ConfigMap',
      config: { metadata: { name: 'c', labels: { a: '1' } }, data: { k: 'v' } },
      want: ['.data.k', '.metadata.labels.a', '.metadata.name'],
    },
    {
      name: 'deployment: containers by name, container ports by containerPort+protocol, atomic label selector',
      kind: 'Deployment',
      config: { spec: { selector: { matchLabels: { app: 'a' } }, template: { spec: { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }], args: ['x'] }] } } } },
      want: [
        '.spec.selector',
        '.spec.template.spec.containers[name="c"]',
        '.spec.template.spec.containers[name="c"].args',
        '.spec.template.spec.containers[name="c"].image',
        '.spec.template.spec.containers[name="c"].name',
        '.spec.template.spec.containers[name="c"].ports[containerPort=80,protocol="TCP"]',
        '.spec.template.spec.containers[name="c"].ports[containerPort=80,protocol="TCP"].containerPort',
      ],
    },
    { name: 'finalizers are a set', kind: 'ConfigMap', config: { metadata: { finalizers: ['a/b'] } }, want: ['.metadata.finalizers[="a/b"]'] },
    // edge: an empty struct owns nothing, an explicit null is owned
    { name: 'empty struct and null', kind: 'Service', config: { spec: {}, metadata: { labels: null } }, want: ['.metadata.labels'] },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => t.same(strings(toFieldSet(deepFreeze(c.config), applySchemaFor(c.kind))), c.want));
  }
});

t.test('list items that cannot be identified', async (t) => {
  const cases = [
    { name: 'list-map item without its key', config: { spec: { ports: [{ name: 'http' }] } }, msg: '.spec.ports: element 0: associative list with keys has an element that omits key field "port" (and doesn\'t have default value)' },
    { name: 'list-map item that is not an object', config: { spec: { ports: [80] } }, msg: '.spec.ports: element 0: associative list with keys may not have non-map elements' },
    { name: 'set holding an object', config: { metadata: { finalizers: [{}] } }, msg: ".metadata.finalizers: element 0: associative list without keys has an element that's a map type" },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.throws(() => toFieldSet(c.config, service), new ApplyTypeError(c.msg));
    });
  }
});

t.test('compare', async (t) => {
  const cases: Array<{ name: string; lhs: unknown; rhs: unknown; added?: string[]; removed?: string[]; modified?: string[] }> = [
    { name: 'leaf changes', lhs: { spec: { type: 'A', x: 1 } }, rhs: { spec: { type: 'B', y: 2 } }, added: ['.spec.y'], removed: ['.spec.x'], modified: ['.spec.type'] },
    // edge: a map that appears is itself added (".": {} in fieldsV1)
    { name: 'map appears', lhs: { metadata: {} }, rhs: { metadata: { annotations: { a: 'x' } } }, added: ['.metadata.annotations', '.metadata.annotations.a'] },
    // edge: null on the left is present: the list is not added as a whole
    { name: 'null list filled', lhs: { spec: { ports: null } }, rhs: { spec: { ports: [{ port: 1 }] } }, added: ['.spec.ports[port=1,protocol="TCP"]', '.spec.ports[port=1,protocol="TCP"].port'] },
    { name: 'list item removed', lhs: { spec: { ports: [{ port: 1 }, { port: 2 }] } }, rhs: { spec: { ports: [{ port: 1 }] } }, removed: ['.spec.ports[port=2,protocol="TCP"]', '.spec.ports[port=2,protocol="TCP"].port'] },
    { name: 'atomic selector modified as a whole', lhs: { spec: { selector: { a: '1' } } }, rhs: { spec: { selector: { a: '1', b: '2' } } }, modified: ['.spec.selector'] },
    // edge: empty on both sides is a leaf, so {} → [] is a modification, not a walk
    { name: 'empty to empty', lhs: { spec: { x: {} } }, rhs: { spec: { x: [] } }, modified: ['.spec.x'] },
    { name: 'equal objects', lhs: { spec: { ports: [{ port: 1 }] } }, rhs: { spec: { ports: [{ port: 1 }] } } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const got = compare(deepFreeze(c.lhs), deepFreeze(c.rhs), service);
      t.same(strings(got.added), c.added ?? [], 'added');
      t.same(strings(got.removed), c.removed ?? [], 'removed');
      t.same(strings(got.modified), c.modified ?? [], 'modified');
    });
  }
});

t.test('zero fields as Go writes them', async (t) => {
  // creationTimestamp: null is left out: it is equal on both sides of every comparison
  t.same(withZeroFields({}, service), { metadata: {}, spec: {}, status: { loadBalancer: {} } });
  t.same(withZeroFields(deepFreeze({ spec: { template: { spec: { containers: [{ name: 'c' }] } } } }), deployment), {
    metadata: {},
    spec: {
      template: { spec: { containers: [{ name: 'c', resources: {} }] }, metadata: {} },
      selector: null,
      strategy: {},
    },
    status: {},
  });
  t.same(withZeroFields({ data: { a: '1' } }, applySchemaFor('ConfigMap')), { data: { a: '1' }, metadata: {} });
  const frozen = deepFreeze({ data: { a: '1' } });
  t.equal(withZeroFields(frozen, applySchemaFor('ConfigMap')) === frozen, false, 'metadata added: a copy');
  const cmWithMeta = deepFreeze({ metadata: { name: 'x' }, data: { a: '1' } });
  t.equal(withZeroFields(cmWithMeta, applySchemaFor('ConfigMap')), cmWithMeta, 'nothing to add: the same object');
});
