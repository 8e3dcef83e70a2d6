/**
 * Pod (core/v1): PodSpec with every field through 1.33 and its patch metadata, affinity, tolerations,
 * DNS config, the common volume sources, and PodStatus. Volume sources users rarely write by
 * hand (cloud disks, iSCSI, CSI...) are open objects: accepted and kept as sent.
 * Patch keys: containers/initContainers/ephemeralContainers/imagePullSecrets by name, volumes by
 * name with retainKeys, hostAliases by ip, topologySpreadConstraints by topologyKey.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go (PodSpec, PodStatus, Volume, Affinity)
 */
import { bool, core, int32, int64, kind, list, meta, obj, open, quantity, quantityMap, ref, str, strList, strMap, time, type Definitions, type Schema } from './schema.js';

const specDocs = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status';

/** Volume sources described field by field; every other source is an open object. */
const describedSources: Record<string, Schema> = {
  configMap: ref(core('ConfigMapVolumeSource'), 'configMap represents a configMap that should populate this volume'),
  downwardAPI: ref(core('DownwardAPIVolumeSource'), 'downwardAPI represents downward API about the pod that should populate this volume'),
  emptyDir: ref(core('EmptyDirVolumeSource'), "emptyDir represents a temporary directory that shares a pod's lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir"),
  hostPath: ref(core('HostPathVolumeSource'), 'hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath'),
  name: str("name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names", { default: '' }),
  persistentVolumeClaim: ref(core('PersistentVolumeClaimVolumeSource'), 'persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#persistentvolumeclaims'),
  projected: ref(core('ProjectedVolumeSource'), 'projected items for all in one resources secrets, configmaps, and downward API'),
  secret: ref(core('SecretVolumeSource'), 'secret represents a secret that should populate this volume. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret'),
};
const openSources = [
  'awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'csi', 'ephemeral', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk',
  'gitRepo', 'glusterfs', 'image', 'iscsi', 'nfs', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume',
];

function volume(): Schema {
  const props: Record<string, Schema> = { ...describedSources };
  for (const s of openSources) props[s] = open(`${s} volume source.`);
  return obj('Volume represents a named volume in a pod that may be accessed by any container in the pod.', Object.fromEntries(Object.entries(props).sort(([a], [b]) => (a < b ? -1 : 1))), { required: ['name'] });
}

const keyToPathItems = (what: string) => list(core('KeyToPath'), `items if unspecified, each key-value pair in the Data field of the referenced ${what} will be projected into the volume as a file whose name is the key and content is the value.`, { listType: 'atomic' });
const defaultMode = int32('defaultMode is optional: mode bits used to set permissions on created files by default. Must be an octal value between 0000 and 0777 or a decimal value between 0 and 511. Defaults to 0644.');

const podSpec = obj(
  'PodSpec is a description of a pod.',
  {
    activeDeadlineSeconds: int64('Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.'),
    affinity: ref(core('Affinity'), "If specified, the pod's scheduling constraints"),
    automountServiceAccountToken: bool('AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.'),
    containers: list(core('Container'), 'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.', { listType: 'map', mapKeys: ['name'], mergeKey: 'name' }),
    dnsConfig: ref(core('PodDNSConfig'), 'Specifies the DNS parameters of a pod. Parameters specified here will be merged to the generated DNS configuration based on DNSPolicy.'),
    dnsPolicy: str("Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters given in DNSConfig will be merged with the policy selected with DNSPolicy.", { enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] }),
    enableServiceLinks: bool("EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true."),
    ephemeralContainers: list(core('EphemeralContainer'), 'List of ephemeral containers run in this pod. Ephemeral containers may be run in an existing pod to perform user-initiated actions such as debugging. This list cannot be specified when creating a pod, and it cannot be modified by updating the pod spec.', { listType: 'map', mapKeys: ['name'], mergeKey: 'name' }),
    hostAliases: list(core('HostAlias'), "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.", { listType: 'map', mapKeys: ['ip'], mergeKey: 'ip' }),
    hostIPC: bool("Use the host's ipc namespace. Optional: Default to false."),
    hostNetwork: bool("Host networking requested for this pod. Use the host's network namespace. If this option is set, the ports that will be used must be specified. Default to false."),
    hostPID: bool("Use the host's pid namespace. Optional: Default to false."),
    hostUsers: bool("Use the host's user namespace. Optional: Default to true."),
    hostname: str("Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value."),
    imagePullSecrets: list(core('LocalObjectReference'), 'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec. More info: https://kubernetes.io/docs/concepts/containers/images#specifying-imagepullsecrets-on-a-pod', { listType: 'map', mapKeys: ['name'], mergeKey: 'name' }),
    initContainers: list(core('Container'), 'List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/', { listType: 'map', mapKeys: ['name'], mergeKey: 'name' }),
    nodeName: str('NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.'),
    nodeSelector: strMap("NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/", { atomic: true }),
    os: open('Specifies the OS of the containers in the pod: name is linux or windows.'),
    overhead: quantityMap('Overhead represents the resource overhead associated with running a pod for a given RuntimeClass.'),
    preemptionPolicy: str('PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.', { enum: ['Never', 'PreemptLowerPriority'] }),
    priority: int32('The priority value. Various system components use this field to find the priority of the pod.'),
    priorityClassName: str('If specified, indicates the pod\'s priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities.'),
    readinessGates: list(core('PodReadinessGate'), 'If specified, all readiness gates will be evaluated for pod readiness. More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates', { listType: 'atomic' }),
    resourceClaims: list(core('PodResourceClaim'), 'ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.', { listType: 'map', mapKeys: ['name'], mergeKey: 'name', patchStrategy: 'merge,retainKeys' }),
    resources: ref(core('ResourceRequirements'), 'Resources is the total amount of CPU and Memory resources required by all containers in the pod (alpha).'),
    restartPolicy: str('Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy', { enum: ['Always', 'Never', 'OnFailure'] }),
    runtimeClassName: str('RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.'),
    schedulerName: str('If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.'),
    schedulingGates: list(core('PodSchedulingGate'), 'SchedulingGates is an opaque list of values that if specified will block scheduling the pod.', { listType: 'map', mapKeys: ['name'], mergeKey: 'name' }),
    securityContext: ref(core('PodSecurityContext'), 'SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.'),
    serviceAccount: str('DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.'),
    serviceAccountName: str('ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/'),
    setHostnameAsFQDN: bool("If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default)."),
    shareProcessNamespace: bool('Share a single process namespace between all of the containers in a pod. Optional: Default to false.'),
    subdomain: str('If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>". If not specified, the pod will not have a domainname at all.'),
    terminationGracePeriodSeconds: int64('Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Defaults to 30 seconds.'),
    tolerations: list(core('Toleration'), "If specified, the pod's tolerations.", { listType: 'atomic' }),
    topologySpreadConstraints: list(core('TopologySpreadConstraint'), 'TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.', { listType: 'map', mapKeys: ['topologyKey', 'whenUnsatisfiable'], mergeKey: 'topologyKey' }),
    volumes: list(core('Volume'), 'List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes', { listType: 'map', mapKeys: ['name'], mergeKey: 'name', patchStrategy: 'merge,retainKeys' }),
  },
  { required: ['containers'] },
);

const podStatus = obj('PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.', {
  conditions: list(core('PodCondition'), 'Current service state of pod. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions', { listType: 'map', mapKeys: ['type'], mergeKey: 'type' }),
  containerStatuses: { description: 'Statuses of containers in this pod. Each container in the pod should have at most one status in this list.', items: open('ContainerStatus contains details for the current status of this container.'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
  ephemeralContainerStatuses: { description: 'Statuses for any ephemeral containers that have run in this pod.', items: open('ContainerStatus contains details for the current status of this container.'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
  hostIP: str('hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has not started yet.'),
  hostIPs: list(core('HostIP'), 'hostIPs holds the IP addresses allocated to the host. If this field is specified, the first entry must match the hostIP field.', { listType: 'atomic', mergeKey: 'ip' }),
  initContainerStatuses: { description: 'Statuses of init containers in this pod.', items: open('ContainerStatus contains details for the current status of this container.'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
  message: str('A human readable message indicating details about why the pod is in this condition.'),
  nominatedNodeName: str('nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.'),
  observedGeneration: int64('If set, this represents the .metadata.generation that the pod status was set based upon.'),
  phase: str('The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle: Pending, Running, Succeeded, Failed or Unknown. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-phase', { enum: ['Failed', 'Pending', 'Running', 'Succeeded', 'Unknown'] }),
  podIP: str('podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
  podIPs: list(core('PodIP'), 'podIPs holds the IP addresses allocated to the pod. If this field is specified, the 0th entry must match the podIP field. Pods may be allocated at most 1 value for each of IPv4 and IPv6.', { listType: 'map', mapKeys: ['ip'], mergeKey: 'ip' }),
  qosClass: str('The Quality of Service (QOS) classification assigned to the pod based on resource requirements. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/#quality-of-service-classes', { enum: ['BestEffort', 'Burstable', 'Guaranteed'] }),
  reason: str("A brief CamelCase message indicating details about why the pod is in this state. e.g. 'Evicted'"),
  resize: str('Status of resources resize desired for pod\'s containers. It is empty if no resources resize is pending.'),
  resourceClaimStatuses: { description: 'Status of resource claims.', items: open('PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim.'), type: 'array', 'x-kubernetes-list-map-keys': ['name'], 'x-kubernetes-list-type': 'map', 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' },
  startTime: time('RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod.'),
});

export const podDefinitions: Definitions = {
  [core('Pod')]: kind({ group: '', version: 'v1', kind: 'Pod' }, 'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.', {
    spec: ref(core('PodSpec'), `Specification of the desired behavior of the pod. More info: ${specDocs}`, { default: {} }),
    status: ref(core('PodStatus'), `Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: ${specDocs}`, { default: {} }),
  }),
  [core('PodSpec')]: podSpec,
  [core('PodStatus')]: podStatus,
  [core('PodTemplateSpec')]: obj('PodTemplateSpec describes the data a pod should have when created from a template', {
    metadata: ref(meta('ObjectMeta'), "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata", { default: {} }),
    spec: ref(core('PodSpec'), `Specification of the desired behavior of the pod. More info: ${specDocs}`, { default: {} }),
  }),
  [core('PodCondition')]: obj(
    'PodCondition contains details for the current condition of this pod.',
    {
      lastProbeTime: time('Last time we probed the condition.'),
      lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
      message: str('Human-readable message indicating details about last transition.'),
      observedGeneration: int64('If set, this represents the .metadata.generation that the pod condition was set based upon.'),
      reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
      status: str('Status is the status of the condition. Can be True, False, Unknown. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions', { default: '' }),
      type: str('Type is the type of the condition. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions', { default: '' }),
    },
    { required: ['type', 'status'] },
  ),
  [core('PodIP')]: obj('PodIP represents a single IP address allocated to the pod.', { ip: str('IP is the IP address assigned to the pod', { default: '' }) }, { required: ['ip'] }),
  [core('HostIP')]: obj('HostIP represents a single IP address allocated to the host.', { ip: str('IP is the IP address assigned to the host', { default: '' }) }, { required: ['ip'] }),
  [core('LocalObjectReference')]: obj('LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.', { name: str('Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names', { default: '' }) }, { mapType: 'atomic' }),
  [core('HostAlias')]: obj('HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod\'s hosts file.', { hostnames: strList('Hostnames for the above IP address.'), ip: str('IP address of the host file entry.', { default: '' }) }, { required: ['ip'] }),
  [core('PodDNSConfig')]: obj('PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.', {
    nameservers: strList('A list of DNS name server IP addresses. This will be appended to the base nameservers generated from DNSPolicy. Duplicated nameservers will be removed.'),
    options: { description: 'A list of DNS resolver options. This will be merged with the base options generated from DNSPolicy. Duplicated entries will be removed.', items: open('PodDNSConfigOption defines DNS resolver options of a pod: name and value.'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
    searches: strList('A list of DNS search domains for host-name lookup. This will be appended to the base search paths generated from DNSPolicy. Duplicated search paths will be removed.'),
  }),
  [core('PodReadinessGate')]: obj('PodReadinessGate contains the reference to a pod condition', { conditionType: str("ConditionType refers to a condition in the pod's condition list with matching type.", { default: '' }) }, { required: ['conditionType'] }),
  [core('PodResourceClaim')]: obj('PodResourceClaim references exactly one ResourceClaim, either directly or by naming a ResourceClaimTemplate which is then turned into a ResourceClaim for the pod.', {
    name: str('Name uniquely identifies this resource claim inside the pod. This must be a DNS_LABEL.', { default: '' }),
    resourceClaimName: str('ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.'),
    resourceClaimTemplateName: str('ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.'),
  }, { required: ['name'] }),
  [core('PodSchedulingGate')]: obj('PodSchedulingGate is associated to a Pod to guard its scheduling.', { name: str('Name of the scheduling gate. Each scheduling gate must have a unique name field.', { default: '' }) }, { required: ['name'] }),
  [core('PodSecurityContext')]: obj('PodSecurityContext holds pod-level security attributes and common container settings. Some fields are also present in container.securityContext.  Field values of container.securityContext take precedence over field values of PodSecurityContext.', {
    appArmorProfile: open('appArmorProfile is the AppArmor options to use by the containers in this pod.'),
    fsGroup: int64('A special supplemental group that applies to all containers in a pod.'),
    fsGroupChangePolicy: str('fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod. Valid values are "OnRootMismatch" and "Always".'),
    runAsGroup: int64('The GID to run the entrypoint of the container process. Uses runtime default if unset.'),
    runAsNonRoot: bool('Indicates that the container must run as a non-root user.'),
    runAsUser: int64('The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified.'),
    seLinuxChangePolicy: str('seLinuxChangePolicy defines how the container\'s SELinux label is applied to all volumes used by the Pod.'),
    seLinuxOptions: open('The SELinux context to be applied to all containers.'),
    seccompProfile: open('The seccomp options to use by the containers in this pod.'),
    supplementalGroups: { description: "A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified).", items: { default: 0, format: 'int64', type: 'integer' }, type: 'array', 'x-kubernetes-list-type': 'atomic' },
    supplementalGroupsPolicy: str('Defines how supplemental groups of the first container processes are calculated. Valid values are "Merge" and "Strict".'),
    sysctls: { description: 'Sysctls hold a list of namespaced sysctls used for the pod.', items: open('Sysctl defines a kernel parameter to be set: name and value.'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
    windowsOptions: open('The Windows specific settings applied to all containers.'),
  }),
  [core('Toleration')]: obj('The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.', {
    effect: str('Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute.'),
    key: str('Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists; this combination means to match all values and all keys.'),
    operator: str("Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal."),
    tolerationSeconds: int64('TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint.'),
    value: str('Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string.'),
  }),
  [core('TopologySpreadConstraint')]: obj('TopologySpreadConstraint specifies how to spread matching pods among the given topology.', {
    labelSelector: ref(meta('LabelSelector'), 'LabelSelector is used to find matching pods.'),
    matchLabelKeys: strList('MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.'),
    maxSkew: int32('MaxSkew describes the degree to which pods may be unevenly distributed.', { default: 0 }),
    minDomains: int32('MinDomains indicates a minimum number of eligible domains.'),
    nodeAffinityPolicy: str("NodeAffinityPolicy indicates how we will treat Pod's nodeAffinity/nodeSelector when calculating pod topology spread skew."),
    nodeTaintsPolicy: str('NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.'),
    topologyKey: str('TopologyKey is the key of node labels. Nodes that have a label with this key and identical values are considered to be in the same topology.', { default: '' }),
    whenUnsatisfiable: str("WhenUnsatisfiable indicates how to deal with a pod if it doesn't satisfy the spread constraint: DoNotSchedule (default) or ScheduleAnyway.", { default: '' }),
  }, { required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'] }),
  [core('Volume')]: volume(),
  [core('KeyToPath')]: obj('Maps a string key to a path within a volume.', { key: str('key is the key to project.', { default: '' }), mode: int32('mode is Optional: mode bits used to set permissions on this file.'), path: str('path is the relative path of the file to map the key to. May not be an absolute path.', { default: '' }) }, { required: ['key', 'path'] }),
  [core('ConfigMapVolumeSource')]: obj('Adapts a ConfigMap into a volume.', { defaultMode, items: keyToPathItems('ConfigMap'), name: str('Name of the referent.', { default: '' }), optional: bool('optional specify whether the ConfigMap or its keys must be defined') }),
  [core('SecretVolumeSource')]: obj('Adapts a Secret into a volume.', { defaultMode, items: keyToPathItems('Secret'), optional: bool('optional field specify whether the Secret or its keys must be defined'), secretName: str("secretName is the name of the secret in the pod's namespace to use.") }),
  [core('EmptyDirVolumeSource')]: obj('Represents an empty directory for a pod. Empty directory volumes support ownership management and SELinux relabeling.', { medium: str('medium represents what type of storage medium should back this directory. The default is "" which means to use the node\'s default medium. Must be an empty string (default) or Memory.'), sizeLimit: ref(quantity, 'sizeLimit is the total amount of local storage required for this EmptyDir volume.') }),
  [core('HostPathVolumeSource')]: obj('Represents a host path mapped into a pod.', { path: str('path of the directory on the host. If the path is a symlink, it will follow the link to the real path.', { default: '' }), type: str('type for HostPath Volume. Defaults to ""') }, { required: ['path'] }),
  [core('PersistentVolumeClaimVolumeSource')]: obj("PersistentVolumeClaimVolumeSource references the user's PVC in the same namespace.", { claimName: str('claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.', { default: '' }), readOnly: bool('readOnly Will force the ReadOnly setting in VolumeMounts. Default false.') }, { required: ['claimName'] }),
  [core('ProjectedVolumeSource')]: obj('Represents a projected volume source', { defaultMode, sources: { description: 'sources is the list of volume projections. Each entry in this list handles one source.', items: open('Projection that may be projected along with other supported volume types.'), type: 'array', 'x-kubernetes-list-type': 'atomic' } }),
  [core('DownwardAPIVolumeSource')]: obj('DownwardAPIVolumeSource represents a volume containing downward API info.', { defaultMode, items: { description: 'Items is a list of downward API volume file', items: open('DownwardAPIVolumeFile represents information to create the file containing the pod field'), type: 'array', 'x-kubernetes-list-type': 'atomic' } }),
};
