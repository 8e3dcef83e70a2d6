import t from 'tap';
import { compactService, decodeService } from './decode.js';
import { deepFreeze } from '../deepFreeze.js';
import { service } from './testBuilders.js';
import type { Service } from './types.js';

const nulls: Array<{ name: string; spec: unknown; want: unknown }> = [
  { name: 'null fields are absent', spec: { clusterIP: null, ports: [{ port: 80, nodePort: null }], ipFamilyPolicy: null }, want: { ports: [{ port: 80 }] } },
  { name: 'null list elements and map values are ""', spec: { clusterIPs: ['10.0.0.1', null], selector: { app: null } }, want: { clusterIPs: ['10.0.0.1', ''], selector: { app: '' } } },
  { name: 'a null clientIP config is an empty config', spec: { sessionAffinityConfig: { clientIP: null } }, want: { sessionAffinityConfig: {} } },
  { name: 'a null timeout is absent', spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: null } } }, want: { sessionAffinityConfig: { clientIP: {} } } },
  { name: 'a null spec is an empty spec', spec: null, want: {} },
  { name: 'no spec is an empty spec', spec: undefined, want: {} },
];
for (const c of nulls) {
  t.test(`decode: ${c.name}`, async (t) => {
    const got = decodeService(deepFreeze({ metadata: { name: 'x' }, spec: c.spec } as unknown as Service));
    t.same(got.spec, c.want);
  });
}

t.test('compact drops zero values of omitempty fields', async (t) => {
  const got = compactService(deepFreeze(service({ clusterIP: '', externalIPs: [], publishNotReadyAddresses: false, ports: [{ port: 80, name: '', nodePort: 0, targetPort: 80 }], allocateLoadBalancerNodePorts: false })));
  t.same(got.spec, { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }], allocateLoadBalancerNodePorts: false }, 'a false pointer is kept');
});
