/**
 * Strategic-merge-patch metadata derived from the OpenAPI schema, as kube's SMP reads it from
 * `PatchMetaFromOpenAPI`: a field's `x-kubernetes-patch-strategy` (`merge`, `replace`,
 * `retainKeys`, comma-separated) and `x-kubernetes-patch-merge-key`, with the schema of the
 * struct (or of each list item) below it.
 *
 * Contract: `patchMetaFromSchema(defs, name)` returns the patch schema of the named definition;
 * the result is built once per (definitions, name) and shared (treat it as frozen). Untagged
 * fields carry no strategy: objects merge key by key, lists are replaced whole. Definitions that
 * refer to themselves get the same (shared) node, so the build terminates.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/meta.go (PatchMetaFromOpenAPI),
 * staging/src/k8s.io/kube-openapi/pkg/util/proto
 */
import { refName, type Definitions, type Schema as OpenAPISchema } from '../openapi/schema.js';

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

const built = new WeakMap<Readonly<Definitions>, Map<string, Schema>>();

function resolveNode(s: OpenAPISchema, defs: Readonly<Definitions>): { node: OpenAPISchema; name?: string } {
  const name = refName(s);
  return name && defs[name] ? { node: defs[name]!, name } : { node: s };
}

/** The patch schema of the struct a property (or list item) holds, if it is one. */
function structOf(s: OpenAPISchema, defs: Readonly<Definitions>, cache: Map<string, Schema>): Schema | undefined {
  const { node, name } = resolveNode(s, defs);
  if (!node.properties) return undefined;
  return name ? named(name, defs, cache) : fieldsOf(node, defs, cache, {});
}

function fieldMetaOf(prop: OpenAPISchema, defs: Readonly<Definitions>, cache: Map<string, Schema>): FieldMeta {
  const strategies = (prop['x-kubernetes-patch-strategy'] ?? '').split(',').filter(Boolean);
  const { node } = resolveNode(prop, defs);
  const inner = node.type === 'array' && node.items ? node.items : prop;
  const meta: { -readonly [K in keyof FieldMeta]: FieldMeta[K] } = {};
  if (strategies.includes('merge')) meta.strategy = 'merge';
  else if (strategies.includes('replace')) meta.strategy = 'replace';
  if (strategies.includes('retainKeys')) meta.retainKeys = true;
  if (prop['x-kubernetes-patch-merge-key']) meta.mergeKey = prop['x-kubernetes-patch-merge-key'];
  const fields = structOf(inner, defs, cache);
  if (fields) meta.fields = fields;
  return meta;
}

function fieldsOf(node: OpenAPISchema, defs: Readonly<Definitions>, cache: Map<string, Schema>, out: Record<string, FieldMeta>): Schema {
  for (const [k, prop] of Object.entries(node.properties ?? {})) out[k] = fieldMetaOf(prop, defs, cache);
  return out;
}

function named(name: string, defs: Readonly<Definitions>, cache: Map<string, Schema>): Schema {
  let s = cache.get(name);
  if (!s) {
    const out: Record<string, FieldMeta> = {};
    cache.set(name, out); // before the fields: a self-reference finds this node
    s = fieldsOf(defs[name]!, defs, cache, out);
  }
  return s;
}

/** The patch schema of definition `name` in `defs` (empty for an unknown name). */
export function patchMetaFromSchema(defs: Readonly<Definitions>, name: string): Schema {
  let cache = built.get(defs);
  if (!cache) built.set(defs, (cache = new Map()));
  return defs[name] ? named(name, defs, cache) : {};
}
