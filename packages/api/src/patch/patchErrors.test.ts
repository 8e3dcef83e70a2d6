import t from 'tap';
import { patchedDocumentText, strictPatchError } from './patchErrors.js';
import { deepFreeze } from '../deepFreeze.js';

t.test('patchedDocumentText: top-level keys sorted, nested order kept, Go HTML escaping', async (t) => {
  const cases = [
    { name: 'top-level keys sorted', given: { metadata: { name: 'c', b: 1, a: 2 }, kind: 'ConfigMap', apiVersion: 'v1' }, want: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","b":1,"a":2}}' },
    // edge: Go's encoder escapes <, > and & (and U+2028/U+2029) in strings
    { name: 'HTML characters escaped', given: { data: { k: '<a href="x">&</a>' } }, want: '{"data":{"k":"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"}}' },
    { name: 'line separators escaped', given: { a: '\u2028\u2029' }, want: '{"a":"\\u2028\\u2029"}' },
  ];
  for (const c of cases) t.equal(patchedDocumentText(deepFreeze(c.given)), c.want, c.name);
});

t.test("strictPatchError: kube's Invalid without kind or name, one cause on `patch`", async (t) => {
  const err = strictPatchError('map[bogus:1]', ['bogus', 'spec.x']);
  t.same(err.toStatus(), {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422,
    message: ' "" is invalid: patch: Invalid value: "map[bogus:1]": strict decoding error: unknown field "bogus", unknown field "spec.x"',
    details: { causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: "map[bogus:1]": strict decoding error: unknown field "bogus", unknown field "spec.x"', field: 'patch' }] },
  });
});
