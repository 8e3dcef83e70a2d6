/**
 * The Pod strategy: what a create prepares, and how long a delete waits (graceful deletion).
 *
 * Contract: `gracePeriodForDelete` is kube's CheckGracefulDelete: the request's
 * gracePeriodSeconds, else the pod's `spec.terminationGracePeriodSeconds` (kube defaults it to
 * 30 at create, so an unset one counts as 30); 0 for a pod not bound to a node or already
 * Succeeded/Failed, which therefore go at once.
 * Upstream: pkg/registry/core/pod/strategy.go (PrepareForCreate, CheckGracefulDelete)
 */
import type { KubeObject } from '@miniplane/api';
import type { Strategy } from './strategy.js';

/** kube's DefaultTerminationGracePeriodSeconds. */
export const defaultTerminationGracePeriodSeconds = 30;

export function podStrategy(): Strategy {
  return {
    prepareForCreate(obj) {
      obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
    },
    gracePeriodForDelete: podGracePeriod,
  };
}

export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  const period = requested ?? spec.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds;
  return period < 0 ? 1 : period;
}
