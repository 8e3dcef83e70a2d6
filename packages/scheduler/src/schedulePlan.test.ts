import t from 'tap';
import type { NodeObject, Pod } from '@miniplane/api/pod/types';
import { nodeStates, addPod, schedulePod } from './schedulePlan.js';

const node = (name: string, o: { labels?: Record<string, string>; cpu?: string; pods?: string; ready?: 'True' | 'False' | 'Unknown'; unschedulable?: boolean; taints?: NodeObject['spec'] extends infer S ? S extends { taints?: infer T } ? T : never : never } = {}): NodeObject => ({
  apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
  spec: { unschedulable: o.unschedulable, taints: o.taints },
  status: { allocatable: { cpu: o.cpu ?? '4', memory: '16Gi', pods: o.pods ?? '110' }, conditions: [{ type: 'Ready', status: o.ready ?? 'True' }] },
});
const pod = (name: string, spec: Partial<Pod['spec']> = {}, cpu?: string, owner?: string): Pod => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name, namespace: 'default', uid: name, ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: owner, controller: true }] : undefined },
  spec: { containers: [{ name: 'c', image: 'x', resources: cpu ? { requests: { cpu } } : undefined }], ...spec },
});
/** Never replaces the first of equal scores (reservoir sampling keeps it). */
const first = () => 0.999;
const three = () => [node('node-1', { labels: { zone: 'a' } }), node('node-2', { labels: { zone: 'b' } }), node('node-3', { labels: { zone: 'c' } })];

t.test('filters, with kube messages when nothing fits', async (t) => {
  const cases: Array<[string, NodeObject[], Pod[], Pod, string]> = [
    ['fits the first of equals', three(), [], pod('p'), 'node-1'],
    ['nodeSelector', three(), [], pod('p', { nodeSelector: { zone: 'b' } }), 'node-2'],
    ['required affinity In', three(), [], pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['c'] }] }] } } } }), 'node-3'],
    ['required affinity NotIn + matchFields', three(), [], pod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-3'] }] }] } } } }), 'node-3'],
    ['least allocated', three(), [pod('a', { nodeName: 'node-1' }, '1'), pod('b', { nodeName: 'node-2' }, '500m')], pod('p', {}, '100m'), 'node-3'],
    ['cordoned nodes are skipped', [node('node-1', { unschedulable: true }), node('node-2')], [], pod('p'), 'node-2'],
    ['a not-ready node is skipped', [node('node-1', { ready: 'False' }), node('node-2')], [], pod('p'), 'node-2'],
    ['tolerated taint', [node('node-1', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] })], [], pod('p', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }), 'node-1'],
    ['PreferNoSchedule does not filter', [node('node-1', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] })], [], pod('p'), 'node-1'],
    ['Insufficient cpu everywhere', three(), [], pod('p', {}, '5'),
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..'],
    ['mixed reasons, sorted', [node('node-1', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }), node('node-2', { cpu: '1' }), node('node-3', { cpu: '1' })], [], pod('p', {}, '2'),
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..'],
    ['selector matches nothing', three(), [], pod('p', { nodeSelector: { zone: 'x' } }),
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.."],
    ['too many pods', [node('node-1', { pods: '1' })], [pod('a', { nodeName: 'node-1' })], pod('p'),
      '0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..'],
    ['cordoned and not ready', [node('node-1', { unschedulable: true }), node('node-2', { ready: 'Unknown' })], [], pod('p'),
      '0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..'],
    ['finished pods hold nothing', [node('node-1', { cpu: '1' })], [{ ...pod('done', { nodeName: 'node-1' }, '1'), status: { phase: 'Succeeded' } }], pod('p', {}, '1'), 'node-1'],
    ['no nodes', [], [], pod('p'), 'no nodes available to schedule pods'],
  ];
  for (const [what, nodes, bound, p, want] of cases) {
    const r = schedulePod(p, nodeStates(nodes, bound), first);
    t.equal('node' in r ? r.node : r.message, want, what);
  }
});

t.test('pods of one controller spread over the nodes; ties are broken at random', async (t) => {
  const states = nodeStates(three(), []);
  const placed: string[] = [];
  for (let i = 0; i < 6; i++) {
    const p = pod(`p${i}`, {}, undefined, 'rs-1');
    const r = schedulePod(p, states, first);
    if (!('node' in r)) throw new Error(r.message);
    placed.push(r.node);
    addPod(states, { ...p, spec: { ...p.spec, nodeName: r.node } });
  }
  t.same(placed.sort(), ['node-1', 'node-1', 'node-2', 'node-2', 'node-3', 'node-3']);
  const seen = new Set<string>();
  let x = 0;
  for (let i = 0; i < 30; i++) {
    const r = schedulePod(pod('q'), nodeStates(three(), []), () => ((x = (x * 7 + 3) % 11) / 11));
    if ('node' in r) seen.add(r.node);
  }
  t.ok(seen.size > 1, `random tie-break picks different nodes (${[...seen].join(', ')})`);
});
