import t from 'tap';
import { freeIPs, parseLoadBalancerPool, poolAddress, poolContains, poolSize, type LoadBalancerPool } from './loadBalancerPool.js';

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
