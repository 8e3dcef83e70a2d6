import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import type { KubeObject } from '../types.js';
import { admitPodDefaultTolerations, admitPodPriority, admitPodServiceAccount, serviceAccountLookupError } from './admission.js';
import type { Toleration } from './types.js';

const pod = (spec: Record<string, unknown> = {}, annotations?: Record<string, string>): KubeObject =>
  structuredClone({ metadata: { name: 'p', ...(annotations ? { annotations } : {}) }, spec: { containers: [{ name: 'c' }], ...spec } });

t.test('admitPodServiceAccount', async (t) => {
  const cases = [
    { name: 'no account: default', spec: {}, want: 'default' },
    { name: 'serviceAccountName kept', spec: { serviceAccountName: 'robot' }, want: 'robot' },
    // v1 conversion reads the deprecated field when the new one is empty.
    { name: 'deprecated serviceAccount read', spec: { serviceAccount: 'old' }, want: 'old' },
    { name: 'empty string counts as unset', spec: { serviceAccountName: '' }, want: 'default' },
  ];
  for (const c of cases) {
    const p = pod(c.spec);
    t.equal(admitPodServiceAccount(p), c.want, c.name);
    t.match(p.spec, { serviceAccountName: c.want, serviceAccount: c.want }, c.name);
  }
  // Mirror pods are never given an account (kube skips them).
  const mirror = deepFreeze(pod({}, { 'kubernetes.io/config.mirror': 'x' }));
  t.equal(admitPodServiceAccount(mirror), undefined, 'mirror pod untouched');
  t.equal(serviceAccountLookupError('ns', 'robot'), 'error looking up service account ns/robot: serviceaccount "robot" not found');
});

t.test('admitPodDefaultTolerations', async (t) => {
  const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const unreachable = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const cases: Array<{ name: string; given: Toleration[] | undefined; seconds?: { notReady?: number; unreachable?: number }; want: Toleration[] }> = [
    { name: 'none: both added, not-ready first', given: undefined, want: [notReady, unreachable] },
    { name: 'flag values used', given: undefined, seconds: { notReady: 10, unreachable: 20 }, want: [{ ...notReady, tolerationSeconds: 10 }, { ...unreachable, tolerationSeconds: 20 }] },
    { name: 'own unreachable toleration kept, not-ready added', given: [{ ...unreachable, tolerationSeconds: 5 }], want: [{ ...unreachable, tolerationSeconds: 5 }, notReady] },
    // An empty key tolerates every taint of its effect.
    { name: 'empty key NoExecute tolerates both', given: [{ operator: 'Exists', effect: 'NoExecute' }], want: [{ operator: 'Exists', effect: 'NoExecute' }] },
    // An empty effect matches every effect.
    { name: 'key without effect tolerates', given: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }], want: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }, unreachable] },
    // A NoSchedule toleration does not cover NoExecute.
    { name: 'NoSchedule does not count', given: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }], want: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, notReady, unreachable] },
  ];
  for (const c of cases) {
    const p = pod(c.given ? { tolerations: c.given } : {});
    admitPodDefaultTolerations(p, c.seconds);
    t.same((p.spec as { tolerations: Toleration[] }).tolerations, c.want, c.name);
  }
});

t.test('admitPodPriority', async (t) => {
  const computed = (n: number) => `priority admission controller computed ${n} from the given PriorityClass name`;
  const cases: Array<{ name: string; spec: Record<string, unknown>; want: { priority: number; preemptionPolicy: string } | string }> = [
    { name: 'no class: 0', spec: {}, want: { priority: 0, preemptionPolicy: 'PreemptLowerPriority' } },
    { name: 'system-cluster-critical', spec: { priorityClassName: 'system-cluster-critical' }, want: { priority: 2000000000, preemptionPolicy: 'PreemptLowerPriority' } },
    { name: 'system-node-critical', spec: { priorityClassName: 'system-node-critical' }, want: { priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' } },
    // The computed values may be given; others may not.
    { name: 'computed values given', spec: { priority: 0, preemptionPolicy: 'PreemptLowerPriority' }, want: { priority: 0, preemptionPolicy: 'PreemptLowerPriority' } },
    { name: 'unknown class', spec: { priorityClassName: 'gold' }, want: 'no PriorityClass with name gold was found' },
    // An Object.prototype name is no PriorityClass either.
    { name: 'prototype name', spec: { priorityClassName: 'constructor' }, want: 'no PriorityClass with name constructor was found' },
    { name: 'other priority', spec: { priority: 7 }, want: `the integer value of priority (7) must not be provided in pod spec; ${computed(0)}` },
    { name: 'other preemptionPolicy', spec: { preemptionPolicy: 'Never' }, want: 'the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name' },
    // null is Go's nil: as if left out.
    { name: 'nulls', spec: { priority: null, preemptionPolicy: null, priorityClassName: null }, want: { priority: 0, preemptionPolicy: 'PreemptLowerPriority' } },
  ];
  for (const c of cases) {
    const p = pod(c.spec);
    const refused = admitPodPriority(p);
    if (typeof c.want === 'string') {
      t.equal(refused, c.want, c.name);
      const spec = p.spec as Record<string, unknown>;
      t.same([spec.priority, spec.preemptionPolicy], [c.spec.priority, c.spec.preemptionPolicy], `${c.name}: the pod is left alone`);
    } else {
      t.equal(refused, undefined, c.name);
      t.match(p.spec, c.want, c.name);
    }
  }
});
