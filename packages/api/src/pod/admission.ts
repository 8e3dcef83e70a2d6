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
 * Contract: edits `pod` (the registry's own copy); never throws.
 * Upstream: plugin/pkg/admission/serviceaccount/admission.go (Admit),
 * plugin/pkg/admission/defaulttolerationseconds/admission.go, pkg/apis/core/v1/conversion.go
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
