/**
 * What server-side apply needs to know about a kind: which lists are sets or maps (and their
 * keys), which maps and structs are atomic, which objects are string-keyed maps rather than
 * structs, and the Go zero value a field serializes as (so that a comparison sees the object
 * the way kube's typed converter does). The nodes are derived from the kind's OpenAPI schema
 * (typeFromSchema.ts), the one source of these facts; this module holds their shape and the
 * walks over them.
 *
 * Contract: unknown fields get `{}`: objects merge field by field, lists are atomic (kube's
 * default for untagged lists). `applySchemaFor(kind)` answers for the built-in kinds (an unknown
 * kind is an object with metadata only).
 * Upstream: kube-openapi pkg/schemaconv/smd.go, sigs.k8s.io/structured-merge-diff typed
 */
import { builtinDefinitions, resources } from '../kinds/index.js';
import { schemaNameOf } from '../openapi/definitions.js';
import { typeFromSchema } from './typeFromSchema.js';

// The node types are the derivation's output (typeFromSchema.ts); re-exported for the walkers.
import type { TypeNode } from './typeFromSchema.js';
export type { ListSpec, TypeNode } from './typeFromSchema.js';

const untyped: TypeNode = {};
let unknownKind: TypeNode | undefined;

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
    zeroBelow.set(t, false); // a type that contains itself stops here
    v = Object.values(t.fields ?? {}).some((f) => f.zero !== undefined || hasZeroFields(f)) || (!!t.elem && hasZeroFields(t.elem));
    zeroBelow.set(t, v);
  }
  return v;
}

export function isMapEntry(t: TypeNode, name: string): boolean {
  return !!t.map && !(t.fields && Object.prototype.hasOwnProperty.call(t.fields, name));
}

/** The built-in kind's type, derived from its OpenAPI schema (by kind alone; a server passes its scheme's). */
export function applySchemaFor(kind: string): TypeNode {
  const r = resources.find((x) => x.kind === kind);
  const defs = builtinDefinitions();
  if (r) return typeFromSchema(defs, schemaNameOf(r));
  // An unknown kind: an object whose metadata is an ObjectMeta (Go always writes it).
  return (unknownKind ??= { fields: { metadata: { ...typeFromSchema(defs, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'), zero: {} } } });
}

/** Built-in kinds whose `status` is written only through the status subresource. */
export function hasStatusSubresource(kind: string): boolean {
  return !!resources.find((x) => x.kind === kind)?.subresources.includes('status');
}
