/**
 * TriggerTimeTracker: the `endpoints.kubernetes.io/last-change-trigger-time` annotation of both
 * endpoint controllers, computed at sync time as kube does.
 *
 * Contract
 * - `compute(key, service, namespacePods)`: over the pods the Service selects (its namespace's
 *   pods matching every selector entry), each pod's trigger time is its Ready condition's
 *   lastTransitionTime (pods without one have none), the Service's is its creationTimestamp. The
 *   answer is the earliest of those later than what the previous call for `key` saw (a pod not
 *   seen then counts from zero), or undefined when none is; for a Service not seen before, its
 *   creationTimestamp. The state for `key` is replaced on every call, whatever the sync then does
 *   (kube's approximation: several changes of one object between two syncs count once).
 * - A Service update is no trigger (kube: "not able to calculate trigger time for service
 *   updates"). `deleteService(key)` forgets a Service (so a re-created one counts as new).
 * - The time is written as Go's RFC3339Nano in UTC (`2019-01-01T00:00:02Z`).
 * Pods are read through a per-object memo: cached pods are frozen and replaced, never modified.
 * Upstream: staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go
 * (pkg/controller/util/endpoint/trigger_time_tracker.go for the Endpoints controller)
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';
import { selectorMatches } from './podEndpoints.js';

interface ServiceState {
  service: number;
  pods: Map<string, number>;
}

const podTimes = new WeakMap<Pod, number>();

/** getPodTriggerTime: the Ready condition's last transition (0: none). */
function podTriggerTime(pod: Pod): number {
  let t = podTimes.get(pod);
  if (t === undefined) {
    const text = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime;
    t = text ? Date.parse(text) || 0 : 0;
    podTimes.set(pod, t);
  }
  return t;
}

/** Go's time.Format(time.RFC3339Nano) in UTC: no trailing zeros in the fraction. */
export function rfc3339Nano(ms: number): string {
  const [whole, frac = 'Z'] = new Date(ms).toISOString().split('.');
  const digits = frac.slice(0, -1).replace(/0+$/, '');
  return `${whole}${digits ? `.${digits}` : ''}Z`;
}

export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  compute(key: string, service: Service, namespacePods: readonly Pod[]): string | undefined {
    const state = this.states.get(key);
    const selector = service.spec?.selector ?? {};
    const pods = new Map<string, number>();
    let min = 0;
    const changed = (t: number): void => {
      if (min === 0 || t < min) min = t;
    };
    for (const pod of namespacePods) {
      if (!selectorMatches(selector, pod.metadata.labels)) continue;
      const t = podTriggerTime(pod);
      if (t === 0) continue;
      const name = pod.metadata.name ?? '';
      pods.set(name, t);
      if (t > (state?.pods.get(name) ?? 0)) changed(t);
    }
    const created = Date.parse(service.metadata.creationTimestamp ?? '') || 0;
    if (created > (state?.service ?? 0)) changed(created);
    this.states.set(key, { service: created, pods });
    if (!state) return created ? rfc3339Nano(created) : undefined;
    return min ? rfc3339Nano(min) : undefined;
  }

  deleteService(key: string): void {
    this.states.delete(key);
  }
}
