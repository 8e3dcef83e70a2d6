import t from 'tap';
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { deepFreeze } from '@miniplane/client';
import { TriggerTimeTracker, rfc3339Nano } from './triggerTimeTracker.js';

// kube's trigger_time_tracker_test.go: t0 = 2019-01-01T00:00:00Z, each next one second later.
const at = (i: number): string => `2019-01-01T00:00:0${i}Z`;
const service = (created: number): Service => deepFreeze({ metadata: { namespace: 'ns', name: 'my-service', creationTimestamp: at(created) }, spec: { selector: { app: 'x' } } } as Service);
const pod = (name: string, ready: number, labels: Record<string, string> = { app: 'x' }): Pod => deepFreeze({
  metadata: { namespace: 'ns', name, labels },
  status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: at(ready) }] },
} as Pod);

type Step = { pods: Pod[]; service?: Service; deleteFirst?: boolean; want: string | undefined };
const cases: Array<[string, Step[]]> = [
  ['new service, no pods', [{ service: service(2), pods: [], want: at(2) }]],
  ['new service, existing pods: the service creation', [{ service: service(3), pods: [pod('pod1', 0), pod('pod2', 1), pod('pod3', 5)], want: at(3) }]],
  ['pods added: the earliest of them', [{ pods: [], want: at(0) }, { pods: [pod('pod1', 2), pod('pod2', 1)], want: at(1) }]],
  ['pods updated: the earliest changed one', [
    { pods: [pod('pod1', 1), pod('pod2', 2), pod('pod3', 3)], want: at(0) },
    { pods: [pod('pod1', 5), pod('pod2', 4), pod('pod3', 3)], want: at(4) },
  ]],
  ['pods updated, no-op: none', [{ pods: [pod('pod1', 1), pod('pod2', 2), pod('pod3', 3)], want: at(0) }, { pods: [pod('pod1', 1), pod('pod2', 2), pod('pod3', 3)], want: undefined }]],
  ['the same pod objects again: none; one replaced: its time', (() => {
    const same = [pod('pod1', 1), pod('pod2', 2)];
    return [{ pods: same, want: at(0) }, { pods: same, want: undefined }, { pods: [same[0]!, pod('pod2', 3)], want: at(3) }];
  })()],
  ['pod deleted then added', [
    { pods: [pod('pod1', 1), pod('pod2', 2)], want: at(0) }, { pods: [pod('pod1', 1)], want: undefined }, { pods: [pod('pod1', 1), pod('pod2', 4)], want: at(4) },
  ]],
  ['service deleted then added: the new creation', [
    { pods: [pod('pod1', 1), pod('pod2', 2)], want: at(0) }, { service: service(3), deleteFirst: true, pods: [pod('pod1', 1), pod('pod2', 2)], want: at(3) },
  ]],
  ['service updated, no pod change: none (kube cannot time Service updates)', [
    { pods: [pod('pod1', 1), pod('pod2', 2)], want: at(0) },
    { service: deepFreeze({ ...service(0), spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] } } as Service), pods: [pod('pod1', 1), pod('pod2', 2)], want: undefined },
  ]],
  ['pods the Service does not select are no trigger', [{ pods: [], want: at(0) }, { pods: [pod('other', 4, { app: 'y' }), pod('pod1', 3)], want: at(3) }]],
];

t.test("ComputeEndpointLastChangeTriggerTime (kube's test cases)", async (t) => {
  for (const [name, steps] of cases) {
    const tracker = new TriggerTimeTracker();
    steps.forEach((s, i) => {
      if (s.deleteFirst) tracker.deleteService('ns/my-service');
      t.equal(tracker.compute('ns/my-service', s.service ?? service(0), s.pods), s.want, `${name}, call ${i + 1}`);
    });
  }
});

t.test("RFC3339Nano as Go writes it", async (t) => {
  const cases: Array<[string, string]> = [['2019-01-01T00:00:02Z', '2019-01-01T00:00:02Z'], ['2019-01-01T00:00:02.500Z', '2019-01-01T00:00:02.5Z'], ['2019-01-01T01:00:02+01:00', '2019-01-01T00:00:02Z']];
  for (const [given, want] of cases) t.equal(rfc3339Nano(Date.parse(given)), want, given);
});
