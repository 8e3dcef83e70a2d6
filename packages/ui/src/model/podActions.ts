/**
 * The writes a learner can make from the page, as requests on the public API — the same ones
 * kubectl and kubectl-lite send:
 * - flip a pod's readiness: a JSON merge patch of the annotation `miniplane.dev/ready`
 *   (`"false"` makes the simulated kubelet's readiness probe fail; removing it (null) makes it
 *   pass), as `kubectl-lite sim unready|ready POD`;
 * - delete a pod (graceful: the apiserver sets deletionTimestamp; its ReplicaSet makes a
 *   replacement), as `kubectl delete pod`;
 * - scale a Deployment: a merge patch of `spec.replicas` on its `scale` subresource, as
 *   `kubectl scale deployment --replicas=N`.
 *
 * Contract: pure planners: an object in, an `ApiRequest` out (or a `PlanError` for input the
 * page refuses before asking: a replica count that is not an int32; a negative one is sent, so
 * the learner sees the server's own Invalid Status).
 * Names are URL-escaped. `fieldManager` identifies the page in managedFields.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/scale (scaler.go ScaleSubresource patch)
 */

export const readyAnnotation = 'miniplane.dev/ready';
export const fieldManager = 'miniplane-ui';

export interface ApiRequest {
  method: 'PATCH' | 'DELETE';
  path: string;
  contentType?: string;
  body?: unknown;
}

export class PlanError extends Error {
  override readonly name = 'PlanError';
}

interface Named {
  metadata: { name?: string; namespace?: string; annotations?: Record<string, string> };
}

const segment = (s: string | undefined): string => encodeURIComponent(s ?? '');
const podPath = (p: Named): string => `/api/v1/namespaces/${segment(p.metadata.namespace ?? 'default')}/pods/${segment(p.metadata.name)}`;

/** Whether the page shows the pod as "made unready" (the annotation says false). */
export function forcedUnready(pod: Named): boolean {
  return pod.metadata.annotations?.[readyAnnotation] === 'false';
}

/** The patch that flips the readiness the annotation forces: unready -> annotation removed, else -> "false". */
export function planReadinessFlip(pod: Named): ApiRequest {
  return {
    method: 'PATCH', path: `${podPath(pod)}?fieldManager=${fieldManager}`, contentType: 'application/merge-patch+json',
    body: { metadata: { annotations: { [readyAnnotation]: forcedUnready(pod) ? null : 'false' } } },
  };
}

export function planPodDelete(pod: Named): ApiRequest {
  return { method: 'DELETE', path: podPath(pod) };
}

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** `replicas` as typed in the page's box. */
export function planScale(deployment: Named, replicas: string): ApiRequest {
  const text = replicas.trim();
  if (!/^-?\d+$/.test(text) || Number(text) < int32.min || Number(text) > int32.max) throw new PlanError(`replicas must be a whole number (int32), not "${replicas}"`);
  return {
    method: 'PATCH',
    path: `/apis/apps/v1/namespaces/${segment(deployment.metadata.namespace ?? 'default')}/deployments/${segment(deployment.metadata.name)}/scale?fieldManager=${fieldManager}`,
    contentType: 'application/merge-patch+json', body: { spec: { replicas: Number(text) } },
  };
}
