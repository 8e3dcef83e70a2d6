import t from 'tap';
import { AlreadyAllocated, NotInRange, RangeFull } from './errors.js';
import { IPAllocatorSet } from './ipAllocatorSet.js';
import { seededRandom } from './random.js';

const set = (...cidrs: string[]) => new IPAllocatorSet({ cidrs, random: seededRandom(1) });

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected a throw');
}

t.test('dual-stack: one range per family, primary first', async (t) => {
  const s = set('fd00::/120', '10.0.0.0/24');
  t.same(s.families(), ['IPv6', 'IPv4'], 'the first CIDR decides the default family');
  t.match(s.allocateNext('IPv4'), /^10\.0\.0\.\d+$/);
  t.match(s.allocateNext('IPv6'), /^fd00::/);
  t.equal(s.used(), 2);
  t.same(s.ranges('IPv4').map((r) => r.cidr), ['10.0.0.0/24']);
});

t.test('allocateNext uses the first range of the family with room', async (t) => {
  const s = set('10.0.0.0/28', 'fd00::/120', '10.1.0.0/28');
  const first = Array.from({ length: 14 }, () => s.allocateNext('IPv4'));
  t.ok(first.every((ip) => ip.startsWith('10.0.0.')), 'the first /28 fills up first');
  const second = Array.from({ length: 14 }, () => s.allocateNext('IPv4'));
  t.ok(second.every((ip) => ip.startsWith('10.1.0.')), 'then the second');
  t.ok(thrown(() => s.allocateNext('IPv4')) instanceof RangeFull, 'all IPv4 ranges full');
  t.match(s.allocateNext('IPv6'), /^fd00::/, 'IPv6 is unaffected');
  t.ok(thrown(() => set('10.0.0.0/24').allocateNext('IPv6')) instanceof RangeFull, 'no range of that family');
});

t.test('a range added at run time grows a full cluster', async (t) => {
  const s = set('10.0.0.0/29');
  for (let i = 0; i < 6; i++) s.allocateNext('IPv4');
  t.ok(thrown(() => s.allocateNext('IPv4')) instanceof RangeFull);
  s.add('10.0.1.0/29');
  t.match(s.allocateNext('IPv4'), /^10\.0\.1\./);
  t.equal(s.add('10.0.1.3/29'), s.ranges()[1], 'adding the same CIDR again is a no-op');
});

t.test('allocate a chosen IP in whichever range can hand it out', async (t) => {
  const s = set('10.0.0.0/24', '10.0.1.0/24', 'fd00::/120');
  s.allocate('10.0.1.7');
  t.ok(s.ranges()[1].has('10.0.1.7'));
  t.notOk(s.ranges()[0].has('10.0.1.7'));
  s.allocate('fd00::ff');
  t.ok(s.has('fd00::ff'));
  const dup = thrown(() => s.allocate('10.0.1.7'));
  t.ok(dup instanceof AlreadyAllocated);
  t.equal((dup as Error).message, 'provided IP is already allocated');
  t.equal(s.release('10.0.1.7'), true);
  t.equal(s.release('10.0.1.7'), false, 'second release is a no-op');
  t.equal(s.used(), 1);
});

t.test('NotInRange names the ranges of the IP family', async (t) => {
  const single = set('10.96.0.0/12', 'fd00::/108');
  t.equal(
    (thrown(() => single.allocate('1.1.1.1')) as Error).message,
    'the provided IP (1.1.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    'one range per family: exactly kube\'s text',
  );
  t.equal((thrown(() => single.allocate('fd01::1')) as NotInRange).validRange, 'fd00::/108');
  // 10.96.0.0 is the network address of the only IPv4 range: inside the CIDR, still refused.
  t.ok(thrown(() => single.allocate('10.96.0.0')) instanceof NotInRange);
  const grown = set('10.0.0.0/24', '10.0.1.0/24');
  t.equal((thrown(() => grown.allocate('10.0.2.1')) as NotInRange).validRange, '10.0.0.0/24,10.0.1.0/24');
  t.equal((thrown(() => grown.allocate('fd00::1')) as NotInRange).validRange, '10.0.0.0/24,10.0.1.0/24', 'no range of that family: all ranges');
});

t.test('overlapping ranges never hand out one IP twice', async (t) => {
  const s = set('10.0.0.0/28');
  s.allocate('10.0.0.5');
  const big = s.add('10.0.0.0/27'); // grows the small range by overlapping it
  t.ok(big.has('10.0.0.5'), 'the new range is seeded with what it covers');

  s.allocate('10.0.0.15'); // broadcast of the /28, an ordinary address of the /27
  t.ok(big.has('10.0.0.15'));
  t.notOk(s.ranges()[0].contains('10.0.0.15'));

  // Fill the /28 through the set: every pick is mirrored into the /27.
  const small = s.ranges()[0];
  while (small.free() > 0) s.allocateNext('IPv4');
  small.forEach((ip) => t.ok(big.has(ip), `${ip} mirrored`));
  // The /27 now hands out only what is left, each exactly once.
  const rest: string[] = [];
  while (big.free() > 0) rest.push(s.allocateNext('IPv4'));
  t.equal(new Set(rest).size, rest.length);
  t.notOk(rest.some((ip) => small.contains(ip)), 'nothing the /28 already gave');
  t.equal(s.used(), 30, 'a /27 has 30 usable addresses, each counted once');
  t.ok(thrown(() => s.allocateNext('IPv4')) instanceof RangeFull);

  t.equal(s.release('10.0.0.5'), true);
  t.notOk(small.has('10.0.0.5'), 'released in the small range');
  t.notOk(big.has('10.0.0.5'), 'and in the big one');
  t.equal(s.used(), 29);
});

t.test('remove drops a range and reports IPs nothing else covers', async (t) => {
  const s = set('10.0.0.0/24', '10.0.0.0/16');
  s.allocate('10.0.0.9'); // in both
  s.allocate('10.0.5.1'); // only in the /16
  t.same(s.uncoveredBy('10.0.0.0/24'), [], 'the /16 covers everything in the /24');
  t.same(s.uncoveredBy('10.0.0.0/16'), ['10.0.5.1']);
  t.equal(s.remove('10.0.0.0/16'), true);
  t.equal(s.used(), 1, 'the uncovered IP is forgotten');
  t.notOk(s.has('10.0.5.1'));
  t.ok(s.has('10.0.0.9'));
  t.equal(s.remove('10.0.0.0/16'), false);
});

t.test('restoreIPs rebuilds every range (repair)', async (t) => {
  const s = set('10.0.0.0/24', '10.0.0.0/16', 'fd00::/120');
  s.allocateNext('IPv4');
  s.restoreIPs(['10.0.0.9', '10.0.7.7', 'fd00::5', '10.0.0.9']);
  t.equal(s.used(), 3, 'duplicates count once');
  t.same(s.ranges()[0].used(), 1);
  t.same(s.ranges()[1].used(), 2);
  t.ok(s.has('fd00::5'));
  t.ok(thrown(() => s.restoreIPs(['10.1.0.1'])) instanceof NotInRange, 'an IP no range covers');
  t.equal(s.used(), 3, 'a failed restore changes nothing');
});

t.test('a closed range hands out nothing but keeps its marks', async (t) => {
  const s = set('10.0.0.0/29', '10.0.1.0/29');
  s.allocate('10.0.1.2');
  t.equal(s.setOpen('10.0.1.0/29', false), true);
  t.equal(s.setOpen('10.9.0.0/29', false), false, 'no such range');
  t.notOk(s.isOpen('10.0.1.0/29'));
  const picked = Array.from({ length: 6 }, () => s.allocateNext('IPv4'));
  t.ok(picked.every((ip) => ip.startsWith('10.0.0.')), 'dynamic picks come only from the open range');
  t.ok(thrown(() => s.allocateNext('IPv4')) instanceof RangeFull, 'the closed range is not used when the open one is full');
  // Only the closed range covers 10.0.1.3: refused as if absent, naming the open ranges.
  const refused = thrown(() => s.allocate('10.0.1.3'));
  t.ok(refused instanceof NotInRange);
  t.equal((refused as NotInRange).validRange, '10.0.0.0/29');
  t.ok(s.has('10.0.1.2'), 'what it held is still held');
  t.ok(s.contains('10.0.1.3'), 'and it still covers its addresses (restore, IPAddress objects)');
  s.reserve('10.0.1.3'); // an IPAddress object in a closed range
  t.ok(thrown(() => s.reserve('10.0.1.3')) instanceof AlreadyAllocated);
  t.equal(s.release('10.0.1.2'), true);
  t.equal(s.used(), 7);
  s.setOpen('10.0.1.0/29', true);
  t.match(s.allocateNext('IPv4'), /^10\.0\.1\.\d$/, 'reopened: it hands out again');
  t.ok(thrown(() => s.allocate('10.0.1.3')) instanceof AlreadyAllocated, 'and its marks were kept');
});

t.test('an IP also covered by an open range is still allocatable when one range is closed', async (t) => {
  const s = set('10.0.0.0/28', '10.0.0.0/27');
  s.setOpen('10.0.0.0/28', false);
  s.allocate('10.0.0.5');
  t.ok(s.ranges()[0].has('10.0.0.5'), 'marked in the closed range too (the invariant)');
  t.ok(s.ranges()[1].has('10.0.0.5'));
  const picked = Array.from({ length: 29 }, () => s.allocateNext('IPv4'));
  t.equal(new Set(picked).size, 29, 'the /27 hands out each of its other addresses once');
  t.equal(s.ranges()[0].free(), 0, 'picks from the open /27 are mirrored into the closed /28');
  t.ok(thrown(() => s.allocateNext('IPv4')) instanceof RangeFull);
});
