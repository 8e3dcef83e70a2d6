import t from 'tap';
import { FakeClock } from './testing/fakeClock.js';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './rateLimiter.js';

t.test('item exponential: doubles per failure, per item, capped', async (t) => {
  const l = new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 1000 });
  t.same([1, 2, 3, 4, 5].map(() => l.when('a')), [1, 2, 4, 8, 16]);
  t.equal(l.when('b'), 1, 'other items are independent');
  t.equal(l.numRequeues('a'), 5);
  for (let i = 0; i < 20; i++) l.when('a');
  t.equal(l.when('a'), 1000, 'capped at max');
  l.forget('a');
  t.equal(l.numRequeues('a'), 0);
  t.equal(l.when('a'), 1, 'forget resets the back-off');
});

t.test('item exponential: huge failure counts stay at the cap (2^n overflow)', async (t) => {
  const l = new ItemExponentialFailureRateLimiter({ baseDelayMs: 5, maxDelayMs: 1_000_000 });
  let last = 0;
  for (let i = 0; i < 2000; i++) last = l.when('x');
  t.equal(last, 1_000_000);
});

t.test('bucket: burst free, then 1/qps apart, refills with time', async (t) => {
  const clock = new FakeClock();
  const l = new BucketRateLimiter({ qps: 10, burst: 2, clock });
  t.equal(l.when('a'), 0);
  t.equal(l.when('b'), 0);
  t.equal(l.when('c'), 100, 'first reservation beyond burst waits one token');
  t.equal(l.when('d'), 200, 'reservations queue up');
  clock.advance(1000); // +10 tokens, but the bucket holds at most burst (2) minus the 2 owed
  t.equal(l.when('e'), 0);
  t.equal(l.numRequeues('e'), 0, 'bucket keeps no per-item history');
});

t.test('max-of: longest delay wins and all members record', async (t) => {
  const a = new ItemExponentialFailureRateLimiter({ baseDelayMs: 1, maxDelayMs: 100 });
  const b = new ItemExponentialFailureRateLimiter({ baseDelayMs: 10, maxDelayMs: 100 });
  const m = new MaxOfRateLimiter(a, b);
  t.equal(m.when('x'), 10);
  t.equal(m.when('x'), 20);
  t.equal(a.numRequeues('x'), 2);
  t.equal(m.numRequeues('x'), 2);
  m.forget('x');
  t.equal(a.numRequeues('x') + b.numRequeues('x'), 0);
});

t.test('default controller limiter: 5ms exponential under a 10qps/100 bucket', async (t) => {
  const clock = new FakeClock();
  const l = defaultControllerRateLimiter({ clock });
  t.same([l.when('a'), l.when('a'), l.when('a')], [5, 10, 20]);
  for (let i = 0; i < 97; i++) l.when(`other${i}`); // drain the burst of 100
  t.equal(l.when('fresh'), 100, 'bucket now dominates a fresh item (5ms < 100ms)');
  t.equal(l.numRequeues('a'), 3);
});
