/**
 * Namespace, Node, Event and ConfigMap (core/v1). Node status parts that only kubelets write
 * (nodeInfo, config, daemonEndpoints, images) are open objects: accepted and kept as sent.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go
 */
import { bool, core, int32, kind, list, meta, obj, open, quantityMap, ref, str, strList, time, type Definitions, type Schema } from './schema.js';

const specDocs = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status';

function condition(description: string, o: { heartbeat?: boolean } = {}): Schema {
  return obj(
    description,
    {
      ...(o.heartbeat ? { lastHeartbeatTime: time('Last time we got an update on a given condition.') } : {}),
      lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
      message: str('Human-readable message indicating details about last transition.'),
      reason: str("(brief) reason for the condition's last transition."),
      status: str('Status of the condition, one of True, False, Unknown.', { default: '' }),
      type: str('Type of condition.', { default: '' }),
    },
    { required: ['type', 'status'] },
  );
}

export const clusterDefinitions: Definitions = {
  [core('Namespace')]: kind({ group: '', version: 'v1', kind: 'Namespace' }, 'Namespace provides a scope for Names. Use of multiple namespaces is optional.', {
    spec: ref(core('NamespaceSpec'), `Spec defines the behavior of the Namespace. More info: ${specDocs}`, { default: {} }),
    status: ref(core('NamespaceStatus'), `Status describes the current status of a Namespace. More info: ${specDocs}`, { default: {} }),
  }),
  [core('NamespaceSpec')]: obj('NamespaceSpec describes the attributes on a Namespace.', {
    finalizers: strList('Finalizers is an opaque list of values that must be empty to permanently remove object from storage. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/'),
  }),
  [core('NamespaceStatus')]: obj('NamespaceStatus is information about the current status of a Namespace.', {
    conditions: list(core('NamespaceCondition'), "Represents the latest available observations of a namespace's current state.", { listType: 'map', mapKeys: ['type'], mergeKey: 'type' }),
    phase: str('Phase is the current lifecycle phase of the namespace. More info: https://kubernetes.io/docs/tasks/administer-cluster/namespaces/', { enum: ['Active', 'Terminating'] }),
  }),
  [core('NamespaceCondition')]: condition('NamespaceCondition contains details about state of namespace.'),

  [core('ConfigMap')]: kind({ group: '', version: 'v1', kind: 'ConfigMap' }, 'ConfigMap holds configuration data for pods to consume.', {
    binaryData: { additionalProperties: { format: 'byte', type: 'string' }, description: 'BinaryData contains the binary data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. BinaryData can contain byte sequences that are not in the UTF-8 range. The keys stored in BinaryData must not overlap with the ones in the Data field, this is enforced during validation process. Using this field will require 1.10+ apiserver and kubelet.', type: 'object' },
    data: { additionalProperties: { default: '', type: 'string' }, description: "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.", type: 'object' },
    immutable: bool('Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil.'),
  }),

  [core('Event')]: kind(
    { group: '', version: 'v1', kind: 'Event' },
    'Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.',
    {
      action: str('What action was taken/failed regarding to the Regarding object.'),
      count: int32('The number of times this event has occurred.'),
      eventTime: ref(meta('MicroTime'), 'Time when this Event was first observed.'),
      firstTimestamp: time('The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'),
      involvedObject: ref(core('ObjectReference'), 'The object that this event is about.', { default: {} }),
      lastTimestamp: time('The time at which the most recent occurrence of this event was recorded.'),
      message: str('A human-readable description of the status of this operation.'),
      reason: str("This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      related: ref(core('ObjectReference'), 'Optional secondary object for more complex actions.'),
      reportingComponent: str('Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.', { default: '' }),
      reportingInstance: str('ID of the controller instance, e.g. `kubelet-xyzf`.', { default: '' }),
      series: ref(core('EventSeries'), 'Data about the Event series this event represents or nil if it\'s a singleton Event.'),
      source: ref(core('EventSource'), 'The component reporting this event. Should be a short machine understandable string.', { default: {} }),
      type: str('Type of this event (Normal, Warning), new types could be added in the future'),
    },
    { required: ['metadata', 'involvedObject'] },
  ),
  [core('EventSeries')]: obj('EventSeries contain information on series of events, i.e. thing that was/is happening continuously for some time.', {
    count: int32('Number of occurrences in this series up to the last heartbeat time'),
    lastObservedTime: ref(meta('MicroTime'), 'Time of the last occurrence observed'),
  }),
  [core('EventSource')]: obj('EventSource contains information for an event.', {
    component: str('Component from which the event is generated.'),
    host: str('Node name on which the event is generated.'),
  }),

  [core('Node')]: kind({ group: '', version: 'v1', kind: 'Node' }, 'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).', {
    spec: ref(core('NodeSpec'), `Spec defines the behavior of a node. ${specDocs}`, { default: {} }),
    status: ref(core('NodeStatus'), `Most recently observed status of the node. Populated by the system. Read-only. More info: ${specDocs}`, { default: {} }),
  }),
  [core('NodeSpec')]: obj('NodeSpec describes the attributes that a node is created with.', {
    configSource: open('Deprecated: Previously used to specify the source of the node\'s configuration for the DynamicKubeletConfig feature. This feature is removed.'),
    externalID: str('Deprecated. Not all kubelets will set this field. Remove field after 1.13. see: https://issues.k8s.io/61966'),
    podCIDR: str('PodCIDR represents the pod IP range assigned to the node.'),
    podCIDRs: strList('podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.', { listType: 'set', patchStrategy: 'merge' }),
    providerID: str('ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>'),
    taints: list(core('Taint'), "If specified, the node's taints.", { listType: 'atomic' }),
    unschedulable: bool('Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration'),
  }),
  [core('Taint')]: obj(
    'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
    {
      effect: str('Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.', { default: '' }),
      key: str('Required. The taint key to be applied to a node.', { default: '' }),
      timeAdded: time('TimeAdded represents the time at which the taint was added.'),
      value: str('The taint value corresponding to the taint key.'),
    },
    { required: ['key', 'effect'] },
  ),
  [core('NodeStatus')]: obj('NodeStatus is information about the current status of a node.', {
    addresses: list(core('NodeAddress'), 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses', { listType: 'map', mapKeys: ['type'], mergeKey: 'type' }),
    allocatable: quantityMap('Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.'),
    capacity: quantityMap('Capacity represents the total resources of a node. More info: https://kubernetes.io/docs/reference/node/node-status/#capacity'),
    conditions: list(core('NodeCondition'), 'Conditions is an array of current observed node conditions. More info: https://kubernetes.io/docs/reference/node/node-status/#condition', { listType: 'map', mapKeys: ['type'], mergeKey: 'type' }),
    config: open('Status of the config assigned to the node via the dynamic Kubelet config feature.'),
    daemonEndpoints: open('Endpoints of daemons running on the Node.'),
    features: open('Features describes the set of features implemented by the CRI implementation.'),
    images: { description: 'List of container images on this node', items: open('Describe a container image'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
    nodeInfo: open('Set of ids/uuids to uniquely identify the node. More info: https://kubernetes.io/docs/reference/node/node-status/#info'),
    phase: str('NodePhase is the recently observed lifecycle phase of the node. The field is never populated, and now is deprecated.'),
    runtimeHandlers: { description: 'The available runtime handlers.', items: open('NodeRuntimeHandler is a set of runtime handler information.'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
    volumesAttached: { description: 'List of volumes that are attached to the node.', items: open('AttachedVolume describes a volume attached to a node'), type: 'array', 'x-kubernetes-list-type': 'atomic' },
    volumesInUse: strList('List of attachable volumes in use (mounted) by the node.'),
  }),
  [core('NodeAddress')]: obj(
    "NodeAddress contains information for the node's address.",
    { address: str('The node address.', { default: '' }), type: str('Node address type, one of Hostname, ExternalIP or InternalIP.', { default: '' }) },
    { required: ['type', 'address'] },
  ),
  [core('NodeCondition')]: condition('NodeCondition contains condition information for a node.', { heartbeat: true }),
};
