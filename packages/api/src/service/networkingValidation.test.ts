import t from 'tap';
import { ipAddressNameValidator, validateIPAddress, validateIPAddressUpdate, validateServiceCIDR, validateServiceCIDRUpdate, type IPAddressObject, type ParentReference } from './networkingValidation.js';

const cidr = (cidrs?: string[]) => ({ metadata: { name: 'c' }, spec: cidrs ? { cidrs } : {} });

const cidrCases: Array<{ name: string; cidrs?: string[]; want: string[] }> = [
  { name: 'one CIDR', cidrs: ['10.96.0.0/12'], want: [] },
  { name: 'one per family', cidrs: ['10.96.0.0/12', 'fd00::/108'], want: [] },
  { name: 'none', want: ['spec.cidrs: Required value: at least one CIDR required'] },
  {
    name: 'three',
    cidrs: ['10.0.0.0/24', '10.1.0.0/24', 'fd00::/120'],
    want: ['spec.cidrs: Invalid value: networking.ServiceCIDRSpec{CIDRs:[]string{"10.0.0.0/24", "10.1.0.0/24", "fd00::/120"}}: may only hold up to 2 values'],
  },
  {
    name: 'two of one family',
    cidrs: ['10.0.0.0/24', '10.1.0.0/24'],
    want: ['spec.cidrs: Invalid value: networking.ServiceCIDRSpec{CIDRs:[]string{"10.0.0.0/24", "10.1.0.0/24"}}: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64'],
  },
  { name: 'not a CIDR', cidrs: ['10.0.0.1'], want: ['spec.cidrs[0]: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'] },
];

for (const c of cidrCases) {
  t.test(`ServiceCIDR: ${c.name}`, async (t) => void t.same(validateServiceCIDR(cidr(c.cidrs)).map(String), c.want));
}

t.test('ServiceCIDR cidrs are immutable', async (t) => {
  t.same(validateServiceCIDRUpdate(cidr(['10.0.0.0/24']), cidr(['10.0.0.0/24'])), []);
  t.same(validateServiceCIDRUpdate(cidr(['10.0.1.0/24']), cidr(['10.0.0.0/24'])).map(String), ['spec.cidrs: Invalid value: []string{"10.0.1.0/24"}: field is immutable']);
});

t.test('IPAddress names are canonical IPs', async (t) => {
  t.same(ipAddressNameValidator('10.96.0.1', false), []);
  t.same(ipAddressNameValidator('fd00::1', false), []);
  t.same(ipAddressNameValidator('x', false), ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  // edge: the same address written another way would be a second object for one IP
  t.same(ipAddressNameValidator('fd00:0::1', false), ['must be in canonical form ("fd00::1")']);
});

const ipa = (parentRef?: ParentReference): IPAddressObject => ({
  metadata: { name: '10.96.0.1' },
  spec: parentRef ? { parentRef } : {},
});

t.test('IPAddress parentRef', async (t) => {
  t.same(validateIPAddress(ipa({ group: '', resource: 'services', namespace: 'default', name: 'web' })), []);
  t.same(validateIPAddress(ipa()).map(String), ['spec.parentRef: Required value']);
  t.same(validateIPAddress(ipa({ group: '', resource: '', name: 'a/b' })).map(String), ['spec.parentRef.resource: Required value', 'spec.parentRef.name: Invalid value: "a/b": may not contain \'/\'']);
  const a = ipa({ resource: 'services', namespace: 'default', name: 'web' });
  const b = ipa({ resource: 'services', namespace: 'default', name: 'api' });
  t.same(validateIPAddressUpdate(a, a), []);
  t.same(validateIPAddressUpdate(b, a).map(String), ['spec.parentRef: Invalid value: networking.ParentReference{Group:"", Resource:"services", Namespace:"default", Name:"api"}: field is immutable']);
});
