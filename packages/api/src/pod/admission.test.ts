import t from 'tap';
import { deepFreeze } from '../deepFreeze.js';
import type { KubeObject } from '../types.js';
import { admitPodDefaultTolerations, admitPodServiceAccount, serviceAccountLookupError } from './admission.js';
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
