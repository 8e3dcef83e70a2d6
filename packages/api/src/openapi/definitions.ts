/**
 * The naming rule from a served kind to its schema (`io.k8s.api.<group's first label or
 * core>.<version>.<Kind>`), the `<Kind>List` definition derived from a resource row, and the
 * reference walks over a set of definitions (resolve, closure).
 *
 * Contract: the definitions themselves come from the kind descriptors; a `Scheme` merges them
 * (scheme/scheme.ts). `<Kind>List` definitions are derived, never written by hand; a closure is
 * returned sorted by name, so documents (and their hashes) are deterministic.
 */
import type { ResourceInfo } from '../resources.js';
import { listKind, refName, type Definitions, type Schema } from './schema.js';

export function schemaNameOf(info: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): string {
  const pkg = info.group ? info.group.split('.')[0] : 'core';
  return `io.k8s.api.${pkg}.${info.version}.${info.kind}`;
}

export const scaleSchemaName = 'io.k8s.api.autoscaling.v1.Scale';

/** `<Kind>List`: its name and definition. */
export function listDefinition(r: Pick<ResourceInfo, 'group' | 'version' | 'kind'>): [string, Schema] {
  const kind = `${r.kind}List`;
  return [`${schemaNameOf(r)}List`, listKind({ group: r.group, version: r.version, kind }, schemaNameOf(r), `${kind} is a list of ${r.kind} objects.`)];
}

/** Resolves `$ref` / `allOf: [{$ref}]` to the named definition; anything else is itself. */
export function resolve(s: Schema, defs: Readonly<Definitions>): Schema {
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
export function closure(roots: string[], defs: Readonly<Definitions>): Definitions {
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
