import t from 'tap';
import { deepFreeze } from '@miniplane/api';
import type { NodeObject, Pod, Taint, Toleration } from '@miniplane/api/pod/types';
import { needsNoExecuteTaint, planEvictions, planNodeHealth, planNodeTaints, tolerates, type NoExecuteMode } from './nodeLifecyclePlan.js';

const now = Date.parse('2026-12-04T12:00:00Z');
const nowText = '2026-12-04T12:00:00Z';
const ago = (s: number) => new Date(now - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

function node(o: { ready?: 'True' | 'False' | 'Unknown'; heartbeat?: string; taints?: Taint[]; unschedulable?: boolean; noConditions?: boolean } = {}): NodeObject {
  const cond = (type: string, status: string) => ({ type, status, lastHeartbeatTime: o.heartbeat ?? ago(60), lastTransitionTime: ago(600), reason: 'KubeletReady', message: 'x' });
  return deepFreeze({
    metadata: { name: 'n', creationTimestamp: ago(3600) },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: o.noConditions ? {} : { conditions: [cond('Ready', o.ready ?? 'True'), ...['MemoryPressure', 'DiskPressure', 'PIDPressure'].map((x) => cond(x, o.ready === 'Unknown' ? 'Unknown' : 'False'))] },
  }) as NodeObject;
}

t.test('planNodeHealth', async (t) => {
  const cases: Array<{ name: string; node: NodeObject; lease?: string; want: string | undefined }> = [
    { name: 'lease renewed 5 s ago: healthy', node: node(), lease: ago(5), want: undefined },
    // The lease is what the kubelet renews; an old condition heartbeat alone does not matter.
    { name: 'lease 41 s old: Unknown', node: node(), lease: ago(41), want: 'NodeStatusUnknown' },
    { name: 'no lease, heartbeat recent: healthy', node: node({ heartbeat: ago(10) }), want: undefined },
    // Exactly at the grace period is still in time (kube compares with After).
    { name: 'exactly 40 s: healthy', node: node(), lease: ago(40), want: undefined },
    { name: 'already Unknown: no write', node: node({ ready: 'Unknown' }), lease: ago(100), want: undefined },
    { name: 'never posted: NeverUpdated conditions', node: node({ noConditions: true }), want: 'NodeStatusNeverUpdated' },
    // a node that never posted Ready gets the 60 s startup grace period, not the 40 s one
    { name: 'never posted, created 50 s ago: still in its startup grace', node: deepFreeze({ ...node({ noConditions: true }), metadata: { name: 'n', creationTimestamp: ago(50) } }) as NodeObject, want: undefined },
    { name: 'never posted, created 61 s ago: NeverUpdated', node: deepFreeze({ ...node({ noConditions: true }), metadata: { name: 'n', creationTimestamp: ago(61) } }) as NodeObject, want: 'NodeStatusNeverUpdated' },
  ];
  for (const c of cases) {
    const got = planNodeHealth(c.node, c.lease, now, 40_000, nowText);
    t.equal(got?.find((x) => x.type === 'Ready')?.reason, c.want, c.name);
    if (got && c.want === 'NodeStatusUnknown') {
      t.ok(got.every((x) => x.status === 'Unknown' && x.lastTransitionTime === nowText && x.lastHeartbeatTime === ago(60)), `${c.name}: all Unknown, heartbeat kept`);
      t.equal(got[0]!.message, 'Kubelet stopped posting node status.');
    }
  }
});

t.test('planNodeTaints', async (t) => {
  const unreachableNS = { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' };
  const unreachable = [unreachableNS, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: nowText }];
  const notReadyNE = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: ago(30) };
  const custom = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
  const cases: Array<{ name: string; node: NodeObject; mode: NoExecuteMode; want: Taint[] | undefined; needs: boolean }> = [
    { name: 'ready: nothing', node: node(), mode: 'add', want: undefined, needs: false },
    { name: 'unknown, let through: unreachable taints', node: node({ ready: 'Unknown' }), mode: 'add', want: unreachable, needs: true },
    // the zone's rate limiter holds the NoExecute taint back; NoSchedule goes at once
    { name: 'unknown, held back: NoSchedule only', node: node({ ready: 'Unknown' }), mode: 'keep', want: [unreachableNS], needs: true },
    { name: 'false: not-ready taints', node: node({ ready: 'False' }), mode: 'add', want: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: nowText }], needs: true },
    // Kept taints keep their timeAdded: no write at all.
    { name: 'already tainted: no write', node: node({ ready: 'Unknown', taints: [{ ...unreachable[0]! }, { ...unreachable[1]!, timeAdded: ago(30) }] }), mode: 'keep', want: undefined, needs: false },
    // kube swaps not-ready for unreachable at once, not through the queue
    { name: 'not-ready NoExecute on an Unknown node: swapped at once', node: node({ ready: 'Unknown', taints: [notReadyNE] }), mode: 'keep', want: unreachable, needs: false },
    { name: 'all zones fully disrupted: NoExecute removed, NoSchedule kept', node: node({ ready: 'Unknown', taints: [{ ...unreachable[0]! }, { ...unreachable[1]! }] }), mode: 'remove', want: [unreachableNS], needs: false },
    { name: 'back to ready: managed taints removed, others kept', node: node({ taints: [custom, ...unreachable] }), mode: 'keep', want: [custom], needs: false },
    { name: 'cordoned: unschedulable', node: node({ unschedulable: true }), mode: 'keep', want: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: nowText }], needs: false },
  ];
  for (const c of cases) {
    t.test(c.name, async (t) => {
      t.same(planNodeTaints(c.node, nowText, c.mode), c.want);
      t.equal(needsNoExecuteTaint(c.node), c.needs, 'needsNoExecuteTaint');
    });
  }
});

t.test('tolerates', async (t) => {
  const taint = { key: 'k', value: 'v', effect: 'NoExecute' };
  const cases: Array<[string, Toleration, boolean]> = [
    ['Exists on the key', { key: 'k', operator: 'Exists' }, true],
    ['Equal with the value', { key: 'k', operator: 'Equal', value: 'v' }, true],
    ['Equal with another value', { key: 'k', operator: 'Equal', value: 'w' }, false],
    ['other effect', { key: 'k', operator: 'Exists', effect: 'NoSchedule' }, false],
    // An empty key with Exists tolerates everything.
    ['empty key Exists', { operator: 'Exists' }, true],
  ];
  for (const [name, tol, want] of cases) t.equal(tolerates(tol, taint), want, name);
});

t.test('planEvictions', async (t) => {
  const tainted = node({ ready: 'Unknown', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ago(10) }] });
  const pod = (name: string, tolerations?: Toleration[], terminating = false): Pod =>
    deepFreeze({ metadata: { name, ...(terminating ? { deletionTimestamp: nowText } : {}) }, spec: { containers: [], ...(tolerations ? { tolerations } : {}) } }) as Pod;
  const tol = (seconds?: number): Toleration[] => [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', ...(seconds === undefined ? {} : { tolerationSeconds: seconds }) }];
  const plan = planEvictions(tainted, [pod('none'), pod('short', tol(5)), pod('long', tol(300)), pod('forever', tol()), pod('gone', undefined, true)], now);
  t.same(plan.evict.map((p) => p.metadata.name), ['none', 'short'], 'untolerated and expired go; terminating skipped');
  t.equal(plan.nextAt, now - 10_000 + 300_000, 'looked at again when the 300 s toleration ends');
  t.same(planEvictions(node(), [pod('none')], now), { evict: [] }, 'no NoExecute taint: nothing');
});
