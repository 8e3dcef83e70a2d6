import t from 'tap';
import { BadRequest } from '../errors.js';
import { compactService, decodeService } from './decode.js';
import { deepFreeze, service } from './testBuilders.js';
import type { Service } from './types.js';

const prefix = 'Service in version "v1" cannot be handled as a Service: json: cannot unmarshal';

const bad: Array<{ name: string; spec: unknown; want: string }> = [
  { name: 'port as a string', spec: { ports: [{ port: '80' }] }, want: `${prefix} string into Go struct field ServicePort.spec.ports.port of type int32` },
  // edge: a fraction is a number JSON can hold but int32 cannot
  { name: 'fractional nodePort', spec: { ports: [{ port: 80, nodePort: 1.5 }] }, want: `${prefix} number 1.5 into Go struct field ServicePort.spec.ports.nodePort of type int32` },
  { name: 'type as a number', spec: { type: 1 }, want: `${prefix} number 1 into Go struct field ServiceSpec.spec.type of type string` },
  { name: 'ports not a list', spec: { ports: {} }, want: `${prefix} object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort` },
  { name: 'selector values are strings', spec: { selector: { app: 1 } }, want: `${prefix} object into Go struct field ServiceSpec.spec.selector of type map[string]string` },
  { name: 'spec not an object', spec: 'x', want: `${prefix} string into Go struct field Service.spec of type v1.ServiceSpec` },
];

for (const c of bad) {
  t.test(`decode refuses ${c.name}`, async (t) => {
    const err = t.throws(() => decodeService({ metadata: { name: 'x' }, spec: c.spec } as Service)) as BadRequest;
    t.ok(err instanceof BadRequest);
    t.equal(err.message, c.want);
  });
}

t.test('decode drops nulls, as Go decodes them to zero values', async (t) => {
  const got = decodeService(deepFreeze({ metadata: { name: 'x' }, spec: { clusterIP: null, ports: [{ port: 80, nodePort: null }], ipFamilyPolicy: null } } as unknown as Service));
  t.same(got.spec, { ports: [{ port: 80 }] });
});

t.test('compact drops zero values of omitempty fields', async (t) => {
  const got = compactService(deepFreeze(service({ clusterIP: '', externalIPs: [], publishNotReadyAddresses: false, ports: [{ port: 80, name: '', nodePort: 0, targetPort: 80 }], allocateLoadBalancerNodePorts: false })));
  t.same(got.spec, { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }], allocateLoadBalancerNodePorts: false }, 'a false pointer is kept');
});
