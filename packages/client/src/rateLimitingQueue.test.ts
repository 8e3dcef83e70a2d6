import t from 'tap';
import { FakeClock } from './testing/fakeClock.js';
import { ItemExponentialFailureRateLimiter } from './rateLimiter.js';
import { RateLimitingWorkQueue } from './rateLimitingQueue.js';

t.test('addRateLimited backs off per item and forget resets', async (t) => {
  const clock = new FakeClock();
  const q = new RateLimitingWorkQueue({ clock, rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelayMs: 10, maxDelayMs: 1000 }) });
  q.addRateLimited('a'); // 10ms
  clock.advance(10);
  t.equal(await q.get(), 'a');
  q.addRateLimited('a'); // 20ms, requested while processing (the standard controller loop)
  q.done('a');
  clock.advance(19);
  t.equal(q.len(), 0);
  clock.advance(1);
  t.equal(q.len(), 1);
  t.equal(q.numRequeues('a'), 2);
  q.forget('a');
  t.equal(q.numRequeues('a'), 0);
});

t.test('the controller loop: retry up to maxRetries, then forget', async (t) => {
  const clock = new FakeClock();
  const q = new RateLimitingWorkQueue({ clock });
  const maxRetries = 3;
  let syncs = 0;
  q.add('ns/svc');
  for (;;) {
    if (q.len() === 0) await clock.step(2_000);
    if (q.len() === 0) break;
    const key = (await q.get())!;
    syncs++; // sync always fails
    if (q.numRequeues(key) < maxRetries) q.addRateLimited(key);
    else q.forget(key);
    q.done(key);
  }
  t.equal(syncs, maxRetries + 1, 'first try plus maxRetries retries');
  t.equal(q.numRequeues('ns/svc'), 0);
});

t.test('default limiter is used when none is given', async (t) => {
  const clock = new FakeClock();
  const q = new RateLimitingWorkQueue({ clock });
  q.addRateLimited('a');
  clock.advance(4);
  t.equal(q.len(), 0);
  clock.advance(1);
  t.equal(q.len(), 1, '5ms base delay');
});
