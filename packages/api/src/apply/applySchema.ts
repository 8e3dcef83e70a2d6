/**
 * What server-side apply needs to know about each served kind: which lists are sets or maps
 * (and their keys), which maps and structs are atomic, which objects are string-keyed maps rather
 * than structs, and the Go zero value a field serializes as (so that a comparison sees the object
 * the way kube's typed converter does).
 *
 * Contract: `applySchemaFor(kind)` returns the root node; unknown kinds and unknown fields get
 * `{}`: objects merge field by field, lists are atomic (kube's default for untagged lists).
 * Key defaults are the `+default` markers SMD uses when an item omits a key field
 * (ServicePort.protocol, ContainerPort.protocol).
 * Upstream: staging/src/k8s.io/api/{core,apps,discovery,networking,coordination}/v1/types.go
 * (`+listType`, `+listMapKey`, `+mapType`, `+structType`), kube-openapi schemaconv/smd.go
 */

export type ListSpec =
  | { readonly type: 'set' }
  | { readonly type: 'map'; readonly keys: readonly string[]; readonly keyDefaults?: Readonly<Record<string, unknown>> };

export interface TypeNode {
  /** Known fields of a struct; others get `{}`. */
  readonly fields?: Readonly<Record<string, TypeNode>>;
  /** A map with arbitrary string keys (labels, data): its entries are owned as members. */
  readonly map?: boolean;
  /** Replaced, compared and owned as one leaf. */
  readonly atomic?: boolean;
  /** Granular lists only; a list without it is atomic. */
  readonly list?: ListSpec;
  /** Type of list items and map values. */
  readonly elem?: TypeNode;
  /** What Go's encoder writes for this field when it is unset but its struct is present. */
  readonly zero?: unknown;
}

const untyped: TypeNode = {};

export function fieldType(t: TypeNode, name: string): TypeNode {
  const f = t.fields && Object.prototype.hasOwnProperty.call(t.fields, name) ? t.fields[name] : undefined;
  return f ?? (t.map ? (t.elem ?? untyped) : untyped);
}

export function itemType(t: TypeNode): TypeNode {
  return t.elem ?? untyped;
}

/** True when a key of an object of type `t` is a map entry rather than a struct field. */
const zeroBelow = new WeakMap<TypeNode, boolean>();

/** Whether any field at or below `t` has a Go zero value to fill in (withZeroFields skips the rest). */
export function hasZeroFields(t: TypeNode): boolean {
  let v = zeroBelow.get(t);
  if (v === undefined) {
    v = Object.values(t.fields ?? {}).some((f) => f.zero !== undefined || hasZeroFields(f)) || (!!t.elem && hasZeroFields(t.elem));
    zeroBelow.set(t, v);
  }
  return v;
}

export function isMapEntry(t: TypeNode, name: string): boolean {
  return !!t.map && !(t.fields && Object.prototype.hasOwnProperty.call(t.fields, name));
}

const struct = (fields: Record<string, TypeNode>, extra: Omit<TypeNode, 'fields'> = {}): TypeNode => ({ fields, ...extra });
const stringMap: TypeNode = { map: true };
const atomicMap: TypeNode = { map: true, atomic: true };
const atomicStruct: TypeNode = { atomic: true };
const set: TypeNode = { list: { type: 'set' } };
const listMap = (keys: string[], elem: TypeNode = untyped, keyDefaults?: Record<string, unknown>): TypeNode => ({
  list: { type: 'map', keys, keyDefaults },
  elem,
});
const conditions = listMap(['type']);
const tcp = { protocol: 'TCP' };

const objectMeta = {
  labels: stringMap,
  annotations: stringMap,
  finalizers: set,
  // OwnerReference is +structType=atomic: each reference is owned whole.
  ownerReferences: listMap(['uid'], atomicStruct),
};
/** A struct Go always writes (a non-pointer field without omitempty effect): `{}` at least. */
const present = (fields: Record<string, TypeNode> = {}): TypeNode => struct(fields, { zero: {} });
// Go writes `creationTimestamp: null` too, which compares equal on both sides and is left out.
const metadata = present(objectMeta);

const container = struct({
  ports: listMap(['containerPort', 'protocol'], untyped, tcp),
  env: listMap(['name']),
  volumeMounts: listMap(['mountPath']),
  volumeDevices: listMap(['devicePath']),
  resources: present({ limits: stringMap, requests: stringMap, claims: listMap(['name']) }),
});

const podSpec = present({
  // No omitempty on PodSpec.Containers: an empty spec still carries `containers: null`.
  containers: { ...listMap(['name'], container), zero: null },
  initContainers: listMap(['name'], container),
  ephemeralContainers: listMap(['name'], container),
  volumes: listMap(['name']),
  imagePullSecrets: listMap(['name']),
  hostAliases: listMap(['ip']),
  topologySpreadConstraints: listMap(['topologyKey', 'whenUnsatisfiable']),
  resourceClaims: listMap(['name']),
  schedulingGates: listMap(['name']),
  nodeSelector: atomicMap,
  overhead: stringMap,
});

const podTemplate = present({ metadata, spec: podSpec });
const withStatus = (spec: TypeNode, status: TypeNode = present({ conditions })): TypeNode => struct({ metadata, spec, status });
// LabelSelector is +structType=atomic; a pointer, so Go writes `selector: null` when unset.
const workloadSpec = (extra: Record<string, TypeNode> = {}): TypeNode =>
  present({ selector: { ...atomicStruct, zero: null }, template: podTemplate, ...extra });

const schemas: Readonly<Record<string, TypeNode>> = {
  Service: withStatus(
    present({ ports: listMap(['port', 'protocol'], untyped, tcp), selector: atomicMap }),
    present({ conditions, loadBalancer: present() }),
  ),
  Pod: withStatus(podSpec, present({ conditions, podIPs: listMap(['ip']), hostIPs: listMap(['ip']), resourceClaimStatuses: listMap(['name']) })),
  PodTemplate: struct({ metadata, template: podTemplate }),
  Deployment: withStatus(workloadSpec({ strategy: present() })),
  ReplicaSet: withStatus(workloadSpec(), present({ conditions, replicas: { zero: 0 } })),
  Namespace: withStatus(present()),
  Node: withStatus(present({ podCIDRs: set }), present({ conditions, addresses: listMap(['type']), capacity: stringMap, allocatable: stringMap })),
  ConfigMap: struct({ metadata, data: stringMap, binaryData: stringMap }),
  Endpoints: struct({ metadata }),
  EndpointSlice: struct({ metadata, addressType: { zero: '' }, endpoints: { zero: null } }),
  Lease: struct({ metadata, spec: present() }),
  Event: struct({ metadata }),
  ServiceCIDR: withStatus(present()),
  IPAddress: struct({ metadata, spec: present({ parentRef: { zero: null } }) }),
};

const unknownKind: TypeNode = struct({ metadata });

export function applySchemaFor(kind: string): TypeNode {
  return schemas[kind] ?? unknownKind;
}

/** Kinds whose `status` is written only through the status subresource. */
export function hasStatusSubresource(kind: string): boolean {
  return !!schemas[kind]?.fields?.status;
}
