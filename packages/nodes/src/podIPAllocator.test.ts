import t from 'tap';
import { PodIPAllocator } from './podIPAllocator.js';

t.test('a /29 hands out .2-.6 round-robin, never twice, and says when it is full', async (t) => {
  const a = new PodIPAllocator('10.244.1.0/29');
  t.equal(a.size, 5);
  t.same(['p1', 'p2', 'p3'].map((p) => a.allocate(p)), ['10.244.1.2', '10.244.1.3', '10.244.1.4']);
  t.equal(a.allocate('p1'), '10.244.1.2', 'an owner keeps its address');
  a.release('p2');
  t.equal(a.allocate('p4'), '10.244.1.5', 'a released address is not reused before the range wraps');
  t.equal(a.allocate('p5'), '10.244.1.6');
  t.equal(a.allocate('p6'), '10.244.1.3', 'then the freed one comes back');
  t.equal(a.allocate('p7'), undefined, 'full');
  t.equal(a.describe(), '10.244.1.1-10.244.1.6');
});

t.test('restore rebuilds from pod statuses', async (t) => {
  const cases: Array<[string, string, string, boolean]> = [
    ['in range', 'a', '10.244.1.9', true],
    ['same owner again', 'a', '10.244.1.9', true],
    ['held by another', 'b', '10.244.1.9', false],
    ['outside the range', 'c', '10.244.2.9', false],
    ['the gateway', 'd', '10.244.1.1', false],
    ['the broadcast', 'e', '10.244.1.255', false],
    ['not an IP', 'f', 'nope', false],
    ['IPv6', 'g', 'fd00::1', false],
  ];
  const a = new PodIPAllocator('10.244.1.0/24');
  for (const [what, owner, ip, ok] of cases) t.equal(a.restore(owner, ip), ok, what);
  t.equal(a.allocate('new'), '10.244.1.10', 'allocation continues after the highest restored address');
});
