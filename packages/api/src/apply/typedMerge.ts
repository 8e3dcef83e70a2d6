/**
 * The two value operations of server-side apply: merging an applied configuration into the live
 * object, and removing the fields a manager gave up.
 *
 * Contract: pure; both return new values (sharing untouched subtrees with their inputs, which
 * callers must treat as read-only) and `undefined` for "absent".
 * - merge: the configuration wins at every leaf (scalars, atomic maps/lists/structs, and values
 *   empty on both sides); maps merge key by key; list-maps and sets merge item by item. A `null`
 *   leaf in the configuration removes the field (kube's typed round trip drops it). Merged list
 *   order is SMD's: live items keep their places, configured items are placed in configuration
 *   order, new items right after the configured item before them.
 * - removeItems: drops every map entry or list item whose path is in the set, recursing into
 *   the set's prefixes; a map or list left empty by that is dropped too.
 * Upstream: sigs.k8s.io/structured-merge-diff typed/{merge.go (visitListItems),remove.go}
 */
import { isPlainObject } from '../types.js';
import { setMember } from '../patch/jsonValue.js';
import { fieldType, itemType, type TypeNode } from './applySchema.js';
import { fieldElement, type Path } from './fieldPath.js';
import type { FieldSet } from './fieldSet.js';
import { indexList, isEmptyish } from './typedWalk.js';

function isGranular(t: TypeNode, lhs: unknown, rhs: unknown): 'map' | 'list' | undefined {
  if (t.atomic || (isEmptyish(lhs) && isEmptyish(rhs))) return undefined;
  const l = lhs ?? null;
  const r = rhs ?? null;
  if ((isPlainObject(l) || l === null) && (isPlainObject(r) || r === null)) return 'map';
  if (t.list && (Array.isArray(l) || l === null) && (Array.isArray(r) || r === null)) return 'list';
  return undefined;
}

export function merge(lhs: unknown, rhs: unknown, t: TypeNode, path: Path = []): unknown {
  const g = isGranular(t, lhs, rhs);
  if (!g) return rhs === undefined ? lhs : rhs === null ? undefined : rhs;
  if (g === 'map') {
    const l = isPlainObject(lhs) ? lhs : {};
    const r = isPlainObject(rhs) ? rhs : {};
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(l), ...Object.keys(r)])) {
      const v = merge(l[k], r[k], fieldType(t, k), [...path, fieldElement(k)]);
      if (v !== undefined) setMember(out, k, v);
    }
    return Object.keys(out).length ? out : undefined;
  }
  const out = mergeListOrder(t, Array.isArray(lhs) ? lhs : [], Array.isArray(rhs) ? rhs : [], path)
    .map(({ l, r, pe }) => merge(l, r, itemType(t), [...path, pe]))
    .filter((v) => v !== undefined);
  return out.length ? out : undefined;
}

type Pair = { l: unknown; r: unknown; pe: ReturnType<typeof indexList>[number]['pe'] };

/**
 * SMD's list order: live and configured items are walked together. A live item the
 * configuration also holds is skipped until it is the next shared item in configuration order,
 * so shared items come out in configuration order; live-only items stay where they were, and
 * configured-only items follow the configured item before them.
 */
function mergeListOrder(t: TypeNode, lhs: unknown[], rhs: unknown[], path: Path): Pair[] {
  const lItems = indexList(t, lhs, path);
  const rItems = indexList(t, rhs, path);
  const lByKey = new Map(lItems.map((x) => [x.key, x]));
  const rKeys = new Set(rItems.map((x) => x.key));
  const shared = rItems.filter((x) => lByKey.has(x.key)).map((x) => x.key);
  let nextShared = 0;
  const out: Pair[] = [];
  for (let li = 0, ri = 0; li < lItems.length || ri < rItems.length; ) {
    const l = lItems[li];
    const r = rItems[ri];
    if (l && r) {
      if (l.key === r.key) {
        out.push({ l: l.item, r: r.item, pe: l.pe });
        li++;
        ri++;
        nextShared++;
        continue;
      }
      if (rKeys.has(l.key) && nextShared < shared.length && shared[nextShared] !== l.key) {
        li++;
        continue;
      }
    }
    if (l && !rKeys.has(l.key)) {
      out.push({ l: l.item, r: undefined, pe: l.pe });
      li++;
      continue;
    }
    if (r) {
      out.push({ l: lByKey.get(r.key)?.item, r: r.item, pe: r.pe });
      ri++;
      if (shared[nextShared] === r.key) nextShared++;
    } else {
      li++; // a shared live item already emitted at its configured place
    }
  }
  return out;
}

export function removeItems(value: unknown, set: FieldSet, t: TypeNode, path: Path = []): unknown {
  if (set.isEmpty() || t.atomic) return value;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const pe = fieldElement(k);
      if (set.has([pe])) continue;
      const sub = set.withPrefix(pe);
      const kept = sub.isEmpty() ? v : removeItems(v, sub, fieldType(t, k), [...path, pe]);
      if (kept !== undefined) setMember(out, k, kept);
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (Array.isArray(value) && t.list) {
    const out: unknown[] = [];
    for (const { pe, item } of indexList(t, value, path)) {
      if (set.has([pe])) continue;
      const sub = set.withPrefix(pe);
      const kept = sub.isEmpty() ? item : removeItems(item, sub, itemType(t), [...path, pe]);
      if (kept !== undefined) out.push(kept);
    }
    return out.length ? out : undefined;
  }
  return value;
}
