import t from 'tap';
import { goSprint, goTypeName } from './goFormat.js';

t.test('%v of decoded JSON', async (t) => {
  const cases: Array<{ name: string; given: unknown; want: string }> = [
    { name: 'string unquoted', given: 'a b', want: 'a b' },
    { name: 'int', given: 8080, want: '8080' },
    { name: 'float', given: 1.5, want: '1.5' },
    // edge: %v switches to exponent form at 1e6 and below 1e-4
    { name: 'large float', given: 1234567.5, want: '1.2345675e+06' },
    { name: 'small float', given: 0.00001, want: '1e-05' },
    { name: 'nil', given: null, want: '<nil>' },
    { name: 'map keys sorted', given: { b: 1, a: { c: [1, 'x'] } }, want: 'map[a:map[c:[1 x]] b:1]' },
    { name: 'slice', given: [true, null], want: '[true <nil>]' },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(goSprint(c.given), c.want));
});

t.test('reflect type names', async (t) => {
  t.strictSame([{}, [], 's', 1, 1.5, true, null].map(goTypeName), [
    'map[string]interface {}', '[]interface {}', 'string', 'int64', 'float64', 'bool', '<nil>',
  ]);
});
