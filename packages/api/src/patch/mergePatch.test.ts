import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { mergePatch } from './mergePatch.js';

t.test('RFC 7386 appendix A', async (t) => {
  const cases: Array<{ name: string; target: unknown; patch: unknown; want: unknown }> = [
    { name: 'replace member', target: { a: 'b' }, patch: { a: 'c' }, want: { a: 'c' } },
    { name: 'add member', target: { a: 'b' }, patch: { b: 'c' }, want: { a: 'b', b: 'c' } },
    { name: 'null deletes', target: { a: 'b' }, patch: { a: null }, want: {} },
    { name: 'null deletes one of two', target: { a: 'b', b: 'c' }, patch: { a: null }, want: { b: 'c' } },
    { name: 'array replaces array', target: { a: ['b'] }, patch: { a: 'c' }, want: { a: 'c' } },
    { name: 'value replaces array', target: { a: 'c' }, patch: { a: ['b'] }, want: { a: ['b'] } },
    { name: 'nested merge and delete', target: { a: { b: 'c' } }, patch: { a: { b: 'd', c: null } }, want: { a: { b: 'd' } } },
    { name: 'array of objects replaced', target: { a: [{ b: 'c' }] }, patch: { a: [1] }, want: { a: [1] } },
    { name: 'arrays are atomic', target: ['a', 'b'], patch: ['c', 'd'], want: ['c', 'd'] },
    { name: 'object replaces array', target: { a: 'b' }, patch: ['c'], want: ['c'] },
    { name: 'null member of new value pruned', target: { e: null }, patch: { a: 1 }, want: { e: null, a: 1 } },
    { name: 'scalar target', target: 'string', patch: { a: 'b', c: null }, want: { a: 'b' } },
    { name: 'deep new value pruned', target: {}, patch: { a: { bb: { ccc: null } } }, want: { a: { bb: {} } } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => t.strictSame(mergePatch(deepFreeze(c.target), deepFreeze(c.patch)), c.want));
  }
});

t.test('kube (evanphx) specifics', async (t) => {
  const cases: Array<{ name: string; target: unknown; patch: unknown; want: unknown }> = [
    // edge: evanphx prunes nulls inside objects held by a newly added array, but keeps null elements
    { name: 'new array: object nulls pruned, null items kept', target: {}, patch: { a: [{ x: null, y: 1 }, null] }, want: { a: [{ y: 1 }, null] } },
    // edge: a value replacing a non-object is pruned like a new one...
    { name: 'array over array pruned', target: { a: [1] }, patch: { a: [{ x: null }] }, want: { a: [{}] } },
    // ...but a non-object replacing an object is kept exactly as sent (evanphx merge())
    { name: 'array over object kept as sent', target: { a: { b: 1 } }, patch: { a: [{ x: null }] }, want: { a: [{ x: null }] } },
    { name: 'labels merge', target: { metadata: { labels: { a: '1', b: '2' } } }, patch: { metadata: { labels: { b: null, c: '3' } } }, want: { metadata: { labels: { a: '1', c: '3' } } } },
    { name: 'null over a null member', target: { a: null }, patch: { a: { b: null, c: 1 } }, want: { a: { c: 1 } } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => t.strictSame(mergePatch(deepFreeze(c.target), deepFreeze(c.patch)), c.want));
  }
});

t.test('result shares nothing with inputs', async (t) => {
  const target = { keep: { x: 1 } };
  const patch = { add: { y: 2 } };
  const out = mergePatch(target, patch) as { keep: { x: number }; add: { y: number } };
  out.keep.x = 9;
  out.add.y = 9;
  t.equal(target.keep.x, 1);
  t.equal(patch.add.y, 2);
});

t.test('__proto__ stays a data member', async (t) => {
  const patch = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
  const out = mergePatch({}, patch) as Record<string, unknown>;
  t.equal(Object.getPrototypeOf(out), Object.prototype);
  t.strictSame(Object.keys(out), ['__proto__']);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});
