/**
 * The slice of apps/v1 ReplicaSet the ReplicaSet controller reads and writes (wire JSON).
 * Upstream: staging/src/k8s.io/api/apps/v1/types.go (ReplicaSet)
 */
import type { KubeObject } from '@miniplane/api';
import type { LabelSelectorObject } from '@miniplane/api/labelSelector';
import type { PodSpec } from '@miniplane/api/pod/types';

export interface ReplicaSetCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

export interface ReplicaSet extends KubeObject {
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    selector: LabelSelectorObject;
    template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
  };
  status?: ReplicaSetStatus;
}
