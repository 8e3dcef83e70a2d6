/**
 * Schema tables for apps/v1 Deployments, ReplicaSets and StatefulSets. Field numbers come from
 * k8s.io/api/apps/v1/generated.proto. Keys carry the `apps.` prefix so that condition and spec
 * names stay unambiguous next to core's. Notation: see ../schema.ts.
 */
import type { MessageTables } from '../schema.js';

export const appsTables: MessageTables = {
  'apps.Deployment': { 1: 'metadata: ObjectMeta', 2: 'spec: apps.DeploymentSpec', 3: 'status: apps.DeploymentStatus' },
  'apps.DeploymentSpec': {
    1: 'replicas: int32!',
    2: 'selector: LabelSelector',
    3: 'template: PodTemplateSpec',
    4: 'strategy: apps.DeploymentStrategy',
    5: 'minReadySeconds: int32',
    6: 'revisionHistoryLimit: int32!',
    7: 'paused: bool',
    9: 'progressDeadlineSeconds: int32!',
    10: 'podReplacementPolicy: string!',
  },
  'apps.DeploymentStrategy': { 1: 'type: string', 2: 'rollingUpdate: apps.RollingUpdateDeployment' },
  // Both are *IntOrString in Go, so an explicit 0 survives.
  'apps.RollingUpdateDeployment': { 1: 'maxUnavailable: IntOrString', 2: 'maxSurge: IntOrString' },
  'apps.DeploymentStatus': {
    1: 'observedGeneration: int64',
    2: 'replicas: int32',
    3: 'updatedReplicas: int32',
    7: 'readyReplicas: int32',
    4: 'availableReplicas: int32',
    5: 'unavailableReplicas: int32',
    9: 'terminatingReplicas: int32!',
    6: 'conditions: []apps.DeploymentCondition',
    8: 'collisionCount: int32!',
  },
  'apps.DeploymentCondition': {
    1: 'type: string!',
    2: 'status: string!',
    6: 'lastUpdateTime: Time',
    7: 'lastTransitionTime: Time',
    4: 'reason: string',
    5: 'message: string',
  },

  'apps.ReplicaSet': { 1: 'metadata: ObjectMeta', 2: 'spec: apps.ReplicaSetSpec', 3: 'status: apps.ReplicaSetStatus' },
  'apps.ReplicaSetSpec': { 1: 'replicas: int32!', 4: 'minReadySeconds: int32', 2: 'selector: LabelSelector', 3: 'template: PodTemplateSpec' },
  'apps.ReplicaSetStatus': {
    1: 'replicas: int32!',
    2: 'fullyLabeledReplicas: int32',
    4: 'readyReplicas: int32',
    5: 'availableReplicas: int32',
    7: 'terminatingReplicas: int32!',
    3: 'observedGeneration: int64',
    6: 'conditions: []apps.ReplicaSetCondition',
  },
  'apps.ReplicaSetCondition': { 1: 'type: string!', 2: 'status: string!', 3: 'lastTransitionTime: Time', 4: 'reason: string', 5: 'message: string' },

  'apps.StatefulSet': { 1: 'metadata: ObjectMeta', 2: 'spec: apps.StatefulSetSpec', 3: 'status: apps.StatefulSetStatus' },
  // volumeClaimTemplates (4, []PersistentVolumeClaim) has no table: miniplane serves no PVCs.
  'apps.StatefulSetSpec': {
    1: 'replicas: int32!',
    2: 'selector: LabelSelector',
    3: 'template: PodTemplateSpec',
    5: 'serviceName: string',
    6: 'podManagementPolicy: string',
    7: 'updateStrategy: apps.StatefulSetUpdateStrategy',
    8: 'revisionHistoryLimit: int32!',
    9: 'minReadySeconds: int32',
    10: 'persistentVolumeClaimRetentionPolicy: apps.StatefulSetPersistentVolumeClaimRetentionPolicy',
    11: 'ordinals: apps.StatefulSetOrdinals',
  },
  'apps.StatefulSetUpdateStrategy': { 1: 'type: string', 2: 'rollingUpdate: apps.RollingUpdateStatefulSetStrategy' },
  'apps.RollingUpdateStatefulSetStrategy': { 1: 'partition: int32!', 2: 'maxUnavailable: IntOrString' },
  'apps.StatefulSetPersistentVolumeClaimRetentionPolicy': { 1: 'whenDeleted: string', 2: 'whenScaled: string' },
  'apps.StatefulSetOrdinals': { 1: 'start: int32!' },
  'apps.StatefulSetStatus': {
    1: 'observedGeneration: int64',
    2: 'replicas: int32!',
    3: 'readyReplicas: int32',
    4: 'currentReplicas: int32',
    5: 'updatedReplicas: int32',
    6: 'currentRevision: string',
    7: 'updateRevision: string',
    9: 'collisionCount: int32!',
    10: 'conditions: []apps.StatefulSetCondition',
    11: 'availableReplicas: int32!',
  },
  'apps.StatefulSetCondition': { 1: 'type: string!', 2: 'status: string!', 3: 'lastTransitionTime: Time', 4: 'reason: string', 5: 'message: string' },
};
