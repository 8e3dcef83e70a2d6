/**
 * The slice of apps/v1 StatefulSet the StatefulSet controller reads and writes (wire JSON).
 * Upstream: staging/src/k8s.io/api/apps/v1/types.go (StatefulSet)
 */
import type { KubeObject } from '@miniplane/api';
import type { LabelSelectorObject } from '@miniplane/api/labelSelector';
import type { PodSpec } from '@miniplane/api/pod/types';

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  availableReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
}

export interface StatefulSet extends KubeObject {
  spec: {
    replicas?: number;
    serviceName?: string;
    minReadySeconds?: number;
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    ordinals?: { start?: number };
    updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number } };
    selector: LabelSelectorObject;
    template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: PodSpec };
  };
  status?: StatefulSetStatus;
}
