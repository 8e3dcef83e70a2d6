/**
 * podQOSClass: a pod's quality-of-service class, as the apiserver records it in `status.qosClass`
 * at create. Pure.
 *
 * Contract: only cpu and memory count. No container (init containers included) requests or
 * limits either → BestEffort. Every container has cpu and memory limits and its requests, where
 * given, equal them → Guaranteed (kube's defaulting copies limits into missing requests).
 * Anything else → Burstable. Quantities are compared by value (`1` = `1000m`).
 * Upstream: pkg/apis/core/helper/qos/qos.go (GetPodQOS)
 */
import { parseQuantity } from './quantity.js';
import type { Container, PodSpec } from './types.js';

export type QOSClass = 'BestEffort' | 'Burstable' | 'Guaranteed';

const computeResources = ['cpu', 'memory'] as const;

export function podQOSClass(spec: Partial<PodSpec> | undefined): QOSClass {
  const containers: Container[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of computeResources) {
      const req = parseQuantity(requests[r]);
      const lim = parseQuantity(limits[r]);
      if ((req ?? 0) !== 0 || (lim ?? 0) !== 0) any = true;
      if (lim === undefined || (req !== undefined && req !== lim)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
