/**
 * The shared apimachinery types every group-version document carries: ObjectMeta, ListMeta,
 * Status, DeleteOptions, LabelSelector, Condition, the scalar wrappers (Time, MicroTime,
 * Quantity, IntOrString), the PATCH body and autoscaling/v1 Scale.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go, api/autoscaling/v1/types.go
 */
import { bool, int32, int64, intOrString, list, meta, obj, open, quantity, ref, str, strList, strMap, time, type Definitions } from './schema.js';

const docs = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';

const objectMeta = obj(
  'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  {
    annotations: strMap('Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations'),
    creationTimestamp: time(`CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: ${docs}#metadata`),
    deletionGracePeriodSeconds: int64('Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.'),
    deletionTimestamp: time(`DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: ${docs}#metadata`),
    finalizers: strList('Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.', { listType: 'set', patchStrategy: 'merge' }),
    generateName: str(`GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nApplied only if Name is not specified. More info: ${docs}#idempotency`),
    generation: int64('A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.'),
    labels: strMap('Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels'),
    managedFields: list(meta('ManagedFieldsEntry'), "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn't need to set or understand this field.", { listType: 'atomic' }),
    name: str('Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'),
    namespace: str('Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace, but "default" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces'),
    ownerReferences: list(meta('OwnerReference'), 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller.', { listType: 'map', mapKeys: ['uid'], mergeKey: 'uid' }),
    resourceVersion: str(`An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: ${docs}#concurrency-control-and-consistency`),
    selfLink: str('Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
    uid: str('UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids'),
  },
);

export const metaDefinitions: Definitions = {
  [meta('ObjectMeta')]: objectMeta,
  [meta('ListMeta')]: obj('ListMeta describes metadata that synthetic resources must have, including lists and various status objects. A resource may have only one of {ObjectMeta, ListMeta}.', {
    continue: str('continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available. The value is opaque and may be used to issue another request to the endpoint that served this list to retrieve the next set of available objects.'),
    remainingItemCount: int64('remainingItemCount is the number of subsequent items in the list which are not included in this list response. If the list request contained label or field selectors, then the number of remaining items is unknown and the field will be left unset and omitted during serialization.'),
    resourceVersion: str(`String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed. Value must be treated as opaque by clients and passed unmodified back to the server. Populated by the system. Read-only. More info: ${docs}#concurrency-control-and-consistency`),
    selfLink: str('Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
  }),
  [meta('OwnerReference')]: obj(
    'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.',
    {
      apiVersion: str('API version of the referent.', { default: '' }),
      blockOwnerDeletion: bool('If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed. Defaults to false.'),
      controller: bool('If true, this reference points to the managing controller.'),
      kind: str(`Kind of the referent. More info: ${docs}#types-kinds`, { default: '' }),
      name: str('Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', { default: '' }),
      uid: str('UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids', { default: '' }),
    },
    { required: ['apiVersion', 'kind', 'name', 'uid'], mapType: 'atomic' },
  ),
  [meta('ManagedFieldsEntry')]: obj('ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.', {
    apiVersion: str('APIVersion defines the version of this resource that this field set applies to.'),
    fieldsType: str('FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: "FieldsV1"'),
    fieldsV1: ref(meta('FieldsV1'), 'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.'),
    manager: str('Manager is an identifier of the workflow managing these fields.'),
    operation: str("Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'."),
    subresource: str('Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource.'),
    time: time("Time is the timestamp of when the ManagedFields entry was added. The timestamp will also be updated if a field is added, the manager changes any of the owned fields value or removes a field."),
  }),
  [meta('FieldsV1')]: { description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.', type: 'object' },
  [meta('Time')]: { description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.', format: 'date-time', type: 'string' },
  [meta('MicroTime')]: { description: 'MicroTime is version of Time with microsecond level precision.', format: 'date-time', type: 'string' },
  [intOrString]: {
    description: 'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  },
  [quantity]: {
    description: 'Quantity is a fixed-point representation of a number, serialized as a string: a signed number with an optional SI suffix (m, k, M, G, T, P, E), binary suffix (Ki, Mi, Gi, Ti, Pi, Ei) or decimal exponent (e.g. 128974848, 129e6, 129M, 123Mi).',
    oneOf: [{ type: 'string' }, { type: 'number' }],
  },
  [meta('LabelSelector')]: obj(
    'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.',
    {
      matchExpressions: list(meta('LabelSelectorRequirement'), 'matchExpressions is a list of label selector requirements. The requirements are ANDed.', { listType: 'atomic' }),
      matchLabels: strMap('matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.'),
    },
    { mapType: 'atomic' },
  ),
  [meta('LabelSelectorRequirement')]: obj(
    'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    {
      key: str('key is the label key that the selector applies to.', { default: '' }),
      operator: str("operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.", { default: '' }),
      values: strList('values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.'),
    },
    { required: ['key', 'operator'] },
  ),
  [meta('Condition')]: obj(
    'Condition contains details for one aspect of the current state of this API Resource.',
    {
      lastTransitionTime: time('lastTransitionTime is the last time the condition transitioned from one status to another. This should be when the underlying condition changed.  If that is not known, then using the time when the API field changed is acceptable.'),
      message: str('message is a human readable message indicating details about the transition. This may be an empty string.', { default: '' }),
      observedGeneration: int64('observedGeneration represents the .metadata.generation that the condition was set based upon.'),
      reason: str("reason contains a programmatic identifier indicating the reason for the condition's last transition. This field may not be empty.", { default: '' }),
      status: str('status of the condition, one of True, False, Unknown.', { default: '' }),
      type: str('type of condition in CamelCase or in foo.example.com/CamelCase.', { default: '' }),
    },
    { required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'] },
  ),
  [meta('Status')]: obj('Status is a return value for calls that don\'t return other objects.', {
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    code: int32('Suggested HTTP return code for this status, 0 if not set.'),
    details: ref(meta('StatusDetails'), 'Extended data associated with the reason.  Each reason may define its own extended details. This field is optional and the data returned is not guaranteed to conform to any schema except that defined by the reason type.'),
    kind: str(`Kind is a string value representing the REST resource this object represents. More info: ${docs}#types-kinds`),
    message: str('A human-readable description of the status of this operation.'),
    metadata: ref(meta('ListMeta'), `Standard list metadata. More info: ${docs}#types-kinds`, { default: {} }),
    reason: str('A machine-readable description of why this operation is in the "Failure" status. If this value is empty there is no information available.'),
    status: str(`Status of the operation. One of: "Success" or "Failure". More info: ${docs}#spec-and-status`),
  }),
  [meta('StatusDetails')]: obj('StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.', {
    causes: list(meta('StatusCause'), 'The Causes array includes more details associated with the StatusReason failure. Not all StatusReasons may provide detailed causes.', { listType: 'atomic' }),
    group: str('The group attribute of the resource associated with the status StatusReason.'),
    kind: str('The kind attribute of the resource associated with the status StatusReason.'),
    name: str('The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).'),
    retryAfterSeconds: int32('If specified, the time in seconds before the operation should be retried.'),
    uid: str('UID of the resource. (when there is a single resource which can be described).'),
  }),
  [meta('StatusCause')]: obj('StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.', {
    field: str('The field of the resource that has caused this error, as named by its JSON serialization.'),
    message: str('A human-readable description of the cause of the error.'),
    reason: str('A machine-readable description of the cause of the error. If this value is empty there is no information available.'),
  }),
  [meta('Preconditions')]: obj('Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.', {
    resourceVersion: str('Specifies the target ResourceVersion'),
    uid: str('Specifies the target UID.'),
  }),
  [meta('DeleteOptions')]: obj('DeleteOptions may be provided when deleting an API object.', {
    apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
    dryRun: strList('When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed'),
    gracePeriodSeconds: int64('The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately.'),
    ignoreStoreReadErrorWithClusterBreakingPotential: bool('if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.'),
    kind: str('Kind is a string value representing the REST resource this object represents.'),
    orphanDependents: bool('Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned.'),
    preconditions: ref(meta('Preconditions'), 'Must be fulfilled before a deletion is carried out. If not possible, a 409 Conflict status will be returned.'),
    propagationPolicy: str("Whether and how garbage collection will be performed. Acceptable values are: 'Orphan' - orphan the dependents; 'Background' - allow the garbage collector to delete the dependents in the background; 'Foreground' - a cascading policy that deletes all dependents in the foreground."),
  }),
  [meta('Patch')]: { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' },
  [meta('WatchEvent')]: obj(
    'Event represents a single event to a watched resource.',
    { object: open('Object is: the new state of the object for ADDED and MODIFIED, its state immediately before deletion for DELETED, a Status for ERROR.'), type: str('', { default: '' }) },
    { required: ['type', 'object'] },
  ),
  'io.k8s.api.autoscaling.v1.Scale': obj(
    'Scale represents a scaling request for a resource.',
    {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      metadata: ref(meta('ObjectMeta'), `Standard object metadata; More info: ${docs}#metadata.`, { default: {} }),
      spec: ref('io.k8s.api.autoscaling.v1.ScaleSpec', `spec defines the behavior of the scale. More info: ${docs}#spec-and-status.`, { default: {} }),
      status: ref('io.k8s.api.autoscaling.v1.ScaleStatus', `status is the current status of the scale. More info: ${docs}#spec-and-status. Read-only.`, { default: {} }),
    },
    { gvk: { group: 'autoscaling', kind: 'Scale', version: 'v1' } },
  ),
  'io.k8s.api.autoscaling.v1.ScaleSpec': obj('ScaleSpec describes the attributes of a scale subresource.', {
    replicas: int32('replicas is the desired number of instances for the scaled object.'),
  }),
  'io.k8s.api.autoscaling.v1.ScaleStatus': obj(
    'ScaleStatus represents the current status of a scale subresource.',
    {
      replicas: int32('replicas is the actual number of observed instances of the scaled object.', { default: 0 }),
      selector: str('selector is the label query over pods that should match the replicas count, in the query-param syntax.'),
    },
    { required: ['replicas'] },
  ),
};
