import t from 'tap';
import { randomIndex, seededRandom } from './random.js';

t.test('seededRandom is deterministic and in [0, 1)', async (t) => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 1000 }, () => a());
  t.same(xs, Array.from({ length: 1000 }, () => b()), 'same seed, same stream');
  t.ok(xs.every((x) => x >= 0 && x < 1), 'all in [0, 1)');
  t.notSame(xs.slice(0, 10), Array.from({ length: 10 }, seededRandom(43)), 'another seed, another stream');
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  t.ok(mean > 0.4 && mean < 0.6, 'roughly uniform');
});

t.test('randomIndex stays in [0, n) whatever the source returns', async (t) => {
  // Each value is a way a careless source could misbehave.
  const cases = [
    { value: 0, want: 0, why: 'lowest' },
    { value: 0.5, want: 5, why: 'middle' },
    { value: 0.99999999, want: 9, why: 'just under 1' },
    { value: 1, want: 9, why: 'exactly 1 (outside the contract)' },
    { value: -0.1, want: 0, why: 'negative' },
    { value: Number.NaN, want: 0, why: 'NaN' },
  ];
  for (const c of cases) t.equal(randomIndex(() => c.value, 10), c.want, c.why);
});
