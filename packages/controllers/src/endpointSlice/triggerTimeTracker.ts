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
 * Cached pods are frozen and replaced on change, never modified: a pod object seen at the previous
 * call is known unchanged without reading it again.
 * Upstream: staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go
 * (pkg/controller/util/endpoint/trigger_time_tracker.go for the Endpoints controller)
 */
import type { Pod } from '@miniplane/api/pod/types';
import type { Service } from '@miniplane/api/service/types';

interface PodSeen {
  /** The pod object last seen (cached pods are replaced on change: the same object, the same time). */
  pod: Pod;
  time: number;
  /** The compute call that last saw the pod (entries not seen in a call are dropped after it). */
  call: number;
}

interface ServiceState {
  service: number;
  pods: Map<string, PodSeen>;
  call: number;
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

/** A label test for the selector (its entries read once per call). */
function selectorTest(selector: Record<string, string>): (labels: Record<string, string> | undefined) => boolean {
  const entries = Object.entries(selector);
  if (entries.length === 1) {
    const [[k, v]] = entries as [[string, string]];
    return (labels) => labels?.[k] === v;
  }
  return (labels) => entries.every(([k, v]) => labels?.[k] === v);
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
    const known = this.states.get(key);
    const state: ServiceState = known ?? { service: 0, pods: new Map(), call: 0 };
    const call = ++state.call;
    const selects = selectorTest(service.spec?.selector ?? {});
    let min = 0;
    let seen = 0;
    for (const pod of namespacePods) {
      if (!selects(pod.metadata.labels)) continue;
      const name = pod.metadata.name ?? '';
      const entry = state.pods.get(name);
      if (entry?.pod === pod) {
        entry.call = call;
        seen++;
        continue;
      }
      const t = podTriggerTime(pod);
      if (t === 0) continue;
      seen++;
      if (!entry || t > entry.time) min = min === 0 || t < min ? t : min;
      if (entry) Object.assign(entry, { pod, time: t, call });
      else state.pods.set(name, { pod, time: t, call });
    }
    if (seen < state.pods.size) for (const [name, e] of state.pods) if (e.call !== call) state.pods.delete(name);
    const created = Date.parse(service.metadata.creationTimestamp ?? '') || 0;
    if (created > state.service && (min === 0 || created < min)) min = created;
    state.service = created;
    this.states.set(key, state);
    if (!known) return created ? rfc3339Nano(created) : undefined;
    return min ? rfc3339Nano(min) : undefined;
  }

  deleteService(key: string): void {
    this.states.delete(key);
  }
}
