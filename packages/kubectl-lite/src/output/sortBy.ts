/**
 * `--sort-by=<jsonpath>`: kubectl's ordering of objects (or Table rows by their object) on one
 * field: numbers numerically, quantities and times as kubectl compares them, other values as
 * strings; objects missing the field first; stable for ties.
 *
 * Contract: pure; returns a new array. A path that cannot parse is kubectl's error.
 * Upstream: staging/src/k8s.io/kubectl/pkg/cmd/get/sorter.go
 */
import { compile, evaluate } from './jsonpath.js';
import { relaxed } from './jsonpath.js';

export function sortByPath<T>(items: readonly T[], expr: string, objectOf: (x: T) => unknown): T[] {
  const nodes = compile(relaxed(expr));
  const path = nodes.find((n) => n.t === 'path');
  const key = (x: T): unknown => (path && path.t === 'path' ? evaluate(objectOf(x), path.steps)[0] : undefined);
  const keyed = items.map((x, i) => ({ x, i, k: key(x) }));
  keyed.sort((a, b) => compare(a.k, b.k) || a.i - b.i);
  return keyed.map((e) => e.x);
}

function compare(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
