/**
 * apps/v1 StatefulSet: its schema (volumeClaimTemplates kept as sent: miniplane serves no
 * PersistentVolumeClaims), the `NAME READY AGE [CONTAINERS IMAGES]` printer, kube's defaulting
 * (replicas 1, podManagementPolicy OrderedReady, updateStrategy RollingUpdate with partition 0,
 * revisionHistoryLimit 10, persistentVolumeClaimRetentionPolicy Retain/Retain), generation
 * tracking, status and scale subresources; created with status.replicas 0; names are DNS labels
 * and specs validated as kube validates them (validation/statefulSet.ts).
 * Upstream: staging/src/k8s.io/api/apps/v1/types.go (StatefulSet), pkg/apis/apps/v1/defaults.go
 * (SetDefaults_StatefulSet), pkg/printers/internalversion/printers.go (printStatefulSet),
 * pkg/registry/apps/statefulset/strategy.go
 */
import { appsDefinitions } from '../openapi/appsSchemas.js';
import { core, int32, int64, kind, list, meta, obj, open, ref, str, type Definitions } from '../openapi/schema.js';
import { translateTimestampSince } from '../printers/age.js';
import { containerCells, type WorkloadView } from '../printers/apps.js';
import { ageColumn, column, columns, nameColumn, wideColumn } from '../printers/columns.js';
import { workloadDoc } from '../printers/descriptions.js';
import type { KindPrinter } from '../printers/kindPrinter.js';
import { resourceRow } from '../resources.js';
import type { KindDescriptor } from '../scheme/kindDescriptor.js';
import { appsTables } from '../protobuf/tables/apps.js';
import { coreWorkloadTables } from '../protobuf/tables/coreWorkloads.js';
import { podTemplateDefinitions } from './pod.js';
import { defaultPodTemplate } from '../pod/podDefaults.js';
import { isPlainObject, type KubeObject } from '../types.js';
import { nameIsDNSLabel } from '../validation/names.js';
import { validateStatefulSet, validateStatefulSetStatusUpdate, validateStatefulSetUpdate } from '../validation/statefulSet.js';

/** SetDefaults_PersistentVolumeClaim and ..ClaimSpec on a claim template. */
function defaultClaimTemplate(c: unknown): unknown {
  if (!isPlainObject(c)) return c;
  const spec = isPlainObject(c.spec) ? c.spec : {};
  const status = isPlainObject(c.status) ? c.status : {};
  return { ...c, spec: { ...spec, volumeMode: spec.volumeMode ?? 'Filesystem' }, status: { ...status, phase: status.phase || 'Pending' } };
}

const apps = (n: string) => `io.k8s.api.apps.v1.${n}`;

const definitions: Definitions = {
  [apps('StatefulSet')]: kind({ group: 'apps', version: 'v1', kind: 'StatefulSet' }, 'StatefulSet represents a set of pods with consistent identities. Identities are defined as:\n  - Network: A single stable DNS and hostname.\n  - Storage: As many VolumeClaims as requested.\n\nThe StatefulSet guarantees that a given network identity will always map to the same storage identity.', {
    spec: ref(apps('StatefulSetSpec'), 'Spec defines the desired identities of pods in this set.', { default: {} }),
    status: ref(apps('StatefulSetStatus'), 'Status is the current status of Pods in this StatefulSet. This data may be out of date by some window of time.', { default: {} }),
  }),
  [apps('StatefulSetSpec')]: obj('A StatefulSetSpec is the specification of a StatefulSet.', {
    minReadySeconds: int32('Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)'),
    ordinals: obj('StatefulSetOrdinals describes the policy used for replica ordinal assignment in this StatefulSet.', { start: int32('start is the number representing the first replica\'s index.', { default: 0 }) }),
    persistentVolumeClaimRetentionPolicy: obj('StatefulSetPersistentVolumeClaimRetentionPolicy describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.', {
      whenDeleted: str('WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted.'),
      whenScaled: str('WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down.'),
    }),
    podManagementPolicy: str('podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`.', { enum: ['OrderedReady', 'Parallel'] }),
    replicas: int32('replicas is the desired number of replicas of the given Template. These are replicas in the sense that they are instantiations of the same Template, but individual replicas also have a consistent identity. If unspecified, defaults to 1.'),
    revisionHistoryLimit: int32("revisionHistoryLimit is the maximum number of revisions that will be maintained in the StatefulSet's revision history. The revision history consists of all revisions not represented by a currently applied StatefulSetSpec version. The default value is 10."),
    selector: ref(meta('LabelSelector'), "selector is a label query over pods that should match the replica count. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
    serviceName: str('serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set. Pods get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local where "pod-specific-string" is managed by the StatefulSet controller.'),
    template: ref(core('PodTemplateSpec'), 'template is the object that describes the pod that will be created if insufficient replicas are detected. Each pod stamped out by the StatefulSet will fulfill this Template, but have a unique identity from the rest of the StatefulSet.', { default: {} }),
    updateStrategy: ref(apps('StatefulSetUpdateStrategy'), 'updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.', { default: {} }),
    volumeClaimTemplates: { description: 'volumeClaimTemplates is a list of claims that pods are allowed to reference.', items: open('PersistentVolumeClaim (kept as sent).'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
  }, { required: ['selector', 'template'] }),
  [apps('StatefulSetUpdateStrategy')]: obj('StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.', {
    rollingUpdate: obj('RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.', {
      maxUnavailable: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString', 'The maximum number of pods that can be unavailable during the update.'),
      partition: int32('Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. During a rolling update, all pods from ordinal Replicas-1 to Partition are updated. All pods from ordinal Partition-1 to 0 remain untouched. The default value is 0.'),
    }),
    type: str('Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.', { enum: ['OnDelete', 'RollingUpdate'] }),
  }),
  [apps('StatefulSetStatus')]: obj('StatefulSetStatus represents the current state of a StatefulSet.', {
    availableReplicas: int32('Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.', { default: 0 }),
    collisionCount: int32('collisionCount is the count of hash collisions for the StatefulSet.'),
    conditions: list(apps('StatefulSetCondition'), "Represents the latest available observations of a statefulset's current state.", { listType: 'map', mapKeys: ['type'], mergeKey: 'type' }),
    currentReplicas: int32('currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.'),
    currentRevision: str('currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).'),
    observedGeneration: int64("observedGeneration is the most recent generation observed for this StatefulSet. It corresponds to the StatefulSet's generation, which is updated on mutation by the API Server."),
    readyReplicas: int32('readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.'),
    replicas: int32('replicas is the number of Pods created by the StatefulSet controller.', { default: 0 }),
    updateRevision: str('updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)'),
    updatedReplicas: int32('updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.'),
  }, { required: ['replicas'] }),
  [apps('StatefulSetCondition')]: obj('StatefulSetCondition describes the state of a statefulset at a certain point.', {
    lastTransitionTime: ref(meta('Time'), 'Last time the condition transitioned from one status to another.'),
    message: str('A human readable message indicating details about the transition.'),
    reason: str("The reason for the condition's last transition."),
    status: str('Status of the condition, one of True, False, Unknown.', { default: '' }),
    type: str('Type of statefulset condition.', { default: '' }),
  }, { required: ['type', 'status'] }),
};

const printer: KindPrinter = {
  columns: columns(nameColumn, column('Ready', workloadDoc.ready), ageColumn, wideColumn('Containers', workloadDoc.containers), wideColumn('Images', workloadDoc.images)),
  print(obj, now) {
    const s = obj as unknown as WorkloadView;
    const [names, images] = containerCells(s);
    return { cells: [s.metadata.name ?? '', `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, translateTimestampSince(s.metadata.creationTimestamp, now), names, images] };
  },
};

interface StatefulSetSpec {
  replicas?: number;
  podManagementPolicy?: string;
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: unknown } | null };
  revisionHistoryLimit?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
  template?: unknown;
  volumeClaimTemplates?: unknown;
}

/**
 * kube's SetDefaults_StatefulSet, the pod template's PodSpec defaults, and the claim templates'
 * (volumeMode Filesystem, status.phase Pending). Edits `o` (the registry's own copy).
 */
export function defaultStatefulSet(o: KubeObject): KubeObject {
  const spec = (o.spec ??= {}) as StatefulSetSpec;
  spec.template = defaultPodTemplate(spec.template);
  if (Array.isArray(spec.volumeClaimTemplates)) spec.volumeClaimTemplates = spec.volumeClaimTemplates.map(defaultClaimTemplate);
  spec.podManagementPolicy ||= 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  // kube adds rollingUpdate only to a strategy it types itself; a given RollingUpdate without
  // one stays without (the controller reads partition 0).
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  return o;
}

/**
 * kube's dropStatefulSetDisabledFields: `rollingUpdate.maxUnavailable` is dropped while the
 * MaxUnavailableStatefulSet gate is off (alpha in v1.33), unless the stored set already uses it.
 */
function dropMaxUnavailable(next: KubeObject, old?: KubeObject): void {
  const inUse = (o: KubeObject | undefined) => (o?.spec as StatefulSetSpec | undefined)?.updateStrategy?.rollingUpdate?.maxUnavailable != null;
  const rolling = (next.spec as StatefulSetSpec | undefined)?.updateStrategy?.rollingUpdate;
  if (rolling && 'maxUnavailable' in rolling && !inUse(old)) delete rolling.maxUnavailable;
}

export const statefulSetKind: KindDescriptor = {
  resource: resourceRow({
    group: 'apps', version: 'v1', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'], hasGeneration: true,
  }),
  schema: { definitions: { ...appsDefinitions, ...podTemplateDefinitions, ...definitions } },
  protobuf: { message: 'apps.StatefulSet', tables: { ...appsTables, ...coreWorkloadTables } },
  printer,
  defaults: defaultStatefulSet,
  strategy: {
    nameValidator: nameIsDNSLabel,
    prepareForCreate: (obj) => {
      obj.status = { replicas: 0, availableReplicas: 0 };
      dropMaxUnavailable(obj);
    },
    prepareForUpdate: (next, old) => dropMaxUnavailable(next, old),
    validate: validateStatefulSet,
    validateUpdate: validateStatefulSetUpdate,
    validateStatusUpdate: validateStatefulSetStatusUpdate,
  },
};
