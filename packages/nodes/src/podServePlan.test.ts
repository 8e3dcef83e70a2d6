import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { Pod } from '@miniplane/api/pod/types';
import { planPodServe } from './podServePlan.js';

function pod(o: { phase?: string; ip?: string; ports?: unknown[]; hostNetwork?: boolean; deleting?: boolean; ready?: boolean } = {}): Pod {
  return deepFreeze({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', ...(o.deleting ? { deletionTimestamp: '2026-12-05T00:00:00Z' } : {}) },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', ports: o.ports ?? [{ containerPort: 8080 }] }], ...(o.hostNetwork ? { hostNetwork: true } : {}) },
    status: { phase: o.phase ?? 'Running', ...(o.ip === '' ? {} : { podIP: o.ip ?? '127.244.1.2' }), conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  } as Pod);
}

const cases = [
  { name: 'a Running pod serves its TCP port', given: pod(), want: ['127.244.1.2:8080/TCP'] },
  { name: 'an unready pod still serves', given: pod({ ready: false }), want: ['127.244.1.2:8080/TCP'] },
  { name: 'a terminating pod still serves', given: pod({ deleting: true }), want: ['127.244.1.2:8080/TCP'] },
  // edge: Pending (not started yet) and finished pods have no process
  { name: 'Pending serves nothing', given: pod({ phase: 'Pending' }), want: [] },
  { name: 'Succeeded serves nothing', given: pod({ phase: 'Succeeded' }), want: [] },
  // edge: no IP yet (the sandbox failed)
  { name: 'no podIP serves nothing', given: pod({ ip: '' }), want: [] },
  { name: 'hostNetwork serves nothing', given: pod({ hostNetwork: true }), want: [] },
  { name: 'no port declared serves nothing', given: pod({ ports: [] }), want: [] },
  { name: 'UDP gets an echo, SCTP nothing', given: pod({ ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 9, protocol: 'SCTP' }] }), want: ['127.244.1.2:53/UDP'] },
  // edge: the same port twice is one socket; TCP and UDP on one number are two
  { name: 'duplicates are served once', given: pod({ ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }, { containerPort: 80, protocol: 'UDP' }] }), want: ['127.244.1.2:80/TCP', '127.244.1.2:80/UDP'] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const plan = planPodServe(c.given);
    t.same(plan.ports.map((p) => `${p.ip}:${p.port}/${p.protocol}`), c.want);
    t.equal(plan.key, c.want.join(','));
  });
}
