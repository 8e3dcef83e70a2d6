import t from 'tap';
import { bodyServiceType, prepareServiceStatusUpdate, serviceStatusWireForm } from './serviceStatus.js';
import { deepFreeze } from '../deepFreeze.js';
import { service } from './testBuilders.js';
import type { Service } from './types.js';

interface WireCase {
  name: string;
  given: unknown;
  defaultIPMode: boolean;
  want: unknown;
}

const wireCases: WireCase[] = [
  // edge: no status at all still reads back as an empty loadBalancer (Go's struct zero value)
  { name: 'absent status', given: undefined, defaultIPMode: true, want: { loadBalancer: {} } },
  { name: 'null status', given: null, defaultIPMode: true, want: { loadBalancer: {} } },
  { name: 'empty ingress dropped', given: { loadBalancer: { ingress: [] } }, defaultIPMode: true, want: { loadBalancer: {} } },
  { name: 'null ingress dropped', given: { loadBalancer: { ingress: null } }, defaultIPMode: true, want: { loadBalancer: {} } },
  { name: 'ip gets VIP', given: { loadBalancer: { ingress: [{ ip: '198.51.100.1' }] } }, defaultIPMode: true, want: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: 'VIP' }] } } },
  // edge: null is nil, so it is defaulted too
  { name: 'null ipMode defaulted', given: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: null }] } }, defaultIPMode: true, want: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: 'VIP' }] } } },
  { name: 'Proxy kept', given: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: 'Proxy' }] } }, defaultIPMode: true, want: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: 'Proxy' }] } } },
  // edge: an invalid mode is kept for validation to refuse, never replaced
  { name: 'bad mode kept', given: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: '' }] } }, defaultIPMode: true, want: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: '' }] } } },
  { name: 'hostname only: no mode', given: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } }, defaultIPMode: true, want: { loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] } } },
  // edge: an empty ip is omitempty and gets no mode
  { name: 'empty ip dropped, no mode', given: { loadBalancer: { ingress: [{ ip: '', hostname: 'a.example.com' }] } }, defaultIPMode: true, want: { loadBalancer: { ingress: [{ hostname: 'a.example.com' }] } } },
  { name: 'no default for other body types', given: { loadBalancer: { ingress: [{ ip: '198.51.100.1' }] } }, defaultIPMode: false, want: { loadBalancer: { ingress: [{ ip: '198.51.100.1' }] } } },
  {
    name: 'Go field order; port and protocol always written',
    given: { loadBalancer: { ingress: [{ ports: [{ error: 'Boom', port: 80 }], ipMode: 'Proxy', hostname: 'h.example.com', ip: '198.51.100.1' }] } },
    defaultIPMode: true,
    want: { loadBalancer: { ingress: [{ ip: '198.51.100.1', hostname: 'h.example.com', ipMode: 'Proxy', ports: [{ port: 80, protocol: '', error: 'Boom' }] }] } },
  },
  { name: 'null error dropped, empty ports dropped', given: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: 'VIP', ports: [] }, { hostname: 'h', ports: [{ port: 1, protocol: 'UDP', error: null }] }] } }, defaultIPMode: true, want: { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: 'VIP' }, { hostname: 'h', ports: [{ port: 1, protocol: 'UDP' }] }] } } },
  // edge: Go decodes a null list element as the zero value
  { name: 'null entries are zero values', given: { loadBalancer: { ingress: [null, { hostname: 'h', ports: [null] }] } }, defaultIPMode: true, want: { loadBalancer: { ingress: [{}, { hostname: 'h', ports: [{ port: 0, protocol: '' }] }] } } },
  { name: 'conditions kept when present', given: { conditions: [{ type: 'Ready' }], loadBalancer: {} }, defaultIPMode: true, want: { loadBalancer: {}, conditions: [{ type: 'Ready' }] } },
  { name: 'empty conditions dropped', given: { conditions: [], loadBalancer: {} }, defaultIPMode: true, want: { loadBalancer: {} } },
];

t.test('serviceStatusWireForm: defaulting and kube\'s wire form', async (t) => {
  for (const c of wireCases) {
    t.test(c.name, async (t) => {
      const out = serviceStatusWireForm(deepFreeze(structuredClone(c.given)), c.defaultIPMode);
      t.same(out, c.want);
      t.equal(JSON.stringify(out), JSON.stringify(c.want), 'same key order');
    });
  }
});

const typeCases: Array<{ name: string; given: unknown; want: string }> = [
  { name: 'LoadBalancer', given: { type: 'LoadBalancer' }, want: 'LoadBalancer' },
  // edge: SetDefaults_Service turns a missing type into ClusterIP before the ipMode step
  { name: 'no type', given: {}, want: 'ClusterIP' },
  { name: 'no spec', given: undefined, want: 'ClusterIP' },
  { name: 'empty type', given: { type: '' }, want: 'ClusterIP' },
  { name: 'NodePort', given: { type: 'NodePort' }, want: 'NodePort' },
];

t.test('bodyServiceType: the type kube\'s defaulting sees', async (t) => {
  for (const c of typeCases) t.equal(bodyServiceType({ metadata: {}, spec: c.given } as Service), c.want, c.name);
});

t.test('prepareServiceStatusUpdate: the body decides the default, the stored spec stays', async (t) => {
  const stored: Service = { ...service({ type: 'LoadBalancer' }), status: { loadBalancer: { ingress: [{ ip: '198.51.100.1' }] } } };
  const next = deepFreeze(structuredClone(stored));
  const lbBody = deepFreeze(structuredClone(stored));
  const out = prepareServiceStatusUpdate(next, lbBody);
  t.same(out.status, { loadBalancer: { ingress: [{ ip: '198.51.100.1', ipMode: 'VIP' }] } });
  t.equal(out.spec, next.spec, 'spec is the stored one, untouched');
  const bare = deepFreeze({ metadata: { name: 'web' }, status: stored.status } as Service);
  t.same(prepareServiceStatusUpdate(next, bare).status, { loadBalancer: { ingress: [{ ip: '198.51.100.1' }] } }, 'a body without spec gets no default');
});
