/**
 * How long kube's namespace controller expects the content of a terminating namespace to take to
 * go, and when it looks again. Pure.
 *
 * - podGraceEstimate: pods are deleted gracefully (deletecollection with their own grace period;
 *   the kubelet finishes them), so the estimate is the longest `terminationGracePeriodSeconds`
 *   of the non-terminal pods, and 0 once that long has passed since the namespace's
 *   deletionTimestamp (then a pod still there is stuck, not slow).
 * - remainingOutcome: what one resource's leftovers mean after its deletion pass: nothing left
 *   is done; with a pod estimate running they are waited for; objects held by finalizers are
 *   waited for 15 s (kube's finalizerEstimateSeconds); anything else is an error in kube's words,
 *   "unexpected items still remain in namespace: x for gvr: /v1, Resource=pods".
 * - requeueDelayMs: while an estimate runs the namespace is looked at again after
 *   estimate/2 + 1 seconds (kube's ResourcesRemainingError handling).
 * Upstream: pkg/controller/namespace/deletion/namespaced_resources_deleter.go
 *           (estimateGracefulTermination, deleteAllContentForGroupVersionResource),
 *           pkg/controller/namespace/namespace_controller.go (workFunc)
 */
import type { KubeObject } from '@miniplane/api';
import type { DeletableResource } from './namespacePlan.js';

export const finalizerEstimateSeconds = 15;
/** The pod default (kube's API defaulting fills it in; a pod read without it would get it). */
const defaultTerminationGracePeriodSeconds = 30;

interface PodLike extends KubeObject {
  spec?: { terminationGracePeriodSeconds?: number };
  status?: { phase?: string };
}

export function podGraceEstimate(pods: readonly PodLike[], namespaceDeletedAtMs: number, nowMs: number): number {
  let estimate = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue; // terminal: nothing to wait for
    estimate = Math.max(estimate, p.spec?.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds);
  }
  return nowMs - namespaceDeletedAtMs >= estimate * 1000 ? 0 : estimate;
}

export const isPods = (r: Pick<DeletableResource, 'group' | 'plural'>): boolean => r.group === '' && r.plural === 'pods';

export interface RemainingOutcome {
  /** Seconds to wait for this resource (0: nothing to wait for). */
  estimate: number;
  error?: string;
}

export function remainingOutcome(r: DeletableResource, namespace: string, items: readonly KubeObject[], estimate: number): RemainingOutcome {
  if (!items.length) return { estimate: 0 };
  if (estimate) return { estimate };
  if (items.some((o) => o.metadata.finalizers?.length)) return { estimate: finalizerEstimateSeconds };
  return { estimate: 0, error: `unexpected items still remain in namespace: ${namespace} for gvr: ${r.group}/${r.version}, Resource=${r.plural}` };
}

export function requeueDelayMs(estimate: number): number {
  return (Math.floor(estimate / 2) + 1) * 1000;
}
