/**
 * Strategic-merge-patch metadata for the served kinds: which lists merge (and by which key),
 * which fields carry retainKeys, and the schema of nested structs — the struct tags
 * `patchStrategy` / `patchMergeKey` that kube's SMP reads by reflection.
 *
 * Contract: `patchMetaFor(kind)` returns the schema of a top-level object, or an empty schema for
 * kinds we have no table for. A field absent from a schema has no tag: objects merge key by key
 * and lists are replaced whole (atomic), exactly like JSON merge patch. Only tags that change
 * behaviour are listed; atomic lists (tolerations, clusterIPs, Endpoints subsets, EndpointSlice
 * endpoints/ports, ...) are simply absent.
 * Upstream: staging/src/k8s.io/api/core/v1/types.go, apps/v1/types.go, discovery/v1/types.go,
 * networking/v1/types.go, apimachinery/pkg/apis/meta/v1/types.go
 */

export interface FieldMeta {
  /** `merge`: lists merge by `mergeKey` (lists of objects) or as sets (primitives). `replace`: an object is replaced whole. */
  readonly strategy?: 'merge' | 'replace';
  readonly mergeKey?: string;
  /** patchStrategy includes retainKeys (only matters when a patch carries `$retainKeys`). */
  readonly retainKeys?: boolean;
  /** Schema of the object, or of each list item. */
  readonly fields?: Schema;
}

export type Schema = { readonly [field: string]: FieldMeta };

const mergeBy = (mergeKey: string, fields?: Schema, retainKeys?: boolean): FieldMeta => ({ strategy: 'merge', mergeKey, fields, retainKeys });
const struct = (fields: Schema): FieldMeta => ({ fields });

/** metav1.ObjectMeta */
const objectMeta: Schema = {
  ownerReferences: mergeBy('uid'),
  finalizers: { strategy: 'merge' }, // +listType=set: merged as a set of strings
};

const metadata = struct(objectMeta);

/** metav1.Condition / the typed *Condition lists, keyed by type. */
const conditions = mergeBy('type');

/** core/v1 Container (also EphemeralContainer). */
const container: Schema = {
  ports: mergeBy('containerPort'),
  env: mergeBy('name'),
  volumeMounts: mergeBy('mountPath'),
  volumeDevices: mergeBy('devicePath'),
};

/** core/v1 PodSpec */
const podSpec: Schema = {
  volumes: mergeBy('name', undefined, true),
  initContainers: mergeBy('name', container),
  containers: mergeBy('name', container),
  ephemeralContainers: mergeBy('name', container),
  imagePullSecrets: mergeBy('name'),
  hostAliases: mergeBy('ip'),
  topologySpreadConstraints: mergeBy('topologyKey'),
  resourceClaims: mergeBy('name', undefined, true),
  schedulingGates: mergeBy('name'),
};

/** core/v1 PodStatus */
const podStatus: Schema = {
  conditions,
  podIPs: mergeBy('ip'),
  hostIPs: mergeBy('ip'),
  resourceClaimStatuses: mergeBy('name', undefined, true),
};

/** core/v1 PodTemplateSpec, embedded by PodTemplate, Deployment and ReplicaSet. */
const podTemplateSpec = struct({ metadata, spec: struct(podSpec) });

const withStatusConditions = (spec: Schema = {}): Schema => ({ metadata, spec: struct(spec), status: struct({ conditions }) });

const schemas: Readonly<Record<string, Schema>> = {
  Pod: { metadata, spec: struct(podSpec), status: struct(podStatus) },
  PodTemplate: { metadata, template: podTemplateSpec },
  Service: withStatusConditions({ ports: mergeBy('port') }),
  Endpoints: { metadata },
  EndpointSlice: { metadata },
  Node: {
    metadata,
    spec: struct({ podCIDRs: { strategy: 'merge' } }),
    status: struct({ conditions, addresses: mergeBy('type') }),
  },
  Namespace: withStatusConditions(),
  ConfigMap: { metadata },
  Event: { metadata },
  Lease: { metadata },
  Deployment: withStatusConditions({ template: podTemplateSpec, strategy: { retainKeys: true } }),
  ReplicaSet: withStatusConditions({ template: podTemplateSpec }),
  ServiceCIDR: withStatusConditions(),
  IPAddress: { metadata },
};

const unknownKind: Schema = {};

/** The schema for a top-level object of `kind`; unknown kinds behave like JSON merge patch. */
export function patchMetaFor(kind: string): Schema {
  return schemas[kind] ?? unknownKind;
}

/** The metadata of `field` within `schema` (empty when untagged). */
export function fieldMeta(schema: Schema | undefined, field: string): FieldMeta {
  return (schema && Object.prototype.hasOwnProperty.call(schema, field) ? schema[field] : undefined) ?? {};
}
