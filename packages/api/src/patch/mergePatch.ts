/**
 * RFC 7386 JSON Merge Patch, as kube-apiserver applies it (evanphx/json-patch MergePatch).
 *
 * Contract: `mergePatch(target, patch)` returns a new value and mutates neither input.
 * - An object patch merges key by key: `null` deletes the key, objects recurse, anything else
 *   (including arrays) replaces the target's value.
 * - A value that lands where the target had nothing (or a non-object) has its nulls pruned,
 *   recursively and also inside objects held by arrays; null array elements themselves stay.
 * - A non-object patch replaces the target outright (top-level rules live in applyPatch.ts).
 * Upstream: github.com/evanphx/json-patch merge.go (MergePatch, mergeDocs, pruneNulls)
 */
import { isPlainObject } from '../types.js';
import { deepClone, hasMember, setMember, type JsonMap } from './jsonValue.js';

/** pruneNulls: drop null members of objects at any depth; keep null array elements. */
export function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === null ? null : pruneNulls(x)));
  if (isPlainObject(v)) {
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) setMember(out, k, pruneNulls(x));
    return out;
  }
  return v;
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(target)) return pruneNulls(patch);
  if (!isPlainObject(patch)) return deepClone(patch);
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(target)) {
    if (!hasMember(patch, k)) setMember(out, k, deepClone(v));
    else if (patch[k] !== null) setMember(out, k, mergePatch(v, patch[k]));
  }
  for (const [k, v] of Object.entries(patch)) {
    if (v !== null && !hasMember(target, k)) setMember(out, k, pruneNulls(v));
  }
  return out;
}
