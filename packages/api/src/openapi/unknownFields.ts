/**
 * Unknown-field detection for `fieldValidation=Strict`, from the published schemas: the fields
 * kube's strict JSON decoder would report because the Go type has no such field.
 *
 * Contract: returns the unknown field paths in document order, written as kube writes them
 * (`spec.bogus`, `spec.ports[0].nodeport`, `metadata.labelz`); maps (`additionalProperties`)
 * accept any key; open objects (`x-kubernetes-preserve-unknown-fields`) and schemas without
 * properties accept anything below them; values of the wrong JSON type are not this check's
 * business (validation reports them). Never mutates its input.
 * Upstream: sigs.k8s.io/json (UnmarshalStrict), staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go
 * (transformDecodeError), apimachinery/pkg/runtime/error.go (strictDecodingError)
 */
import { builtinDefinitions } from '../kinds/index.js';
import { resolve, schemaNameOf } from './definitions.js';
import type { Definitions, Schema } from './schema.js';

export interface KindRef {
  group: string;
  version: string;
  kind: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field path as segments: field names and list indexes (`['spec', 'ports', 0, 'nodeport']`). */
export type FieldSegments = ReadonlyArray<string | number>;

/** Collects unknown field paths; with `drop`, also deletes them from `value` in place. */
function walk(value: unknown, schema: Schema, path: Array<string | number>, out: FieldSegments[], drop: boolean, defs: Readonly<Definitions>): void {
  const s = resolve(schema, defs);
  if (s['x-kubernetes-preserve-unknown-fields']) return;
  if (Array.isArray(value)) {
    if (!s.items) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], s.items, path, out, drop, defs);
      path.pop();
    }
    return;
  }
  if (!isObject(value) || !s.properties) return;
  for (const [key, v] of Object.entries(value)) {
    const prop = s.properties[key];
    path.push(key);
    if (prop) walk(v, prop, path, out, drop, defs);
    else {
      out.push([...path]);
      if (drop) delete value[key];
    }
    path.pop();
  }
}

/** `spec.ports[0].nodeport`, as kube's strict decoder names a field. */
export function decoderPath(segments: FieldSegments): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Unknown fields of `obj` as segment paths, in document order; [] for kinds without a schema. */
export function unknownFieldSegments(kind: KindRef, obj: unknown, defs: Readonly<Definitions> = builtinDefinitions()): FieldSegments[] {
  const schema = defs[schemaNameOf(kind)];
  if (!schema) return [];
  const out: FieldSegments[] = [];
  walk(obj, schema, [], out, false, defs);
  return out;
}

/** Unknown field paths of `obj` as an object of the served kind `kind`; [] for kinds without a schema. */
export function validateUnknownFields(kind: KindRef, obj: unknown, defs: Readonly<Definitions> = builtinDefinitions()): string[] {
  return unknownFieldSegments(kind, obj, defs).map(decoderPath);
}

/**
 * What kube's decoder does by default (fieldValidation Warn or Ignore): drops the unknown fields.
 * Mutates `obj` (callers pass a freshly decoded body) and returns the dropped paths.
 */
export function dropUnknownFields(kind: KindRef, obj: unknown, defs: Readonly<Definitions> = builtinDefinitions()): string[] {
  const schema = defs[schemaNameOf(kind)];
  if (!schema) return [];
  const out: FieldSegments[] = [];
  walk(obj, schema, [], out, true, defs);
  return out.map(decoderPath);
}

/**
 * kube's BadRequest message for a strict decoding failure on create/update:
 * `Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.bogus"`.
 */
export function strictDecodingMessage(kind: KindRef, unknown: string[]): string {
  return `${kind.kind} in version ${JSON.stringify(kind.version)} cannot be handled as a ${kind.kind}: ${strictDecodingError(unknown)}`;
}

/** runtime.NewStrictDecodingError's text: `strict decoding error: unknown field "a", unknown field "b"`. */
export function strictDecodingError(unknown: string[]): string {
  return `strict decoding error: ${unknown.map(unknownFieldText).join(', ')}`;
}

/** One unknown field as kube words it, alone in a Warning header or joined in an error. */
export function unknownFieldText(path: string): string {
  return `unknown field ${JSON.stringify(path)}`;
}
