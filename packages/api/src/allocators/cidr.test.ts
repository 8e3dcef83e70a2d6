import t from 'tap';
import { cidrContains, cidrsOverlap, formatIP, parseCIDR, parseIP } from './cidr.js';

t.test('parseIP', async (t) => {
  const cases: Array<{ in: string; want?: string; family?: string; why: string }> = [
    { in: '10.96.0.1', want: '10.96.0.1', family: 'IPv4', why: 'plain IPv4' },
    { in: '010.096.000.001', want: '10.96.0.1', family: 'IPv4', why: 'leading zeros are decimal (ParseIPSloppy)' },
    { in: 'fd00:0:0::0001', want: 'fd00::1', family: 'IPv6', why: 'IPv6 prints in RFC 5952 form' },
    { in: 'FD00::A', want: 'fd00::a', family: 'IPv6', why: 'hex is lower-cased' },
    { in: '2001:0:0:1:0:0:0:1', want: '2001:0:0:1::1', family: 'IPv6', why: 'the longest zero run is the one compressed' },
    { in: '::ffff:10.0.0.1', want: '10.0.0.1', family: 'IPv4', why: 'IPv4-mapped IPv6 is that IPv4 address in Go' },
    { in: '256.0.0.1', why: 'octet over 255' },
    { in: '10.0.1', why: 'three-part IPv4 short form is not an IP to Go' },
    { in: '0x0a.0.0.1', why: 'hex octet' },
    { in: 'fe80::1%eth0', why: 'zones are not allowed' },
    { in: '1::2::3', why: 'two :: in one address' },
    { in: '', why: 'empty' },
    { in: ' 10.0.0.1', why: 'no trimming' },
    { in: '10.0.0.0/24', why: 'a CIDR is not an IP' },
  ];
  for (const c of cases) {
    const got = parseIP(c.in);
    if (c.want === undefined) {
      t.equal(got, undefined, `${JSON.stringify(c.in)}: ${c.why}`);
    } else {
      t.equal(got?.family, c.family, c.why);
      t.equal(got && formatIP(got.family, got.value), c.want, c.why);
    }
  }
});

t.test('parseCIDR', async (t) => {
  const cases: Array<{ in: string; want?: string; why: string }> = [
    { in: '10.96.0.0/12', want: '10.96.0.0/12', why: 'canonical already' },
    { in: '10.100.1.2/12', want: '10.96.0.0/12', why: 'host bits are dropped, like net.ParseCIDR' },
    { in: 'fd00:0:0:0::/108', want: 'fd00::/108', why: 'IPv6 text is canonicalised' },
    { in: '10.0.0.1/32', want: '10.0.0.1/32', why: 'a single address' },
    { in: '::/0', want: '::/0', why: 'everything' },
    { in: '10.0.0.0/33', why: 'mask longer than the address' },
    { in: 'fd00::/129', why: 'mask longer than the address' },
    { in: '10.0.0.0', why: 'no mask' },
    { in: '10.0.0.0/', why: 'empty mask' },
    { in: '10.0.0.0/-1', why: 'negative mask' },
    { in: 'foo/24', why: 'not an address' },
  ];
  for (const c of cases) {
    t.equal(parseCIDR(c.in)?.text, c.want, `${c.in}: ${c.why}`);
  }
  t.equal(parseCIDR('::ffff:10.0.0.0/104')?.family, 'IPv6', 'a CIDR keeps the family of its text');
});

t.test('cidrContains and cidrsOverlap', async (t) => {
  const net = parseCIDR('10.0.0.0/24')!;
  t.ok(cidrContains(net, parseIP('10.0.0.0')!), 'network address is inside the CIDR');
  t.ok(cidrContains(net, parseIP('10.0.0.255')!), 'broadcast is inside the CIDR');
  t.notOk(cidrContains(net, parseIP('10.0.1.0')!), 'next network');
  t.notOk(cidrContains(net, parseIP('::a00:1')!), 'same integer, other family');
  t.ok(cidrsOverlap(net, parseCIDR('10.0.0.0/16')!), 'supernet');
  t.ok(cidrsOverlap(net, parseCIDR('10.0.0.128/25')!), 'subnet');
  t.notOk(cidrsOverlap(net, parseCIDR('10.0.1.0/24')!), 'adjacent');
  t.notOk(cidrsOverlap(net, parseCIDR('::/0')!), 'other family');
});

t.test('addresses are exact integers at the extremes', async (t) => {
  const all = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
  t.equal(parseIP(all)?.value, (1n << 128n) - 1n, 'all 128 bits, no float rounding');
  t.equal(formatIP('IPv6', (1n << 128n) - 2n), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe');
  t.equal(parseIP('8000::1')?.value, (1n << 127n) + 1n, 'top and bottom bit');
  t.equal(parseIP('::1')?.value, 1n);
  t.equal(parseIP('255.255.255.255')?.value, 0xffffffffn, 'IPv4 stays unsigned');
  t.equal(formatIP('IPv4', 0xfffffffen), '255.255.255.254');
});
