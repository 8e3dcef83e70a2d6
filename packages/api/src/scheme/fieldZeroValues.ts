/**
 * What an absent selectable field reads as in a field selector, derived from the kind's schema:
 * kube reads selectable fields from the Go struct, so a missing boolean is "false", a missing
 * integer "0", and anything else (strings) "". Only fields whose zero text is not "" are listed.
 *
 * Contract: a pure walk over OpenAPI definitions along each dotted field path (following `$ref`);
 * a path the schema does not describe reads as "" (it is left out).
 * Upstream: the per-kind field-label functions, e.g. pkg/registry/core/pod/strategy.go
 * ToSelectableFields (fmt of a Go bool/int32).
 */
import { resolve } from '../openapi/definitions.js';
import type { Definitions, Schema } from '../openapi/schema.js';

const zeroOf: Partial<Record<NonNullable<Schema['type']>, string>> = { boolean: 'false', integer: '0', number: '0' };

function fieldSchema(defs: Readonly<Definitions>, root: string, path: string): Schema | undefined {
  let cur: Schema | undefined = defs[root];
  for (const seg of path.split('.')) {
    cur = cur && resolve(cur, defs).properties?.[seg];
  }
  return cur && resolve(cur, defs);
}

/** selectable field -> its zero text, for the fields that do not read as "" when absent. */
export function fieldZeroValues(defs: Readonly<Definitions>, root: string, fields: readonly string[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const f of fields) {
    const type = fieldSchema(defs, root, f)?.type;
    const zero = type && zeroOf[type];
    if (zero) out.set(f, zero);
  }
  return out;
}
