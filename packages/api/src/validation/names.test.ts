import t from 'tap';
import {
  byteLength,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidIP,
  isValidLabelValue,
  isValidPortName,
  nameIsDNSSubdomain,
} from './names.js';

const label1123 =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomain1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const label1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const namePart =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValue =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const ipErr = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

interface Case {
  name: string;
  fn: (v: string) => string[];
  given: string;
  want: string[];
}

const cases: Case[] = [
  { name: '1123 label ok', fn: isDNS1123Label, given: 'my-name', want: [] },
  { name: '1123 label digits first ok', fn: isDNS1123Label, given: '123-abc', want: [] },
  { name: '1123 label upper case', fn: isDNS1123Label, given: 'My-Name', want: [label1123] },
  // edge: a valid subdomain that fails as a label gets the short "dots" hint
  { name: '1123 label with dots', fn: isDNS1123Label, given: 'a.b', want: ['must not contain dots'] },
  // edge: 64 characters is one over the limit, and the regex still passes
  { name: '1123 label too long', fn: isDNS1123Label, given: 'a'.repeat(64), want: ['must be no more than 63 characters'] },
  { name: '1123 label empty', fn: isDNS1123Label, given: '', want: [label1123] },
  { name: '1123 subdomain ok', fn: isDNS1123Subdomain, given: 'a.b-c.d', want: [] },
  { name: '1123 subdomain trailing dot', fn: isDNS1123Subdomain, given: 'a.', want: [subdomain1123] },
  { name: '1123 subdomain too long and bad', fn: isDNS1123Subdomain, given: `${'a'.repeat(253)}-`, want: ['must be no more than 253 characters', subdomain1123] },
  { name: '1035 ok', fn: isDNS1035Label, given: 'web-1', want: [] },
  // edge: RFC 1035 labels may not start with a digit, unlike RFC 1123
  { name: '1035 digit first', fn: isDNS1035Label, given: '1web', want: [label1035] },
  { name: 'qualified plain', fn: isQualifiedName, given: 'app', want: [] },
  { name: 'qualified prefixed', fn: isQualifiedName, given: 'app.kubernetes.io/Name_1', want: [] },
  { name: 'qualified empty', fn: isQualifiedName, given: '', want: ['name part must be non-empty', namePart] },
  { name: 'qualified empty prefix', fn: isQualifiedName, given: '/a', want: ['prefix part must be non-empty'] },
  { name: 'qualified bad prefix', fn: isQualifiedName, given: 'A_B/c', want: [`prefix part ${subdomain1123}`] },
  { name: 'qualified name too long', fn: isQualifiedName, given: 'x'.repeat(64), want: ['name part must be no more than 63 characters'] },
  {
    name: 'qualified two slashes',
    fn: isQualifiedName,
    given: 'a/b/c',
    want: [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  },
  // edge: the empty string is a legal label value
  { name: 'label value empty', fn: isValidLabelValue, given: '', want: [] },
  { name: 'label value bad', fn: isValidLabelValue, given: 'a b', want: [labelValue] },
  // edge: multi-byte characters count in bytes, like Go's len()
  { name: 'label value bytes', fn: isValidLabelValue, given: 'é'.repeat(32), want: ['must be no more than 63 characters', labelValue] },
  { name: 'port name ok', fn: isValidPortName, given: 'http-web', want: [] },
  {
    name: 'port name everything wrong',
    fn: isValidPortName,
    given: '-1--2345678901234',
    want: ['must be no more than 15 characters', 'must contain at least one letter (a-z)', 'must not contain consecutive hyphens', 'must not begin or end with a hyphen'],
  },
  { name: 'port name upper case', fn: isValidPortName, given: 'HTTP', want: ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)'] },
  { name: 'ipv4', fn: isValidIP, given: '10.0.0.1', want: [] },
  // edge: ParseIPSloppy accepts leading zeros
  { name: 'ipv4 leading zeros', fn: isValidIP, given: '010.000.0.1', want: [] },
  { name: 'ipv4 octet too big', fn: isValidIP, given: '10.0.0.256', want: [ipErr] },
  { name: 'ipv4 three octets', fn: isValidIP, given: '10.0.1', want: [ipErr] },
  { name: 'ipv6', fn: isValidIP, given: '2001:db8::ffff', want: [] },
  { name: 'ipv6 all zero', fn: isValidIP, given: '::', want: [] },
  { name: 'ipv6 v4 tail', fn: isValidIP, given: '::ffff:1.2.3.4', want: [] },
  { name: 'ipv6 full', fn: isValidIP, given: '1:2:3:4:5:6:7:8', want: [] },
  // edge: "::" must stand for at least one group
  { name: 'ipv6 ellipsis with 8 groups', fn: isValidIP, given: '1:2:3:4:5:6:7::8', want: [ipErr] },
  { name: 'ipv6 two ellipses', fn: isValidIP, given: '1::2::3', want: [ipErr] },
  { name: 'ipv6 zone', fn: isValidIP, given: 'fe80::1%eth0', want: [ipErr] },
  { name: 'not an ip', fn: isValidIP, given: 'localhost', want: [ipErr] },
  // edge: a generateName may end in '-', which is masked before checking
  { name: 'generateName prefix', fn: (v) => nameIsDNSSubdomain(v, true), given: 'web-', want: [] },
  { name: 'name with trailing dash', fn: (v) => nameIsDNSSubdomain(v, false), given: 'web-', want: [subdomain1123] },
];

for (const c of cases) {
  t.test(c.name, async (t) => t.strictSame(c.fn(c.given), c.want));
}

t.test('byteLength counts UTF-8 bytes like Go len()', async (t) => {
  const enc = new TextEncoder();
  for (const s of ['', 'abc', 'é', 'añb', '€', '日本語', '😀', 'a😀b', '\ud800', 'x\udc00y', '\ud800\ud800']) {
    t.equal(byteLength(s), enc.encode(s).length, JSON.stringify(s));
  }
  t.equal(byteLength('😀'), 4);
  t.equal(byteLength('é'), 2);
});
