/**
 * Go's `%v` and reflect type names for decoded JSON values, so strategic-merge-patch errors read
 * exactly like kube-apiserver's (`map: map[name:a] does not contain declared merge key: port`).
 *
 * Contract: values are what kube's JSON decoder yields with PreserveInts — integers print as
 * int64, other numbers as float64 (`%v` = shortest `%g`), maps with sorted keys as
 * `map[k:v k2:v2]`, slices as `[a b]`, null as `<nil>`. Pure; never throws.
 * Upstream: go/src/fmt/print.go, go/src/strconv/ftoa.go (Go's standard library)
 */
import { isPlainObject } from '../types.js';

/** float64 with `%v` (strconv 'g', shortest): exponent form when exp < -4 || exp >= 6, e.g. 1.5e+06. */
function formatFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${mant}e${sign}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(n);
}

export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : formatFloat(v);
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goSprint(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** reflect.TypeOf(v).String() for decoded JSON. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (isPlainObject(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}
