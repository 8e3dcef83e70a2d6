import t from 'tap';
import { maxJsonDepth } from '@miniplane/api/patch/goJsonText';
import { YamlBodyError, parseYamlBody } from './yamlBody.js';

const flow = (depth: number) => `a: ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}`;

t.test('values', async (t) => {
  const cases = [
    { name: 'a map in document order', given: 'b: 1\na: [x, {c: null}]\n', want: { b: 1, a: ['x', { c: null }] } },
    // An int64 a double cannot hold stays exact; one it can is a number.
    { name: 'int64 max', given: 'n: 9223372036854775807', want: { n: 9223372036854775807n } },
    { name: '2^53+1', given: 'n: 9007199254740993', want: { n: 9007199254740993n } },
    { name: 'small ints and floats', given: 'n: [1, 0x10, 1.5, 1e3]', want: { n: [1, 16, 1.5, 1000] } },
    { name: 'an alias is expanded', given: 'a: &x {k: v}\nb: *x', want: { a: { k: 'v' }, b: { k: 'v' } } },
    { name: 'an empty document', given: '', want: null },
    { name: 'JSON is YAML', given: '{"a": [1, "2"]}', want: { a: [1, '2'] } },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.strictSame(parseYamlBody(c.given), c.want));
});

t.test('__proto__ is an own key', async (t) => {
  const v = parseYamlBody('__proto__: {polluted: 1}') as Record<string, unknown>;
  t.equal(Object.getPrototypeOf(v), Object.prototype);
  t.strictSame(Object.keys(v), ['__proto__']);
});

t.test('bounds', async (t) => {
  t.strictSame(parseYamlBody(flow(maxJsonDepth)), { a: JSON.parse(flow(maxJsonDepth).slice(3)) }, 'the limit itself reads');
  const refused = [
    { name: 'one level past the limit', given: flow(maxJsonDepth + 1) },
    // The yaml package's composer recursed once per level and overflowed near 800: a million
    // levels are refused from the token tree, so nothing recursive ever sees them.
    { name: 'a million levels', given: flow(1_000_000) },
    { name: 'block nesting', given: Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') },
    { name: 'an alias chain', given: Array.from({ length: 20 }, (_, i) => `a${i + 1}: &a${i + 1} [[[[[[[[*a${i}]]]]]]]]`).join('\n').replace('*a0', '1') },
  ];
  for (const c of refused) t.test(c.name, async (t) => t.throws(() => parseYamlBody(c.given), new YamlBodyError(`yaml: exceeded max depth of ${maxJsonDepth}`)));
  let laughs = 'l0: &l0 [lol]\n';
  for (let i = 1; i <= 30; i++) laughs += `l${i}: &l${i} [*l${i - 1}, *l${i - 1}]\n`;
  t.throws(() => parseYamlBody(laughs), new YamlBodyError('yaml: document contains excessive aliasing'));
  t.throws(() => parseYamlBody('a: 1\n---\nb: 2\n'), /multiple documents/);
});
