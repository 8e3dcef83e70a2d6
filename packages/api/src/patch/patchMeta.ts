/**
 * Strategic-merge-patch metadata: which lists merge (and by which key), which fields carry
 * retainKeys, and the schema of nested structs — what kube's SMP reads from the struct tags
 * `patchStrategy` / `patchMergeKey`, here derived from the OpenAPI schema's
 * `x-kubernetes-patch-*` extensions (patchMetaFromSchema.ts), the one source of these facts.
 *
 * Contract: a field absent from a schema, or without a strategy, has no tag: objects merge key
 * by key and lists are replaced whole (atomic), exactly like JSON merge patch.
 * `patchMetaFor(kind)` answers for the built-in kinds, an empty schema for others.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/meta.go
 */
import { builtinDefinitions, resources } from '../kinds/index.js';
import { schemaNameOf } from '../openapi/definitions.js';
import { patchMetaFromSchema } from './patchMetaFromSchema.js';

// The metadata types are the derivation's output (patchMetaFromSchema.ts); re-exported for the patchers.
import type { FieldMeta, Schema } from './patchMetaFromSchema.js';
export type { FieldMeta, Schema } from './patchMetaFromSchema.js';

/** The patch schema of a built-in kind (by kind alone; a server passes its scheme's); unknown kinds behave like JSON merge patch. */
export function patchMetaFor(kind: string): Schema {
  const r = resources.find((x) => x.kind === kind);
  return r ? patchMetaFromSchema(builtinDefinitions(), schemaNameOf(r)) : {};
}

/** The metadata of `field` within `schema` (empty when untagged). */
export function fieldMeta(schema: Schema | undefined, field: string): FieldMeta {
  return (schema && Object.prototype.hasOwnProperty.call(schema, field) ? schema[field] : undefined) ?? {};
}
