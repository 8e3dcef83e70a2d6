// What kube-proxy reads from Services and EndpointSlices: which are skipped (ShouldSkipService,
// its informers' label selectors), how endpoints are matched to a port, deduplicated and sorted
// (endpointslicecache: by the "ip:port" text), and the condition defaults (nil ready = ready).
import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import type { EndpointSlice } from '../endpoints/types.js';
import type { Service } from '../service/types.js';
import { servicePorts } from './servicePorts.js';
import { ep, slice, state, svc } from './testBuilders.js';

const p80 = { name: 'p80', port: 80, protocol: 'TCP' };
const web = svc('ns', 'web', { clusterIP: '172.30.0.1', ports: [p80] });
const labelled = (s: Service | EndpointSlice, key: string): typeof s => ({ ...s, metadata: { ...s.metadata, labels: { ...s.metadata.labels, [key]: 'x' } } });

interface Case { name: string; services: Service[]; slices: EndpointSlice[]; want: Array<{ name: string; endpoints: string[] }> }

const cases: Case[] = [
  { name: 'ExternalName and headless Services are skipped', services: [
    svc('ns', 'ext', { type: 'ExternalName', externalName: 'example.com' }),
    svc('ns', 'headless', { clusterIP: 'None', ports: [p80] }),
    web,
  ], slices: [], want: [{ name: 'ns/web:p80', endpoints: [] }] },
  { name: 'a Service for another proxy (service-proxy-name) is skipped', services: [labelled(web, 'service.kubernetes.io/service-proxy-name') as Service], slices: [], want: [] },
  { name: 'slices: IPv6, other proxies\' and headless-labelled ones ignored', services: [web], slices: [
    { ...slice('ns', 'web', [ep('fd00::1')], p80, 'v6'), addressType: 'IPv6' },
    labelled(slice('ns', 'web', [ep('10.0.0.9')], p80, 'other'), 'service.kubernetes.io/service-proxy-name') as EndpointSlice,
    labelled(slice('ns', 'web', [ep('10.0.0.8')], p80, 'hl'), 'service.kubernetes.io/headless') as EndpointSlice,
    slice('ns', 'web', [ep('10.0.0.1')], p80, 'a'),
  ], want: [{ name: 'ns/web:p80', endpoints: ['10.0.0.1:80'] }] },
  // A slice port of another name or protocol belongs to another service port.
  { name: 'slice ports match by name and protocol', services: [web], slices: [
    slice('ns', 'web', [ep('10.0.0.1')], { name: 'other', port: 80, protocol: 'TCP' }, 'a'),
    slice('ns', 'web', [ep('10.0.0.2')], { name: 'p80', port: 80, protocol: 'UDP' }, 'b'),
  ], want: [{ name: 'ns/web:p80', endpoints: [] }] },
  // "10.0.0.10:80" sorts before "10.0.0.9:80" as text; the same endpoint in two slices counts once.
  { name: 'endpoints deduplicated across slices and sorted as text', services: [web], slices: [
    slice('ns', 'web', [ep('10.0.0.9'), ep('10.0.0.10')], p80, 'a'),
    slice('ns', 'web', [ep('10.0.0.9'), ep('10.0.0.2')], p80, 'b'),
  ], want: [{ name: 'ns/web:p80', endpoints: ['10.0.0.10:80', '10.0.0.2:80', '10.0.0.9:80'] }] },
  { name: 'an unnamed port is named ns/svc', services: [svc('ns', 'plain', { clusterIP: '172.30.0.2', ports: [{ port: 81 }] })], slices: [
    slice('ns', 'plain', [ep('10.0.0.1')], { name: '', port: 8081, protocol: 'TCP' }),
  ], want: [{ name: 'ns/plain', endpoints: ['10.0.0.1:8081'] }] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const got = servicePorts(deepFreeze(state(c.services, c.slices)));
    t.same(got.map((sp) => ({ name: sp.name, endpoints: sp.endpoints.map((e) => e.key) })), c.want);
  });
}

t.test('condition defaults: absent ready is ready, absent serving is serving, absent terminating is not', async (t) => {
  const [sp] = servicePorts(state([web], [slice('ns', 'web', [ep('10.0.0.1', { conditions: {} }), ep('10.0.0.2', { conditions: { ready: false, terminating: true } })], p80)]));
  t.same(sp!.endpoints.map((e) => [e.key, e.ready, e.serving, e.terminating]), [['10.0.0.1:80', true, true, false], ['10.0.0.2:80', false, true, true]]);
});
