/**
 * kubectl apply's three-way patch: from the last-applied configuration (original), the new
 * configuration (modified) and the live object (current), the patch that sets every field of
 * modified that current lacks or differs on, and deletes the fields original had and modified
 * dropped, leaving fields set by others (defaults, controllers) alone.
 *
 * Contract: pure. Strategic form (`strategic: true`, built-in kinds): lists tagged `merge` with a
 * key are diffed item by item (`{key, $patch: delete}` for removed items, `$setElementOrder/<f>`
 * when the delta touches the list), lists of primitives tagged `merge` get
 * `$deleteFromPrimitiveList/<f>`, other lists are replaced whole. JSON-merge form (custom kinds):
 * maps diffed, lists replaced whole. An empty result means "unchanged". Nesting is bounded.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/strategicpatch/patch.go
 * (CreateThreeWayMergePatch, diffMaps, diffLists), .../jsonmergepatch/patch.go
 */
import { fieldMeta, type Schema } from '@miniplane/api/patch/patchMeta';
import { deepEqual } from '@miniplane/api/patch/jsonValue';

type JsonMap = Record<string, unknown>;

interface DiffOptions {
  ignoreDeletions: boolean;
  ignoreChangesAndAdditions: boolean;
  setElementOrder: boolean;
  strategic: boolean;
}

const maxDepth = 200;

function isMap(v: unknown): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function threeWayPatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap, schema: Schema, strategic: boolean): JsonMap {
  const delta = diffMaps(current, modified, schema, { ignoreDeletions: true, ignoreChangesAndAdditions: false, setElementOrder: strategic, strategic }, 0);
  const deletions = original ? diffMaps(original, modified, schema, { ignoreDeletions: false, ignoreChangesAndAdditions: true, setElementOrder: false, strategic }, 0) : {};
  return mergePatches(deletions, delta, 0);
}

function diffMaps(from: JsonMap, to: JsonMap, schema: Schema | undefined, o: DiffOptions, depth: number): JsonMap {
  if (depth > maxDepth) throw new Error('object too deeply nested to diff');
  const patch: JsonMap = {};
  for (const k of Object.keys(to)) {
    const a = from[k];
    const b = to[k];
    const meta = fieldMeta(schema, k);
    if (!(k in from)) {
      if (!o.ignoreChangesAndAdditions) patch[k] = b;
      continue;
    }
    if (isMap(a) && isMap(b) && (meta.strategy !== 'replace' || !o.strategic)) {
      const sub = diffMaps(a, b, meta.fields, o, depth + 1);
      if (Object.keys(sub).length) patch[k] = sub;
      continue;
    }
    if (Array.isArray(a) && Array.isArray(b) && o.strategic && meta.strategy === 'merge') {
      diffList(patch, k, a, b, meta.mergeKey, meta.fields, o, depth);
      continue;
    }
    if (!deepEqual(a, b) && !o.ignoreChangesAndAdditions) patch[k] = b;
  }
  if (!o.ignoreDeletions) for (const k of Object.keys(from)) if (!(k in to)) patch[k] = null;
  return patch;
}

function diffList(patch: JsonMap, k: string, a: unknown[], b: unknown[], mergeKey: string | undefined, fields: Schema | undefined, o: DiffOptions, depth: number): void {
  if (!mergeKey || !b.concat(a).every(isMap)) {
    // a set of primitives: additions as the list, removals as $deleteFromPrimitiveList
    const added = b.filter((x) => !a.some((y) => deepEqual(x, y)));
    const removed = a.filter((x) => !b.some((y) => deepEqual(x, y)));
    if (added.length && !o.ignoreChangesAndAdditions) patch[k] = added;
    if (removed.length && !o.ignoreDeletions) patch[`$deleteFromPrimitiveList/${k}`] = removed;
    if (o.setElementOrder && (added.length || !deepEqual(a, b))) patch[`$setElementOrder/${k}`] = b;
    return;
  }
  const key = (x: unknown) => (x as JsonMap)[mergeKey];
  const items: unknown[] = [];
  for (const item of b as JsonMap[]) {
    const old = (a as JsonMap[]).find((x) => deepEqual(key(x), key(item)));
    if (!old) {
      if (!o.ignoreChangesAndAdditions) items.push(item);
      continue;
    }
    const sub = diffMaps(old, item, fields, o, depth + 1);
    if (Object.keys(sub).length) items.push({ [mergeKey]: key(item), ...sub });
  }
  if (!o.ignoreDeletions) {
    for (const old of a as JsonMap[]) if (!(b as JsonMap[]).some((x) => deepEqual(key(x), key(old)))) items.push({ [mergeKey]: key(old), $patch: 'delete' });
  }
  if (items.length) patch[k] = items;
  const orderChanged = !deepEqual(a.map(key), b.map(key));
  if (o.setElementOrder && (items.length || orderChanged)) patch[`$setElementOrder/${k}`] = b.map((x) => ({ [mergeKey]: key(x) }));
}

/** Deletions first, then the delta over them (a field both touch takes the delta's value). */
function mergePatches(a: JsonMap, b: JsonMap, depth: number): JsonMap {
  if (depth > maxDepth) throw new Error('object too deeply nested to diff');
  const out: JsonMap = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (isMap(prev) && isMap(v)) out[k] = mergePatches(prev, v, depth + 1);
    else if (Array.isArray(prev) && Array.isArray(v) && !k.startsWith('$setElementOrder/')) out[k] = [...prev, ...v];
    else out[k] = v;
  }
  return out;
}
