import t from 'tap';
import { patchMetaFor } from '@miniplane/api/patch/patchMeta';
import { threeWayPatch } from './threeWayPatch.js';

const svc = (ports: object[], extra: object = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports, ...extra } });
const schema = patchMetaFor('Service');

const cases: { name: string; original?: object; modified: object; current: object; strategic?: boolean; want: object }[] = [
  { name: 'unchanged configuration: empty patch', original: svc([{ port: 80 }]), modified: svc([{ port: 80 }]),
    current: svc([{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30001 }]), want: {} },
  // the server's defaults (protocol, nodePort) are left alone; the dropped port is deleted by key
  { name: 'a port removed and one changed', original: svc([{ port: 80 }, { port: 443 }]), modified: svc([{ port: 80, targetPort: 8080 }]),
    current: svc([{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 443, protocol: 'TCP', targetPort: 443 }]),
    want: { spec: { ports: [{ port: 443, $patch: 'delete' }, { port: 80, targetPort: 8080 }], '$setElementOrder/ports': [{ port: 80 }] } } },
  { name: 'a field dropped from the configuration is nulled', original: svc([{ port: 80 }], { sessionAffinity: 'ClientIP' }), modified: svc([{ port: 80 }]),
    current: svc([{ port: 80 }], { sessionAffinity: 'ClientIP', clusterIP: '10.0.0.1' }), want: { spec: { sessionAffinity: null } } },
  // edge: without a last-applied configuration nothing is deleted
  { name: 'no original: additions only', modified: svc([{ port: 80 }], { type: 'NodePort' }), current: svc([{ port: 80 }], { sessionAffinity: 'None' }),
    want: { spec: { type: 'NodePort' } } },
  // edge: JSON merge form replaces lists whole
  { name: 'merge form replaces lists', original: svc([{ port: 80 }]), modified: svc([{ port: 81 }]), current: svc([{ port: 80, protocol: 'TCP' }]), strategic: false,
    want: { spec: { ports: [{ port: 81 }] } } },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const strategic = c.strategic ?? true;
    t.same(threeWayPatch(c.original as never, c.modified as never, c.current as never, strategic ? schema : {}, strategic), c.want);
  });
}
