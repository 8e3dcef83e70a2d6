/**
 * The OpenAPI v2 (Swagger 2.0) document kube-apiserver serves at /openapi/v2, built from the same
 * definitions as the v3 documents.
 *
 * Why it exists: kubectl reads v3 for everything except one case — a `kind: List` document.
 * cli-runtime's v3 query-param verifier answers "unsupported" for `v1/List`, so kubectl falls back
 * to client-side validation, which reads the v2 document (as protobuf) and validates each item
 * against the definition carrying its group-version-kind. Without /openapi/v2, `kubectl create -f`
 * of a List failed with "the server could not find the requested resource".
 *
 * Contract: `definitions` holds every definition reachable from the served kinds, converted the
 * way kube-openapi writes v2: `#/components/schemas/X` becomes `#/definitions/X`, a
 * `{allOf: [{$ref}], description}` wrapper becomes `{$ref, description}` (v2 has no siblings
 * rule) and loses the v3-only `default: {}`, and `oneOf` (IntOrString, Quantity) becomes
 * `type: string` as in kube's swagger.json. `paths` is empty: kubectl never reads v2 paths while
 * v3 answers (a deviation from kube, which lists every operation). The JSON is built once per
 * scheme generation; its ETag is kube's (upper-case hex SHA-512 of the JSON).
 * Upstream: kube-openapi pkg/handler/handler.go; api/openapi-spec/swagger.json;
 * staging/src/k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go (the List case)
 */
import { createHash } from 'node:crypto';
import { newBuiltinScheme } from '../kinds/index.js';
import type { Scheme } from '../scheme/scheme.js';
import { closure, schemaNameOf } from './definitions.js';
import { meta, type Definitions, type Schema } from './schema.js';

export interface OpenAPIV2Document {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, never>;
  definitions: Definitions;
}

const v3Prefix = '#/components/schemas/';
const v2Prefix = '#/definitions/';

/** One v3 schema as kube-openapi writes it in v2. Iterative: depth comes from our own definitions, but no recursion either way. */
export function schemaToV2(root: Schema): Schema {
  const out: Schema = {};
  const work: Array<[Schema, Schema]> = [[root, out]];
  while (work.length) {
    const [src, dst] = work.pop()!;
    const wrapped = src.allOf?.length === 1 && src.allOf[0]!.$ref ? src.allOf[0]!.$ref : undefined;
    for (const [k, v] of Object.entries(src)) {
      if (k === 'allOf' && wrapped) continue;
      if (k === 'default' && wrapped) continue;
      if (k === 'oneOf') continue;
      if (k === '$ref') (dst as Record<string, unknown>)[k] = rewriteRef(v as string);
      else if (k === 'properties') {
        const props: Record<string, Schema> = {};
        for (const [name, child] of Object.entries(v as Record<string, Schema>)) work.push([child, (props[name] = {})]);
        dst.properties = props;
      } else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) {
        const child: Schema = {};
        work.push([v as Schema, child]);
        (dst as Record<string, unknown>)[k] = child;
      } else if (k === 'allOf') dst.allOf = (v as Schema[]).map((s) => { const c: Schema = {}; work.push([s, c]); return c; });
      else (dst as Record<string, unknown>)[k] = v;
    }
    if (wrapped) dst.$ref = rewriteRef(wrapped);
    if (src.oneOf && !src.type && src.oneOf.some((o) => o.type === 'string')) dst.type = 'string';
  }
  return out;
}

function rewriteRef(ref: string): string {
  return ref.startsWith(v3Prefix) ? v2Prefix + ref.slice(v3Prefix.length) : ref;
}

function build(scheme: Scheme): OpenAPIV2Document {
  const roots = [meta('Status'), meta('DeleteOptions'), meta('Patch')];
  for (const r of scheme.resources()) roots.push(schemaNameOf(r), `${schemaNameOf(r)}List`);
  const v3 = closure(roots, scheme.definitions());
  const definitions: Definitions = {};
  for (const [name, s] of Object.entries(v3)) definitions[name] = schemaToV2(s);
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths: {}, definitions };
}

interface Served {
  doc: OpenAPIV2Document;
  json: string;
  etag: string;
}

const cache = new WeakMap<Scheme, { generation: number; served: Served }>();
let builtin: Scheme | undefined;

/** The v2 document of a scheme with its JSON text and kube's ETag, built once per scheme generation. */
export function openapiV2Served(scheme: Scheme = (builtin ??= newBuiltinScheme())): Served {
  const c = cache.get(scheme);
  if (c && c.generation === scheme.generation) return c.served;
  const doc = build(scheme);
  const json = JSON.stringify(doc);
  const served = { doc, json, etag: createHash('sha512').update(json).digest('hex').toUpperCase() };
  cache.set(scheme, { generation: scheme.generation, served });
  return served;
}
