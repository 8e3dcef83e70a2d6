/**
 * All component schemas in one table, plus the naming rule from a served kind to its schema
 * (`io.k8s.api.<group's first label or core>.<version>.<Kind>`) and the reference closure that
 * decides which definitions a group-version document carries.
 *
 * Contract: every kind in `resources` has a definition with its GVK extension; `<Kind>List`
 * definitions are derived here from the resource table, never written by hand; a closure is
 * returned sorted by name, so documents (and their hashes) are deterministic.
 */
import { apiVersionOf, resources, type ResourceInfo } from '../resources.js';
import { affinityDefinitions } from './affinitySchemas.js';
import { appsDefinitions } from './appsSchemas.js';
import { clusterDefinitions } from './clusterSchemas.js';
import { containerDefinitions } from './containerSchemas.js';
import { metaDefinitions } from './metaSchemas.js';
import { networkDefinitions } from './networkSchemas.js';
import { podDefinitions } from './podSchemas.js';
import { listKind, refName, type Definitions, type Schema } from './schema.js';
import { serviceDefinitions } from './serviceSchemas.js';

export function schemaNameOf(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): string {
  const pkg = info.group ? info.group.split('.')[0] : 'core';
  return `io.k8s.api.${pkg}.${info.version}.${info.kind}`;
}

export const scaleSchemaName = 'io.k8s.api.autoscaling.v1.Scale';

function listDefinitions(): Definitions {
  const out: Definitions = {};
  for (const r of resources) {
    const kind = `${r.kind}List`;
    out[`${schemaNameOf(r)}List`] = listKind({ group: r.group, version: r.version, kind }, schemaNameOf(r), `${kind} is a list of ${r.kind} objects.`);
  }
  return out;
}

export const definitions: Readonly<Definitions> = Object.freeze({
  ...metaDefinitions,
  ...serviceDefinitions,
  ...networkDefinitions,
  ...clusterDefinitions,
  ...podDefinitions,
  ...containerDefinitions,
  ...affinityDefinitions,
  ...appsDefinitions,
  ...listDefinitions(),
});

/** The definition of a served kind (by apiVersion + kind), if it has one. */
export function schemaForKind(apiVersion: string, kind: string): Schema | undefined {
  const info = resources.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
  return info ? definitions[schemaNameOf(info)] : undefined;
}

/** Resolves `$ref` / `allOf: [{$ref}]` to the named definition; anything else is itself. */
export function resolve(s: Schema, defs: Readonly<Definitions> = definitions): Schema {
  const name = refName(s);
  return name ? (defs[name] ?? s) : s;
}

function children(s: Schema): Schema[] {
  const out: Schema[] = [];
  if (s.properties) out.push(...Object.values(s.properties));
  if (s.items) out.push(s.items);
  if (typeof s.additionalProperties === 'object') out.push(s.additionalProperties);
  if (s.allOf) out.push(...s.allOf);
  if (s.oneOf) out.push(...s.oneOf);
  return out;
}

/** The named definitions reachable from `roots`, roots included, sorted by name. */
export function closure(roots: string[], defs: Readonly<Definitions> = definitions): Definitions {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    const def = defs[name];
    if (!def) throw new Error(`openapi: no definition named ${name}`);
    seen.add(name);
    const walk = [def];
    while (walk.length) {
      const s = walk.pop()!;
      const r = refName(s);
      if (r && !seen.has(r)) stack.push(r);
      walk.push(...children(s));
    }
  }
  return Object.fromEntries([...seen].sort().map((n) => [n, defs[n]!]));
}
