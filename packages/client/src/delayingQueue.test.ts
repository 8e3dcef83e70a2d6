import t from 'tap';
import { DelayingWorkQueue } from './delayingQueue.js';
import { FakeClock } from './testing/fakeClock.js';

function setup(): { clock: FakeClock; q: DelayingWorkQueue } {
  const clock = new FakeClock({ now: 1_000 });
  return { clock, q: new DelayingWorkQueue({ clock }) };
}

t.test('addAfter adds only once the delay has passed', async (t) => {
  const { clock, q } = setup();
  q.addAfter('a', 50);
  t.equal(q.len(), 0);
  clock.advance(49);
  t.equal(q.len(), 0, 'one ms early');
  clock.advance(1);
  t.equal(q.len(), 1);
  t.equal(await q.get(), 'a');
});

t.test('non-positive delay adds immediately', async (t) => {
  const { q } = setup();
  q.addAfter('a', 0);
  q.addAfter('b', -5); // negative: treated as now
  t.equal(q.len(), 2);
});

t.test('ready items enter in ready-time order', async (t) => {
  const { clock, q } = setup();
  q.addAfter('late', 30);
  q.addAfter('early', 10);
  q.addAfter('mid', 20);
  clock.advance(30);
  t.same([await q.get(), await q.get(), await q.get()], ['early', 'mid', 'late']);
});

t.test('a waiting item keeps the earlier ready time', async (t) => {
  const { clock, q } = setup();
  q.addAfter('a', 100);
  q.addAfter('a', 10); // sooner: replaces
  q.addAfter('a', 500); // later: ignored
  t.equal(q.waitingCount(), 1);
  clock.advance(10);
  t.equal(q.len(), 1);
  clock.advance(1000);
  t.equal(q.len(), 1, 'added once, not three times');
});

t.test('only one timer is armed', async (t) => {
  const { clock, q } = setup();
  for (let i = 1; i <= 10; i++) q.addAfter(`k${i}`, i * 10);
  t.equal(clock.timerCount(), 1);
  clock.advance(55);
  t.equal(q.len(), 5);
  t.equal(clock.timerCount(), 1, 're-armed for the next one');
});

t.test('shut down drops waiting items and ignores new ones', async (t) => {
  const { clock, q } = setup();
  q.addAfter('a', 10);
  q.shutDown();
  q.addAfter('b', 10);
  clock.advance(100);
  t.equal(q.len(), 0);
  t.equal(clock.timerCount(), 0);
  t.equal(await q.get(), undefined);
});
