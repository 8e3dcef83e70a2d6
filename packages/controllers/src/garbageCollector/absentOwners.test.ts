import t from 'tap';
import { AbsentOwners } from './absentOwners.js';

t.test('AbsentOwners keeps the most recently used uids', async (t) => {
  const cases: { name: string; ops: [('add' | 'has'), string][]; want: Record<string, boolean> }[] = [
    // absent from namespace x says nothing of namespace y (a cross-namespace reference)
    { name: 'keyed by namespace too', ops: [['add', 'x/a']], want: { 'x/a': true, 'y/a': false } },
    { name: 'added: known absent', ops: [['add', 'a']], want: { a: true, b: false } },
    // edge: over the size, the least recently used goes
    { name: 'over size 2: the oldest goes', ops: [['add', 'a'], ['add', 'b'], ['add', 'c']], want: { a: false, b: true, c: true } },
    { name: 'a lookup refreshes an entry', ops: [['add', 'a'], ['add', 'b'], ['has', 'a'], ['add', 'c']], want: { a: true, b: false, c: true } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const cache = new AbsentOwners(2);
      const split = (k: string): [string, string] => (k.includes('/') ? (k.split('/') as [string, string]) : ['ns', k]);
      for (const [op, key] of c.ops) cache[op](...split(key));
      const got = Object.fromEntries(Object.keys(c.want).map((key) => [key, cache.has(...split(key))]));
      t.same(got, c.want);
    });
  }
});
