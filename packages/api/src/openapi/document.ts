/**
 * The OpenAPI v3 documents kube-apiserver serves under /openapi/v3: one per group-version, and
 * the index that names each with a content hash.
 *
 * Contract: documents are generated from a scheme's resource rows and definitions only, so they
 * are identical for identical kinds; they are built on first use and rebuilt after the scheme
 * changes (a kind registered at run time); `openapiV3Document` returns undefined for a
 * group-version the scheme does not serve; the index hash is kube's (hex SHA-512 of the JSON,
 * upper case), so a changed document gets a new URL and kubectl's disk cache never serves a
 * stale one.
 * Upstream: kube-openapi pkg/handler3/handler.go; api/openapi-spec/v3/*.json
 */
import { createHash } from 'node:crypto';
import { newBuiltinScheme } from '../kinds/index.js';
import type { Scheme } from '../scheme/scheme.js';
import { closure, scaleSchemaName, schemaNameOf } from './definitions.js';
import { resourcePaths, type PathItem } from './operations.js';
import { meta, type Definitions } from './schema.js';

export interface OpenAPIV3Document {
  openapi: '3.0.0';
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: { schemas: Definitions };
}

export interface OpenAPIV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** `api/v1`, `apis/apps/v1`: the key of a group-version in the index and its URL suffix. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

interface Served {
  doc: OpenAPIV3Document;
  json: string;
  hash: string;
}

/** Per scheme: the generation the cached documents were built for, and the documents. */
const cache = new WeakMap<Scheme, { generation: number; documents: Map<string, Served> }>();
let builtin: Scheme | undefined;

function build(scheme: Scheme, group: string, version: string): OpenAPIV3Document | undefined {
  const served = scheme.resources().filter((r) => r.group === group && r.version === version);
  if (!served.length) return undefined;
  const roots = [meta('Status'), meta('DeleteOptions'), meta('Patch')];
  const paths: Record<string, PathItem> = {};
  for (const r of served) {
    roots.push(schemaNameOf(r), `${schemaNameOf(r)}List`);
    if (r.subresources.includes('scale')) roots.push(scaleSchemaName);
    Object.assign(paths, resourcePaths(r));
  }
  const sortedPaths = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'unversioned' }, paths: sortedPaths, components: { schemas: closure(roots, scheme.definitions()) } };
}

function entry(scheme: Scheme, group: string, version: string): Served | undefined {
  let c = cache.get(scheme);
  if (!c || c.generation !== scheme.generation) {
    c = { generation: scheme.generation, documents: new Map() };
    cache.set(scheme, c);
  }
  const documents = c.documents;
  const key = groupVersionPath(group, version);
  let e = documents.get(key);
  if (!e) {
    const doc = build(scheme, group, version);
    if (!doc) return undefined;
    const json = JSON.stringify(doc);
    e = { doc, json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() };
    documents.set(key, e);
  }
  return e;
}

/** The built-in kinds' scheme, for callers that pass none. */
function builtinScheme(): Scheme {
  return (builtin ??= newBuiltinScheme());
}

/** The document for one served group-version (`''`/`v1` is the core group). */
export function openapiV3Document(group: string, version: string, scheme: Scheme = builtinScheme()): OpenAPIV3Document | undefined {
  return entry(scheme, group, version)?.doc;
}

/** The document serialized once, with its hash, for serving. */
export function openapiV3Served(group: string, version: string, scheme: Scheme = builtinScheme()): { json: string; hash: string } | undefined {
  const e = entry(scheme, group, version);
  return e && { json: e.json, hash: e.hash };
}

/** `GET /openapi/v3`: every served group-version with the URL of its current document. */
export function openapiV3Index(scheme: Scheme = builtinScheme()): OpenAPIV3Index {
  const paths: OpenAPIV3Index['paths'] = {};
  for (const { group, version } of scheme.groupVersions()) {
    const key = groupVersionPath(group, version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${entry(scheme, group, version)!.hash}` };
  }
  return { paths };
}
