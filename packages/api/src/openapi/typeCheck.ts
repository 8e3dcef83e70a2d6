/**
 * JSON type checking against the published schemas: what Go's encoding/json refuses when it
 * decodes a body into the kind's struct (a number where a string belongs, an object where a list
 * belongs), so a wrongly typed object is never stored.
 *
 * Contract: returns the FIRST mismatch in document order, worded as Go's UnmarshalTypeError —
 * `json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`:
 * the innermost struct's type name, the JSON path from the root without list indices, and Go's
 * name of the expected type (a number an integer field cannot hold is quoted: `number 1.5`, `number
 * 4294967296` for an int32, `number 9223372036854775808` for an int64: beyond 2^53 the value is an
 * exact bigint from the reader). `null` fits anything (Go leaves the zero value). Int-or-string
 * fields take either; open objects take anything. `format: byte` strings must be base64 (Go's
 * `illegal base64 data at input byte N`). Pure; never mutates its input.
 * Upstream: encoding/json (UnmarshalTypeError.Error), staging/src/k8s.io/api (each group's types.go)
 */
import { goBase64Error } from '../goBase64.js';
import { builtinDefinitions } from '../kinds/index.js';
import { resolve, schemaNameOf } from './definitions.js';
import { refName, type Definitions, type Schema } from './schema.js';
import type { KindRef } from './unknownFields.js';
import { numberLiteral } from '../patch/goJsonText.js';

/** Go's word for a JSON value's kind, as UnmarshalTypeError prints it. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : 'string';
}

/** `io.k8s.api.core.v1.ServicePort` → `v1.ServicePort` (Go's package-qualified name). */
function goStructName(name: string): string {
  const parts = name.split('.');
  return `${parts.at(-2)}.${parts.at(-1)}`;
}

function goType(s: Schema, defs: Readonly<Definitions>): string {
  const name = refName(s);
  const r = resolve(s, defs);
  if (r['x-kubernetes-int-or-string'] || r.format === 'int-or-string') return 'intstr.IntOrString';
  if (name?.endsWith('.Quantity')) return 'resource.Quantity';
  if (name && r.type === 'object' && r.properties) return goStructName(name);
  switch (r.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'integer':
      return r.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'array':
      return `[]${r.items ? goType(r.items, defs) : 'interface {}'}`;
    case 'object':
      return typeof r.additionalProperties === 'object' ? `map[string]${goType(r.additionalProperties, defs)}` : 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

const int32Range = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;

/** An int64 as Go reads one: an integer (exact as a bigint beyond 2^53) in [-2^63, 2^63). */
function int64Range(v: unknown): boolean {
  if (typeof v === 'bigint') return v >= -(2n ** 63n) && v < 2n ** 63n;
  return typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63;
}

function fits(s: Schema, v: unknown): boolean {
  if (s['x-kubernetes-int-or-string'] || s.format === 'int-or-string') return typeof v === 'string' || int32Range(v);
  if (!s.type && s.oneOf) return s.oneOf.some((o) => fits(o, v));
  switch (s.type) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return s.format === 'int32' ? int32Range(v) : int64Range(v);
    case 'number':
      return typeof v === 'number' || typeof v === 'bigint';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && !Array.isArray(v);
    default:
      return true;
  }
}

/** What the walk needs of a schema node, worked out once per node (schemas are static). */
interface Node {
  /** The node with its $ref followed. */
  s: Schema;
  /** Go's struct name when the node is a named struct (`ServicePort`), else undefined. */
  struct: string | undefined;
}

const nodes = new WeakMap<Schema, Node>();

function nodeOf(schema: Schema, defs: Readonly<Definitions>): Node {
  let n = nodes.get(schema);
  if (!n) {
    const s = resolve(schema, defs);
    const name = refName(schema);
    n = { s, struct: name && s.properties ? name.split('.').at(-1)! : undefined };
    nodes.set(schema, n);
  }
  return n;
}

/**
 * `path` is the stack of field names from the root (a map value keeps its map's path); it is
 * joined only when there is an error to word.
 */
function check(value: unknown, schema: Schema, struct: string, path: string[], defs: Readonly<Definitions>): string | undefined {
  if (value === null || value === undefined) return undefined;
  const { s, struct: named } = nodeOf(schema, defs);
  if (s['x-kubernetes-preserve-unknown-fields']) return undefined;
  if (!fits(s, value)) {
    // Go quotes the literal of a number an integer field cannot hold (1.5, or 2^31 for an int32).
    const numeric = typeof value === 'number' || typeof value === 'bigint';
    const what = numeric && (s.type === 'integer' || s['x-kubernetes-int-or-string'] || s.format === 'int-or-string') ? `number ${numberLiteral(value)}` : jsonKind(value);
    return `json: cannot unmarshal ${what} into Go struct field ${struct}.${path.join('.')} of type ${goType(schema, defs)}`;
  }
  // A []byte field (`format: byte`) holds base64, decoded as Go's StdEncoding decodes it.
  if (s.format === 'byte' && typeof value === 'string') return goBase64Error(value);
  const here = named ?? struct;
  if (Array.isArray(value)) {
    if (!s.items) return undefined;
    for (const v of value) {
      const e = check(v, s.items, here, path, defs);
      if (e) return e;
    }
    return undefined;
  }
  if (typeof value !== 'object') return undefined;
  const map = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    const prop = s.properties?.[k];
    if (prop) {
      path.push(k);
      const e = check(v, prop, here, path, defs);
      path.pop();
      if (e) return e;
    } else if (map) {
      // A map value's path is the map's own (Go names the field, not the key).
      const e = check(v, map, here, path, defs);
      if (e) return e;
    } // unknown fields are the strict check's business
  }
  return undefined;
}

/** The first Go decoding type error of `obj` as the served kind, or undefined if it decodes. */
export function firstTypeError(kind: KindRef, obj: unknown, defs: Readonly<Definitions> = builtinDefinitions()): string | undefined {
  const name = schemaNameOf(kind);
  const schema = defs[name];
  if (!schema || typeof obj !== 'object' || obj === null) return undefined;
  const struct = name.split('.').at(-1)!;
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const child = schema.properties?.[k];
    if (!child) continue;
    const e = check(v, child, struct, [k], defs);
    if (e) return e;
  }
  return undefined;
}
