import t from 'tap';
import type { Pod } from '@miniplane/api/pod/types';
import { planReplicaSet, podFromTemplate, type ReplicaSetPlanInput } from './replicaSetPlan.js';
import type { ReplicaSet } from './replicaSetTypes.js';

const NOW = Date.parse('2026-12-04T12:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const rs = (replicas: number, o: Partial<ReplicaSet['spec']> = {}, meta: Partial<ReplicaSet['metadata']> = {}): ReplicaSet => ({
  apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default', uid: 'rs-uid', generation: 2, ...meta },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web', tier: 'fe' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, ...o },
});
interface PodOpts { owner?: string | null; labels?: Record<string, string>; node?: string; phase?: string; readyFor?: number; created?: number; deleting?: boolean; cost?: string }
const pod = (name: string, o: PodOpts = {}): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name, namespace: 'default', uid: name, labels: o.labels ?? { app: 'web', tier: 'fe' }, creationTimestamp: ago(o.created ?? 1000),
    deletionTimestamp: o.deleting ? ago(0) : undefined,
    annotations: o.cost ? { 'controller.kubernetes.io/pod-deletion-cost': o.cost } : undefined,
    ownerReferences: o.owner === null ? undefined : [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: o.owner ?? 'rs-uid', controller: true }],
  },
  spec: { nodeName: o.node, containers: [{ name: 'c' }] },
  status: { phase: o.phase ?? (o.node ? 'Running' : 'Pending'), conditions: o.readyFor !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: ago(o.readyFor) }] : [] },
});
const plan = (r: ReplicaSet, pods: Pod[], o: Partial<ReplicaSetPlanInput> = {}) => planReplicaSet({ rs: r, pods, now: NOW, expectationsSatisfied: true, ...o });
const names = (ps: Pod[]) => ps.map((p) => p.metadata.name);

t.test('create, delete, adopt, release', async (t) => {
  const cases: Array<[string, ReplicaSet, Pod[], Partial<ReplicaSetPlanInput>, { create: number; delete: string[]; adopt: string[]; release: string[] }]> = [
    ['scale up from zero', rs(3), [], {}, { create: 3, delete: [], adopt: [], release: [] }],
    ['burst is capped at 500', rs(800), [], {}, { create: 500, delete: [], adopt: [], release: [] }],
    ['replicas defaults to 1', { ...rs(0), spec: { ...rs(0).spec, replicas: undefined } }, [], {}, { create: 1, delete: [], adopt: [], release: [] }],
    ['terminating and finished pods do not count', rs(2), [pod('a', { node: 'n1', readyFor: 10 }), pod('b', { deleting: true, node: 'n1' }), pod('c', { phase: 'Succeeded', node: 'n1' })], {}, { create: 1, delete: [], adopt: [], release: [] }],
    ['orphans matching the selector are adopted', rs(2), [pod('o', { owner: null }), pod('x', { owner: null, labels: { app: 'other' } })], {}, { create: 1, delete: [], adopt: ['o'], release: [] }],
    ['pods of another controller are left alone', rs(1), [pod('f', { owner: 'other-uid' })], {}, { create: 1, delete: [], adopt: [], release: [] }],
    ['an owned pod that stopped matching is released', rs(1), [pod('r', { labels: { app: 'moved' } })], {}, { create: 1, delete: [], adopt: [], release: ['r'] }],
    ['no writes while expectations are pending', rs(3), [], { expectationsSatisfied: false }, { create: 0, delete: [], adopt: [], release: [] }],
    ['a deleted ReplicaSet creates and adopts nothing', rs(3, {}, { deletionTimestamp: ago(1) }), [pod('o', { owner: null })], {}, { create: 0, delete: [], adopt: [], release: [] }],
    ['scale down: unscheduled, pending, not ready first', rs(1), [
      pod('ready', { node: 'n1', readyFor: 100 }), pod('running', { node: 'n2' }), pod('pending', { node: 'n3', phase: 'Pending' }), pod('unscheduled'),
    ], {}, { create: 0, delete: ['unscheduled', 'pending', 'running'], adopt: [], release: [] }],
    ['scale down: lower deletion cost first, then more pods on the node', rs(2), [
      pod('a', { node: 'n1', readyFor: 100 }), pod('b', { node: 'n1', readyFor: 100 }), pod('c', { node: 'n2', readyFor: 100 }), pod('d', { node: 'n3', readyFor: 100, cost: '-5' }),
    ], {}, { create: 0, delete: ['d', 'a'], adopt: [], release: [] }],
    ['scale down: ready for less time, then newer first', rs(1), [
      pod('old', { node: 'n1', readyFor: 5000, created: 6000 }), pod('young', { node: 'n2', readyFor: 10, created: 6000 }),
    ], {}, { create: 0, delete: ['young'], adopt: [], release: [] }],
  ];
  for (const [what, r, pods, o, want] of cases) {
    const p = plan(r, pods, o);
    t.same({ create: p.create, delete: names(p.delete), adopt: names(p.adopt), release: names(p.release) }, want, what);
  }
});

t.test('status', async (t) => {
  const r = rs(3, { minReadySeconds: 30 });
  const pods = [pod('a', { node: 'n1', readyFor: 100 }), pod('b', { node: 'n1', readyFor: 10 }), pod('c', { node: 'n2', labels: { app: 'web' } })];
  const p = plan(r, pods);
  t.same(p.status, { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 2 });
  t.equal(p.requeueAfterMs, 20_000, 'look again when b becomes available');
  t.equal(plan({ ...r, status: p.status }, pods).status, undefined, 'no write when unchanged');
  const failed = plan(r, pods, { manageError: { reason: 'FailedCreate', message: 'pods "web-" is forbidden: quota' } });
  t.match(failed.status!.conditions, [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "web-" is forbidden: quota' }]);
  const healed = plan({ ...r, status: failed.status }, pods);
  t.notOk(healed.status!.conditions, 'the condition goes once creates work again');
});

t.test('podFromTemplate', async (t) => {
  t.same(podFromTemplate(rs(1)), {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { generateName: 'web-', namespace: 'default', labels: { app: 'web', tier: 'fe' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }] },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
});
