/**
 * RFC 6902 JSON Patch, with the behaviour of the library kube-apiserver uses
 * (gopkg.in/evanphx/json-patch.v4 with negative indices enabled).
 *
 * Contract:
 * - `decodeJsonPatch(body)` checks the shape kube decodes a JSON patch into: an array (or null)
 *   of objects whose op/path/from are strings; anything else is a BadRequest with kube's
 *   `error decoding patch: json: cannot unmarshal ...` wording. More than 10000 operations is a
 *   413, as in kube.
 * - `applyJsonPatch(doc, ops)` returns a new document and never mutates `doc` or `ops`.
 *   Operations run in order; the first failure throws `patchNotApplied` (422, kube's generic
 *   text, the real reason on `cause`) and nothing is returned.
 * - Pointers: `/a/b`, `~1` → `/`, `~0` → `~`; `-` appends; array indexes may be negative (count
 *   from the end) as in json-patch v4. Kube quirks kept: the root pointer "" addresses nothing;
 *   `replace` of a missing object member adds it; `test` of a missing or null member against
 *   `null` passes.
 * Upstream: github.com/evanphx/json-patch v4 (patch.go), staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go
 */
import { BadRequest } from '../errors.js';
import { isPlainObject } from '../types.js';
import { goJsonKind } from './goJsonText.js';
import { deepClone, deepEqual, type JsonMap } from './jsonValue.js';
import { patchNotApplied, tooManyJsonPatchOperations } from './patchErrors.js';

export const maxJSONPatchOperations = 10000;

export type JsonPatchOperation = Readonly<Record<string, unknown>>;

/**
 * The decode kube runs on a JSON patch body under its default field validation (Warn/Strict):
 * kjson.UnmarshalStrict into []jsonPatchOp, whose op/path/from are strings.
 */
export function decodeJsonPatch(body: unknown): JsonPatchOperation[] {
  const fail = (msg: string) => new BadRequest(`error decoding patch: json: cannot unmarshal ${msg}`);
  if (body === null) return [];
  if (!Array.isArray(body)) throw fail(`${goJsonKind(body)} into Go value of type []handlers.jsonPatchOp`);
  for (const op of body) {
    if (op === null) continue;
    if (!isPlainObject(op)) throw fail(`${goJsonKind(op)} into Go value of type handlers.jsonPatchOp`);
    for (const name of ['op', 'path', 'from']) {
      const v = op[name];
      if (v !== undefined && v !== null && typeof v !== 'string') throw fail(`${goJsonKind(v)} into Go struct field jsonPatchOp.${name} of type string`);
    }
  }
  if (body.length > maxJSONPatchOperations) throw tooManyJsonPatchOperations(maxJSONPatchOperations, body.length);
  return body.map((op) => (op ?? {}) as JsonPatchOperation);
}

type Container = JsonMap | unknown[];

/** A string member, or "unknown" as json-patch v4 reads a missing/non-string `op`/`path`/`from`. */
function str(op: JsonPatchOperation, name: string): string {
  const v = op[name];
  return typeof v === 'string' ? v : 'unknown';
}

function decodeKey(k: string): string {
  return k.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** strconv.Atoi then v4's negative-index rule; `extra` is 1 for insertion (one past the end is legal). */
function arrayIndex(ary: unknown[], key: string, extra: 0 | 1): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(key)) return undefined;
  let idx = Number(key);
  const size = ary.length + extra;
  if (idx < 0) {
    if (idx < -size) return undefined;
    idx += size;
  }
  return idx < size ? idx : undefined;
}

/** findObject: the container holding the pointer's last token, and that token. */
function findParent(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2 || split[0] !== '') return undefined;
  let cur: unknown = doc;
  for (const raw of split.slice(1, -1)) {
    const part = decodeKey(raw);
    let next: unknown;
    if (Array.isArray(cur)) {
      const i = arrayIndex(cur, part, 0);
      next = i === undefined ? undefined : cur[i];
    } else {
      next = (cur as JsonMap)[part];
    }
    if (!Array.isArray(next) && !isPlainObject(next)) return undefined;
    cur = next;
  }
  return { con: cur as Container, key: decodeKey(split[split.length - 1]!) };
}

interface Got {
  ok: boolean;
  value: unknown;
}

function get(con: Container, key: string): Got {
  if (Array.isArray(con)) {
    const i = arrayIndex(con, key, 0);
    return i === undefined ? { ok: false, value: undefined } : { ok: true, value: con[i] };
  }
  // v4 never fails a member lookup; a missing member reads as null.
  return { ok: true, value: Object.prototype.hasOwnProperty.call(con, key) ? con[key] : null };
}

function add(con: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(con)) {
    con[key] = value;
    return undefined;
  }
  if (key === '-') {
    con.push(value);
    return undefined;
  }
  const i = arrayIndex(con, key, 1);
  if (i === undefined) return `Unable to access invalid index: ${key}`;
  con.splice(i, 0, value);
  return undefined;
}

function remove(con: Container, key: string): string | undefined {
  if (!Array.isArray(con)) {
    if (!Object.prototype.hasOwnProperty.call(con, key)) return `Unable to remove nonexistent key: ${key}: missing value`;
    delete con[key];
    return undefined;
  }
  const i = arrayIndex(con, key, 0);
  if (i === undefined) return `Unable to access invalid index: ${key}`;
  con.splice(i, 1);
  return undefined;
}

function set(con: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(con)) {
    con[key] = value;
    return undefined;
  }
  const i = arrayIndex(con, key, 0);
  if (i === undefined) return `Unable to access invalid index: ${key}`;
  con[i] = value;
  return undefined;
}

/** Runs one operation against the working copy; returns an error text or undefined. */
function applyOne(doc: Container, op: JsonPatchOperation): string | undefined {
  const kind = str(op, 'op');
  const path = str(op, 'path');
  const value = () => deepClone(op.value ?? null);
  switch (kind) {
    case 'add': {
      const t = findParent(doc, path);
      if (!t) return `add operation does not apply: doc is missing path: "${path}": missing value`;
      return add(t.con, t.key, value());
    }
    case 'remove': {
      const t = findParent(doc, path);
      if (!t) return `remove operation does not apply: doc is missing path: "${path}": missing value`;
      return remove(t.con, t.key);
    }
    case 'replace': {
      const t = findParent(doc, path);
      if (!t) return `replace operation does not apply: doc is missing path: ${path}: missing value`;
      if (!get(t.con, t.key).ok) return `replace operation does not apply: doc is missing key: ${path}: missing value`;
      return set(t.con, t.key, value());
    }
    case 'test': {
      const t = findParent(doc, path);
      if (!t) return `test operation does not apply: is missing path: ${path}: missing value`;
      const got = get(t.con, t.key);
      if (!got.ok) return `error in test for path: '${path}'`;
      // A JSON null member reads like a missing one; both pass a test against null.
      return deepEqual(got.value ?? null, op.value ?? null) ? undefined : `testing value ${path} failed: test failed`;
    }
    case 'move':
    case 'copy':
      return moveOrCopy(doc, op, kind);
    default:
      return `Unexpected kind: ${kind}`;
  }
}

function moveOrCopy(doc: Container, op: JsonPatchOperation, kind: 'move' | 'copy'): string | undefined {
  const from = str(op, 'from');
  const src = findParent(doc, from);
  if (!src) return `${kind} operation does not apply: doc is missing from path: ${from}: missing value`;
  const got = get(src.con, src.key);
  const present = Array.isArray(src.con) ? got.ok : Object.prototype.hasOwnProperty.call(src.con, src.key);
  if (!present) return `${kind} operation does not apply: doc is missing from path: ${from}: missing value`;
  if (kind === 'move') {
    const err = remove(src.con, src.key);
    if (err) return `error in move for path: '${src.key}': ${err}`;
  }
  const path = str(op, 'path');
  const dst = findParent(doc, path);
  if (!dst) return `${kind} operation does not apply: doc is missing destination path: ${path}: missing value`;
  return add(dst.con, dst.key, kind === 'copy' ? deepClone(got.value) : got.value);
}

/** Applies decoded operations to a copy of `doc`. */
export function applyJsonPatch(doc: unknown, ops: readonly JsonPatchOperation[]): unknown {
  if (!Array.isArray(doc) && !isPlainObject(doc)) throw patchNotApplied('the document is not a JSON object or array');
  const work = deepClone(doc) as Container;
  for (const op of ops) {
    const err = applyOne(work, op);
    if (err !== undefined) throw patchNotApplied(err);
  }
  return work;
}
