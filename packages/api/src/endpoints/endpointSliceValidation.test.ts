import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './endpointSliceValidation.js';
import { endpoint, endpointSlice, slicePort } from './testBuilders.js';
import type { EndpointSlice } from './types.js';

const label =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const subdomain =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const loopback = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';

const addrs = (addressType: string, ...addresses: string[]) => endpointSlice({ addressType, endpoints: [endpoint(addresses)] });
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
/** The i-th address of 10.0.0.0/16 after the network address. */
const nth = (i: number) => `10.0.${(i + 1) >> 8}.${(i + 1) & 255}`;

/** What kube's mirroring controller writes for the seed's external-service Endpoints. */
const mirrored = endpointSlice({
  metadata: {
    name: 'external-service-x7k2p',
    generateName: 'external-service-',
    namespace: 'default',
    labels: { 'kubernetes.io/service-name': 'external-service', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' },
    ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: 'external-service', uid: 'u1', controller: true, blockOwnerDeletion: true }],
  },
  endpoints: [endpoint(['172.188.2.89'], { conditions: { ready: true }, nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'db-0', uid: 'u2' } })],
  ports: [slicePort({ name: '', port: 3307, protocol: 'TCP' })],
});

const cases: Array<{ name: string; given: EndpointSlice; want: string[] }> = [
  { name: 'what the mirroring controller writes', given: mirrored, want: [] },
  // edge: the controllers' placeholder slice has neither endpoints nor ports
  { name: 'empty placeholder slice', given: endpointSlice({ endpoints: [], ports: [] }), want: [] },
  { name: 'IPv6 slice', given: addrs('IPv6', '2001:db8::1'), want: [] },
  { name: 'FQDN slice', given: addrs('FQDN', 'db.example.com', 'db.example.com.'), want: [] },
  { name: 'addressType required', given: endpointSlice({ addressType: undefined }), want: ['addressType: Required value'] },
  // edge: "IP" was a v1beta1 type, gone from v1; an unknown type checks no address
  { name: 'addressType supported', given: addrs('IP', 'not-an-ip'), want: ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"'] },
  { name: 'IPv6 address in an IPv4 slice', given: addrs('IPv4', '2001:db8::1'), want: ['endpoints[0].addresses[0]: Invalid value: "2001:db8::1": must be a valid IPv4 address'] },
  // edge: Go's To4 sees an IPv4-mapped IPv6 address as IPv4
  { name: 'IPv4-mapped address in an IPv6 slice', given: addrs('IPv6', '::ffff:10.0.0.1'), want: ['endpoints[0].addresses[0]: Invalid value: "::ffff:10.0.0.1": must be a valid IPv6 address'] },
  {
    name: 'not an IP',
    given: addrs('IPv4', 'db'),
    want: ['endpoints[0].addresses[0]: Invalid value: "db": must be a valid IPv4 address', 'endpoints[0].addresses[0]: Invalid value: "db": must be a valid IP address'],
  },
  { name: 'loopback', given: addrs('IPv4', '127.0.0.1'), want: [`endpoints[0].addresses[0]: Invalid value: "127.0.0.1": ${loopback}`] },
  { name: 'unspecified IPv6', given: addrs('IPv6', '::'), want: ['endpoints[0].addresses[0]: Invalid value: "::": may not be unspecified (::)'] },
  { name: 'link-local', given: addrs('IPv4', '169.254.1.1'), want: ['endpoints[0].addresses[0]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)'] },
  { name: 'FQDN needs two labels', given: addrs('FQDN', 'db'), want: ['endpoints[0].addresses[0]: Invalid value: "db": should be a domain with at least two segments separated by dots'] },
  { name: 'FQDN is a subdomain', given: addrs('FQDN', 'DB.example.com'), want: [`endpoints[0].addresses[0]: Invalid value: "DB.example.com": ${subdomain}`] },
  { name: 'FQDN empty', given: addrs('FQDN', ''), want: ['endpoints[0].addresses[0]: Required value'] },
  { name: 'an endpoint needs an address', given: addrs('IPv4'), want: ['endpoints[0].addresses: Required value: must contain at least 1 address'] },
  // edge: 101 addresses is one past the per-endpoint limit
  { name: 'at most 100 addresses', given: addrs('IPv4', ...many(101, (i) => `10.0.0.${i + 1}`)), want: ['endpoints[0].addresses: Too many: 101: must have at most 100 items'] },
  { name: '100 addresses are fine', given: addrs('IPv4', ...many(100, (i) => `10.0.0.${i + 1}`)), want: [] },
  // edge: 1001 endpoints is one past the limit, and then no endpoint is looked at (the loopback one is not reported)
  {
    name: 'at most 1000 endpoints',
    given: endpointSlice({ endpoints: [endpoint(['127.0.0.1']), ...many(1000, (i) => endpoint([nth(i)]))] }),
    want: ['endpoints: Too many: 1001: must have at most 1000 items'],
  },
  { name: '1000 endpoints are fine', given: endpointSlice({ endpoints: many(1000, (i) => endpoint([nth(i)])) }), want: [] },
  {
    name: 'nodeName and hostname',
    given: endpointSlice({ endpoints: [endpoint(undefined, { nodeName: 'Node_1', hostname: 'DB' })] }),
    want: [`endpoints[0].nodeName: Invalid value: "Node_1": ${subdomain}`, `endpoints[0].hostname: Invalid value: "DB": ${label}`],
  },
  // edge: hostname is a pointer here, so an empty one is checked
  { name: 'empty hostname', given: endpointSlice({ endpoints: [endpoint(undefined, { hostname: '' })] }), want: [`endpoints[0].hostname: Invalid value: "": ${label}`] },
  { name: 'zone is not checked', given: endpointSlice({ endpoints: [endpoint(undefined, { zone: 'Any Zone!' })] }), want: [] },
  {
    name: 'zone hints',
    given: endpointSlice({ endpoints: [endpoint(undefined, { hints: { forZones: [{ name: 'a' }, { name: 'a' }, { name: 'bad zone' }] } })] }),
    want: [
      'endpoints[0].hints.forZones[1].name: Duplicate value: "a"',
      "endpoints[0].hints.forZones[2].name: Invalid value: \"bad zone\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ],
  },
  // edge: 9 zones is one past the limit, and the zones are then not looked at
  { name: 'at most 8 zone hints', given: endpointSlice({ endpoints: [endpoint(undefined, { hints: { forZones: many(9, () => ({ name: 'a' })) } })] }), want: ['endpoints[0].hints.forZones: Too many: 9: must have at most 8 items'] },
  { name: 'node hints', given: endpointSlice({ endpoints: [endpoint(undefined, { hints: { forNodes: [{ name: 'n1' }, { name: 'n1' }] } })] }), want: ['endpoints[0].hints.forNodes[1].name: Duplicate value: "n1"'] },
  {
    name: 'port names unique, unnamed ones too',
    given: endpointSlice({ ports: [slicePort(), slicePort({ port: 3308 }), slicePort({ name: 'a' }), slicePort({ name: 'a' })] }),
    want: ['ports[1].name: Duplicate value: ""', 'ports[3].name: Duplicate value: "a"'],
  },
  { name: 'port name a DNS label', given: endpointSlice({ ports: [slicePort({ name: 'My_Port' })] }), want: [`ports[0].name: Invalid value: "My_Port": ${label}`] },
  // edge: slice port numbers are not validated (nil means every port)
  { name: 'port numbers are not checked', given: endpointSlice({ ports: [slicePort({ port: 0 }), slicePort({ name: 'all', port: undefined })] }), want: [] },
  { name: 'protocol required when null', given: endpointSlice({ ports: [slicePort({ protocol: undefined })] }), want: ['ports[0].protocol: Required value'] },
  // edge: protocol is a pointer, so "" is a value (unsupported), not a missing one
  { name: 'empty protocol', given: endpointSlice({ ports: [slicePort({ protocol: '' })] }), want: ['ports[0].protocol: Unsupported value: "": supported values: "SCTP", "TCP", "UDP"'] },
  { name: 'appProtocol', given: endpointSlice({ ports: [slicePort({ appProtocol: '/h2c' })] }), want: ['ports[0].appProtocol: Invalid value: "/h2c": prefix part must be non-empty'] },
  // edge: 20001 ports is one past the limit
  { name: 'at most 20000 ports', given: endpointSlice({ ports: many(20001, (i) => slicePort({ name: `p${i}` })) }), want: ['ports: Too many: 20001: must have at most 20000 items'] },
  {
    name: 'addressType, then endpoints, then ports',
    given: endpointSlice({ addressType: 'ipv4', endpoints: [endpoint([])], ports: [slicePort({ protocol: 'tcp' })] }),
    want: [
      'addressType: Unsupported value: "ipv4": supported values: "FQDN", "IPv4", "IPv6"',
      'endpoints[0].addresses: Required value: must contain at least 1 address',
      'ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    ],
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const given = deepFreeze(c.given);
    t.same(validateEndpointSlice(given).map(String), c.want);
    t.same(validateEndpointSliceUpdate(given, given).map(String), c.want, 'update checks the same');
  });
}

t.test('addressType is immutable', async (t) => {
  const old = deepFreeze(addrs('IPv4', '10.0.0.1'));
  t.same(validateEndpointSliceUpdate(addrs('IPv6', 'fd00::1'), old).map(String), ['addressType: Invalid value: "IPv6": field is immutable']);
  t.same(validateEndpointSliceUpdate(addrs('IPv4', '10.0.0.2'), old), [], 'other changes are fine');
});

t.test('errors carry kube\'s reasons', async (t) => {
  const errs = validateEndpointSlice(endpointSlice({ addressType: '', endpoints: many(1001, () => endpoint()), ports: [slicePort(), slicePort()] }));
  t.same(errs.map((e) => e.type), ['FieldValueRequired', 'FieldValueTooMany', 'FieldValueDuplicate']);
});
