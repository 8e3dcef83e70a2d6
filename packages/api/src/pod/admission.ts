/**
 * The pod admission plugins kube-apiserver runs on every pod create, as pure edits of the pod:
 * - ServiceAccount: a pod without `spec.serviceAccountName` (nor the deprecated
 *   `spec.serviceAccount`, which v1 conversion reads in its place) runs as `default`; both
 *   fields are set to the name, as v1 conversion writes `serviceAccount` back. Mirror pods
 *   (annotation `kubernetes.io/config.mirror`) are left alone. Whether the account exists is
 *   the caller's check (`serviceAccountLookupError` words kube's refusal).
 * - DefaultTolerationSeconds: a pod that does not tolerate the NoExecute taints
 *   `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable` (a toleration with that
 *   key or no key, and effect NoExecute or none) gets `Exists`/`NoExecute` tolerations of them
 *   for the given seconds (default 300 each), not-ready first.
 * - Priority: a pod without `spec.priorityClassName` gets priority 0 and preemptionPolicy
 *   PreemptLowerPriority (no PriorityClass is served, so there is no global default); one naming
 *   kube's built-in `system-cluster-critical` (2000000000) or `system-node-critical`
 *   (2000001000) gets that priority; any other name is refused (`no PriorityClass with name x was
 *   found`), as is a `priority` or `preemptionPolicy` the pod sets to another value than the
 *   computed one, in kube's words.
 * Contract: edits `pod` (the registry's own copy); never throws (a refusal is returned as kube's
 * Forbidden reason, for the caller to throw).
 * Upstream: plugin/pkg/admission/serviceaccount/admission.go (Admit),
 * plugin/pkg/admission/defaulttolerationseconds/admission.go, plugin/pkg/admission/priority/admission.go,
 * pkg/apis/scheduling/types.go (SystemPriorityClasses), pkg/apis/core/v1/conversion.go
 */
import type { KubeObject } from '../types.js';
import type { PodSpec, Toleration } from './types.js';

export const defaultServiceAccountName = 'default';
export const mirrorPodAnnotation = 'kubernetes.io/config.mirror';
export const taintNodeNotReady = 'node.kubernetes.io/not-ready';
export const taintNodeUnreachable = 'node.kubernetes.io/unreachable';
/** kube-apiserver's `--default-not-ready-toleration-seconds` / `--default-unreachable-toleration-seconds`. */
export const defaultTolerationSeconds = 300;

/** Sets the pod's service account; returns its name, or undefined for a mirror pod. */
export function admitPodServiceAccount(pod: KubeObject): string | undefined {
  if (pod.metadata.annotations?.[mirrorPodAnnotation] !== undefined) return undefined;
  const spec = (pod.spec ??= {}) as { serviceAccountName?: string; serviceAccount?: string };
  const name: string = spec.serviceAccountName || spec.serviceAccount || defaultServiceAccountName;
  spec.serviceAccountName = name;
  spec.serviceAccount = name;
  return name;
}

/** kube's Forbidden reason when the pod's service account is missing. */
export function serviceAccountLookupError(namespace: string, name: string): string {
  return `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`;
}

export interface TolerationSeconds {
  notReady?: number;
  unreachable?: number;
}

export function admitPodDefaultTolerations(pod: KubeObject, seconds: TolerationSeconds = {}): void {
  const spec = (pod.spec ??= {}) as Partial<PodSpec>;
  const have = spec.tolerations ?? [];
  const tolerates = (key: string) => have.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const add: Toleration[] = [];
  for (const [key, s] of [[taintNodeNotReady, seconds.notReady], [taintNodeUnreachable, seconds.unreachable]] as const) {
    if (!tolerates(key)) add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: s ?? defaultTolerationSeconds });
  }
  if (add.length) spec.tolerations = [...have, ...add];
}

/** kube's built-in PriorityClasses (kube-apiserver creates them at start), by name. */
export const systemPriorityClasses: Readonly<Record<string, number>> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

/**
 * The Priority admission plugin on a pod create: sets `spec.priority` and
 * `spec.preemptionPolicy`, or returns kube's Forbidden reason (the pod is then left alone).
 */
export function admitPodPriority(pod: KubeObject): string | undefined {
  const spec = (pod.spec ??= {}) as { priorityClassName?: string | null; priority?: number | bigint | null; preemptionPolicy?: string | null };
  const className = spec.priorityClassName;
  let priority = 0;
  if (className) {
    if (!Object.hasOwn(systemPriorityClasses, className)) return `no PriorityClass with name ${className} was found`;
    priority = systemPriorityClasses[className]!;
  }
  if (spec.priority != null && Number(spec.priority) !== priority) {
    return `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`;
  }
  // Every class here (and kube's default when none is named) preempts lower priorities.
  const policy = 'PreemptLowerPriority';
  if (spec.preemptionPolicy && spec.preemptionPolicy !== policy) {
    return `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`;
  }
  spec.priority = priority;
  spec.preemptionPolicy = policy;
  return undefined;
}
