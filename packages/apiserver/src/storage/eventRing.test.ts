import t from 'tap';
import { EventRing } from './eventRing.js';

type Op = ['push', number] | ['drop', number];
const cases: Array<{ name: string; capacity: number; ops: Op[]; want: number[]; from2?: number[] }> = [
  { name: 'empty', capacity: 3, ops: [], want: [] },
  { name: 'below capacity keeps everything in order', capacity: 3, ops: [['push', 1], ['push', 2]], want: [1, 2], from2: [] },
  { name: 'full: the oldest goes', capacity: 3, ops: [['push', 1], ['push', 2], ['push', 3], ['push', 4], ['push', 5]], want: [3, 4, 5], from2: [5] },
  { name: 'wraps many times', capacity: 2, ops: Array.from({ length: 9 }, (_, i): Op => ['push', i]), want: [7, 8], from2: [] },
  { name: 'drop the oldest, then refill', capacity: 3, ops: [['push', 1], ['push', 2], ['push', 3], ['drop', 2], ['push', 4], ['push', 5]], want: [3, 4, 5], from2: [5] },
  { name: 'drop more than held empties it', capacity: 3, ops: [['push', 1], ['drop', 7], ['push', 2]], want: [2] },
  { name: 'drop of zero or less is nothing', capacity: 3, ops: [['push', 1], ['drop', 0], ['drop', -4]], want: [1] },
  { name: 'capacity one', capacity: 1, ops: [['push', 1], ['push', 2]], want: [2] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const r = new EventRing<number>(c.capacity);
    for (const [op, v] of c.ops) (op === 'push' ? r.push(v) : r.dropFirst(v));
    t.same(r.from(0), c.want, 'items');
    t.equal(r.length, c.want.length, 'length');
    t.equal(r.at(0), c.want[0], 'at(0) is the oldest');
    t.equal(r.at(c.want.length), undefined, 'at(length) is nothing');
    t.equal(r.at(-1), undefined, 'negative index is nothing');
    if (c.from2) t.same(r.from(2), c.from2, 'from(2)');
  });
}

t.test('capacity must be at least one', async (t) => {
  t.throws(() => new EventRing(0), /at least 1/);
});
