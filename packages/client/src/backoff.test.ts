import t from 'tap';
import { Backoff } from './backoff.js';

t.test('defaults: 1s doubling to a 30s cap, reset starts over', async (t) => {
  const b = new Backoff();
  t.same(Array.from({ length: 8 }, () => b.next()), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  b.reset();
  t.equal(b.next(), 1000);
});

t.test('custom initial, cap and factor', async (t) => {
  const b = new Backoff({ initialMs: 10, maxMs: 50, factor: 3 });
  t.same([b.next(), b.next(), b.next()], [10, 30, 50]);
});
