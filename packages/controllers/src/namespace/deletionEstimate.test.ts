import t from 'tap';
import { deepFreeze } from '@miniplane/client';
import type { KubeObject } from '@miniplane/api';
import { podGraceEstimate, remainingOutcome, requeueDelayMs } from './deletionEstimate.js';
import type { DeletableResource } from './namespacePlan.js';

const pod = (o: { grace?: number; phase?: string; finalizers?: string[] } = {}): KubeObject => deepFreeze({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: o.finalizers },
  spec: o.grace === undefined ? {} : { terminationGracePeriodSeconds: o.grace }, status: { phase: o.phase ?? 'Running' },
});
const pods: DeletableResource = { group: '', version: 'v1', kind: 'Pod', plural: 'pods', deleteCollection: true };
const deployments: DeletableResource = { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', deleteCollection: true };

t.test('podGraceEstimate', async (t) => {
  const cases: { name: string; pods: KubeObject[]; elapsedS: number; want: number }[] = [
    { name: 'no pods', pods: [], elapsedS: 0, want: 0 },
    { name: 'the longest grace period', pods: [pod({ grace: 10 }), pod({ grace: 45 })], elapsedS: 1, want: 45 },
    // absent: the API default of 30 s
    { name: 'no grace period: 30 s', pods: [pod()], elapsedS: 0, want: 30 },
    // terminal pods have nothing left to stop
    { name: 'Succeeded and Failed pods do not count', pods: [pod({ grace: 60, phase: 'Succeeded' }), pod({ grace: 60, phase: 'Failed' }), pod({ grace: 5 })], elapsedS: 0, want: 5 },
    // edge: exactly the estimate has passed since the namespace was deleted: nothing more to wait for
    { name: 'the estimate has passed: 0', pods: [pod({ grace: 5 })], elapsedS: 5, want: 0 },
    { name: 'just before: still waited for', pods: [pod({ grace: 5 })], elapsedS: 4.999, want: 5 },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.equal(podGraceEstimate(c.pods, 1_000_000, 1_000_000 + c.elapsedS * 1000), c.want));
});

t.test('remainingOutcome', async (t) => {
  const cases: { name: string; r: DeletableResource; items: KubeObject[]; estimate: number; want: ReturnType<typeof remainingOutcome> }[] = [
    { name: 'nothing left', r: pods, items: [], estimate: 30, want: { estimate: 0 } },
    { name: 'pods in their grace period', r: pods, items: [pod()], estimate: 30, want: { estimate: 30 } },
    { name: 'held by finalizers: 15 s', r: deployments, items: [pod({ finalizers: ['example.com/keep'] })], estimate: 0, want: { estimate: 15 } },
    // nothing explains them: kube's error, which the ContentFailure condition shows
    { name: 'pods left past their estimate', r: pods, items: [pod()], estimate: 0, want: { estimate: 0, error: 'unexpected items still remain in namespace: x for gvr: /v1, Resource=pods' } },
    { name: 'a grouped resource', r: deployments, items: [pod()], estimate: 0, want: { estimate: 0, error: 'unexpected items still remain in namespace: x for gvr: apps/v1, Resource=deployments' } },
  ];
  for (const c of cases) t.test(c.name, async (t) => t.same(remainingOutcome(c.r, 'x', c.items, c.estimate), c.want));
});

t.test('requeueDelayMs: estimate/2 + 1 s', async (t) => {
  for (const [estimate, want] of [[30, 16_000], [15, 8_000], [1, 1_000], [0, 1_000]] as const) t.equal(requeueDelayMs(estimate), want, `estimate ${estimate}`);
});
