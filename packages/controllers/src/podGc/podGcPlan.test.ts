import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { NodeObject, Pod, PodCondition } from '@miniplane/api/pod/types';
import { byEvictionAndCreation, failedStatus, orphanCondition, orphansOn, planPodGc, type PodGcInput } from './podGcPlan.js';

const now = Date.parse('2026-12-04T12:00:00Z');
const at = (s: number) => new Date(now + s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function pod(name: string, o: { node?: string; phase?: string; reason?: string; age?: number; deleting?: boolean; conditions?: PodCondition[] } = {}): Pod {
  return deepFreeze({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: at(-(o.age ?? 0)), ...(o.deleting ? { deletionTimestamp: at(30) } : {}) },
    spec: { containers: [{ name: 'c', image: 'i' }], ...(o.node ? { nodeName: o.node } : {}) },
    status: { phase: o.phase ?? 'Running', ...(o.reason ? { reason: o.reason } : {}), ...(o.conditions ? { conditions: o.conditions } : {}) },
  }) as Pod;
}

function node(name: string, o: { ready?: 'True' | 'False' | 'Unknown'; outOfService?: boolean } = {}): NodeObject {
  return deepFreeze({
    metadata: { name },
    spec: o.outOfService ? { taints: [{ key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' }] } : {},
    status: { conditions: [{ type: 'Ready', status: o.ready ?? 'True' }] },
  }) as NodeObject;
}

const nodes = (...ns: NodeObject[]) => new Map(ns.map((n) => [n.metadata.name!, n]));
const base: PodGcInput = { pods: [], nodes: nodes(node('n1')), terminatedPodThreshold: 12_500, quarantine: new Map(), quarantineMs: 40_000, now };

t.test('planPodGc: what one pass deletes', async (t) => {
  const cases: Array<{ name: string; input: Partial<PodGcInput>; want: string[]; check?: string[]; quarantine?: Array<[string, number]> }> = [
    { name: 'running pods on live nodes: nothing', input: { pods: [pod('a', { node: 'n1' }), pod('b')] }, want: [] },
    {
      name: 'terminated over the threshold: the oldest go',
      input: { terminatedPodThreshold: 2, pods: [pod('new', { node: 'n1', phase: 'Succeeded', age: 1 }), pod('old', { node: 'n1', phase: 'Failed', age: 100 }), pod('mid', { node: 'n1', phase: 'Succeeded', age: 50 }), pod('run', { node: 'n1', age: 500 })] },
      want: ['terminated:old'],
    },
    // kube deletes evicted pods first, whatever their age; ties on time go by name
    {
      name: 'terminated: evicted first, then by age and name',
      input: { terminatedPodThreshold: 1, pods: [pod('b', { phase: 'Failed', age: 10 }), pod('a', { phase: 'Failed', age: 10 }), pod('ev', { phase: 'Failed', reason: 'Evicted', age: 0 }), pod('keep', { phase: 'Succeeded', age: 1 })] },
      want: ['terminated:ev', 'terminated:a', 'terminated:b'],
    },
    { name: 'terminated at the threshold: nothing', input: { terminatedPodThreshold: 2, pods: [pod('x', { phase: 'Failed' }), pod('y', { phase: 'Succeeded' })] }, want: [] },
    // threshold 0 or less turns the collection off
    { name: 'threshold 0: off', input: { terminatedPodThreshold: 0, pods: [pod('x', { phase: 'Failed' })] }, want: [] },
    // kube's isPodTerminated counts any phase but Pending/Running/Unknown, an empty one too
    { name: 'empty phase counts as terminated (kube)', input: { terminatedPodThreshold: 1, pods: [deepFreeze({ ...pod('np'), status: {} }) as Pod, pod('f', { phase: 'Failed', age: 5 })] }, want: ['terminated:f'] },
    {
      name: 'terminating on a not-Ready out-of-service node',
      input: { nodes: nodes(node('n1'), node('oos', { ready: 'False', outOfService: true }), node('tainted-ready', { outOfService: true }), node('notready', { ready: 'Unknown' })),
        pods: [pod('t1', { node: 'oos', deleting: true }), pod('live', { node: 'oos' }), pod('t2', { node: 'tainted-ready', deleting: true }), pod('t3', { node: 'notready', deleting: true })] },
      want: ['out-of-service:t1'],
    },
    { name: 'unscheduled terminating', input: { pods: [pod('u', { deleting: true }), pod('pending')] }, want: ['unscheduled:u'] },
    // a pod both terminated and unscheduled-terminating is planned once, under the first reason
    { name: 'one reason per pod', input: { terminatedPodThreshold: 1, pods: [pod('u', { phase: 'Failed', deleting: true, age: 9 }), pod('v', { phase: 'Failed' })] }, want: ['terminated:u'] },
    {
      name: 'missing node: quarantined, nothing deleted yet',
      input: { pods: [pod('o1', { node: 'gone' }), pod('o2', { node: 'gone' })] },
      want: [], check: [], quarantine: [['gone', now + 40_000]],
    },
    {
      name: 'quarantine running: kept with its deadline',
      input: { pods: [pod('o1', { node: 'gone' })], quarantine: new Map([['gone', now + 1]]) },
      want: [], check: [], quarantine: [['gone', now + 1]],
    },
    {
      name: 'quarantine over: checked live, taken out of quarantine',
      input: { pods: [pod('o1', { node: 'gone' })], quarantine: new Map([['gone', now]]) },
      want: [], check: ['gone'], quarantine: [],
    },
    // a node back in the cache leaves quarantine without a check
    { name: 'node came back', input: { pods: [pod('o1', { node: 'n1' })], quarantine: new Map([['n1', now - 5]]) }, want: [], check: [], quarantine: [] },
  ];
  for (const c of cases) {
    const got = planPodGc({ ...base, ...c.input });
    t.same(got.deletes.map((d) => `${d.reason}:${d.pod.metadata.name}`), c.want, c.name);
    if (c.check) t.same(got.checkNodes, c.check, `${c.name}: checkNodes`);
    if (c.quarantine) t.same([...got.quarantine], c.quarantine, `${c.name}: quarantine`);
  }
});

t.test('orphansOn', async (t) => {
  const pods = [pod('a', { node: 'gone' }), pod('b', { node: 'n1' }), pod('c'), pod('d', { node: 'gone', phase: 'Succeeded' })];
  t.same(orphansOn(pods, new Set(['gone'])).map((p) => p.metadata.name), ['a', 'd']);
  t.same(orphansOn(pods, new Set()), []);
});

t.test('failedStatus: what is patched before the delete', async (t) => {
  const cond = orphanCondition(at(0));
  const ready: PodCondition = { type: 'Ready', status: 'True', lastTransitionTime: at(-60) };
  const cases: Array<{ name: string; pod: Pod; condition?: PodCondition; want: unknown }> = [
    { name: 'already Failed: no write', pod: pod('x', { phase: 'Failed' }), condition: cond, want: undefined },
    { name: 'Succeeded: no write', pod: pod('x', { phase: 'Succeeded' }), want: undefined },
    { name: 'running, no condition: Failed', pod: pod('x'), want: { phase: 'Failed' } },
    {
      name: 'orphan: Failed + DisruptionTarget appended',
      pod: pod('x', { conditions: [ready] }), condition: cond,
      want: { phase: 'Failed', conditions: [ready, { type: 'DisruptionTarget', status: 'True', lastTransitionTime: at(0), reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' }] },
    },
    // kube's UpdatePodCondition keeps lastTransitionTime when the status does not change
    {
      name: 'existing DisruptionTarget True: replaced, transition time kept',
      pod: pod('x', { phase: 'Pending', conditions: [{ type: 'DisruptionTarget', status: 'True', lastTransitionTime: at(-5), reason: 'Other' }] }), condition: cond,
      want: { phase: 'Failed', conditions: [{ ...cond, lastTransitionTime: at(-5) }] },
    },
  ];
  for (const c of cases) t.same(failedStatus(c.pod, c.condition), c.want, c.name);
});

t.test('byEvictionAndCreation', async (t) => {
  const sorted = [pod('z', { age: 1 }), pod('y', { phase: 'Failed', reason: 'Evicted' }), pod('b', { age: 5 }), pod('a', { age: 5 })].sort(byEvictionAndCreation);
  t.same(sorted.map((p) => p.metadata.name), ['y', 'a', 'b', 'z']);
});
