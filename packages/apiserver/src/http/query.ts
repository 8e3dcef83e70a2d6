/**
 * Query parameters of resource requests, parsed as kube's ListOptions / CreateOptions /
 * DeleteOptions are: booleans follow kube's rule (absent or "false"/"0" is false, anything else
 * true), integers are checked, bad values are a 400.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/runtime/conversion.go, apis/meta/v1/types.go
 */
import { BadRequest } from '@miniplane/api';

export type Query = Record<string, string | string[] | undefined>;

export function str(q: Query, k: string): string | undefined {
  const v = q[k];
  return Array.isArray(v) ? v[0] : v;
}

export function bool(q: Query, k: string): boolean {
  const v = str(q, k);
  if (v === undefined) return false;
  return !(v.toLowerCase() === 'false' || v === '0');
}

export function int(q: Query, k: string): number | undefined {
  const v = str(q, k);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new BadRequest(`invalid value for ${k}: ${JSON.stringify(v)}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  // Go parses these parameters as int64: a value beyond it is refused, not rounded.
  const n = BigInt(v);
  if (n > 9223372036854775807n || n < -9223372036854775808n) {
    throw new BadRequest(`invalid value for ${k}: ${JSON.stringify(v)}: strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  }
  return Number(v);
}

/** `dryRun=All` (the only value kube accepts); anything else is a 400. */
export function dryRun(q: Query): boolean {
  return dryRunValues(q).length > 0;
}

/** The `dryRun` values, each checked to be `All` (400 otherwise). */
export function dryRunValues(q: Query): string[] {
  const v = q.dryRun;
  if (v === undefined) return [];
  const vals = Array.isArray(v) ? v : [v];
  for (const x of vals) {
    if (x !== 'All') throw new BadRequest(`Invalid dry run value: ${JSON.stringify(x)}: supported values: "All"`);
  }
  return vals;
}
