import t from 'tap';
import {
  freeFamilyIPs, freeIPs, parseLoadBalancerPool, parseLoadBalancerPools, poolAddress, poolContains, poolFamilies, poolSize,
  poolsAddress, type LoadBalancerPool,
} from './loadBalancerPool.js';

function take(pool: LoadBalancerPool, inUse: string[], n: number): string[] {
  const out: string[] = [];
  for (const ip of freeIPs(pool, inUse)) {
    if (out.length === n) break;
    out.push(ip);
  }
  return out;
}

interface PoolCase {
  in: string;
  size: bigint;
  first: string;
  last: string;
  /** Addresses the pool must not hand out, each with why. */
  outside: Array<{ ip: string; why: string }>;
}

const cases: PoolCase[] = [
  {
    in: '198.51.100.0/24', size: 254n, first: '198.51.100.1', last: '198.51.100.254',
    outside: [
      { ip: '198.51.100.0', why: 'network address' },
      { ip: '198.51.100.255', why: 'broadcast address' },
      { ip: '198.51.101.1', why: 'next /24' },
      { ip: '2001:db8::1', why: 'other family' },
      { ip: 'not-an-ip', why: 'not an address' },
    ],
  },
  {
    in: '198.51.100.0/30', size: 2n, first: '198.51.100.1', last: '198.51.100.2',
    outside: [{ ip: '198.51.100.0', why: 'network' }, { ip: '198.51.100.3', why: 'broadcast' }],
  },
  // RFC 3021: a /31 is two hosts, a /32 one; nothing to avoid.
  { in: '198.51.100.6/31', size: 2n, first: '198.51.100.6', last: '198.51.100.7', outside: [{ ip: '198.51.100.5', why: 'below' }] },
  { in: '198.51.100.9/32', size: 1n, first: '198.51.100.9', last: '198.51.100.9', outside: [{ ip: '198.51.100.10', why: 'above' }] },
  {
    in: ' 198.51.100.10 - 198.51.100.12 ', size: 3n, first: '198.51.100.10', last: '198.51.100.12',
    outside: [{ ip: '198.51.100.9', why: 'just below START' }, { ip: '198.51.100.13', why: 'just past END' }],
  },
  {
    in: '2001:db8::/120', size: 255n, first: '2001:db8::1', last: '2001:db8::ff',
    outside: [{ ip: '2001:db8::', why: 'IPv6 subnet-router anycast (network) address' }, { ip: '198.51.100.1', why: 'other family' }],
  },
  // A range that crosses a 16-bit group boundary (::fffe … ::1:1).
  { in: '2001:db8::fffe-2001:db8::1:1', size: 4n, first: '2001:db8::fffe', last: '2001:db8::1:1', outside: [{ ip: '2001:db8::fffd', why: 'just below START' }] },
];

t.test('parseLoadBalancerPool: size, bounds, membership', async (t) => {
  for (const c of cases) {
    t.test(c.in, async (t) => {
      const pool = parseLoadBalancerPool(c.in);
      t.equal(poolSize(pool), c.size);
      t.same(take(pool, [], 1), [c.first], 'first usable');
      t.ok(poolContains(pool, c.first) && poolContains(pool, c.last), 'first and last are inside');
      t.equal([...freeIPs(pool, [])].at(-1), c.last, 'last usable');
      for (const o of c.outside) t.notOk(poolContains(pool, o.ip), `${o.ip}: ${o.why}`);
    });
  }
});

t.test('parseLoadBalancerPool: bad values throw InvalidRange naming the flag', async (t) => {
  const bad: Array<{ in: string; why: string; msg: RegExp }> = [
    { in: '198.51.100.0/33', why: 'prefix past 32 bits', msg: /not a valid CIDR/ },
    { in: 'pool-a', why: 'neither a CIDR nor two addresses', msg: /START and END must be IP addresses/ },
    { in: '198.51.100.1', why: 'a bare address is neither form', msg: /want a CIDR or START-END/ },
    { in: '198.51.100.9-198.51.100.1', why: 'reversed range', msg: /END must not be before START/ },
    { in: '198.51.100.1-2001:db8::1', why: 'mixed families', msg: /same IP family/ },
  ];
  for (const c of bad) {
    // InvalidRange is the allocators' flag error; its name is its class's name.
    t.throws(() => parseLoadBalancerPool(c.in), { name: 'InvalidRange', message: /^invalid --load-balancer-ip-range "/ }, c.why);
    t.throws(() => parseLoadBalancerPool(c.in), { message: c.msg }, c.why);
  }
});

t.test('poolAddress canonicalises; freeIPs skips what is in use, lowest first', async (t) => {
  const v6 = parseLoadBalancerPool('2001:db8::/120');
  t.equal(poolAddress(v6, '2001:db8:0::0:5'), '2001:db8::5', 'non-canonical IPv6 text');
  const pool = parseLoadBalancerPool('198.51.100.0/29'); // .1 … .6
  t.same(take(pool, ['198.51.100.1', '198.51.100.3', '10.0.0.1', 'junk'], 3), ['198.51.100.2', '198.51.100.4', '198.51.100.5'], 'out-of-pool and junk entries are ignored');
  t.same(take(pool, ['198.51.100.3', '198.51.100.3'], 2), ['198.51.100.1', '198.51.100.2'], 'duplicates in use are harmless');
  const all = ['1', '2', '3', '4', '5', '6'].map((n) => `198.51.100.${n}`);
  t.same([...freeIPs(pool, all)], [], 'exhausted');
  t.same([...freeIPs(pool, all.slice(1))], ['198.51.100.1'], 'one released, exactly that one comes back');
});

t.test('freeIPs stays cheap in a huge IPv6 pool', async (t) => {
  const pool = parseLoadBalancerPool('2001:db8::/64');
  t.equal(poolSize(pool), (1n << 64n) - 1n);
  t.same(take(pool, ['2001:db8::1'], 2), ['2001:db8::2', '2001:db8::3']);
});

interface PoolsCase {
  in: string;
  /** Each range as `first…last`, in the flag's order. */
  ranges: string[];
  families: string[];
}

const listCases: PoolsCase[] = [
  // The old single-range syntax is a list of one.
  { in: '198.51.100.0/24', ranges: ['198.51.100.1…198.51.100.254'], families: ['IPv4'] },
  { in: '198.51.100.0/24,2001:db8:5::/112', ranges: ['198.51.100.1…198.51.100.254', '2001:db8:5::1…2001:db8:5::ffff'], families: ['IPv4', 'IPv6'] },
  // IPv6 first: the families follow the flag's order.
  { in: ' 2001:db8::/120 , 198.51.100.10-198.51.100.12 ', ranges: ['2001:db8::1…2001:db8::ff', '198.51.100.10…198.51.100.12'], families: ['IPv6', 'IPv4'] },
  {
    in: '198.51.100.0/30,203.0.113.5-203.0.113.6,2001:db8::/127,2001:db8:1::1-2001:db8:1::2',
    ranges: ['198.51.100.1…198.51.100.2', '203.0.113.5…203.0.113.6', '2001:db8::…2001:db8::1', '2001:db8:1::1…2001:db8:1::2'],
    families: ['IPv4', 'IPv6'],
  },
  // Edge: adjacent ranges touch but share no usable address (the /24's .255 is its broadcast).
  { in: '198.51.100.0/24,198.51.100.255/32', ranges: ['198.51.100.1…198.51.100.254', '198.51.100.255…198.51.100.255'], families: ['IPv4'] },
];

t.test('parseLoadBalancerPools: ranges and families in flag order', async (t) => {
  for (const c of listCases) {
    t.test(c.in, async (t) => {
      const pools = parseLoadBalancerPools(c.in);
      t.equal(pools.text, c.in.trim());
      t.same(pools.ranges.map((r) => `${take(r, [], 1)[0]}…${[...freeIPs(r, [])].at(-1)}`), c.ranges);
      t.same(poolFamilies(pools), c.families);
    });
  }
});

t.test('parseLoadBalancerPools: bad lists throw InvalidRange naming the flag', async (t) => {
  const bad: Array<{ in: string; why: string; msg: string }> = [
    { in: '198.51.100.0/24,', why: 'a trailing comma is an empty entry', msg: 'invalid --load-balancer-ip-range "198.51.100.0/24,": empty entry' },
    { in: '198.51.100.0/24,,2001:db8::/120', why: 'an empty entry in the middle', msg: 'invalid --load-balancer-ip-range "198.51.100.0/24,,2001:db8::/120": empty entry' },
    { in: '', why: 'nothing at all', msg: 'invalid --load-balancer-ip-range "": empty entry' },
    { in: '198.51.100.0/24,2001:db8::/129', why: 'a bad entry is named on its own', msg: 'invalid --load-balancer-ip-range "2001:db8::/129": not a valid CIDR' },
    {
      in: '198.51.100.0/24,198.51.100.200-198.51.100.210', why: 'a range inside a CIDR would hand out its addresses twice',
      msg: 'invalid --load-balancer-ip-range "198.51.100.0/24,198.51.100.200-198.51.100.210": "198.51.100.200-198.51.100.210" overlaps "198.51.100.0/24"',
    },
    { in: '2001:db8::/120,2001:db8::/120', why: 'the same CIDR twice', msg: 'invalid --load-balancer-ip-range "2001:db8::/120,2001:db8::/120": "2001:db8::/120" overlaps "2001:db8::/120"' },
  ];
  for (const c of bad) t.throws(() => parseLoadBalancerPools(c.in), { name: 'InvalidRange', message: c.msg }, c.why);
});

t.test('the single-range parser keeps refusing lists (its contract is one range)', async (t) => {
  t.throws(() => parseLoadBalancerPool('198.51.100.0/24,2001:db8::/120'), { name: 'InvalidRange', message: /not a valid CIDR/ });
});

t.test('poolsAddress, freeFamilyIPs across ranges', async (t) => {
  const pools = parseLoadBalancerPools('198.51.100.1-198.51.100.2,2001:db8::/126,203.0.113.7/32');
  t.equal(poolsAddress(pools, '2001:db8:0::2'), '2001:db8::2', 'canonical IPv6 text');
  t.equal(poolsAddress(pools, '203.0.113.7'), '203.0.113.7', 'the third range');
  t.equal(poolsAddress(pools, '198.51.100.3'), undefined, 'between ranges');
  const inUse = new Set(['198.51.100.1']);
  t.same([...freeFamilyIPs(pools, 'IPv4', () => inUse)], ['198.51.100.2', '203.0.113.7'], 'first range first, then the next, skipping what is in use');
  t.same([...freeFamilyIPs(pools, 'IPv6', () => inUse)], ['2001:db8::1', '2001:db8::2', '2001:db8::3']);
  t.same([...freeFamilyIPs(parseLoadBalancerPools('198.51.100.0/30'), 'IPv6', () => [])], [], 'a family without a range has nothing free');
  const single = parseLoadBalancerPool('198.51.100.0/30');
  t.same(parseLoadBalancerPools('198.51.100.0/30'), { text: '198.51.100.0/30', ranges: [single] }, 'a single range is a list of one');
});
