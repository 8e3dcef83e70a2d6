import t from 'tap';
import { AlreadyAllocated, MismatchedNetwork, NotInRange, RangeFull } from './errors.js';
import { PortAllocator, portRangeBandOffset } from './portAllocator.js';
import { seededRandom } from './random.js';

const allocator = (range?: string, seed = 1) => new PortAllocator({ range, random: seededRandom(seed) });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected a throw');
}

t.test('band offset: min(max(16, size/32), 128), 0 up to 16 ports', async (t) => {
  t.equal(portRangeBandOffset(2768), 86, 'default range');
  t.equal(portRangeBandOffset(16), 0, 'tiny range, no band');
  t.equal(portRangeBandOffset(17), 16, 'just past tiny: the minimum band');
  t.equal(portRangeBandOffset(65535), 128, 'capped');
});

const cases = [
  {
    range: undefined, text: '30000-32767', free: 2768, band: 86,
    outOfRange: [
      { port: 29999, why: 'one below the base' },
      { port: 32768, why: 'one past the end' },
      { port: 0, why: 'zero' },
      { port: -1, why: 'negative' },
      { port: 30000.5, why: 'not an integer' },
    ],
    inRange: [30000, 30085, 30086, 32767],
  },
  {
    range: '30000-30015', text: '30000-30015', free: 16, band: 0,
    outOfRange: [{ port: 30016, why: 'one past the end' }],
    inRange: [30000, 30015],
  },
  {
    range: '20000-22767', text: '20000-22767', free: 2768, band: 86,
    outOfRange: [{ port: 30000, why: 'the default range is not this range' }],
    inRange: [20000, 22767],
  },
];

for (const c of cases) {
  t.test(`NodePort range ${c.text}`, async (t) => {
    const p = allocator(c.range);
    t.equal(p.range, c.text);
    t.equal(p.free(), c.free);
    t.equal(p.bandOffset, c.band);
    for (const { port, why } of c.outOfRange) {
      const e = thrown(() => p.allocate(port));
      t.ok(e instanceof NotInRange, `${port}: ${why}`);
      t.equal((e as Error).message, `provided port is not in the valid range. The range of valid ports is ${c.text}`);
      t.notOk(p.contains(port));
      t.equal(p.release(port), false);
    }
    for (const port of c.inRange) {
      p.allocate(port);
      t.ok(p.has(port));
      const e = thrown(() => p.allocate(port));
      t.ok(e instanceof AlreadyAllocated, `${port} twice`);
      t.equal((e as Error).message, 'provided port is already allocated');
      t.equal(p.release(port), true);
    }

    const order = Array.from({ length: c.free }, () => p.allocateNext());
    t.equal(new Set(order).size, c.free, 'every port once');
    const staticEnd = p.base + c.band;
    t.ok(order.slice(0, c.free - c.band).every((port) => port >= staticEnd), 'dynamic band first');
    t.ok(order.slice(c.free - c.band).every((port) => port < staticEnd), 'static band last');
    const full = thrown(() => p.allocateNext());
    t.ok(full instanceof RangeFull);
    t.equal((full as Error).message, 'range is full');
    const back = order[7];
    p.release(back);
    t.equal(p.allocateNext(), back, 'the released port comes back');
  });
}

t.test('deterministic with a seeded random', async (t) => {
  const run = (seed: number) => {
    const p = allocator(undefined, seed);
    return Array.from({ length: 30 }, () => p.allocateNext());
  };
  t.same(run(5), run(5));
  t.notSame(run(5), run(6));
});

t.test('snapshot, restore, restorePorts', async (t) => {
  const p = allocator();
  p.allocate(30000);
  p.allocate(32767);
  const seen: number[] = [];
  p.forEach((port) => seen.push(port));
  t.same(seen, [30000, 32767]);
  const snap = p.snapshot();
  t.equal(snap.range, '30000-32767');
  const q = allocator();
  q.restore(snap);
  t.ok(q.has(30000) && q.has(32767));
  t.equal(q.used(), 2);
  const mismatch = thrown(() => allocator('30000-32766').restore(snap));
  t.ok(mismatch instanceof MismatchedNetwork);
  t.equal((mismatch as Error).message, 'the provided port range does not match the current port range');
  q.restorePorts([31000, 31001]);
  t.equal(q.used(), 2);
  t.notOk(q.has(30000));
  t.ok(thrown(() => q.restorePorts([8080])) instanceof NotInRange);
});

t.test('an empty range hands out nothing', async (t) => {
  const p = allocator('');
  t.equal(p.free(), 0);
  t.ok(thrown(() => p.allocateNext()) instanceof RangeFull);
  t.ok(thrown(() => p.allocate(30000)) instanceof NotInRange);
});

t.test('a parsed range object is accepted and copied', async (t) => {
  const pr = Object.freeze({ base: 40000, size: 100 });
  const p = new PortAllocator({ range: pr, random: seededRandom(1) });
  t.equal(p.range, '40000-40099');
  t.equal(p.allocateNext() >= 40016, true, 'dynamic band first (band 16)');
});
