import t from 'tap';
import { FieldError } from '../fieldError.js';
import { validateLoadBalancerStatus, validateServiceStatusUpdate, type LoadBalancerIngress } from './loadBalancerStatusValidation.js';
import { deepFreeze } from '../deepFreeze.js';
import { service } from './testBuilders.js';
import type { Service, ServiceSpec } from './types.js';

const validIP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const subdomain =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const notIP = 'must be a DNS name, not an IP address';

/** A LoadBalancer Service (unless the spec says otherwise) with the given ingress entries. */
function lbService(ingress: LoadBalancerIngress[] | null | undefined, spec: ServiceSpec = {}): Service {
  return deepFreeze({ ...service({ type: 'LoadBalancer', ...spec }), status: { loadBalancer: ingress === undefined ? {} : { ingress } } } as Service);
}

const vip = (ip: string, over: LoadBalancerIngress = {}): LoadBalancerIngress => ({ ip, ipMode: 'VIP', ...over });
const p0 = 'status.loadBalancer.ingress[0]';

interface Case {
  name: string;
  given: Service;
  want: string[];
}

const cases: Case[] = [
  { name: 'no status at all', given: lbService(undefined), want: [] },
  { name: 'one VIP', given: lbService([vip('198.51.100.1')]), want: [] },
  { name: 'Proxy mode', given: lbService([vip('198.51.100.1', { ipMode: 'Proxy' })]), want: [] },
  { name: 'IPv6 ip', given: lbService([vip('2001:db8::1')]), want: [] },
  // edge: legacy (sloppy) parsing keeps leading zeros valid while StrictIPCIDRValidation is off
  { name: 'leading zeros still valid', given: lbService([vip('010.001.002.003')]), want: [] },
  // edge: an IPv4-mapped IPv6 address is valid under the legacy rules
  { name: 'IPv4-mapped IPv6 valid', given: lbService([vip('::ffff:1.2.3.4')]), want: [] },
  { name: 'hostname only', given: lbService([{ hostname: 'lb.example.com' }]), want: [] },
  { name: 'ip and hostname together', given: lbService([vip('198.51.100.1', { hostname: 'lb.example.com' })]), want: [] },
  // edge: ports are not validated by kube at all, however odd
  { name: 'ports not validated', given: lbService([vip('198.51.100.1', { ports: [{ port: 0, protocol: 'HTTP', error: 'not CamelCase!' }] })]), want: [] },
  // edge: an entry with nothing set is accepted
  { name: 'empty entry', given: lbService([{}]), want: [] },
  { name: 'null ingress', given: lbService(null), want: [] },

  { name: 'bad ip', given: lbService([vip('10.0.0.256')]), want: [`${p0}.ip: Invalid value: "10.0.0.256": ${validIP}`] },
  { name: 'ip with a prefix', given: lbService([vip('10.0.0.1/32')]), want: [`${p0}.ip: Invalid value: "10.0.0.1/32": ${validIP}`] },
  // edge: an empty ip is "not set", so it is not parsed; ipMode then is forbidden
  { name: 'empty ip with ipMode', given: lbService([{ ip: '', ipMode: 'VIP' }]), want: [`${p0}.ipMode: Forbidden: may not be specified when \`ip\` is not set`] },
  { name: 'ipMode without ip', given: lbService([{ hostname: 'lb.example.com', ipMode: 'VIP' }]), want: [`${p0}.ipMode: Forbidden: may not be specified when \`ip\` is not set`] },
  // edge: a bad mode without an ip is reported as forbidden only (kube's else-if chain)
  { name: 'bad ipMode without ip', given: lbService([{ ipMode: 'Magic' }]), want: [`${p0}.ipMode: Forbidden: may not be specified when \`ip\` is not set`] },
  { name: 'ipMode required with ip', given: lbService([{ ip: '198.51.100.1' }]), want: [`${p0}.ipMode: Required value: must be specified when \`ip\` is set`] },
  // edge: JSON null is Go's nil pointer: still required
  { name: 'ipMode null with ip', given: lbService([{ ip: '198.51.100.1', ipMode: null }]), want: [`${p0}.ipMode: Required value: must be specified when \`ip\` is set`] },
  { name: 'bad ipMode', given: lbService([vip('198.51.100.1', { ipMode: 'vip' })]), want: [`${p0}.ipMode: Unsupported value: "vip": supported values: "Proxy", "VIP"`] },
  // edge: "" is a set pointer to an empty mode, not nil
  { name: 'empty ipMode', given: lbService([vip('198.51.100.1', { ipMode: '' })]), want: [`${p0}.ipMode: Unsupported value: "": supported values: "Proxy", "VIP"`] },
  { name: 'hostname is an IPv4 address', given: lbService([{ hostname: '1.2.3.4' }]), want: [`${p0}.hostname: Invalid value: "1.2.3.4": ${notIP}`] },
  // edge: an IPv6 address fails both the DNS check and the not-an-IP check
  { name: 'hostname is an IPv6 address', given: lbService([{ hostname: '2001:db8::1' }]), want: [`${p0}.hostname: Invalid value: "2001:db8::1": ${subdomain}`, `${p0}.hostname: Invalid value: "2001:db8::1": ${notIP}`] },
  { name: 'hostname not a subdomain', given: lbService([{ hostname: 'LB.example.com' }]), want: [`${p0}.hostname: Invalid value: "LB.example.com": ${subdomain}`] },
  // edge: 254 bytes is one past the subdomain limit
  {
    name: 'hostname too long',
    given: lbService([{ hostname: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}` }]),
    want: [`${p0}.hostname: Invalid value: "${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}": must be no more than 253 characters`],
  },
  {
    name: 'errors in kube order: ip, ipMode, hostname; per entry',
    given: lbService([vip('1.2.3', { ipMode: 'X', hostname: '5.6.7.8' }), vip('198.51.100.2'), { ip: '::zz' }]),
    want: [
      `${p0}.ip: Invalid value: "1.2.3": ${validIP}`,
      `${p0}.ipMode: Unsupported value: "X": supported values: "Proxy", "VIP"`,
      `${p0}.hostname: Invalid value: "5.6.7.8": ${notIP}`,
      `status.loadBalancer.ingress[2].ip: Invalid value: "::zz": ${validIP}`,
      'status.loadBalancer.ingress[2].ipMode: Required value: must be specified when `ip` is set',
    ],
  },

  // Only LoadBalancer Services may carry ingress (AllowServiceLBStatusOnNonLB is off).
  { name: 'ClusterIP with ingress', given: lbService([vip('198.51.100.1')], { type: 'ClusterIP' }), want: ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"] },
  // edge: the Forbidden replaces every per-entry check
  { name: 'NodePort with a bad entry: one error', given: lbService([{ ip: 'nope', ipMode: 'X' }], { type: 'NodePort' }), want: ["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"] },
  // edge: an empty list is no ingress
  { name: 'ClusterIP with an empty list', given: lbService([], { type: 'ClusterIP' }), want: [] },
];

t.test('validateServiceStatusUpdate: kube field paths and messages', async (t) => {
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const errs = validateServiceStatusUpdate(c.given);
      t.ok(errs.every((e) => e instanceof FieldError), 'field errors');
      t.same(errs.map(String), c.want);
    });
  }
});

t.test('validateLoadBalancerStatus: the path is the caller\'s', async (t) => {
  const errs = validateLoadBalancerStatus({ ingress: [{ ip: 'x', ipMode: 'VIP' }] }, 'status.loadBalancer', { type: 'LoadBalancer' });
  t.equal(errs.length, 1);
  t.equal(errs[0]!.type, 'FieldValueInvalid');
  t.equal(errs[0]!.field, 'status.loadBalancer.ingress[0].ip');
  t.equal(errs[0]!.errorBody(), `Invalid value: "x": ${validIP}`);
  const forbidden = validateLoadBalancerStatus({ ingress: [{}] }, 'status.loadBalancer', undefined);
  t.equal(forbidden[0]!.type, 'FieldValueForbidden', 'no spec: not a LoadBalancer');
});
