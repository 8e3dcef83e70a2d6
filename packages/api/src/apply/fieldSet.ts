/**
 * A set of field paths stored as a trie, with the fieldsV1 wire form managedFields carry.
 *
 *   path .spec.ports[port=80,protocol="TCP"].port     fieldsV1 {"f:spec":{"f:ports":{
 *   path .spec.ports[port=80,protocol="TCP"]     →        "k:{\"port\":80,\"protocol\":\"TCP\"}":{
 *                                                           ".":{},"f:port":{}}}}}
 *
 * A node is a *member* when its own path is in the set (`"."` inside an object, or an empty
 * object `{}` for a leaf) and has *children* for longer paths. The empty path is never a member
 * (SMD does not track ownership of the whole object).
 *
 * Contract: `insert` and `descend` mutate and are for building a set; every other operation
 * returns a set that may share nodes with its operands, so a set is immutable once built. Set
 * algebra follows SMD: `difference` removes exact members only, `recursiveDifference` also drops
 * everything below the other set's members. Iteration is in SMD's order: a node's members
 * first, then its children, each sorted by `compareElements`.
 * Upstream: sigs.k8s.io/structured-merge-diff fieldpath/{set.go,serialize.go}
 */
import { isPlainObject } from '../types.js';
import { compareElements, compareStrings, fieldElement, parseElement, serializeElement, type Path, type PathElement } from './fieldPath.js';

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

export class FieldSet {
  /** Serialized element → element, for paths of length 1 relative to this node. */
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: Path): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) node = node.descend(path[i]!);
    const last = path[path.length - 1]!;
    node.members.set(serializeElement(last), last);
  }

  /** Makes the one-element path `pe` a member of this node (mutating, like insert). */
  insertMember(pe: PathElement): void {
    this.members.set(serializeElement(pe), pe);
  }

  /** The node below `pe`, created if missing (mutating, like insert; for builders and parsing). */
  descend(pe: PathElement): FieldSet {
    const k = serializeElement(pe);
    let c = this.children.get(k);
    if (!c) {
      c = { pe, set: new FieldSet() };
      this.children.set(k, c);
    }
    return c.set;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node; i++) node = node.children.get(serializeElement(path[i]!))?.set;
    return !!node && node.members.has(serializeElement(path[path.length - 1]!));
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const c of this.children.values()) if (!c.set.isEmpty()) return false;
    return true;
  }

  /** The paths below `pe`, relative to it (empty when there are none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializeElement(pe))?.set ?? new FieldSet();
  }

  union(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    const out = new FieldSet();
    for (const [k, pe] of this.members) out.members.set(k, pe);
    for (const [k, pe] of o.members) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      out.children.set(k, oc ? { pe: c.pe, set: c.set.union(oc.set) } : c);
    }
    for (const [k, c] of o.children) if (!this.children.has(k)) out.children.set(k, c);
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (o.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc) continue;
      const r = c.set.intersection(oc.set);
      if (!r.isEmpty()) out.children.set(k, { pe: c.pe, set: r });
    }
    return out;
  }

  difference(o: FieldSet): FieldSet {
    return this.subtract(o, false);
  }

  /** Like difference, and a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    return this.subtract(o, true);
  }

  private subtract(o: FieldSet, recursive: boolean): FieldSet {
    if (o.members.size === 0 && o.children.size === 0) return this;
    const out = new FieldSet();
    for (const [k, pe] of this.members) if (!o.members.has(k)) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      if (recursive && o.members.has(k)) continue;
      const oc = o.children.get(k);
      if (!oc) {
        out.children.set(k, c);
        continue;
      }
      const r = c.set.subtract(oc.set, recursive);
      if (!r.isEmpty()) out.children.set(k, { pe: c.pe, set: r });
    }
    return out;
  }

  /**
   * Every field-name node that has something below it becomes a member too. SMD does this for
   * struct fields only; every object here is treated as a struct, so map keys with content below
   * them (rare: maps of objects) count as well.
   */
  ensureNamedFieldsAreMembers(): FieldSet {
    const out = new FieldSet();
    for (const [k, pe] of this.members) out.members.set(k, pe);
    for (const [k, c] of this.children) {
      const sub = c.set.ensureNamedFieldsAreMembers();
      if (sub.isEmpty()) continue;
      out.children.set(k, { pe: c.pe, set: sub });
      if (c.pe.kind === 'field') out.members.set(k, c.pe);
    }
    return out;
  }

  /** Calls `fn` for every path, members of a node before its children, each group sorted. */
  iterate(fn: (path: Path) => void, prefix: Path = []): void {
    for (const pe of sortedValues(this.members)) fn([...prefix, pe]);
    for (const c of sortedChildren(this.children)) c.set.iterate(fn, [...prefix, c.pe]);
  }

  paths(): Path[] {
    const out: Path[] = [];
    this.iterate((p) => out.push(p));
    return out;
  }

  /** The fieldsV1 JSON object: members and children interleaved in element order, `"."` first. */
  toFieldsV1(): Record<string, unknown> {
    return this.writeFieldsV1({});
  }

  private writeFieldsV1(out: Record<string, unknown>): Record<string, unknown> {
    const keys = [...this.members.keys()];
    let allFields = true;
    for (const pe of this.members.values()) if (pe.kind !== 'field') allFields = false;
    for (const [k, c] of this.children) {
      if (c.pe.kind !== 'field') allFields = false;
      if (!this.members.has(k)) keys.push(k);
    }
    // Field elements sort by name, which is their key text after the shared `f:`.
    if (allFields) keys.sort(compareStrings);
    else keys.sort((a, b) => compareElements(this.elementOf(a), this.elementOf(b)));
    for (const k of keys) {
      const c = this.children.get(k);
      const body: Record<string, unknown> = c && this.members.has(k) ? { '.': {} } : {};
      if (k === '__proto__') Object.defineProperty(out, k, { value: body, enumerable: true, writable: true, configurable: true });
      else out[k] = body;
      c?.set.writeFieldsV1(body);
    }
    return out;
  }

  private elementOf(k: string): PathElement {
    return this.members.get(k) ?? this.children.get(k)!.pe;
  }

  /** Parses fieldsV1; a malformed document throws an Error. */
  static fromFieldsV1(v: unknown): FieldSet {
    const out = new FieldSet();
    readInto(out, v);
    return out;
  }
}

function readInto(node: FieldSet, v: unknown): void {
  if (!isPlainObject(v)) throw new Error('expected an object');
  for (const [k, body] of Object.entries(v)) {
    if (k === '.') continue;
    if (!isPlainObject(body)) throw new Error(`expected an object at ${k}`);
    const pe = parseElement(k);
    const keys = Object.keys(body);
    if (keys.length === 0 || keys.includes('.')) node.insert([pe]);
    if (keys.some((x) => x !== '.')) readInto(node.descend(pe), body);
  }
}

function sortedValues(m: Map<string, PathElement>): PathElement[] {
  return [...m.values()].sort(compareElements);
}

function sortedChildren(m: Map<string, Child>): Child[] {
  return [...m.values()].sort((a, b) => compareElements(a.pe, b.pe));
}

/** Builds a path from dotted field names, for tables and tests: `fieldPath('metadata', 'name')`. */
export function fieldPath(...names: string[]): Path {
  return names.map(fieldElement);
}
