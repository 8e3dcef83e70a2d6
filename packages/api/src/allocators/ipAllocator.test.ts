import t from 'tap';
import { AllocationBitmap } from './bitmap.js';
import { AlreadyAllocated, MismatchedNetwork, NotInRange, RangeFull } from './errors.js';
import { IPAllocator } from './ipAllocator.js';
import { seededRandom } from './random.js';

const allocator = (cidr: string, seed = 1) => new IPAllocator({ cidr, random: seededRandom(seed) });

/** The error fn throws (failing the test if it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected a throw');
}

interface RangeCase {
  cidr: string;
  family: 'IPv4' | 'IPv6';
  free: number;
  band: number;
  /** Addresses allocate() must refuse, each with why. */
  outOfRange: Array<{ ip: string; why: string }>;
  /** Edge addresses that are allocatable. */
  inRange: string[];
  /** First and last allocatable addresses (offset 0 and max-1). */
  first: string;
  last: string;
  /** Exhausting the whole range costs ~1 µs/IP; skip the /12 and trust the /15 and the bitmap tests. */
  exhaust: boolean;
}

const cases: RangeCase[] = [
  {
    cidr: '192.168.1.0/24', family: 'IPv4', free: 254, band: 16, first: '192.168.1.1', last: '192.168.1.254', exhaust: true,
    outOfRange: [
      { ip: '192.168.1.0', why: 'network address' },
      { ip: '192.168.1.255', why: 'broadcast address' },
      { ip: '192.168.0.254', why: 'just below the CIDR' },
      { ip: '192.168.2.1', why: 'wrong network' },
      { ip: '::ffff:192.168.2.1', why: 'IPv4-mapped form of a wrong-network address' },
      { ip: '2001:db8::1', why: 'other family' },
    ],
    inRange: ['192.168.1.1', '192.168.1.254', '::ffff:192.168.1.7'],
  },
  {
    cidr: '192.168.1.0/28', family: 'IPv4', free: 14, band: 0, first: '192.168.1.1', last: '192.168.1.14', exhaust: true,
    outOfRange: [
      { ip: '192.168.1.0', why: 'network address' },
      { ip: '192.168.1.15', why: 'broadcast address' },
      { ip: '192.168.1.16', why: 'first address of the next /28' },
    ],
    inRange: ['192.168.1.1', '192.168.1.14'],
  },
  {
    cidr: '192.168.0.0/15', family: 'IPv4', free: 131070, band: 256, first: '192.168.0.1', last: '192.169.255.254', exhaust: true,
    outOfRange: [
      { ip: '192.168.0.0', why: 'network address' },
      { ip: '192.169.255.255', why: 'broadcast address' },
      { ip: '192.170.0.1', why: 'wrong network' },
    ],
    inRange: ['192.168.255.255', '192.169.0.0'],
  },
  {
    cidr: '10.96.0.0/12', family: 'IPv4', free: 1048574, band: 256, first: '10.96.0.1', last: '10.111.255.254', exhaust: false,
    outOfRange: [
      { ip: '10.96.0.0', why: 'network address' },
      { ip: '10.111.255.255', why: 'broadcast address' },
      { ip: '10.95.255.255', why: 'just below the CIDR' },
      { ip: '10.112.0.0', why: 'just above the CIDR' },
    ],
    inRange: ['10.96.0.1', '10.100.0.0', '10.111.255.254'],
  },
  {
    cidr: '2001:db8:1::/64', family: 'IPv6', free: 65535, band: 256, first: '2001:db8:1::1', last: '2001:db8:1::ffff', exhaust: true,
    outOfRange: [
      { ip: '2001:db8:1::', why: 'network address' },
      { ip: '2001:db8:1::1:0', why: 'network+65536: past the 64k bitmap cap' },
      { ip: '2001:db8:1:0:ffff:ffff:ffff:ffff', why: 'last address of the /64, far past the cap' },
      { ip: '2001:db8:2::1', why: 'wrong network' },
      { ip: '192.168.1.1', why: 'other family' },
    ],
    inRange: ['2001:db8:1::1', '2001:db8:1::ffff'],
  },
  {
    cidr: '2001:db8::/120', family: 'IPv6', free: 255, band: 16, first: '2001:db8::1', last: '2001:db8::ff', exhaust: true,
    outOfRange: [
      { ip: '2001:db8::', why: 'network address' },
      { ip: '2001:db8::100', why: 'first address of the next /120' },
    ],
    inRange: ['2001:db8::ff'], // IPv6 has no broadcast: the last address is usable
  },
];

for (const c of cases) {
  t.test(c.cidr, async (t) => {
    const r = allocator(c.cidr);
    t.equal(r.cidr, c.cidr);
    t.equal(r.family, c.family);
    t.equal(r.free(), c.free, 'free count');
    t.equal(r.used(), 0);
    t.equal(r.bandOffset, c.band, 'band offset');
    t.equal(r.ipAt(0), c.first, 'offset 0 is network+1');
    t.equal(r.ipAt(c.free - 1), c.last, 'last offset');

    for (const { ip, why } of c.outOfRange) {
      t.notOk(r.contains(ip), `contains(${ip}) is false: ${why}`);
      const e = thrown(() => r.allocate(ip));
      t.ok(e instanceof NotInRange, `${ip}: ${why}`);
      t.equal((e as NotInRange).validRange, c.cidr);
      t.equal(r.release(ip), false, `release(${ip}) is a no-op`);
      t.equal(r.has(ip), false);
    }
    for (const ip of c.inRange) {
      t.ok(r.contains(ip), `${ip} is allocatable`);
      r.allocate(ip);
      t.ok(r.has(ip));
      t.ok(thrown(() => r.allocate(ip)) instanceof AlreadyAllocated, `${ip} twice`);
      t.equal(r.release(ip), true);
    }
    t.equal(r.used(), 0, 'all edge allocations released');

    if (!c.exhaust) return;
    const order: string[] = [];
    for (let i = 0; i < c.free; i++) order.push(r.allocateNext());
    t.equal(new Set(order).size, c.free, 'every address handed out once');
    t.equal(r.free(), 0);
    const upper = c.free - c.band;
    const offsets = order.map((ip) => r.offsetOf(ip) ?? -1);
    t.ok(offsets.slice(0, upper).every((o) => o >= c.band), 'dynamic allocations fill the upper band first');
    t.ok(offsets.slice(upper).every((o) => o < c.band), 'then the static band');
    const e = thrown(() => r.allocateNext());
    t.ok(e instanceof RangeFull, 'exhausted → RangeFull');
    t.equal((e as Error).message, 'range is full');

    const back = order[Math.floor(order.length / 2)];
    t.equal(r.release(back), true);
    t.equal(r.allocateNext(), back, 'the one released comes back');
    t.ok(thrown(() => r.allocateNext()) instanceof RangeFull);
  });
}

t.test('error texts are kube\'s', async (t) => {
  const r = allocator('10.96.0.0/12');
  t.equal(
    (thrown(() => r.allocate('1.1.1.1')) as Error).message,
    'the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
  );
  t.equal(
    (thrown(() => r.allocate('10.96.0.0')) as Error).message,
    'the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    'the network address reads as out of range',
  );
  r.allocate('10.96.0.10');
  const dup = thrown(() => r.allocate('10.96.0.10'));
  t.equal((dup as Error).message, 'provided IP is already allocated');
  t.equal((dup as AlreadyAllocated).value, '10.96.0.10');
  const v6 = allocator('fd00::/108');
  t.equal(
    (thrown(() => v6.allocate('FD00:0::1:0:0')) as Error).message,
    'the provided IP (fd00::1:0:0) is not in the valid range. The range of valid IPs is fd00::/108',
    'the IP is printed canonically',
  );
});

t.test('host bits in the CIDR are dropped', async (t) => {
  const r = allocator('10.96.5.7/12');
  t.equal(r.cidr, '10.96.0.0/12');
  t.throws(() => allocator('10.96.0.0/33'), TypeError);
});

t.test('tiny ranges hold nothing (or one)', async (t) => {
  for (const [cidr, max] of [['10.0.0.1/32', 0], ['10.0.0.0/31', 0], ['10.0.0.0/30', 2], ['fd00::1/128', 0], ['fd00::/127', 1]] as const) {
    const r = allocator(cidr);
    t.equal(r.max, max, cidr);
    if (max === 0) t.ok(thrown(() => r.allocateNext()) instanceof RangeFull, `${cidr} is always full`);
  }
});

t.test('deterministic with a seeded random', async (t) => {
  const run = (seed: number) => {
    const r = allocator('10.96.0.0/24', seed);
    return Array.from({ length: 20 }, () => r.allocateNext());
  };
  t.same(run(42), run(42));
  t.notSame(run(42), run(43));
});

t.test('forEach, snapshot and restore', async (t) => {
  const r = allocator('10.0.0.0/24');
  for (const ip of ['10.0.0.9', '10.0.0.1', '10.0.0.200']) r.allocate(ip);
  const seen: string[] = [];
  r.forEach((ip) => seen.push(ip));
  t.same(seen, ['10.0.0.1', '10.0.0.9', '10.0.0.200'], 'address order');

  const snap = r.snapshot();
  t.equal(snap.range, '10.0.0.0/24');
  const copy = allocator('10.0.0.0/24');
  copy.restore(snap);
  t.equal(copy.used(), 3);
  t.ok(copy.has('10.0.0.200'));
  t.ok(thrown(() => allocator('10.0.1.0/24').restore(snap)) instanceof MismatchedNetwork, 'another CIDR');
  t.ok(thrown(() => allocator('10.0.0.0/23').restore(snap)) instanceof MismatchedNetwork, 'another mask');

  copy.restoreIPs(['10.0.0.5', '10.0.0.6']);
  t.equal(copy.used(), 2, 'restoreIPs replaces the state');
  t.notOk(copy.has('10.0.0.200'));
  t.ok(thrown(() => copy.restoreIPs(['10.0.0.255'])) instanceof NotInRange, 'broadcast cannot be restored');
  t.equal(copy.used(), 2, 'a failed restore changes nothing');
});

t.test('allocateNext on a /12 at 99% occupancy', async (t) => {
  const r = allocator('10.96.0.0/12', 9);
  // Fill through a snapshot: building a million IP strings would dominate the test.
  const random = seededRandom(10);
  const fill = new AllocationBitmap({ max: r.max, random });
  const used: number[] = [];
  for (let o = 0; o < r.max; o++) if (random() < 0.99) used.push(o);
  fill.restoreOffsets(used);
  r.restore({ range: r.cidr, data: fill.snapshot() });
  t.equal(r.used(), used.length);
  const got = new Set<string>();
  for (let i = 0; i < 3000; i++) got.add(r.allocateNext());
  t.equal(got.size, 3000, 'distinct');
  t.ok([...got].every((ip) => !fill.has(r.offsetOf(ip) ?? -1)), 'only previously free IPs');
  t.ok([...got].every((ip) => r.has(ip)), 'now marked');
  t.equal(r.used(), used.length + 3000);
});
