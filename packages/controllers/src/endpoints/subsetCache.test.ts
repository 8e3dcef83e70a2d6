import t from 'tap';
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';
import { desiredSubsets } from './endpointsPlan.js';
import { SubsetCache } from './subsetCache.js';

const service = (spec: Partial<NonNullable<Service['spec']>> = {}): Service => deepFreeze({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 's' },
  spec: { selector: { app: 'web' }, clusterIP: '10.96.0.10', ipFamilies: ['IPv4'], ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec },
});
interface Opts { ready?: boolean; ip?: string; port?: number; app?: string; deleting?: boolean }
const pod = (i: number, o: Opts = {}): Pod => deepFreeze({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: `p${i}`, namespace: 'default', uid: `u${i}`, labels: { app: o.app ?? 'web' }, ...(o.deleting ? { deletionTimestamp: '2026-12-05T00:00:00Z' } : {}) },
  spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ name: 'http', containerPort: o.port ?? 8080 }] }] },
  status: { phase: 'Running', podIPs: [{ ip: o.ip ?? `10.1.${i % 7}.${i}` }], conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});

t.test('the cache answers what desiredSubsets answers, step after step', async (t) => {
  const cases: Array<[string, Service]> = [
    ['one named port', service()],
    ['headless without ports', service({ clusterIP: 'None', ports: [] })],
    ['two ports (computed in full)', service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'm', port: 9100, targetPort: 9100 }] })],
    ['publishNotReadyAddresses', service({ publishNotReadyAddresses: true })],
  ];
  for (const [name, svc] of cases) {
    const cache = new SubsetCache();
    let pods = Array.from({ length: 40 }, (_, i) => pod(i, { ready: i % 5 !== 0 }));
    let seed = 3;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let step = 0; step < 80; step++) {
      const i = random(pods.length);
      const n = Number(pods[i]!.metadata.uid!.slice(1));
      const kind = step % 8;
      if (kind === 0) pods[i] = pod(n, { ready: false });
      if (kind === 1) pods[i] = pod(n, { ready: true });
      if (kind === 2) pods = pods.filter((_, j) => j !== i);
      if (kind === 3) pods = [...pods, pod(100 + step)];
      if (kind === 4) pods[i] = pod(n, { ip: `10.9.0.${step}` });
      if (kind === 5) pods[i] = pod(n, { app: 'other' });
      if (kind === 6) pods[i] = pod(n, { deleting: true });
      if (kind === 7 && step === 47) pods[i] = pod(n, { port: 9090 }); // a named port resolving elsewhere: two subsets
      if (kind === 7 && step === 63) pods[i] = pod(n, { port: 8080 });
      t.same(cache.subsets('default/web', svc, pods), desiredSubsets(svc, pods), `${name}, step ${step}`);
    }
  }
});

t.test('a replaced Service starts afresh; the answer is a copy', async (t) => {
  const cache = new SubsetCache();
  const pods = [pod(1), pod(2, { ready: false })];
  const first = cache.subsets('k', service(), pods);
  first[0]!.addresses!.pop();
  t.same(cache.subsets('k', service(), pods), desiredSubsets(service(), pods));
  const noPods = cache.subsets('k', service({ selector: { app: 'none' } }), pods);
  t.same(noPods, []);
});
