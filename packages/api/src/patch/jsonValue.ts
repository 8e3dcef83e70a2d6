/**
 * Small helpers over decoded JSON values shared by the patch algorithms.
 *
 * Contract: `deepClone` returns a structurally equal copy sharing nothing mutable with its input;
 * `deepEqual` is JSON equality (object key order ignored, array order significant). Pure.
 */
import { isPlainObject } from '../types.js';

export type JsonMap = Record<string, unknown>;

/** `o[k] = v`, except that a `__proto__` member stays a plain data member (no prototype change). */
export function setMember(o: JsonMap, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export function hasMember(o: JsonMap, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

export function deepClone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(deepClone) as T;
  if (isPlainObject(v)) {
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) setMember(out, k, deepClone(x));
    return out as T;
  }
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => hasMember(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

