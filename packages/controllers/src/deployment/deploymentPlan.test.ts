import t from 'tap';
import { deepFreeze } from '@miniplane/client';
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';
import { planDeployment, type DeploymentPlan } from './deploymentPlan.js';
import type { Deployment } from './deploymentTypes.js';
import { computeHash } from './podTemplateHash.js';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const at = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } });

interface DeployOpts { replicas?: number; image?: string; strategy?: Deployment['spec']['strategy']; paused?: boolean; limit?: number; status?: Deployment['status']; generation?: number; annotations?: Record<string, string> }
const deploy = (o: DeployOpts = {}): Deployment => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'd-uid', generation: o.generation ?? 1, annotations: o.annotations },
  spec: {
    replicas: o.replicas ?? 10, selector: { matchLabels: { app: 'web' } }, template: template(o.image ?? 'v2'), strategy: o.strategy,
    paused: o.paused, revisionHistoryLimit: o.limit,
  },
  status: o.status ?? { observedGeneration: 1 },
});

interface RSOpts { replicas: number; available?: number; revision?: number; age?: number; desired?: number; max?: number; statusReplicas?: number }
const rs = (image: string, o: RSOpts): ReplicaSet => {
  const hash = computeHash(template(image));
  const annotations: Record<string, string> = { 'deployment.kubernetes.io/revision': String(o.revision ?? 1) };
  if (o.desired !== undefined) annotations['deployment.kubernetes.io/desired-replicas'] = String(o.desired);
  if (o.max !== undefined) annotations['deployment.kubernetes.io/max-replicas'] = String(o.max);
  const tpl = template(image);
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `web-${hash}`, namespace: 'default', uid: `uid-${image}`, generation: 1, creationTimestamp: at(o.age ?? 100), labels: { app: 'web', 'pod-template-hash': hash }, annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true }],
    },
    spec: { replicas: o.replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: { ...tpl, metadata: { labels: { ...tpl.metadata.labels, 'pod-template-hash': hash } } } },
    status: { replicas: o.statusReplicas ?? o.replicas, availableReplicas: o.available ?? o.replicas, readyReplicas: o.available ?? o.replicas, observedGeneration: 1 },
  };
};

const plan = (d: Deployment, rss: ReplicaSet[]) => planDeployment(deepFreeze({ d, replicaSets: rss, pods: [], now: NOW }));
/** What the plan does to ReplicaSets, by image: `+v2=3` created, `v1=7` resized, `-v0` deleted. */
function writes(p: DeploymentPlan): string[] {
  const img = (r: ReplicaSet) => r.spec.template.spec.containers[0]!.image;
  return [
    ...(p.create ? [`+${img(p.create)}=${p.create.spec.replicas}`] : []),
    ...p.update.map((r) => `${img(r)}=${r.spec.replicas}`),
    ...p.delete.map((r) => `-${img(r)}`),
  ];
}

t.test('rollouts, scaling and cleanup, one sync each', async (t) => {
  const cases: { name: string; d: Deployment; rss: ReplicaSet[]; want: string[]; events?: string[] }[] = [
    { name: 'a new Deployment creates its ReplicaSet at full size', d: deploy({ replicas: 3 }), rss: [], want: ['+v2=3'], events: [`Scaled up replica set web-${computeHash(template('v2'))} from 0 to 3`] },
    // 10 replicas, 25 %: maxSurge ceil(2.5) = 3, maxUnavailable floor(2.5) = 2
    { name: 'rolling update: new RS starts at maxSurge', d: deploy(), rss: [rs('v1', { replicas: 10 })], want: ['+v2=3', 'v1=8'] },
    // 11 pods of at most 13: the new RS grows by 2 before anything old goes
    { name: 'rolling update: new RS grows up to replicas + maxSurge', d: deploy(), rss: [rs('v1', { replicas: 8, revision: 1 }), rs('v2', { replicas: 3, available: 0, revision: 2, age: 10 })], want: ['v2=5'] },
    // 13 pods, 8 must stay available, the 5 new ones are not yet: nothing can go
    { name: 'rolling update: waits while new pods are unavailable', d: deploy(), rss: [rs('v1', { replicas: 8, revision: 1 }), rs('v2', { replicas: 5, available: 0, revision: 2, age: 10 })], want: [] },
    { name: 'rolling update: new pods available, old scaled down', d: deploy(), rss: [rs('v1', { replicas: 8, revision: 1 }), rs('v2', { replicas: 3, available: 3, revision: 2, age: 10, desired: 10, max: 13 })], want: ['v2=5'] },
    { name: 'rolling update: unhealthy old pods go first', d: deploy(), rss: [rs('v1', { replicas: 10, available: 5, revision: 1, desired: 10, max: 13 }), rs('v2', { replicas: 3, available: 3, revision: 2, age: 10, desired: 10, max: 13 })], want: ['v1=5'] },
    {
      name: 'maxSurge 0 maxUnavailable 1: old goes down first', d: deploy({ replicas: 3, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } }),
      rss: [rs('v1', { replicas: 3, desired: 3, max: 3 })], want: ['+v2=0', 'v1=2'],
    },
    { name: 'recreate: old scaled to 0 first', d: deploy({ replicas: 3, strategy: { type: 'Recreate' } }), rss: [rs('v1', { replicas: 3, desired: 3, max: 3 })], want: ['v1=0'] },
    { name: 'recreate: waits while old pods remain', d: deploy({ replicas: 3, strategy: { type: 'Recreate' } }), rss: [rs('v1', { replicas: 0, statusReplicas: 2, desired: 3, max: 3 })], want: [] },
    { name: 'recreate: then the new RS at full size', d: deploy({ replicas: 3, strategy: { type: 'Recreate' } }), rss: [rs('v1', { replicas: 0, desired: 3, max: 3 })], want: ['+v2=3'] },
    { name: 'scale up the only active RS', d: deploy({ replicas: 5 }), rss: [rs('v2', { replicas: 3, desired: 3, max: 4 }), rs('v1', { replicas: 0, desired: 3, max: 4 })], want: ['v2=5'], events: [`Scaled up replica set web-${computeHash(template('v2'))} from 3 to 5`] },
    {
      // mid-rollout 10 -> 20: allowed 20 + 5 = 25, 13 running: 12 to add, proportional to size
      // (v1 8 * 25/13 -> 15, +7; v2 5 * 25/13 -> 10, +5)
      name: 'proportional scaling across two active RSes', d: deploy({ replicas: 20 }),
      rss: [rs('v1', { replicas: 8, desired: 10, max: 13, revision: 1 }), rs('v2', { replicas: 5, available: 0, desired: 10, max: 13, revision: 2, age: 10 })], want: ['v1=15', 'v2=10'],
    },
    {
      name: 'proportional scale down to 0', d: deploy({ replicas: 0 }),
      rss: [rs('v1', { replicas: 8, desired: 10, max: 13, revision: 1 }), rs('v2', { replicas: 5, available: 0, desired: 10, max: 13, revision: 2, age: 10 })], want: ['v1=0', 'v2=0'],
    },
    {
      name: 'paused: template change not rolled out', d: deploy({ paused: true }),
      rss: [rs('v1', { replicas: 10, desired: 10, max: 13 })], want: [],
    },
    {
      name: 'cleanup beyond revisionHistoryLimit, oldest revision first, only empty ones',
      d: deploy({ replicas: 2, limit: 1, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 } }),
      rss: [rs('v0', { replicas: 0, revision: 1, age: 300 }), rs('va', { replicas: 0, revision: 2, age: 200 }), rs('vb', { replicas: 0, revision: 3, age: 150 }), rs('v2', { replicas: 2, revision: 4, desired: 2, max: 3 })],
      want: ['-v0', '-va'],
    },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      const p = plan(c.d, c.rss);
      t.same(writes(p), c.want);
      if (c.events) t.same(p.events.map((e) => e.message), c.events);
    });
  }
});

t.test('rollback: the old RS is renumbered and keeps its former revision in history', async (t) => {
  const d = deploy({ replicas: 3, image: 'v1', status: { observedGeneration: 1 } });
  const p = plan(d, [rs('v1', { replicas: 0, revision: 1, age: 200, desired: 3, max: 4 }), rs('v2', { replicas: 3, revision: 2, desired: 3, max: 4 })]);
  const v1 = p.update.find((r) => r.spec.template.spec.containers[0]!.image === 'v1')!;
  t.equal(v1.metadata.annotations!['deployment.kubernetes.io/revision'], '3');
  t.equal(v1.metadata.annotations!['deployment.kubernetes.io/revision-history'], '1');
  t.equal(v1.spec.replicas, 1, 'scaled up by maxSurge (1 of 3)');
  t.equal(p.revision, '3');
});

t.test('new RS: name, labels, selector, annotations, owner, change-cause copied', async (t) => {
  const p = plan(deploy({ replicas: 4, annotations: { 'kubernetes.io/change-cause': 'v2 please', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } }), []);
  const hash = computeHash(template('v2'));
  t.equal(p.create!.metadata.name, `web-${hash}`);
  t.same(p.create!.spec.selector.matchLabels, { app: 'web', 'pod-template-hash': hash });
  t.same(p.create!.metadata.annotations, {
    'kubernetes.io/change-cause': 'v2 please', 'deployment.kubernetes.io/revision': '1',
    'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5',
  });
  t.match(p.create!.metadata.ownerReferences, [{ kind: 'Deployment', uid: 'd-uid', controller: true, blockOwnerDeletion: true }]);
  t.equal(p.revision, '1');
  // kube writes Progressing when it creates the RS, then appends Available
  t.match(p.status!.conditions, [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${hash}"` }, { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }]);
  t.not(computeHash(template('v2'), 1), hash, 'collisionCount changes the hash');
});

t.test('status and conditions', async (t) => {
  const hash = computeHash(template('v2'));
  const done = plan(deploy({ replicas: 3 }), [rs('v2', { replicas: 3, desired: 3, max: 4 })]);
  t.match(done.status, {
    observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
    conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "web-${hash}" has successfully progressed.` }],
  });
  t.notOk('unavailableReplicas' in done.status!, 'zero counts are omitted, as kube omits them');
  const stuckSince = at(601);
  const stuck = plan(deploy({ replicas: 3, status: {
    observedGeneration: 1, replicas: 3, updatedReplicas: 3, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: stuckSince, lastTransitionTime: stuckSince }],
  } }), [rs('v2', { replicas: 3, available: 0, desired: 3, max: 4 })]);
  t.match(stuck.status!.conditions!.find((c) => c.type === 'Progressing'), { status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "web-${hash}" has timed out progressing.` });
  const paused = plan(deploy({ paused: true }), [rs('v2', { replicas: 10, desired: 10, max: 13 })]);
  t.match(paused.status!.conditions!.find((c) => c.type === 'Progressing'), { status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
});

t.test('hash collision: the name is taken by another template, collisionCount goes up, nothing created', async (t) => {
  const taken = rs('v1', { replicas: 0, desired: 10, max: 13 });
  // an RS of another template under the name the Deployment's template hashes to
  const clash = { ...taken, metadata: { ...taken.metadata, name: `web-${computeHash(template('v2'))}` } };
  const p = plan(deploy(), [clash]);
  t.equal(p.create, undefined);
  t.equal(p.status?.collisionCount, 1);
  t.equal(p.requeueAfterMs, 0, 'synced again at once with the new hash');
  const next = plan(deploy({ status: { observedGeneration: 1, collisionCount: 1 } }), [clash]);
  t.equal(next.create?.metadata.name, `web-${computeHash(template('v2'), 1)}`);
});
