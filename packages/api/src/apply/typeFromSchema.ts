/**
 * Server-side apply's type information derived from the OpenAPI schema, as kube-openapi's
 * schemaconv turns a schema into structured-merge-diff types: `x-kubernetes-list-type`
 * (`atomic`, `set`, `map` with `x-kubernetes-list-map-keys`), `x-kubernetes-map-type: atomic`
 * (atomic maps and structs), `additionalProperties` (string-keyed maps), and the Go zero value a
 * field serializes as when its struct is present.
 *
 * Contract: `typeFromSchema(defs, name)` returns the root TypeNode of the named definition,
 * built once per (definitions, name) and shared (treat it as frozen). An untagged list is
 * atomic (SMD's default); an object without properties (or preserving unknown fields) merges
 * field by field. A list-map key's non-zero `default` is the key value an item without it gets.
 * Go zero values: a field kube publishes with `default` that Go always writes (a struct, which
 * `omitempty` never drops, or a required field) reads as that default; a required field without
 * one (a pointer or a slice) reads as null; list-map key fields (always present) have none.
 * Upstream: staging/src/k8s.io/kube-openapi/pkg/schemaconv/smd.go, openapi-gen (defaults, required)
 */
import { refName, type Definitions, type Schema } from '../openapi/schema.js';

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

type MutableNode = { -readonly [K in keyof TypeNode]: TypeNode[K] };

const built = new WeakMap<Readonly<Definitions>, Map<string, TypeNode>>();

class Builder {
  constructor(
    private readonly defs: Readonly<Definitions>,
    private readonly cache: Map<string, TypeNode>,
  ) {}

  named(name: string): TypeNode {
    let t = this.cache.get(name);
    if (!t) {
      const out: MutableNode = {};
      this.cache.set(name, out); // before the fields: a self-reference finds this node
      Object.assign(out, this.node(this.defs[name]!));
      t = out;
    }
    return t;
  }

  /** The type of a schema that may be a reference. */
  of(s: Schema): TypeNode {
    const name = refName(s);
    return name && this.defs[name] ? this.named(name) : this.node(s);
  }

  private node(s: Schema): MutableNode {
    if (s['x-kubernetes-preserve-unknown-fields'] || s['x-kubernetes-int-or-string']) return {};
    if (s.type === 'array') return this.list(s);
    const atomic = s['x-kubernetes-map-type'] === 'atomic';
    if (s.properties) {
      const fields: Record<string, TypeNode> = {};
      const required = new Set(s.required ?? []);
      for (const [k, prop] of Object.entries(s.properties)) fields[k] = this.field(prop, required.has(k));
      return atomic ? { fields, atomic } : { fields };
    }
    if (typeof s.additionalProperties === 'object') {
      const elem = this.of(s.additionalProperties);
      return { map: true, ...(atomic ? { atomic } : {}), ...(isEmpty(elem) ? {} : { elem }) };
    }
    return atomic ? { atomic } : {};
  }

  private list(s: Schema): MutableNode {
    const elem = s.items ? this.of(s.items) : {};
    const type = s['x-kubernetes-list-type'];
    if (type === 'set') return { list: { type: 'set' }, ...(isEmpty(elem) ? {} : { elem }) };
    if (type !== 'map') return {};
    const keys = s['x-kubernetes-list-map-keys'] ?? [];
    const item = s.items ? this.resolve(s.items) : {};
    const keyDefaults: Record<string, unknown> = {};
    for (const k of keys) {
      // openapi-gen writes the zero value of every required field as its `default`; only a real
      // `+default` (ServicePort.protocol TCP) names an item that omits the key.
      const d = item.properties?.[k]?.default;
      if (d !== undefined && d !== '' && d !== 0 && d !== false) keyDefaults[k] = d;
    }
    const list: ListSpec = { type: 'map', keys, ...(Object.keys(keyDefaults).length ? { keyDefaults } : {}) };
    return { list, elem: withoutKeyZeros(elem, keys) };
  }

  private field(prop: Schema, required: boolean): TypeNode {
    const t = this.of(prop);
    const zero = goZero(prop, this.resolve(prop), required);
    return zero === undefined ? t : { ...t, zero };
  }

  private resolve(s: Schema): Schema {
    const name = refName(s);
    return (name && this.defs[name]) || s;
  }
}

/**
 * An item's key fields are always present (an item without one is refused, or keyed by its
 * default), so their Go zero values never fill anything in: dropping them spares every
 * comparison a walk over the list's items.
 */
function withoutKeyZeros(elem: TypeNode, keys: readonly string[]): TypeNode {
  if (!elem.fields || !keys.some((k) => elem.fields![k]?.zero !== undefined)) return elem;
  const fields = { ...elem.fields };
  for (const k of keys) {
    const f = fields[k];
    if (f?.zero === undefined) continue;
    const { zero: _zero, ...rest } = f;
    fields[k] = rest;
  }
  return { ...elem, fields };
}

function isEmpty(t: TypeNode): boolean {
  return Object.keys(t).length === 0;
}

/** What Go's encoder writes for an unset field of a present struct (undefined: nothing). */
function goZero(prop: Schema, resolved: Schema, required: boolean): unknown {
  const isStruct = !!resolved.properties && resolved.type === 'object';
  if (prop.default !== undefined && (required || (isStruct && isPlainEmpty(prop.default)))) return prop.default;
  if (required && prop.default === undefined) return null;
  return undefined;
}

function isPlainEmpty(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

/** The SMD type of definition `name` in `defs` (an untyped object for an unknown name). */
export function typeFromSchema(defs: Readonly<Definitions>, name: string): TypeNode {
  let cache = built.get(defs);
  if (!cache) built.set(defs, (cache = new Map()));
  return defs[name] ? new Builder(defs, cache).named(name) : {};
}
