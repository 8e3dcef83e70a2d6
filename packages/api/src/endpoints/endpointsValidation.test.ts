import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { defaultEndpoints } from './endpointsDefaults.js';
import { validateEndpoints, validateEndpointsUpdate } from './endpointsValidation.js';
import { address, endpointPort, endpoints, subset } from './testBuilders.js';
import type { Endpoints } from './types.js';

const label =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomain =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const badIP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const loopback = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
const linkLocal = 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
const multicast = 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';

const ip = (v: string) => endpoints([subset({ addresses: [address(v)] })]);

const cases: Array<{ name: string; given: Endpoints; want: string[] }> = [
  { name: 'seed external-service', given: endpoints(), want: [] },
  {
    name: 'seed mysql-k8s (headless: a named port)',
    given: endpoints([subset({ addresses: [address('192.168.71.114')], ports: [endpointPort({ name: 'port', port: 3306 })] })], 'mysql-k8s'),
    want: [],
  },
  { name: 'no subsets at all', given: endpoints([]), want: [] },
  { name: 'headless endpoints need no ports', given: endpoints([subset({ ports: [] })]), want: [] },
  { name: 'not-ready addresses alone are enough', given: endpoints([subset({ addresses: [], notReadyAddresses: [address()] })]), want: [] },
  { name: 'IPv6', given: ip('2001:db8::10'), want: [] },
  // edge: leading zeros are still accepted by the legacy parser kube uses for this field
  { name: 'IPv4 with leading zeros', given: ip('010.001.002.003'), want: [] },
  { name: 'subset without addresses', given: endpoints([subset({ addresses: [] })]), want: ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`'] },
  // edge: an unparseable IP fails both the format check and the special-IP check
  { name: 'not an IP', given: ip('1.2.3'), want: [`subsets[0].addresses[0].ip: Invalid value: "1.2.3": ${badIP}`, 'subsets[0].addresses[0].ip: Invalid value: "1.2.3": must be a valid IP address'] },
  { name: 'unspecified IPv4', given: ip('0.0.0.0'), want: ['subsets[0].addresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)'] },
  { name: 'unspecified IPv6', given: ip('::'), want: ['subsets[0].addresses[0].ip: Invalid value: "::": may not be unspecified (::)'] },
  // edge: the whole of 127.0.0.0/8 is loopback, not only 127.0.0.1
  { name: 'loopback IPv4', given: ip('127.1.2.3'), want: [`subsets[0].addresses[0].ip: Invalid value: "127.1.2.3": ${loopback}`] },
  { name: 'loopback IPv6', given: ip('::1'), want: [`subsets[0].addresses[0].ip: Invalid value: "::1": ${loopback}`] },
  { name: 'link-local IPv4 (metadata service)', given: ip('169.254.169.254'), want: [`subsets[0].addresses[0].ip: Invalid value: "169.254.169.254": ${linkLocal}`] },
  { name: 'link-local IPv6', given: ip('fe80::1'), want: [`subsets[0].addresses[0].ip: Invalid value: "fe80::1": ${linkLocal}`] },
  { name: 'link-local multicast IPv4', given: ip('224.0.0.251'), want: [`subsets[0].addresses[0].ip: Invalid value: "224.0.0.251": ${multicast}`] },
  { name: 'link-local multicast IPv6', given: ip('ff02::fb'), want: [`subsets[0].addresses[0].ip: Invalid value: "ff02::fb": ${multicast}`] },
  // edge: 224.0.1.0 is multicast but past the link-local /24
  { name: 'other multicast is allowed', given: ip('224.0.1.1'), want: [] },
  {
    name: 'not-ready addresses are checked too',
    given: endpoints([subset({ notReadyAddresses: [address('127.0.0.1')] })]),
    want: [`subsets[0].notReadyAddresses[0].ip: Invalid value: "127.0.0.1": ${loopback}`],
  },
  {
    name: 'hostname and nodeName, between the two IP checks',
    given: endpoints([subset({ addresses: [address('127.0.0.1', { hostname: 'DB', nodeName: 'Node_1' })] })]),
    want: [
      `subsets[0].addresses[0].hostname: Invalid value: "DB": ${label}`,
      `subsets[0].addresses[0].nodeName: Invalid value: "Node_1": ${subdomain}`,
      `subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": ${loopback}`,
    ],
  },
  // edge: nodeName is a pointer, so an empty one is checked; hostname is not
  { name: 'empty nodeName', given: endpoints([subset({ addresses: [address(undefined, { nodeName: '' })] })]), want: [`subsets[0].addresses[0].nodeName: Invalid value: "": ${subdomain}`] },
  { name: 'one port needs no name', given: endpoints([subset({ ports: [endpointPort()] })]), want: [] },
  {
    name: 'several ports each need a name',
    given: endpoints([subset({ ports: [endpointPort({ name: 'a' }), endpointPort({ port: 3308 })] })]),
    want: ['subsets[0].ports[1].name: Required value'],
  },
  // edge: unlike Service ports, duplicate names are not refused
  { name: 'duplicate port names pass', given: endpoints([subset({ ports: [endpointPort({ name: 'a' }), endpointPort({ name: 'a', port: 3308 })] })]), want: [] },
  { name: 'port name a DNS label', given: endpoints([subset({ ports: [endpointPort({ name: 'My_Port' })] })]), want: [`subsets[0].ports[0].name: Invalid value: "My_Port": ${label}`] },
  // edges: 0 and 65536 are one past each end of the port range
  { name: 'port 0', given: endpoints([subset({ ports: [endpointPort({ port: 0 })] })]), want: ['subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'] },
  { name: 'port 65536', given: endpoints([subset({ ports: [endpointPort({ port: 65536 })] })]), want: ['subsets[0].ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive'] },
  { name: 'protocol supported', given: endpoints([subset({ ports: [endpointPort({ protocol: 'HTTP' })] })]), want: ['subsets[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'] },
  // edge: only reachable without defaulting (the API defaults it to TCP first)
  { name: 'protocol required', given: endpoints([subset({ ports: [endpointPort({ protocol: '' })] })]), want: ['subsets[0].ports[0].protocol: Required value'] },
  {
    name: 'appProtocol a qualified name',
    given: endpoints([subset({ ports: [endpointPort({ appProtocol: 'kubernetes.io/h2c' }), endpointPort({ name: 'b', appProtocol: 'not valid' })] })]),
    want: [
      'subsets[0].ports[0].name: Required value',
      "subsets[0].ports[1].appProtocol: Invalid value: \"not valid\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
  },
  { name: 'targetRef is not checked', given: endpoints([subset({ addresses: [address(undefined, { targetRef: { kind: 'Pod', name: 'Not A Name' } })] })]), want: [] },
  {
    name: 'errors of every subset, in order',
    given: endpoints([subset({ addresses: [] }), subset({ addresses: [address('0.0.0.0')], ports: [endpointPort({ port: 0 })] })]),
    want: [
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
      'subsets[1].addresses[0].ip: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
      'subsets[1].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const given = deepFreeze(c.given);
    t.same(validateEndpoints(given).map(String), c.want);
    t.same(validateEndpointsUpdate(given, endpoints()).map(String), c.want, 'update checks the same');
  });
}

t.test('a port without protocol passes once defaulted', async (t) => {
  const body = deepFreeze(endpoints([subset({ ports: [{ port: 3307 }] })]));
  t.same(validateEndpoints(defaultEndpoints(body)), []);
});

t.test('errors carry kube\'s reasons', async (t) => {
  const errs = validateEndpoints(endpoints([subset({ addresses: [], ports: [endpointPort({ protocol: 'HTTP' })] })]));
  t.same(errs.map((e) => e.type), ['FieldValueRequired', 'FieldValueNotSupported']);
});
