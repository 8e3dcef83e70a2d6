/**
 * Walks over a JSON object guided by its apply schema: the field set an applied configuration
 * owns, the comparison of two versions of an object, and the Go zero-value shape kube's typed
 * converter gives an object before comparing.
 *
 * Contract: pure, never mutates its inputs. `undefined` means "absent"; `null` is a present
 * value (Go writes `containers: null` for an empty PodSpec, and that is not the same as absent).
 * - toFieldSet: scalars, atomic values and `null` are leaves; map entries and granular list
 *   items are members as well as their contents; an empty struct owns nothing.
 * - compare: leaves (scalars, atomic values, and a map or list empty on both sides) are Added,
 *   Removed or Modified; a map, list or list item that appears or disappears as a whole is
 *   itself Added or Removed.
 * A list item whose identity cannot be formed (a list-map item without its key, a set holding
 * an object) is an ApplyTypeError naming its path, in SMD's words.
 * Upstream: sigs.k8s.io/structured-merge-diff typed/{tofieldset.go,compare.go,helpers.go}
 */
import { isPlainObject } from '../types.js';
import { deepClone, deepEqual, setMember } from '../patch/jsonValue.js';
import { fieldType, hasZeroFields, isMapEntry, itemType, type TypeNode } from './applySchema.js';
import { fieldElement, indexElement, keyElement, pathString, serializeElement, valueElement, type Path, type PathElement } from './fieldPath.js';
import { FieldSet } from './fieldSet.js';

export class ApplyTypeError extends Error {
  override name = 'ApplyTypeError';
}

export function listItemElement(t: TypeNode, item: unknown, index: number, path: Path): PathElement {
  const spec = t.list;
  const fail = (msg: string): never => {
    throw new ApplyTypeError(`${pathString(path)}: element ${index}: ${msg}`);
  };
  if (!spec) return indexElement(index);
  if (spec.type === 'set') {
    if (isPlainObject(item)) fail("associative list without keys has an element that's a map type");
    if (Array.isArray(item)) fail('not supported: associative list with lists as elements');
    if (item === null) fail("associative list without keys has an element that's an explicit null");
    return valueElement(item);
  }
  if (item === null) fail('associative list with keys may not have a null element');
  if (!isPlainObject(item)) fail('associative list with keys may not have non-map elements');
  const m = item as Record<string, unknown>;
  const fields: Array<[string, unknown]> = [];
  for (const k of spec.keys) {
    if (Object.prototype.hasOwnProperty.call(m, k)) fields.push([k, m[k]]);
    else if (spec.keyDefaults && k in spec.keyDefaults) fields.push([k, spec.keyDefaults[k]]);
    else fail(`associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`);
  }
  return keyElement(fields);
}

/** Items of a granular list by identity, first occurrence winning (duplicates are ignored). */
export function indexList(t: TypeNode, list: unknown[], path: Path): Array<{ pe: PathElement; item: unknown; key: string }> {
  const seen = new Set<string>();
  const out: Array<{ pe: PathElement; item: unknown; key: string }> = [];
  list.forEach((item, i) => {
    const pe = listItemElement(t, item, i, path);
    const key = serializeElement(pe);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ pe, item, key });
  });
  return out;
}

type Shape = 'scalar' | 'map' | 'list';

function shapeOf(v: unknown): Shape {
  return isPlainObject(v) ? 'map' : Array.isArray(v) ? 'list' : 'scalar';
}

/** Absent, null, `[]` or `{}`: SMD treats such a pair as one leaf (emptyPromoteToLeaf). */
export function isEmptyish(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

/** The shape a pair of values is walked as; mismatched shapes and atomic types are leaves. */
function walkShape(t: TypeNode, a: unknown, b: unknown): Shape {
  const sa = a === undefined || a === null ? undefined : shapeOf(a);
  const sb = b === undefined || b === null ? undefined : shapeOf(b);
  const s = sa ?? sb;
  if (!s || (sa && sb && sa !== sb) || s === 'scalar' || t.atomic) return 'scalar';
  if (s === 'list' && !t.list) return 'scalar';
  if (isEmptyish(a) && isEmptyish(b)) return 'scalar'; // SMD's emptyPromoteToLeaf
  return s;
}

export function toFieldSet(value: unknown, t: TypeNode, path: Path = [], out = new FieldSet()): FieldSet {
  const shape = value === null ? 'scalar' : shapeOf(value);
  if (shape === 'scalar' || t.atomic || (shape === 'list' && !t.list)) {
    out.insert(path);
  } else if (shape === 'map') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = [...path, fieldElement(k)];
      toFieldSet(v, fieldType(t, k), p, out);
      if (isMapEntry(t, k)) out.insert(p);
    }
  } else {
    for (const { pe, item } of indexList(t, value as unknown[], path)) {
      const p = [...path, pe];
      toFieldSet(item, itemType(t), p, out);
      out.insert(p);
    }
  }
  return out;
}

export interface Comparison {
  readonly added: FieldSet;
  readonly removed: FieldSet;
  readonly modified: FieldSet;
}

export function compare(lhs: unknown, rhs: unknown, t: TypeNode): Comparison {
  const c = { added: new FieldSet(), removed: new FieldSet(), modified: new FieldSet() };
  compareInto(lhs, rhs, t, [], c);
  return c;
}

/** `path` is a stack the walk pushes to and pops from; inserts copy what they keep. */
function compareInto(lhs: unknown, rhs: unknown, t: TypeNode, path: PathElement[], c: Comparison): void {
  if (lhs === undefined && path.length > 0) {
    // All of it is new (every field of a create): build that part of Added in place.
    let parent = c.added;
    for (let i = 0; i < path.length - 1; i++) parent = parent.descend(path[i]!);
    const pe = path.pop()!;
    addedSubtree(rhs, t, parent, pe, path);
    path.push(pe);
    return;
  }
  const shape = walkShape(t, lhs, rhs);
  if (shape === 'scalar') {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!deepEqual(lhs, rhs)) c.modified.insert(path);
    return;
  }
  if (shape === 'map') {
    const l = isPlainObject(lhs) ? lhs : {};
    const r = isPlainObject(rhs) ? rhs : {};
    const visit = (k: string) => {
      path.push(fieldElement(k));
      compareInto(l[k], r[k], fieldType(t, k), path, c);
      path.pop();
    };
    for (const k of Object.keys(l)) visit(k);
    for (const k of Object.keys(r)) if (!Object.prototype.hasOwnProperty.call(l, k)) visit(k);
  } else {
    const l = new Map(indexList(t, Array.isArray(lhs) ? lhs : [], path).map((x) => [x.key, x]));
    const r = new Map(indexList(t, Array.isArray(rhs) ? rhs : [], path).map((x) => [x.key, x]));
    for (const k of new Set([...l.keys(), ...r.keys()])) {
      path.push((l.get(k) ?? r.get(k))!.pe);
      compareInto(l.get(k)?.item, r.get(k)?.item, itemType(t), path, c);
      path.pop();
    }
  }
  // A container that appears or disappears as a whole is itself added or removed.
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
}

/**
 * compareInto for a value absent on the left, writing straight into the Added node of its
 * parent: `pe` is Added, and so is everything below it the walk would visit.
 */
function addedSubtree(rhs: unknown, t: TypeNode, parent: FieldSet, pe: PathElement, path: PathElement[]): void {
  parent.insertMember(pe);
  const shape = walkShape(t, undefined, rhs);
  if (shape === 'scalar') return;
  const node = parent.descend(pe);
  path.push(pe);
  if (shape === 'map') {
    const r = rhs as Record<string, unknown>;
    for (const k of Object.keys(r)) addedSubtree(r[k], fieldType(t, k), node, fieldElement(k), path);
  } else {
    for (const { pe: item, item: v } of indexList(t, rhs as unknown[], path)) addedSubtree(v, itemType(t), node, item, path);
  }
  path.pop();
}

/**
 * The object as kube's typed converter sees it: fields Go always writes (`spec: {}`,
 * `containers: null`, `resources: {}`) filled in where absent. Copy on write: parts that gain
 * nothing are returned as they are (callers treat the result as read-only).
 */
export function withZeroFields(value: unknown, t: TypeNode): unknown {
  if (!hasZeroFields(t)) return value;
  if (Array.isArray(value)) {
    if (!t.list) return value;
    const items = value.map((x) => withZeroFields(x, itemType(t)));
    return items.every((x, i) => x === value[i]) ? value : items;
  }
  if (!isPlainObject(value) || t.atomic) return value;
  let out: Record<string, unknown> | undefined;
  const write = (k: string, v: unknown) => {
    out ??= { ...value };
    setMember(out, k, v);
  };
  for (const [k, v] of Object.entries(value)) {
    const z = withZeroFields(v, fieldType(t, k));
    if (z !== v) write(k, z);
  }
  for (const [k, f] of Object.entries(t.fields ?? {})) {
    if (f.zero !== undefined && !Object.prototype.hasOwnProperty.call(value, k)) write(k, withZeroFields(deepClone(f.zero), f));
  }
  return out ?? value;
}
