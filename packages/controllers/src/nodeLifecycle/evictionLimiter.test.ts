import t from 'tap';
import { ZoneTaintQueue } from './evictionLimiter.js';
import { checkNodeEvictionFlags } from './evictionFlags.js';

t.test('ZoneTaintQueue at 0.1/s, burst 1', async (t) => {
  const q = new ZoneTaintQueue(0.1, 0);
  for (const n of ['a', 'b', 'c']) q.add(n);
  q.add('a'); // already waiting: kept in its place
  const steps: [number, string[], number | undefined][] = [
    [0, ['a'], 10_000], // a full bucket lets the first through at once
    [5_000, [], 10_000], // half a token
    [10_000, ['b'], 20_000],
    [30_000, ['c'], undefined], // a token, not two: burst 1
  ];
  for (const [now, want, next] of steps) {
    t.same(q.take(now), want, `take at ${now} ms`);
    t.equal(q.nextAt(now), next, `next at ${now} ms`);
  }
});

t.test('ZoneTaintQueue rate swaps', async (t) => {
  const cases: { name: string; first: number; swapTo: number; takeBefore: boolean; want: string[] }[] = [
    { name: 'rate 0 lets none through', first: 0.1, swapTo: 0, takeBefore: false, want: [] },
    // an empty bucket stays empty across a swap: no extra taint
    { name: 'a swap after the token went: still none', first: 0.1, swapTo: 1, takeBefore: true, want: [] },
    { name: 'a swap with the token there: one', first: 0, swapTo: 0.1, takeBefore: false, want: ['b'] },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const q = new ZoneTaintQueue(c.first, 0);
      q.add('a');
      if (c.takeBefore) q.take(0);
      q.add('b');
      q.remove('a');
      q.swapRate(c.swapTo, 0);
      t.same(q.take(0), c.want);
    });
  }
});

t.test('checkNodeEvictionFlags', async (t) => {
  t.same(checkNodeEvictionFlags({}), {}, 'unset: kube defaults');
  t.same(checkNodeEvictionFlags({ nodeEvictionRate: 1, secondaryNodeEvictionRate: 0, largeClusterSizeThreshold: 10, unhealthyZoneThreshold: 0.4 }),
    { evictionQPS: 1, secondaryEvictionQPS: 0, largeClusterThreshold: 10, unhealthyZoneThreshold: 0.4 });
  t.throws(() => checkNodeEvictionFlags({ nodeEvictionRate: -1 }), /node-eviction-rate must be a number not less than 0, but got -1/);
  t.throws(() => checkNodeEvictionFlags({ largeClusterSizeThreshold: 1.5 }), /large-cluster-size-threshold must be a whole number/);
});
