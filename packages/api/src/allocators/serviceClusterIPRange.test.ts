import t from 'tap';
import { InvalidRange } from './errors.js';
import { parseServiceClusterIPRange, validateServiceClusterIPRange } from './serviceClusterIPRange.js';

const cases: Array<{ value: string; want?: string[]; errors?: string[]; why: string }> = [
  { value: '', want: ['10.0.0.0/24'], why: 'unset means kube\'s default' },
  { value: '10.96.0.0/12', want: ['10.96.0.0/12'], why: 'largest IPv4 range allowed' },
  { value: '10.96.0.5/12', want: ['10.96.0.0/12'], why: 'host bits are dropped' },
  { value: 'fd00::/108', want: ['fd00::/108'], why: 'largest IPv6 range allowed' },
  { value: '10.96.0.0/12,fd00::/108', want: ['10.96.0.0/12', 'fd00::/108'], why: 'dual-stack, IPv4 primary' },
  { value: 'fd00::/108,10.96.0.0/12', want: ['fd00::/108', '10.96.0.0/12'], why: 'dual-stack, IPv6 primary' },
  { value: '10.0.0.0/29', want: ['10.0.0.0/29'], why: 'exactly 8 addresses' },
  {
    value: '10.0.0.0/8', why: '24 host bits > 20',
    errors: ['specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12'],
  },
  {
    value: 'fd00::/64', why: '64 host bits > 20',
    errors: ['specified --service-cluster-ip-range is too large; for 128-bit addresses, the mask must be >= 108'],
  },
  {
    value: '10.96.0.0/12,10.100.0.0/16', why: 'two of one family',
    errors: ['--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family'],
  },
  {
    value: '10.96.0.0/12,fd00::/64', why: 'the secondary is checked for size too',
    errors: ['specified --service-cluster-ip-range[1] is too large; for 128-bit addresses, the mask must be >= 108'],
  },
  {
    value: '10.96.0.0/12,fd00::/108,fd01::/108', why: 'three entries',
    errors: ['--service-cluster-ip-range must not contain more than two entries'],
  },
  { value: 'foo', why: 'not a CIDR', errors: ['service-cluster-ip-range[0] is not a valid cidr'] },
  { value: '10.0.0.1', why: 'an IP without a mask', errors: ['service-cluster-ip-range[0] is not a valid cidr'] },
  { value: '10.96.0.0/12,', why: 'trailing comma: an empty secondary', errors: ['service-cluster-ip-range[1] is not an ip net'] },
  { value: '10.96.0.0/12, fd00::/108', why: 'entries are not trimmed', errors: ['service-cluster-ip-range[1] is not an ip net'] },
  {
    value: '10.0.0.0/30', why: '4 addresses < 8',
    errors: ['error determining service IP ranges for primary service cidr: the service cluster IP range must be at least 8 IP addresses'],
  },
  {
    value: '10.0.0.0/8,10.1.0.0/8', why: 'every Validate() problem is reported',
    errors: [
      'specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12',
      '--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family',
      'specified --service-cluster-ip-range[1] is too large; for 32-bit addresses, the mask must be >= 12',
    ],
  },
];

for (const c of cases) {
  t.test(`${JSON.stringify(c.value)}: ${c.why}`, async (t) => {
    t.same(validateServiceClusterIPRange(c.value), c.errors ?? []);
    if (c.want) {
      t.same(parseServiceClusterIPRange(c.value), c.want);
      return;
    }
    let err: unknown;
    try {
      parseServiceClusterIPRange(c.value);
    } catch (e: unknown) {
      err = e;
    }
    t.ok(err instanceof InvalidRange);
    t.same((err as InvalidRange).errors, c.errors);
    const errors = c.errors ?? [];
    t.equal((err as Error).message, errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  });
}
