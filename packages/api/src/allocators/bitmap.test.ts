import t from 'tap';
import { AllocationBitmap } from './bitmap.js';
import { seededRandom } from './random.js';

const bitmap = (max: number, bandOffset = 0, seed = 1) => new AllocationBitmap({ max, bandOffset, random: seededRandom(seed) });

/** Allocates until full; returns the offsets in allocation order. */
function drain(b: AllocationBitmap): number[] {
  const out: number[] = [];
  for (let o = b.allocateNext(); o !== undefined; o = b.allocateNext()) out.push(o);
  return out;
}

// Sizes are those the allocators really build, plus word-boundary shapes.
const cases = [
  { name: 'IPv4 /24', max: 254, band: 16 },
  { name: 'IPv4 /28 (no band)', max: 14, band: 0 },
  { name: 'one word exactly', max: 32, band: 16 },
  { name: 'one bit past a word', max: 33, band: 16 },
  { name: 'IPv6 /64 (capped)', max: 65535, band: 256 },
  { name: 'node ports', max: 2768, band: 86 },
  { name: 'IPv4 /15', max: 131070, band: 256 },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const b = bitmap(c.max, c.band);
    t.equal(b.free(), c.max);
    const order = drain(b);
    t.equal(order.length, c.max, 'every offset is handed out once');
    t.equal(new Set(order).size, c.max, 'no duplicates');
    t.ok(order.every((o) => o >= 0 && o < c.max), 'all inside [0,max)');
    const upper = c.max - c.band;
    t.ok(order.slice(0, upper).every((o) => o >= c.band), 'upper band is used up first');
    t.ok(order.slice(upper).every((o) => o < c.band), 'then the lower band');
    t.equal(b.free(), 0);
    t.equal(b.used(), c.max);
    t.equal(b.allocateNext(), undefined, 'full');

    // Release one from each band and get exactly those back.
    const picks = c.band > 0 ? [c.band - 1, c.max - 1] : [c.max >> 1];
    for (const p of picks) {
      t.equal(b.release(p), true);
      t.equal(b.allocateNext(), p, `offset ${p} comes back`);
      t.equal(b.allocateNext(), undefined);
    }
  });
}

t.test('allocate and release are idempotent and report changes', async (t) => {
  const b = bitmap(100, 16);
  t.equal(b.allocate(5), true);
  t.equal(b.allocate(5), false, 'already used');
  t.equal(b.has(5), true);
  t.equal(b.used(), 1);
  t.equal(b.release(5), true);
  t.equal(b.release(5), false, 'already free');
  t.equal(b.release(1000), false, 'outside the range is a no-op');
  t.equal(b.used(), 0);
  t.equal(b.has(-1), false);
  t.equal(b.has(100), false);
  t.throws(() => b.allocate(100), RangeError, 'max itself is outside [0,max)');
  t.throws(() => b.allocate(-1), RangeError);
  t.throws(() => b.allocate(1.5), RangeError, 'not an integer');
});

t.test('a user allocation in the static band is skipped by allocateNext', async (t) => {
  const b = bitmap(64, 16);
  b.allocate(3);
  const order = drain(b);
  t.equal(order.length, 63);
  t.notOk(order.includes(3));
});

t.test('zero-sized bitmap is always full', async (t) => {
  const b = bitmap(0);
  t.equal(b.free(), 0);
  t.equal(b.allocateNext(), undefined);
  t.same(b.snapshot(), new Uint8Array(0));
});

t.test('band offset is clamped to the size', async (t) => {
  const b = bitmap(10, 50);
  t.equal(b.bandOffset, 10);
  t.equal(drain(b).length, 10, 'everything is in the lower band');
});

t.test('deterministic for a seed', async (t) => {
  const a = drain(bitmap(1000, 62, 7));
  const b = drain(bitmap(1000, 62, 7));
  const c = drain(bitmap(1000, 62, 8));
  t.same(a, b, 'same seed, same order');
  t.notSame(a, c, 'another seed, another order');
});

t.test('a random source returning 1 or junk stays in range', async (t) => {
  for (const value of [1, 0.9999999999, -0.5, Number.NaN]) {
    const b = new AllocationBitmap({ max: 40, bandOffset: 16, random: () => value });
    t.equal(drain(b).length, 40, `random() = ${value}`);
  }
});

t.test('forEach and offsets list used offsets ascending', async (t) => {
  const b = bitmap(100);
  for (const o of [64, 0, 31, 32, 99]) b.allocate(o);
  const seen: number[] = [];
  b.forEach((o) => seen.push(o));
  t.same(seen, [0, 31, 32, 64, 99]);
  t.same(b.offsets(), [0, 31, 32, 64, 99]);
});

t.test('snapshot uses kube big.Int.Bytes() layout', async (t) => {
  const b = bitmap(100);
  t.same([...b.snapshot()], [], 'empty bitmap is an empty byte string');
  b.allocate(0);
  b.allocate(9);
  // bit 9 is bit 1 of the second-lowest byte; big-endian puts it first.
  t.same([...b.snapshot()], [0x02, 0x01]);
  b.allocate(31);
  b.allocate(32);
  t.same([...b.snapshot()], [0x01, 0x80, 0x00, 0x02, 0x01]);
});

t.test('snapshot and restore round-trip', async (t) => {
  const a = bitmap(5000, 128, 3);
  for (let i = 0; i < 700; i++) a.allocateNext();
  a.allocate(4999);
  const b = bitmap(5000, 128, 99);
  b.restore(a.snapshot());
  t.same(b.offsets(), a.offsets());
  t.equal(b.used(), 701);
  // The band counter is rebuilt too: draining b still empties the upper band first.
  const order = drain(b);
  t.ok(order.slice(0, b.max - 128 - (701 - lowerUsed(a))).every((o) => o >= 128));
});

function lowerUsed(b: AllocationBitmap): number {
  return b.offsets().filter((o) => o < b.bandOffset).length;
}

t.test('restore accepts leading zero bytes and rejects bits past max', async (t) => {
  const b = bitmap(10);
  b.restore(Uint8Array.from([0, 0, 0x02, 0x01]));
  t.same(b.offsets(), [0, 9]);
  // Offset 10 is one past a 10-entry bitmap; the state must be left as it was.
  t.throws(() => b.restore(Uint8Array.from([0x04, 0x00])), RangeError);
  t.same(b.offsets(), [0, 9]);
  t.throws(() => b.restoreOffsets([1, 10]), RangeError);
  t.same(b.offsets(), [0, 9]);
  b.restoreOffsets([3, 3, 4]);
  t.same(b.offsets(), [3, 4]);
  t.equal(b.used(), 2, 'duplicates count once');
});

t.test('nearly full /12 keeps allocating correctly', async (t) => {
  const max = 1_048_574; // IPv4 /12 minus network and broadcast
  const random = seededRandom(12);
  const used: number[] = [];
  for (let o = 0; o < max; o++) if (random() < 0.99) used.push(o);
  const b = new AllocationBitmap({ max, bandOffset: 256, random });
  b.restoreOffsets(used);
  const free = max - used.length;
  t.equal(b.free(), free);
  const got = new Set<number>();
  for (let i = 0; i < 5000; i++) {
    const o = b.allocateNext();
    if (o === undefined) throw new Error('unexpectedly full');
    got.add(o);
  }
  t.equal(got.size, 5000, 'all distinct');
  const before = new Set(used);
  t.ok([...got].every((o) => !before.has(o)), 'only previously free offsets');
  t.equal(b.free(), free - 5000);
});

t.test('contiguously full /12 (worst case for scanning) drains its last free offsets', async (t) => {
  const max = 1_048_574;
  const b = new AllocationBitmap({ max, bandOffset: 256, random: seededRandom(5) });
  const holes = [300, 40_000, 524_287, 524_288, 1_048_573, 17];
  const holeSet = new Set(holes);
  const used: number[] = [];
  for (let o = 0; o < max; o++) if (!holeSet.has(o)) used.push(o);
  b.restoreOffsets(used);
  const got = drain(b);
  t.same(got.slice(0, 5).sort((x, y) => x - y), [300, 40_000, 524_287, 524_288, 1_048_573], 'upper-band holes first');
  t.same(got.slice(5), [17], 'then the static-band hole');
});
