/**
 * Strategic merge patch (server side: StrategicMergeMapPatch), driven by the patch metadata
 * derived from the kind's OpenAPI schema (patchMeta.ts).
 *
 * Contract: `strategicMergePatch(original, patch, schema)` returns a new object and mutates
 * neither input (both are deep-copied first; the algorithm then edits its copies, as kube's does).
 * Semantics, per map:
 * - `$patch: replace` replaces the map with the patch's content; `$patch: delete` empties it;
 *   any other `$patch` value is kube's "unknown patch type" error (there is no map-level merge).
 * - `$retainKeys: [..]` drops live keys not listed (every non-null patch key must be listed).
 * - `$setElementOrder/<list>: [..]` merges `<list>` and then orders it as listed.
 * - `$deleteFromPrimitiveList/<list>: [..]` removes those values from a primitive list.
 * - `null` deletes a key; objects merge recursively unless tagged `replace`; lists merge only
 *   when tagged `merge` (see strategicMergeList.ts), otherwise the patch's list replaces the live one.
 * - A value that has no live counterpart is merged into an empty value of its kind, so its nulls
 *   and directives are resolved rather than stored.
 * Deliberate differences from kube, all on inputs kubectl never sends: a deletion list for a
 * missing field is a no-op (kube stores the deletion list as the field), and a non-list deletion
 * list is a 400.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (mergeMap,
 * handleDirectiveInMergeMap, applyRetainKeysDirective, mergePatchIntoOriginal)
 */
import { isPlainObject } from '../types.js';
import { goSprint } from './goFormat.js';
import { deepClone, hasMember, setMember, type JsonMap } from './jsonValue.js';
import { badArgType, badPatchType, noMergeKey, smpBadRequest, unclassifiedPatchError } from './patchErrors.js';
import { fieldMeta, type FieldMeta, type Schema } from './patchMeta.js';
import {
  deleteFromSlice, extractToDeleteItems, goType, mergeSlice, normalizeElementOrder, partitionByPresence, sliceElementType,
} from './strategicMergeList.js';

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
const setElementOrderPrefix = '$setElementOrder';
const listType = '[]interface {}';

/** Applies `patch` to `original` (a JSON object; null reads as {}). */
export function strategicMergePatch(original: unknown, patch: JsonMap | null, schema: Schema): JsonMap {
  const work = isPlainObject(original) ? deepClone(original) : {};
  if (patch === null) return work;
  return mergeMap(work, deepClone(patch), schema);
}

function mergeMap(original: JsonMap, patch: JsonMap, schema: Schema | undefined): JsonMap {
  if (hasMember(patch, directiveMarker)) return handleDirectiveInMergeMap(patch[directiveMarker], patch, schema);
  applyRetainKeysDirective(original, patch);
  mergePatchIntoOriginal(original, patch, schema);
  const deletions: string[] = [];
  for (const [k, patchV] of Object.entries(patch)) {
    if (k.startsWith(deleteFromPrimitiveListPrefix)) {
      deletions.push(k);
      continue;
    }
    if (patchV === null) {
      delete original[k];
      continue;
    }
    const meta = fieldMeta(schema, k);
    setMember(original, k, hasMember(original, k) ? mergeValue(original[k], patchV, meta) : materialize(patchV, meta));
  }
  // Deletions run after additions: the outcome is the same either way in kube (a set difference),
  // and kube's own order is Go's random map order.
  for (const k of deletions) applyDeletionList(original, k, patch[k], schema);
  return original;
}

function mergeValue(live: unknown, patchV: unknown, meta: FieldMeta): unknown {
  if (goType(live) !== goType(patchV)) return materialize(patchV, meta);
  if (isPlainObject(live)) return meta.strategy === 'replace' ? materialize(patchV, meta) : mergeMap(live, patchV as JsonMap, meta.fields);
  if (Array.isArray(live)) return mergeList(live, patchV as unknown[], meta, false);
  return patchV;
}

/** A patch value with nothing live to merge into: merge it into an empty value of its kind. */
function materialize(patchV: unknown, meta: FieldMeta): unknown {
  if (isPlainObject(patchV)) return mergeMap({}, patchV, meta.fields);
  if (Array.isArray(patchV)) return mergeList([], patchV, meta, false);
  return patchV;
}

/** mergeSliceHandler: merge-tagged lists merge, all others are replaced by the patch. */
function mergeList(live: unknown[], patchV: unknown[], meta: FieldMeta, isDeleteList: boolean): unknown[] {
  if (meta.strategy === 'merge') return mergeSlice(live, patchV, meta, isDeleteList, mergeMap);
  return isDeleteList ? deleteFromSlice(live, patchV) : patchV;
}

function handleDirectiveInMergeMap(directive: unknown, patch: JsonMap, schema: Schema | undefined): JsonMap {
  if (directive === 'replace') {
    const rest = { ...patch };
    delete rest[directiveMarker];
    return mergeMap({}, rest, schema);
  }
  if (directive === 'delete') return {};
  throw badPatchType(directive, patch);
}

/** `$prefix/field` → `field`; a malformed key is the prefix's BadRequest. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === setElementOrderPrefix ? smpBadRequest.setElementOrder() : smpBadRequest.primitiveList();
  }
  return key.slice(slash + 1);
}

function applyDeletionList(original: JsonMap, key: string, patchV: unknown, schema: Schema | undefined): void {
  const k = extractKey(key, deleteFromPrimitiveListPrefix);
  if (patchV === null) {
    delete original[k];
    return;
  }
  if (!Array.isArray(patchV)) throw smpBadRequest.primitiveList();
  const live = original[k];
  if (!Array.isArray(live)) return;
  setMember(original, k, mergeList(live, patchV, fieldMeta(schema, k), true));
}

function applyRetainKeysDirective(original: JsonMap, patch: JsonMap): void {
  if (!hasMember(patch, retainKeysDirective)) return;
  const retain = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retain)) throw smpBadRequest.retainKeys();
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) continue;
    if (!keep.has(k)) throw smpBadRequest.retainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/** Processes every `$setElementOrder/<list>` together with `<list>`, removing both from the patch. */
function mergePatchIntoOriginal(original: JsonMap, patch: JsonMap, schema: Schema | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType(listType, order);
    const k = extractKey(key, setElementOrderPrefix);
    const foundLive = hasMember(original, k);
    const foundPatch = hasMember(patch, k);
    const live = foundLive ? original[k] : [];
    const patchList = foundPatch ? patch[k] : [];
    if (!Array.isArray(live)) throw badArgType(listType, live);
    if (!Array.isArray(patchList)) throw badArgType(listType, patchList);
    if (!foundLive && !foundPatch) continue;
    const meta = fieldMeta(schema, k);
    const mergeKey = meta.mergeKey ?? '';
    validatePatchWithSetOrderList(patchList, order, mergeKey);
    const merged = foundPatch ? mergeList(live, patchList, meta, false) : live;
    delete patch[k];
    if (merged.length === 0) {
      setMember(original, k, merged);
      continue;
    }
    const [patchItems, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const isMap = sliceElementType(live, patchList) === 'map[string]interface {}';
    setMember(original, k, normalizeElementOrder(patchItems, serverOnly, order, live, mergeKey, isMap));
  }
}

/** The patch list's items (deletions aside) must appear in `$setElementOrder` in the same relative order. */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const [items] = mergeKey ? extractToDeleteItems(patchList) : [patchList];
  const same = (a: unknown, b: unknown): boolean => {
    if (!mergeKey) return a === b;
    if (!isPlainObject(a)) throw badArgType('map[string]interface {}', a);
    if (!isPlainObject(b)) throw badArgType('map[string]interface {}', b);
    if (!hasMember(a, mergeKey)) throw noMergeKey(a, mergeKey);
    if (!hasMember(b, mergeKey)) throw noMergeKey(b, mergeKey);
    return a[mergeKey] === b[mergeKey];
  };
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    if (isPlainObject(items[p]) && hasMember(items[p] as JsonMap, directiveMarker)) {
      p++;
      continue;
    }
    if (same(items[p], order[s])) p++;
    s++;
  }
  if (p < items.length && s >= order.length) {
    throw unclassifiedPatchError(`The order in patch list:\n${goSprint(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goSprint(order)}\n`);
  }
}
