import t from 'tap';
import type { Pod } from '@miniplane/api/pod/types';
import { normalizeImage, planPod, type PodPlanInput } from './podStatusPlan.js';

const T0 = Date.parse('2026-12-04T10:00:00Z');
const pod = (o: { annotations?: Record<string, string>; deletionTimestamp?: string; probeDelay?: number; containers?: string[] } = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', uid: 'u1', annotations: o.annotations, deletionTimestamp: o.deletionTimestamp },
  spec: {
    nodeName: 'node-1',
    containers: (o.containers ?? ['web']).map((name) => ({ name, image: 'nginx:1.26', readinessProbe: o.probeDelay ? { initialDelaySeconds: o.probeDelay } : undefined })),
  },
  status: { phase: 'Pending', qosClass: 'BestEffort', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-12-04T09:59:59Z' }] },
});
const input = (p: Pod, o: Partial<PodPlanInput> = {}): PodPlanInput => ({
  pod: p, hostIP: '172.18.0.2', podIP: '10.244.1.2', now: T0, podReadyDelayMs: 0, reported: { killing: false, sandboxFailure: false }, ...o,
});
const reasons = (p: ReturnType<typeof planPod>) => p.events.map((e) => e.reason);
const cond = (p: ReturnType<typeof planPod>, type: string) => p.status?.conditions?.find((c) => c.type === type);
/** The pod after the plan's status was written. */
const after = (p: Pod, plan: ReturnType<typeof planPod>): Pod => ({ ...p, status: plan.status ?? p.status });

t.test('a new pod starts: Running, IPs, containers, conditions in kube order, three Events', async (t) => {
  const plan = planPod(input(pod()));
  t.match(plan.status, {
    phase: 'Running', hostIP: '172.18.0.2', hostIPs: [{ ip: '172.18.0.2' }], podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }],
    startTime: '2026-12-04T10:00:00Z', qosClass: 'BestEffort',
    containerStatuses: [{ name: 'web', ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:1.26', state: { running: { startedAt: '2026-12-04T10:00:00Z' } }, containerID: /^containerd:\/\/[0-9a-f]{64}$/, imageID: /^docker.io\/library\/nginx@sha256:[0-9a-f]{64}$/ }],
  });
  t.same(plan.status!.conditions!.map((c) => `${c.type}=${c.status}`), ['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  t.equal(cond(plan, 'PodScheduled')!.lastTransitionTime, '2026-12-04T09:59:59Z', 'the binding time is kept');
  t.same(plan.events.map((e) => `${e.reason}: ${e.message} (${e.fieldPath})`), [
    'Pulled: Container image "nginx:1.26" already present on machine (spec.containers{web})',
    'Created: Created container: web (spec.containers{web})',
    'Started: Started container web (spec.containers{web})',
  ]);
  const again = planPod(input(after(pod(), plan), { now: T0 + 5000 }));
  t.same(again, { events: [] }, 'nothing to write or say once it runs');
});

t.test('dual-stack: podIPs of both families, podIP the first', async (t) => {
  const plan = planPod(input(pod(), { podIPs: ['10.244.1.2', 'fd00:10:244:1::2'] }));
  t.match(plan.status, { podIP: '10.244.1.2', podIPs: [{ ip: '10.244.1.2' }, { ip: 'fd00:10:244:1::2' }] });
});

t.test('readiness waits for --pod-ready-delay or the probe delay, whichever is later', async (t) => {
  const cases: Array<[string, number, number | undefined, number]> = [
    ['pod-ready-delay', 3000, undefined, 3000],
    ['probe delay', 0, 5, 5000],
    ['the later of both', 8000, 5, 8000],
  ];
  for (const [what, delay, probe, readyAfter] of cases) {
    const p = pod({ probeDelay: probe });
    const first = planPod(input(p, { podReadyDelayMs: delay }));
    t.equal(cond(first, 'Ready')!.status, 'False', `${what}: not ready at start`);
    t.match(cond(first, 'Ready'), { reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    t.equal(first.requeueAt, T0 + readyAfter, `${what}: look again when it turns ready`);
    t.same(first.started, { web: T0 });
    const early = planPod(input(after(p, first), { podReadyDelayMs: delay, now: T0 + readyAfter - 1, startedAtMs: first.started }));
    t.same(early, { events: [], requeueAt: T0 + readyAfter }, `${what}: not a millisecond early`);
    const later = planPod(input(after(p, first), { podReadyDelayMs: delay, now: T0 + readyAfter }));
    t.equal(cond(later, 'Ready')!.status, 'True', `${what}: ready after ${readyAfter} ms`);
    t.equal(later.requeueAt, undefined);
    t.same(reasons(later), [], 'no new Events');
  }
});

t.test('the miniplane.dev/ready annotation fails and passes the readiness probe', async (t) => {
  const running = after(pod(), planPod(input(pod())));
  const failing = { ...running, metadata: { ...running.metadata, annotations: { 'miniplane.dev/ready': 'false' } } };
  const fail = planPod(input(failing, { now: T0 + 1000 }));
  t.equal(cond(fail, 'Ready')!.status, 'False');
  t.equal(cond(fail, 'ContainersReady')!.status, 'False');
  t.equal(cond(fail, 'Ready')!.lastTransitionTime, '2026-12-04T10:00:01Z');
  t.same(fail.events, [{ type: 'Warning', reason: 'Unhealthy', message: 'Readiness probe failed: annotation miniplane.dev/ready is "false"', fieldPath: 'spec.containers{web}' }]);
  t.same(planPod(input(after(failing, fail), { now: T0 + 2000 })).events, [], 'one Unhealthy per transition');
  for (const value of [undefined, 'true']) {
    const back = { ...after(failing, fail), metadata: { ...running.metadata, annotations: value ? { 'miniplane.dev/ready': value } : {} } };
    const pass = planPod(input(back, { now: T0 + 3000 }));
    t.equal(cond(pass, 'Ready')!.status, 'True', `annotation ${value ?? 'removed'}: ready again`);
    t.same(reasons(pass), []);
  }
});

t.test('no pod IP: Pending and ContainerCreating; an exhausted range says so once', async (t) => {
  const plan = planPod(input(pod(), { podIP: undefined, ipError: 'failed to allocate' }));
  t.match(plan.status, { phase: 'Pending', hostIP: '172.18.0.2', containerStatuses: [{ name: 'web', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] });
  t.notOk(plan.status!.podIP);
  t.equal(cond(plan, 'PodReadyToStartContainers')!.status, 'False');
  t.same(plan.events, [{ type: 'Warning', reason: 'FailedCreatePodSandBox', message: 'failed to allocate' }]);
  t.same(planPod(input(after(pod(), plan), { podIP: undefined, ipError: 'failed to allocate', reported: { killing: false, sandboxFailure: true } })), { events: [] });
});

t.test('terminating: not ready, Killing once, deleted when the grace period ends', async (t) => {
  const running = after(pod({ containers: ['b', 'a'] }), planPod(input(pod({ containers: ['b', 'a'] }))));
  t.same(running.status!.containerStatuses!.map((c) => c.name), ['a', 'b'], 'containerStatuses sorted by name');
  const dying = { ...running, metadata: { ...running.metadata, deletionTimestamp: '2026-12-04T10:00:30Z' } };
  const plan = planPod(input(dying, { now: T0 + 1000 }));
  t.equal(cond(plan, 'Ready')!.status, 'False');
  t.same(plan.events.map((e) => e.message), ['Stopping container a', 'Stopping container b']);
  t.equal(plan.deleteAt, T0 + 30_000);
  t.same(reasons(planPod(input(after(dying, plan), { now: T0 + 2000, reported: { killing: true, sandboxFailure: false } }))), []);
});

t.test('normalizeImage', async (t) => {
  const cases: Array<[string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest'], ['nginx:1.26', 'docker.io/library/nginx:1.26'], ['me/app', 'docker.io/me/app:latest'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'], ['localhost:5000/x', 'localhost:5000/x:latest'],
  ];
  for (const [image, want] of cases) t.equal(normalizeImage(image), want, image);
});
