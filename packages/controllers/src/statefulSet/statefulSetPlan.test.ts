import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { Pod } from '@miniplane/api/pod/types';
import { planStatefulSet, podForOrdinal, updateRevisionOf } from './statefulSetPlan.js';
import type { StatefulSet } from './statefulSetTypes.js';
import { planRevisions, revisionData, templateOf, type ControllerRevision } from './revisionPlan.js';

const now = Date.parse('2026-12-04T12:00:00Z');

function sts(o: { replicas?: number; parallel?: boolean; partition?: number; image?: string; onDelete?: boolean; currentRevision?: string } = {}): StatefulSet {
  return deepFreeze({
    apiVersion: 'apps/v1', kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'u-web', generation: 2 },
    spec: {
      replicas: o.replicas ?? 3, serviceName: 'nginx', podManagementPolicy: o.parallel ? 'Parallel' : 'OrderedReady',
      updateStrategy: o.onDelete ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: { partition: o.partition ?? 0 } },
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: o.image ?? 'nginx:1' }] } },
    },
    ...(o.currentRevision ? { status: { replicas: 3, currentRevision: o.currentRevision } } : {}),
  }) as StatefulSet;
}

const oldSet = sts({ image: 'nginx:0' });
/** A pod of ordinal `i` in a state; `old` gives it the revision of the nginx:0 template. */
function pod(i: number, state: 'ready' | 'pending' | 'running' | 'terminating' | 'failed' = 'ready', old = false): Pod {
  const p = podForOrdinal(old ? oldSet : sts(), i, updateRevisionOf(old ? oldSet : sts()));
  p.metadata.uid = `u-${i}`;
  const ready = state === 'ready';
  p.status = {
    phase: state === 'pending' ? 'Pending' : state === 'failed' ? 'Failed' : 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-12-04T11:00:00Z' }],
  } as Pod['status'];
  if (state === 'terminating') p.metadata.deletionTimestamp = '2026-12-04T12:00:30Z';
  return deepFreeze(p);
}

t.test('planStatefulSet', async (t) => {
  const cases: Array<{ name: string; set: StatefulSet; pods: Pod[]; create: string[]; del: string[] }> = [
    { name: 'empty OrderedReady: web-0 only', set: sts(), pods: [], create: ['web-0'], del: [] },
    { name: 'web-0 pending: wait', set: sts(), pods: [pod(0, 'pending')], create: [], del: [] },
    // Running is not enough: OrderedReady waits for Ready.
    { name: 'web-0 running, not ready: wait', set: sts(), pods: [pod(0, 'running')], create: [], del: [] },
    { name: 'web-0 ready: web-1', set: sts(), pods: [pod(0)], create: ['web-1'], del: [] },
    { name: 'Parallel: every missing pod at once', set: sts({ parallel: true }), pods: [pod(1, 'pending')], create: ['web-0', 'web-2'], del: [] },
    { name: 'a failed pod is deleted to be recreated', set: sts(), pods: [pod(0, 'failed'), pod(1), pod(2)], create: [], del: ['web-0'] },
    { name: 'scale down: the highest ordinal first, one at a time', set: sts({ replicas: 1 }), pods: [pod(0), pod(1), pod(2)], create: [], del: ['web-2'] },
    { name: 'scale down waits while one terminates', set: sts({ replicas: 1 }), pods: [pod(0), pod(1), pod(2, 'terminating')], create: [], del: [] },
    { name: 'Parallel scale down: all condemned at once', set: sts({ replicas: 1, parallel: true }), pods: [pod(0), pod(1), pod(2)], create: [], del: ['web-2', 'web-1'] },
    { name: 'rolling update: the highest old pod', set: sts(), pods: [pod(0, 'ready', true), pod(1, 'ready', true), pod(2, 'ready', true)], create: [], del: ['web-2'] },
    { name: 'rolling update continues below updated pods', set: sts(), pods: [pod(0, 'ready', true), pod(1, 'ready', true), pod(2)], create: [], del: ['web-1'] },
    // The recreated pod must be Ready before the next one goes.
    { name: 'rolling update waits for the new pod', set: sts(), pods: [pod(0, 'ready', true), pod(1, 'ready', true), pod(2, 'pending')], create: [], del: [] },
    { name: 'partition 2: ordinals below stay old', set: sts({ partition: 2 }), pods: [pod(0, 'ready', true), pod(1, 'ready', true), pod(2)], create: [], del: [] },
    { name: 'OnDelete: no rolling', set: sts({ onDelete: true }), pods: [pod(0, 'ready', true), pod(1, 'ready', true), pod(2, 'ready', true)], create: [], del: [] },
  ];
  for (const c of cases) {
    const plan = planStatefulSet(c.set, c.pods, now);
    t.same({ create: plan.create.map((p) => p.metadata.name), del: plan.delete.map((p) => p.metadata.name) }, { create: c.create, del: c.del }, c.name);
  }
});

t.test('pods carry the identity kube gives them', async (t) => {
  const p = podForOrdinal(sts(), 1, 'web-abc');
  t.match(p, {
    metadata: {
      name: 'web-1', namespace: 'default',
      labels: { app: 'web', 'controller-revision-hash': 'web-abc', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u-web', controller: true, blockOwnerDeletion: true }],
    },
    spec: { hostname: 'web-1', subdomain: 'nginx' },
  });
});

t.test('status', async (t) => {
  const rev = updateRevisionOf(sts());
  const oldRev = updateRevisionOf(oldSet);
  t.not(rev, oldRev, 'a template change is a new revision');
  // The first status write stores collisionCount 0: the revision must not move with it (it did).
  t.equal(updateRevisionOf(deepFreeze({ ...sts(), status: { replicas: 0, collisionCount: 0 } }) as StatefulSet), rev, 'collisionCount unset = 0');
  const mid = planStatefulSet(sts({ currentRevision: oldRev }), [pod(0, 'ready', true), pod(1, 'ready', true), pod(2, 'pending')], now).status;
  t.same(mid, { observedGeneration: 2, replicas: 3, readyReplicas: 2, availableReplicas: 2, currentReplicas: 2, updatedReplicas: 1, currentRevision: oldRev, updateRevision: rev, collisionCount: 0 });
  const done = planStatefulSet(sts({ currentRevision: oldRev }), [pod(0), pod(1), pod(2)], now).status;
  t.match(done, { currentRevision: rev, updateRevision: rev, currentReplicas: 3, updatedReplicas: 3, readyReplicas: 3 }, 'all updated and ready: current = update');
});

t.test('planRevisions', async (t) => {
  const set = sts();
  const rev = updateRevisionOf(set);
  const cr = (name: string, revision: number) => deepFreeze({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name }, revision }) as ControllerRevision;
  const first = planRevisions(set, [], [], rev, rev);
  t.match(first.create, {
    metadata: { name: rev, labels: { app: 'web', 'controller-revision-hash': rev }, ownerReferences: [{ kind: 'StatefulSet', name: 'web', uid: 'u-web', controller: true }] },
    data: { spec: { template: { $patch: 'replace', spec: { containers: [{ image: 'nginx:1' }] } } } },
    revision: 1,
  }, 'the first revision');
  t.equal(planRevisions(set, [cr('web-old', 4)], [], rev, 'web-old').create?.revision, 5, 'numbered above the highest');
  t.equal(planRevisions(set, [cr(rev, 1)], [], rev, rev).create, undefined, 'existing: nothing to create');
  // History beyond revisionHistoryLimit (10): the oldest unused ones go; live ones never.
  const many = Array.from({ length: 13 }, (_, i) => cr(`web-h${i}`, i + 1));
  const plan = planRevisions(set, [...many, cr(rev, 20)], [pod(0)], rev, 'web-h0');
  t.same(plan.delete.map((r) => r.metadata.name), ['web-h1', 'web-h2']);
});

t.test('planRevisions: rollback renumbers the equal revision', async (t) => {
  const set = sts();
  const rev = updateRevisionOf(set);
  const cr = (name: string, revision: number) => deepFreeze({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name }, revision }) as ControllerRevision;
  const cases: { name: string; owned: ControllerRevision[]; want: { create?: number; bump?: [string, number] } }[] = [
    { name: 'no revision yet: the first', owned: [], want: { create: 1 } },
    { name: 'the equal revision is the latest: nothing', owned: [cr('web-a', 1), cr(rev, 2)], want: {} },
    // kubectl rollout undo restored revision 1's template: it becomes revision 3, no new object
    { name: 'the equal revision is older: renumbered above the highest', owned: [cr(rev, 1), cr('web-b', 2)], want: { bump: [rev, 3] } },
    { name: 'a new template: created above the highest', owned: [cr('web-a', 1), cr('web-b', 2)], want: { create: 3 } },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const got = planRevisions(set, c.owned, [], rev, rev);
      t.same({
        ...(got.create ? { create: got.create.revision } : {}),
        ...(got.bump ? { bump: [got.bump.revision.metadata.name, got.bump.to] } : {}),
      }, c.want);
    });
  }
});

t.test('planRevisions: a revision carries the set annotations (change-cause for rollout history)', async (t) => {
  const set = deepFreeze({ ...sts(), metadata: { ...sts().metadata, annotations: { 'kubernetes.io/change-cause': 'nginx 1' } } }) as StatefulSet;
  t.same(planRevisions(set, [], [], updateRevisionOf(set), updateRevisionOf(set)).create?.metadata.annotations, { 'kubernetes.io/change-cause': 'nginx 1' });
  t.notOk(planRevisions(sts(), [], [], updateRevisionOf(sts()), updateRevisionOf(sts())).create?.metadata.annotations, 'none: no annotations field');
});

t.test('revisionData: the bytes kubectl compares (Go typed zero fields, keys sorted)', async (t) => {
  const cases: { name: string; template: StatefulSet['spec']['template']; want: string }[] = [
    { name: 'a plain template', template: sts().spec.template,
      want: '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1","name":"nginx","resources":{}}]}}}}' },
    // resources already set are kept; init containers get the zero struct too
    { name: 'resources kept, init containers', template: { metadata: { labels: { b: '1', a: '2' } }, spec: { initContainers: [{ name: 'i', image: 'x' }], containers: [{ name: 'c', image: 'y', resources: { limits: { cpu: '1' } } }] } } as StatefulSet['spec']['template'],
      want: '{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"a":"2","b":"1"}},"spec":{"containers":[{"image":"y","name":"c","resources":{"limits":{"cpu":"1"}}}],"initContainers":[{"image":"x","name":"i","resources":{}}]}}}}' },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(JSON.stringify(revisionData(deepFreeze(c.template))), c.want));
});

t.test('a pod recreated below the partition takes the current revision (newVersionedStatefulSetPod)', async (t) => {
  const oldRev = updateRevisionOf(oldSet);
  const newRev = updateRevisionOf(sts());
  const image = (p: Pod) => p.spec.containers[0]!.image;
  const cases: { name: string; set: StatefulSet; pods: Pod[]; current?: boolean; want: [string, string, string] }[] = [
    // web-0 deleted under partition 2: back at the old template and revision
    { name: 'below the partition: current revision', set: sts({ partition: 2, currentRevision: oldRev, parallel: true }), pods: [pod(1, 'ready', true), pod(2)], current: true, want: ['web-0', 'nginx:0', oldRev] },
    { name: 'at or above the partition: update revision', set: sts({ partition: 2, currentRevision: oldRev, parallel: true }), pods: [pod(0, 'ready', true), pod(1, 'ready', true)], current: true, want: ['web-2', 'nginx:1', newRev] },
    // OnDelete: every recreated pod takes the update revision
    { name: 'OnDelete: update revision', set: sts({ onDelete: true, currentRevision: oldRev, parallel: true }), pods: [pod(1, 'ready', true), pod(2, 'ready', true)], current: true, want: ['web-0', 'nginx:1', newRev] },
    // no revision object to read the old template from: the update revision (as before)
    { name: 'current template unknown: update revision', set: sts({ partition: 2, currentRevision: oldRev, parallel: true }), pods: [pod(1, 'ready', true), pod(2)], want: ['web-0', 'nginx:1', newRev] },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const [p] = planStatefulSet(c.set, c.pods, now, c.current ? oldSet.spec.template : undefined).create;
      t.same([p!.metadata.name, image(p!), p!.metadata.labels!['controller-revision-hash']], c.want);
    });
  }
});

t.test('templateOf reads a revision back', async (t) => {
  const rev = planRevisions(sts(), [], [], updateRevisionOf(sts()), updateRevisionOf(sts())).create!;
  t.match(templateOf(rev), { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx:1' }] } });
  t.notOk(Object.hasOwn(templateOf(rev)!, '$patch'), 'without the patch directive');
  t.equal(templateOf(deepFreeze({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: {}, revision: 1, data: {} }) as ControllerRevision), undefined, 'a revision of something else');
});
