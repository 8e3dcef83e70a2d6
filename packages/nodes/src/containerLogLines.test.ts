import t from 'tap';
import type { ContainerStatus, Pod, PodStatus } from '@miniplane/api/pod/types';
import { exitLines, planLogLines, type SeenState } from './containerLogLines.js';

const cs = (name: string, o: { running?: boolean; ready?: boolean } = {}): ContainerStatus => ({
  name, ready: o.ready ?? false, restartCount: 0, image: 'docker.io/library/nginx:1.27', imageID: '',
  state: o.running === false ? { waiting: { reason: 'ContainerCreating' } } : { running: { startedAt: '2026-12-05T02:00:00Z' } },
} as ContainerStatus);
const status = (...s: ContainerStatus[]): PodStatus => ({ phase: 'Running', podIP: '10.244.1.5', containerStatuses: s });
const pod = (o: { stored?: PodStatus; terminating?: boolean; annotation?: string } = {}): Pod => Object.freeze({
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name: 'web', namespace: 'default', uid: 'u1',
    ...(o.terminating ? { deletionTimestamp: '2026-12-05T02:01:00Z', deletionGracePeriodSeconds: 7 } : {}),
    ...(o.annotation ? { annotations: { 'miniplane.dev/ready': o.annotation } } : {}),
  },
  spec: { nodeName: 'node-2', containers: [{ name: 'app' }, { name: 'side' }] },
  status: o.stored,
}) as Pod;
const seen = (c: SeenState['containers'], terminating = false): SeenState => ({ containers: c, terminating });

const cases: Array<{ name: string; pod: Pod; written: PodStatus; seen?: SeenState; want: string[] }> = [
  {
    name: 'two containers start, one ready', pod: pod(), written: status(cs('app', { ready: true }), cs('side')),
    want: ['app: Started container app (image docker.io/library/nginx:1.27) on node node-2, pod IP 10.244.1.5', 'app: Readiness probe succeeded: container is ready',
      'side: Started container side (image docker.io/library/nginx:1.27) on node node-2, pod IP 10.244.1.5'],
  },
  { name: 'still creating: nothing', pod: pod(), written: { phase: 'Pending', containerStatuses: [cs('app', { running: false })] }, want: [] },
  { name: 'turns ready later', pod: pod(), written: status(cs('app', { ready: true })), seen: seen({ app: { running: true, ready: false } }), want: ['app: Readiness probe succeeded: container is ready'] },
  {
    name: 'readiness fails by the annotation', pod: pod({ annotation: 'false' }), written: status(cs('app')), seen: seen({ app: { running: true, ready: true } }),
    want: ['app: Readiness probe failed: annotation miniplane.dev/ready is "false"'],
  },
  // a restarted kubelet compares with the stored status: nothing new to tell
  { name: 'after a kubelet restart', pod: pod({ stored: status(cs('app', { ready: true })) }), written: status(cs('app', { ready: true })), want: [] },
  // lines are told once even when the status is written again from a stale cache
  { name: 'already told', pod: pod(), written: status(cs('app', { ready: true })), seen: seen({ app: { running: true, ready: true } }), want: [] },
  {
    name: 'terminating: SIGTERM once, not a readiness failure', pod: pod({ terminating: true }), written: status(cs('app'), cs('side')),
    seen: seen({ app: { running: true, ready: true }, side: { running: true, ready: true } }),
    want: ['app: Received SIGTERM: stopping within the grace period of 7s', 'side: Received SIGTERM: stopping within the grace period of 7s'],
  },
  { name: 'terminating told already', pod: pod({ terminating: true }), written: status(cs('app')), seen: seen({ app: { running: true, ready: false } }, true), want: [] },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const plan = planLogLines(c.pod, c.written, c.seen);
    t.same(plan.lines.map((l) => `${l.container}: ${l.text}`), c.want);
    t.same(planLogLines(c.pod, c.written, plan.seen).lines, [], 'nothing told twice');
  });
}

t.test('exitLines: one per running container', async (t) => {
  t.same(exitLines(pod({ stored: status(cs('app'), cs('side', { running: false })) })), [{ container: 'app', text: 'Exited with code 0' }]);
});
