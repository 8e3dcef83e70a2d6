/**
 * Deployment and ReplicaSet (apps/v1). The pod template refers to core/v1 PodTemplateSpec, which
 * the apps/v1 document carries along with everything it references.
 * Upstream: staging/src/k8s.io/api/apps/v1/types.go
 */
import { bool, core, int32, int64, intOrString, kind, list, meta, obj, ref, str, time, type Definitions, type Schema } from './schema.js';

const apps = (n: string) => `io.k8s.api.apps.v1.${n}`;
const specDocs = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status';

function condition(description: string, lastUpdate: boolean): Schema {
  return obj(
    description,
    {
      lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
      ...(lastUpdate ? { lastUpdateTime: time('The last time this condition was updated.') } : {}),
      message: str('A human readable message indicating details about the transition.'),
      reason: str("The reason for the condition's last transition."),
      status: str('Status of the condition, one of True, False, Unknown.', { default: '' }),
      type: str(`Type of ${lastUpdate ? 'deployment' : 'replica set'} condition.`, { default: '' }),
    },
    { required: ['type', 'status'] },
  );
}

const selectorDoc = (what: string) => `Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this ${what}. It must match the pod template's labels.`;
const minReadyDoc = 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)';

export const appsDefinitions: Definitions = {
  [apps('Deployment')]: kind({ group: 'apps', version: 'v1', kind: 'Deployment' }, 'Deployment enables declarative updates for Pods and ReplicaSets.', {
    spec: ref(apps('DeploymentSpec'), 'Specification of the desired behavior of the Deployment.', { default: {} }),
    status: ref(apps('DeploymentStatus'), 'Most recently observed status of the Deployment.', { default: {} }),
  }),
  [apps('DeploymentSpec')]: obj(
    'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    {
      minReadySeconds: int32(minReadyDoc),
      paused: bool('Indicates that the deployment is paused.'),
      progressDeadlineSeconds: int32('The maximum time in seconds for a deployment to make progress before it is considered to be failed. The deployment controller will continue to process failed deployments and a condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Note that progress will not be estimated during the time a deployment is paused. Defaults to 600s.'),
      replicas: int32('Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.'),
      revisionHistoryLimit: int32('The number of old ReplicaSets to retain to allow rollback. This is a pointer to distinguish between explicit zero and not specified. Defaults to 10.'),
      selector: ref(meta('LabelSelector'), selectorDoc('deployment')),
      strategy: { ...ref(apps('DeploymentStrategy'), 'The deployment strategy to use to replace existing pods with new ones.', { default: {} }), 'x-kubernetes-patch-strategy': 'retainKeys' },
      template: ref(core('PodTemplateSpec'), 'Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is "Always".', { default: {} }),
    },
    { required: ['selector', 'template'] },
  ),
  [apps('DeploymentStrategy')]: obj('DeploymentStrategy describes how to replace existing pods with new ones.', {
    rollingUpdate: ref(apps('RollingUpdateDeployment'), 'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.'),
    type: str('Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.', { enum: ['Recreate', 'RollingUpdate'] }),
  }),
  [apps('RollingUpdateDeployment')]: obj('Spec to control the desired behavior of rolling update.', {
    maxSurge: ref(intOrString, 'The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). This can not be 0 if MaxUnavailable is 0. Absolute number is calculated from percentage by rounding up. Defaults to 25%.'),
    maxUnavailable: ref(intOrString, 'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%.'),
  }),
  [apps('DeploymentStatus')]: obj('DeploymentStatus is the most recently observed status of the Deployment.', {
    availableReplicas: int32('Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    collisionCount: int32('Count of hash collisions for the Deployment. The Deployment controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ReplicaSet.'),
    conditions: list(apps('DeploymentCondition'), "Represents the latest available observations of a deployment's current state.", { listType: 'map', mapKeys: ['type'], mergeKey: 'type' }),
    observedGeneration: int64('The generation observed by the deployment controller.'),
    readyReplicas: int32('readyReplicas is the number of pods targeted by this Deployment with a Ready Condition.'),
    replicas: int32('Total number of non-terminated pods targeted by this deployment (their labels match the selector).'),
    terminatingReplicas: int32('Total number of terminating pods targeted by this deployment. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.'),
    unavailableReplicas: int32('Total number of unavailable pods targeted by this deployment. This is the total number of pods that are still required for the deployment to have 100% available capacity.'),
    updatedReplicas: int32('Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  }),
  [apps('DeploymentCondition')]: condition('DeploymentCondition describes the state of a deployment at a certain point.', true),
  [apps('ReplicaSet')]: kind({ group: 'apps', version: 'v1', kind: 'ReplicaSet' }, 'ReplicaSet ensures that a specified number of pod replicas are running at any given time.', {
    spec: ref(apps('ReplicaSetSpec'), `Spec defines the specification of the desired behavior of the ReplicaSet. More info: ${specDocs}`, { default: {} }),
    status: ref(apps('ReplicaSetStatus'), `Status is the most recently observed status of the ReplicaSet. This data may be out of date by some window of time. Populated by the system. Read-only. More info: ${specDocs}`, { default: {} }),
  }),
  [apps('ReplicaSetSpec')]: obj(
    'ReplicaSetSpec is the specification of a ReplicaSet.',
    {
      minReadySeconds: int32(minReadyDoc),
      replicas: int32('Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'),
      selector: ref(meta('LabelSelector'), "Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
      template: ref(core('PodTemplateSpec'), 'Template is the object that describes the pod that will be created if insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template', { default: {} }),
    },
    { required: ['selector'] },
  ),
  [apps('ReplicaSetStatus')]: obj(
    'ReplicaSetStatus represents the current status of a ReplicaSet.',
    {
      availableReplicas: int32('The number of available replicas (ready for at least minReadySeconds) for this replica set.'),
      conditions: list(apps('ReplicaSetCondition'), "Represents the latest available observations of a replica set's current state.", { listType: 'map', mapKeys: ['type'], mergeKey: 'type' }),
      fullyLabeledReplicas: int32('The number of pods that have labels matching the labels of the pod template of the replicaset.'),
      observedGeneration: int64('ObservedGeneration reflects the generation of the most recently observed ReplicaSet.'),
      readyReplicas: int32('readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'),
      replicas: int32('Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller', { default: 0 }),
      terminatingReplicas: int32('The number of terminating pods for this replica set. Terminating pods have a non-null .metadata.deletionTimestamp and have not yet reached the Failed or Succeeded .status.phase.'),
    },
    { required: ['replicas'] },
  ),
  [apps('ReplicaSetCondition')]: condition('ReplicaSetCondition describes the state of a replica set at a certain point.', false),
};
