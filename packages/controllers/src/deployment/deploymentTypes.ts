/**
 * The slice of apps/v1 Deployment the Deployment controller reads and writes (wire JSON), and the
 * defaults kube's SetDefaults_Deployment gives a field left out (read through `specOf`).
 * Upstream: staging/src/k8s.io/api/apps/v1/types.go (Deployment),
 *           pkg/apis/apps/v1/defaults.go (SetDefaults_Deployment)
 */
import type { KubeObject } from '@miniplane/api';
import type { LabelSelectorObject } from '@miniplane/api/labelSelector';
import type { ReplicaSet } from '../replicaSet/replicaSetTypes.js';

export type IntOrString = number | string;
export type PodTemplate = ReplicaSet['spec']['template'];

export interface DeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface Deployment extends KubeObject {
  spec: {
    replicas?: number;
    selector: LabelSelectorObject;
    template: PodTemplate;
    strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
  };
  status?: DeploymentStatus;
}

/** A Deployment's spec with kube's v1 defaults filled in. */
export interface ResolvedSpec {
  replicas: number;
  rolling: boolean;
  maxSurge: IntOrString;
  maxUnavailable: IntOrString;
  minReadySeconds: number;
  revisionHistoryLimit: number;
  paused: boolean;
  /** Undefined: no deadline (kube's MaxInt32 means none as well). */
  progressDeadlineSeconds?: number;
}

const maxInt32 = 2147483647;

export function specOf(d: Deployment): ResolvedSpec {
  const s = d.spec;
  const rolling = (s.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
  const pds = s.progressDeadlineSeconds ?? 600;
  return {
    replicas: s.replicas ?? 1,
    rolling,
    maxSurge: s.strategy?.rollingUpdate?.maxSurge ?? '25%',
    maxUnavailable: s.strategy?.rollingUpdate?.maxUnavailable ?? '25%',
    minReadySeconds: s.minReadySeconds ?? 0,
    revisionHistoryLimit: s.revisionHistoryLimit ?? 10,
    paused: !!s.paused,
    progressDeadlineSeconds: pds === maxInt32 ? undefined : pds,
  };
}

/**
 * kube's GetScaledValueFromIntOrPercent: an int as is, "n%" of total rounded up or down. A
 * malformed string (validation refuses it) counts as 0.
 */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** kube's ResolveFenceposts: surge rounds up, unavailable down; both 0 makes unavailable 1. */
export function resolveFenceposts(spec: ResolvedSpec): { surge: number; unavailable: number } {
  const surge = scaledValue(spec.maxSurge, spec.replicas, true);
  let unavailable = scaledValue(spec.maxUnavailable, spec.replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** kube's MaxSurge: 0 unless RollingUpdate. */
export const maxSurge = (spec: ResolvedSpec) => (spec.rolling ? resolveFenceposts(spec).surge : 0);

/** kube's MaxUnavailable: 0 unless RollingUpdate with replicas; never above replicas. */
export function maxUnavailable(spec: ResolvedSpec): number {
  if (!spec.rolling || spec.replicas === 0) return 0;
  return Math.min(resolveFenceposts(spec).unavailable, spec.replicas);
}
