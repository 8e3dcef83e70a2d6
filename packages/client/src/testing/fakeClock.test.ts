import t from 'tap';
import { sleep } from '../clock.js';
import { FakeClock } from './fakeClock.js';

t.test('timers fire in due order, each seeing its own now()', async (t) => {
  const c = new FakeClock({ now: 100 });
  const fired: string[] = [];
  c.setTimer(30, () => fired.push(`b@${c.now()}`));
  c.setTimer(10, () => fired.push(`a@${c.now()}`));
  c.setTimer(30, () => fired.push(`c@${c.now()}`)); // same due time as b: creation order
  c.advance(29);
  t.same(fired, ['a@110']);
  c.advance(100);
  t.same(fired, ['a@110', 'b@130', 'c@130']);
  t.equal(c.now(), 229);
});

t.test('a timer armed by a firing callback fires within the same advance if due', async (t) => {
  const c = new FakeClock();
  const fired: number[] = [];
  c.setTimer(10, () => c.setTimer(10, () => fired.push(c.now())));
  c.advance(20);
  t.same(fired, [20]);
});

t.test('cancel and timerCount', async (t) => {
  const c = new FakeClock();
  const timer = c.setTimer(10, () => t.fail('cancelled timer fired'));
  t.equal(c.timerCount(), 1);
  timer.cancel();
  t.equal(c.timerCount(), 0);
  c.advance(100);
});

t.test('sleep resolves true on time and false on abort', async (t) => {
  const c = new FakeClock();
  const p = sleep(c, 50);
  await c.step(50);
  t.equal(await p, true);
  const ac = new AbortController();
  const q = sleep(c, 50, ac.signal);
  ac.abort();
  t.equal(await q, false);
  t.equal(c.timerCount(), 0, 'aborted sleep cancels its timer');
  t.equal(await sleep(c, 50, ac.signal), false, 'already aborted');
});

t.test('step drives async loops that re-arm timers', async (t) => {
  const c = new FakeClock();
  let ticks = 0;
  const ac = new AbortController();
  const loop = (async () => {
    while (await sleep(c, 100, ac.signal)) ticks++;
  })();
  await c.step(1000);
  t.equal(ticks, 10);
  ac.abort();
  await loop;
});
