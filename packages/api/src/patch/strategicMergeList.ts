/**
 * Strategic merge patch for lists: merging lists of objects by merge key, lists of primitives as
 * sets, `$patch` directives inside list items, parallel deletion lists, and kube's element order.
 *
 * Contract: the functions work on private working copies owned by strategicMergePatch.ts and may
 * rearrange them; they never see caller data. Order of a merged list (normalizeElementOrder):
 * items named by the patch (or by `$setElementOrder`) keep that relative order, server-only items
 * keep their live order, and the two are interleaved by live position. Errors are the
 * `ApiError`s kube's handler would produce (see patchErrors.ts).
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go (mergeSlice,
 * mergeSliceWithSpecialElements, normalizeElementOrder, mergeSortedSlice, sliceElementType)
 */
import { isPlainObject } from '../types.js';
import { goSprint, goTypeName } from './goFormat.js';
import { hasMember, type JsonMap } from './jsonValue.js';
import { badArgType, badPatchType, noListOfLists, noMergeKey, unclassifiedPatchError } from './patchErrors.js';
import type { FieldMeta, Schema } from './patchMeta.js';

const directiveMarker = '$patch';
const mapType = 'map[string]interface {}';

/** The mergeMap of strategicMergePatch.ts, passed in to keep the two modules acyclic. */
export type MergeMapFn = (original: JsonMap, patch: JsonMap, schema: Schema | undefined) => JsonMap;

/** reflect.TypeOf(v) for decoded JSON, as a comparable name. */
export function goType(v: unknown): string {
  return goTypeName(v);
}

/** sliceElementType: all items of all slices must share one type, which may not be a list. */
export function sliceElementType(...slices: unknown[][]): string {
  let prev: string | undefined;
  for (const s of slices) {
    for (const v of s) {
      const t = goType(v);
      if (prev === undefined) {
        prev = t;
        if (Array.isArray(v)) throw noListOfLists();
      } else if (prev !== t) {
        throw unclassifiedPatchError(`list element types are not identical: ${goSprint(slices)}`);
      }
    }
  }
  if (prev === undefined) throw unclassifiedPatchError('no elements in any of the given slices');
  return prev;
}

/** The merge-key value of a map item (Go reads a missing key, and any non-map, as nil). */
function keyValue(item: unknown, mergeKey: string): unknown {
  return isPlainObject(item) ? (item[mergeKey] ?? null) : null;
}

function index(list: unknown[], v: unknown, mergeKey: string, isMap: boolean): number {
  const want = isMap ? keyValue(v, mergeKey) : v;
  return list.findIndex((x) => (isMap ? keyValue(x, mergeKey) : x) === want);
}

function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isPlainObject(item)) throw unclassifiedPatchError(`value for key ${i} is not a map.`);
    if (hasMember(item, mergeKey) && item[mergeKey] === value) return i;
  }
  return -1;
}

function validateMergeKeyInLists(mergeKey: string, ...lists: unknown[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isPlainObject(item)) throw badArgType(mapType, item);
      if (!hasMember(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

/** Items carrying `$patch: delete` go to the end, untouched. */
export function extractToDeleteItems(list: unknown[]): [unknown[], unknown[]] {
  const keep: unknown[] = [];
  const del: unknown[] = [];
  for (const v of list) {
    if (!isPlainObject(v)) throw badArgType(mapType, v);
    (v[directiveMarker] === 'delete' ? del : keep).push(v);
  }
  return [keep, del];
}

/**
 * Go's sort.SliceStable is an insertion sort for short slices; kube's `less` is not a strict order
 * when an item is missing from `order`, so the exact algorithm matters for the result.
 */
function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, isMap: boolean): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (isMap) {
    validateMergeKeyInLists(mergeKey, toSort, order);
    [items, toDelete] = extractToDeleteItems(toSort);
  }
  const a = [...items];
  const less = (x: unknown, y: unknown) => {
    const ix = index(order, x, mergeKey, isMap);
    if (ix >= 0) {
      const iy = index(order, y, mergeKey, isMap);
      if (iy >= 0) return ix < iy;
    }
    return true;
  };
  for (let i = 1; i < a.length; i++) {
    for (let j = i; j > 0 && less(a[j], a[j - 1]); j--) [a[j], a[j - 1]] = [a[j - 1], a[j]];
  }
  return [...a, ...toDelete];
}

/** mergeSortedSlice: interleave server-only items (left) into patch items (right) by live position. */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, isMap: boolean): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = index(serverOrder, left[i], mergeKey, isMap);
      const ri = index(serverOrder, right[j], mergeKey, isMap);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

export function normalizeElementOrder(
  patch: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string, isMap: boolean,
): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, isMap);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, isMap);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, isMap);
}

/** Splits `list` into items present in `by` (compared by merge key for maps) and the rest. */
export function partitionByPresence(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  if (!mergeKey) {
    const set = new Set(by);
    for (const v of list) (set.has(v) ? present : absent).push(v);
    return [present, absent];
  }
  for (const v of list) {
    if (!isPlainObject(v)) throw badArgType(mapType, v);
    if (!hasMember(v, mergeKey)) throw noMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? present : absent).push(v);
  }
  return [present, absent];
}

/** `$patch: delete` items remove matches from the live list; `$patch: replace` drops the live list. */
function mergeSliceWithSpecialElements(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let live = original;
  let replace = false;
  for (const v of patch) {
    const m = v as JsonMap;
    if (!hasMember(m, directiveMarker)) {
      plain.push(v);
      continue;
    }
    const directive = m[directiveMarker];
    if (directive === 'delete') {
      if (!hasMember(m, mergeKey)) throw noMergeKey(m, mergeKey);
      live = live.filter((x) => !(isPlainObject(x) && hasMember(x, mergeKey) && x[mergeKey] === m[mergeKey]));
    } else if (directive === 'replace') {
      replace = true; // keep scanning so other directive items are pruned too
    } else if (directive === 'merge') {
      throw unclassifiedPatchError('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, m);
    }
  }
  return replace ? [plain, []] : [live, plain];
}

/** A new list item has its nulls dropped like any new map, but keeps its merge key even if null. */
function newItem(v: JsonMap, mergeKey: string, fields: Schema | undefined, mergeMap: MergeMapFn): JsonMap {
  const out = mergeMap({}, v, fields);
  if (hasMember(v, mergeKey) && !hasMember(out, mergeKey)) out[mergeKey] = v[mergeKey];
  return out;
}

/** mergeSlice: a list field with `patchStrategy: merge`. */
export function mergeSlice(original: unknown[], patch: unknown[], meta: FieldMeta, isDeleteList: boolean, mergeMap: MergeMapFn): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const mergeKey = meta.mergeKey ?? '';
  const isMap = sliceElementType(original, patch) === mapType;
  let merged: unknown[];
  let live = original;
  let plain = patch;
  if (!isMap) {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = [...new Set([...original, ...patch])];
  } else {
    if (!mergeKey) throw unclassifiedPatchError('cannot merge lists without merge key for type struct');
    [live, plain] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = [...live];
    for (const v of plain as JsonMap[]) {
      if (!hasMember(v, mergeKey)) throw noMergeKey(v, mergeKey);
      const at = findByKey(merged, mergeKey, v[mergeKey]);
      if (at >= 0) merged[at] = mergeMap(merged[at] as JsonMap, v, meta.fields);
      else merged.push(newItem(v, mergeKey, meta.fields, mergeMap));
    }
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, plain, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, plain, live, mergeKey, isMap);
}

/** The parallel `$deleteFromPrimitiveList/<field>` list: drop every listed value. */
export function deleteFromSlice(current: unknown[], toDelete: unknown[]): unknown[] {
  const del = new Set(toDelete);
  return current.filter((v) => !del.has(v));
}
