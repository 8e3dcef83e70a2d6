/**
 * The schema vocabulary: the OpenAPI v3 schema object kube publishes, with its `x-kubernetes-*`
 * extensions, and small builders so that the per-kind definitions read as data.
 *
 * Contract: builders return fresh plain objects shaped exactly like kube-openapi's output —
 * a reference with a description is `{allOf: [{$ref}], description}`; array items that are
 * references are `{allOf: [{$ref}], default: {}}`; maps are `additionalProperties`.
 * Upstream: kube-openapi pkg/validation/spec, api/openapi-spec/README.md (the extensions)
 */

export interface Schema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  default?: unknown;
  enum?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-unions'?: unknown[];
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** Component schemas keyed by their kube name (`io.k8s.api.core.v1.Service`). */
export type Definitions = Record<string, Schema>;

export const core = (n: string) => `io.k8s.api.core.v1.${n}`;
export const meta = (n: string) => `io.k8s.apimachinery.pkg.apis.meta.v1.${n}`;
export const intOrString = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

const refPrefix = '#/components/schemas/';

/** The component name a `$ref` (or a `{allOf:[{$ref}]}` wrapper) points at, if any. */
export function refName(s: Schema): string | undefined {
  const r = s.$ref ?? s.allOf?.[0]?.$ref;
  return r?.startsWith(refPrefix) ? r.slice(refPrefix.length) : undefined;
}

export function str(description: string, o: { default?: string; enum?: string[] } = {}): Schema {
  return { ...(o.default !== undefined ? { default: o.default } : {}), description, type: 'string', ...(o.enum ? { enum: o.enum } : {}) };
}

export function int32(description: string, o: { default?: number } = {}): Schema {
  return { ...(o.default !== undefined ? { default: o.default } : {}), description, format: 'int32', type: 'integer' };
}

export function int64(description: string, o: { default?: number } = {}): Schema {
  return { ...(o.default !== undefined ? { default: o.default } : {}), description, format: 'int64', type: 'integer' };
}

export function bool(description: string, o: { default?: boolean } = {}): Schema {
  return { ...(o.default !== undefined ? { default: o.default } : {}), description, type: 'boolean' };
}

export function bytes(description: string): Schema {
  return { description, format: 'byte', type: 'string' };
}

/** A field holding another definition. `required` fields get kube's `default: {}`. */
export function ref(name: string, description: string, o: { default?: unknown } = {}): Schema {
  return { allOf: [{ $ref: refPrefix + name }], ...(o.default !== undefined ? { default: o.default } : {}), description };
}

/** A bare `$ref`, as kube writes request and response bodies. */
export function bareRef(name: string): Schema {
  return { $ref: refPrefix + name };
}

export const time = (description: string) => ref(meta('Time'), description);

/** map[string]string. Selectors and other replace-whole maps are `atomic`. */
export function strMap(description: string, o: { atomic?: boolean } = {}): Schema {
  return { additionalProperties: { default: '', type: 'string' }, description, type: 'object', ...(o.atomic ? { 'x-kubernetes-map-type': 'atomic' as const } : {}) };
}

export interface ListOptions {
  listType?: 'atomic' | 'set' | 'map';
  mapKeys?: string[];
  /** Strategic merge patch merge key; implies `patchStrategy: merge` unless given. */
  mergeKey?: string;
  patchStrategy?: string;
}

function listExt(o: ListOptions): Partial<Schema> {
  const x: Partial<Schema> = {};
  if (o.mapKeys) x['x-kubernetes-list-map-keys'] = o.mapKeys;
  if (o.listType) x['x-kubernetes-list-type'] = o.listType;
  if (o.mergeKey) x['x-kubernetes-patch-merge-key'] = o.mergeKey;
  const strategy = o.patchStrategy ?? (o.mergeKey ? 'merge' : undefined);
  if (strategy) x['x-kubernetes-patch-strategy'] = strategy;
  return x;
}

/** map[string]Quantity: resource limits, requests, capacity. */
export function quantityMap(description: string): Schema {
  return { additionalProperties: { $ref: refPrefix + quantity }, description, type: 'object' };
}

/** []string, atomic unless told. */
export function strList(description: string, o: ListOptions = { listType: 'atomic' }): Schema {
  return { description, items: { default: '', type: 'string' }, type: 'array', ...listExt(o) };
}

/** A list of another definition. */
export function list(name: string, description: string, o: ListOptions = {}): Schema {
  return { description, items: { allOf: [{ $ref: refPrefix + name }], default: {} }, type: 'array', ...listExt(o) };
}

/** An object miniplane does not describe field by field: any content is accepted and kept. */
export function open(description: string): Schema {
  return { description, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
}

/** A definition: an object with properties. */
export function obj(description: string, properties: Record<string, Schema>, o: { required?: string[]; mapType?: 'atomic'; gvk?: GroupVersionKind } = {}): Schema {
  const s: Schema = { description, properties, ...(o.required ? { required: o.required } : {}), type: 'object' };
  if (o.mapType) s['x-kubernetes-map-type'] = o.mapType;
  if (o.gvk) s['x-kubernetes-group-version-kind'] = [o.gvk];
  return s;
}

const apiVersionDoc =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const kindDoc =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const metadataDoc = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** The TypeMeta + ObjectMeta fields every top-level kind starts with. */
export function typeMeta(): Record<string, Schema> {
  return { apiVersion: str(apiVersionDoc), kind: str(kindDoc) };
}

/**
 * A top-level kind: apiVersion, kind, metadata, then its own fields, in kube's alphabetical order.
 * The GVK extension is what kubectl matches to find the schema.
 */
export function kind(gvk: GroupVersionKind, description: string, fields: Record<string, Schema>, o: { required?: string[] } = {}): Schema {
  const properties = sortKeys({ ...typeMeta(), metadata: ref(meta('ObjectMeta'), metadataDoc, { default: {} }), ...fields });
  return obj(description, properties, { ...o, gvk });
}

/** `<Kind>List`: what a list or watch returns. */
export function listKind(gvk: GroupVersionKind, itemName: string, description: string): Schema {
  return obj(
    description,
    {
      ...typeMeta(),
      items: { description: `List of ${gvk.kind.replace(/List$/, '')} objects.`, items: { allOf: [{ $ref: refPrefix + itemName }], default: {} }, type: 'array' },
      metadata: ref(meta('ListMeta'), 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds', { default: {} }),
    },
    { required: ['items'], gvk },
  );
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
