import t from 'tap';
import {
  compareElements, fieldElement, goJson, indexElement, keyElement, parseElement, pathString, serializeElement, valueElement, type PathElement,
} from './fieldPath.js';

t.test('fieldsV1 keys round-trip', async (t) => {
  const cases: Array<{ name: string; pe: PathElement; text: string }> = [
    { name: 'field', pe: fieldElement('spec'), text: 'f:spec' },
    // edge: a field name is written raw, dots and slashes included (annotation keys)
    { name: 'annotation key', pe: fieldElement('kubectl.kubernetes.io/last-applied-configuration'), text: 'f:kubectl.kubernetes.io/last-applied-configuration' },
    { name: 'key, sorted by field name', pe: keyElement([['protocol', 'TCP'], ['port', 80]]), text: 'k:{"port":80,"protocol":"TCP"}' },
    { name: 'set value', pe: valueElement('example.com/fin'), text: 'v:"example.com/fin"' },
    // edge: Go's encoder escapes <, > and & inside JSON strings
    { name: 'html escaped value', pe: valueElement('a<b&c'), text: 'v:"a\\u003cb\\u0026c"' },
    { name: 'index', pe: indexElement(3), text: 'i:3' },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.equal(serializeElement(c.pe), c.text);
      t.same(parseElement(c.text), c.pe);
    });
  }
});

t.test('malformed keys are errors', async (t) => {
  t.throws(() => parseElement('f'), /2 characters/);
  t.throws(() => parseElement('fxspec'), /missing colon/);
  t.throws(() => parseElement('z:1'), /unknown path element type/);
  t.throws(() => parseElement('i:x'), /invalid syntax/);
});

t.test('path strings as conflict messages print them', async (t) => {
  t.equal(pathString([fieldElement('spec'), fieldElement('ports'), keyElement([['port', 80], ['protocol', 'TCP']]), fieldElement('targetPort')]), '.spec.ports[port=80,protocol="TCP"].targetPort');
  t.equal(pathString([fieldElement('metadata'), fieldElement('finalizers'), valueElement('a')]), '.metadata.finalizers[=\"a\"]');
  t.equal(pathString([fieldElement('spec'), fieldElement('args'), indexElement(0)]), '.spec.args[0]');
});

t.test('element order: fields, keys, values, indexes; numbers numerically', async (t) => {
  const sorted = [indexElement(0), valueElement('b'), keyElement([['port', 443]]), fieldElement('b'), keyElement([['port', 80]]), fieldElement('a'), valueElement(2)]
    .sort(compareElements)
    .map(serializeElement);
  t.same(sorted, ['f:a', 'f:b', 'k:{"port":80}', 'k:{"port":443}', 'v:2', 'v:"b"', 'i:0']);
});

t.test('goJson sorts keys like encoding/json', async (t) => {
  t.equal(goJson({ b: 1, a: { d: [1, '<'], c: null } }), '{"a":{"c":null,"d":[1,"\\u003c"]},"b":1}');
});
