/**
 * The field manager: server-side apply, and the managedFields bookkeeping of every other write.
 *
 * Contract: pure (time comes in `scope.now`); inputs are never mutated.
 * - `applyConfiguration(live, config, manager, force, scope)`: merges the applied configuration
 *   into `live` (an empty `{metadata:{name,namespace}}` on create), removes what `manager`
 *   applied last time and no longer applies unless another manager owns it, and records the
 *   manager's new field set (operation Apply). A field owned by another manager whose value
 *   changes is an ApplyConflict (409) unless `force`, which takes it over. Manager `kubectl`
 *   is forgiven conflicts on fields still equal to its last-applied annotation, and keeps that
 *   annotation current when present.
 * - `recordUpdate(live, next, manager, scope)`: `next` with its managedFields updated for a
 *   create/update/patch by `manager` (operation Update): the fields the write changed become the
 *   manager's and leave every other manager; fields it removed leave everyone. managedFields
 *   sent by the client replace the live ones on main-resource writes (`[]` resets them); an
 *   object that has none is not tracked after creation (kube's skip-non-applied rule).
 * Status: on the main resource `.status` is neither owned nor compared (the registry keeps the
 * stored status); on `/status` only `.status` is, on `/scale` only `.spec.replicas`.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/{fieldmanager.go,
 * structuredmerge.go,stripmeta.go,managedfieldsupdater.go,skipnonapplied.go,versioncheck.go},
 * sigs.k8s.io/structured-merge-diff merge/update.go
 */
import { metaTime } from '../metaTime.js';
import { BadRequest } from '../errors.js';
import { unclassifiedPatchError } from '../patch/patchErrors.js';
import { deepEqual } from '../patch/jsonValue.js';
import type { KubeObject, ObjectMeta } from '../types.js';
import { isPlainObject } from '../types.js';
import { applySchemaFor, fieldType, hasStatusSubresource, itemType, type TypeNode } from './applySchema.js';
import { unknownFieldSegments, type FieldSegments } from '../openapi/unknownFields.js';
import type { Definitions } from '../openapi/schema.js';
import { ApplyConflict, conflictsFrom } from './conflicts.js';
import { fieldElement, pathString, type Path, type PathElement } from './fieldPath.js';
import { FieldSet, fieldPath } from './fieldSet.js';
import { allowedConflicts, hasLastApplied, withLastApplied } from './lastApplied.js';
import {
  capUpdateManagers, decodeManagedFields, encodeManagedFields, isResetRequest, managerIdentifier, type Managed, type ManagedSet, type ManagerInfo,
} from './managedFields.js';
import { merge, removeItems } from './typedMerge.js';
import { ApplyTypeError, compare, listItemElement, toFieldSet, withZeroFields, type Comparison } from './typedWalk.js';

export interface ManagerScope {
  readonly kind: string;
  /** `v1`, `apps/v1`. */
  readonly apiVersion: string;
  /** `scale` writes reach only `.spec.replicas` (the Scale's spec.replicas on the parent). */
  readonly subresource?: 'status' | 'scale';
  readonly now: Date;
  /** The kind has a status subresource (default: the built-in kind's resource row). */
  readonly statusSubresource?: boolean;
  /** Scheme defaulting (kube's decoder runs it before the field manager sees a written object). */
  readonly defaults?: (obj: KubeObject) => KubeObject;
  /** The kind's type (a server passes its scheme's; default: the built-in kind's). */
  readonly schema?: TypeNode;
  /** The definitions undeclared applied fields are checked against (default: the built-in kinds'). */
  readonly definitions?: Readonly<Definitions>;
}

/** Fields the field manager never records (stripmeta.go). */
const stripped = FieldSet.of(
  ...[[], ['name'], ['namespace'], ['creationTimestamp'], ['selfLink'], ['uid'], ['clusterName'], ['generation'], ['managedFields'], ['resourceVersion']]
    .map((p) => fieldPath('metadata', ...p)),
  fieldPath('apiVersion'),
  fieldPath('kind'),
);

const statusPath: Path = [fieldElement('status')];
const replicasPath: Path = [fieldElement('spec'), fieldElement('replicas')];

let lastStamp = { second: NaN, text: '' };

/** RFC 3339 with seconds, as kube writes managedFields times (cached: many writes share a second). */
function timestamp(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastStamp.second) lastStamp = { second, text: metaTime(d) };
  return lastStamp.text;
}

/** `meta` without managedFields (a copy only when there is something to drop). */
function metaWithout(meta: ObjectMeta | undefined): ObjectMeta {
  if (!meta) return {};
  if (!Object.prototype.hasOwnProperty.call(meta, 'managedFields')) return meta;
  const out: ObjectMeta = {};
  for (const k of Object.keys(meta)) if (k !== 'managedFields') out[k] = meta[k];
  return out;
}

function withoutManagedFields(o: KubeObject): KubeObject {
  const metadata = metaWithout(o.metadata);
  return metadata === o.metadata ? o : { ...o, metadata };
}

/** What the registry stores of `next`: main-resource writes keep the stored status, `/status` writes only change status. */
function project(old: KubeObject, next: KubeObject, scope: ManagerScope): KubeObject {
  if (scope.subresource === 'status') return setStatus(old, next.status);
  return hasStatus(scope) ? setStatus(next, old.status) : next;
}

function setStatus(o: KubeObject, status: unknown): KubeObject {
  const { status: _s, ...rest } = o;
  return (status === undefined ? rest : { ...rest, status }) as KubeObject;
}

/** Limits a field set to what this write may own. */
function scoped(set: FieldSet, scope: ManagerScope): FieldSet {
  if (scope.subresource === 'status') return set.intersection(FieldSet.of(statusPath)).union(prefixed(set, 'status'));
  if (scope.subresource === 'scale') return set.intersection(FieldSet.of(replicasPath));
  return hasStatus(scope) ? set.recursiveDifference(FieldSet.of(statusPath)) : set;
}

function hasStatus(scope: ManagerScope): boolean {
  return scope.statusSubresource ?? hasStatusSubresource(scope.kind);
}

function prefixed(set: FieldSet, field: string): FieldSet {
  const out = new FieldSet();
  set.withPrefix(fieldElement(field)).iterate((p) => out.insert([fieldElement(field), ...p]));
  return out;
}

function compareObjects(old: KubeObject, next: KubeObject, schema: TypeNode): Comparison {
  return compare(withZeroFields(old, schema), withZeroFields(next, schema), schema);
}

/**
 * Every other manager loses the fields `cmp` changed (a conflict unless `force`) and the fields
 * it removed; managers left with nothing are dropped.
 */
function takeOwnership(managed: Managed, selfId: string, cmp: Comparison, force: boolean): Managed {
  const changed = cmp.modified.union(cmp.added);
  const conflicts = new Map<string, { manager: ManagedSet; set: FieldSet }>();
  for (const [id, m] of managed) {
    if (id === selfId) continue;
    const c = m.set.intersection(changed);
    if (!c.isEmpty()) conflicts.set(id, { manager: m, set: c });
  }
  if (!force && conflicts.size) throw new ApplyConflict(conflictsFrom(conflicts));
  const out: Managed = new Map();
  for (const [id, m] of managed) {
    const set = id === selfId ? m.set : m.set.difference(conflicts.get(id)?.set ?? new FieldSet()).difference(cmp.removed);
    if (!set.isEmpty()) out.set(id, set === m.set ? m : { ...m, set });
  }
  return out;
}

function typeError(what: string, obj: KubeObject, scope: ManagerScope, e: unknown): never {
  if (!(e instanceof ApplyTypeError)) throw e;
  const [group, version] = splitApiVersion(scope.apiVersion);
  const m = obj.metadata ?? {};
  const nn = `${m.namespace ?? ''}/${m.name ?? ''}`;
  throw unclassifiedPatchError(`failed to create typed ${what} object (${nn}; ${group}/${version}, Kind=${scope.kind}): ${e.message}`);
}

function checkConfig(config: unknown, scope: ManagerScope): asserts config is KubeObject {
  if (!isPlainObject(config)) throw new BadRequest('error decoding YAML: the applied configuration must be an object');
  const av = typeof config.apiVersion === 'string' ? config.apiVersion : '';
  const kind = typeof config.kind === 'string' ? config.kind : '';
  if (av !== scope.apiVersion || kind !== scope.kind) {
    const [group, version] = splitApiVersion(av);
    throw new BadRequest(`invalid object type: ${group}/${version}, Kind=${kind}`);
  }
  if (isPlainObject(config.metadata) && config.metadata.managedFields != null) throw new BadRequest('metadata.managedFields must be nil');
}

/**
 * Fields of an applied configuration that the kind's schema does not declare, refused the way
 * SMD's typed converter refuses them (whatever fieldValidation says): `.spec.bogus: field not
 * declared in schema`. SMD stops at the first such field of each object, in Go's (random) map
 * order; this reports the first in document order.
 */
function checkDeclared(config: KubeObject, schema: TypeNode, scope: ManagerScope): void {
  const [group, version] = splitApiVersion(scope.apiVersion);
  const parents = new Set<string>();
  const errs: string[] = [];
  for (const segs of unknownFieldSegments({ group, version, kind: scope.kind }, config, scope.definitions)) {
    const parent = JSON.stringify(segs.slice(0, -1));
    if (parents.has(parent)) continue;
    parents.add(parent);
    errs.push(`${pathString(smdPath(config, segs, schema))}: field not declared in schema`);
  }
  if (errs.length === 1) throw new ApplyTypeError(errs[0]);
  if (errs.length) throw new ApplyTypeError(['errors:', ...errs.map((e) => `  ${e}`)].join('\n'));
}

/** A decoder path as SMD names it: list items by their key (`[port=80,protocol="TCP"]`) or value. */
function smdPath(obj: unknown, segs: FieldSegments, schema: TypeNode): Path {
  const path: PathElement[] = [];
  let t = schema;
  let v = obj;
  for (const s of segs) {
    if (typeof s === 'number') {
      const item = (v as unknown[])[s];
      path.push(listItemElement(t, item, s, path));
      v = item;
      t = itemType(t);
    } else {
      path.push(fieldElement(s));
      v = (v as Record<string, unknown>)[s];
      t = fieldType(t, s);
    }
  }
  return path;
}

function splitApiVersion(apiVersion: string): [string, string] {
  return apiVersion.includes('/') ? (apiVersion.split('/', 2) as [string, string]) : ['', apiVersion];
}

export function applyConfiguration(live: KubeObject, config: unknown, manager: string, force: boolean, scope: ManagerScope): KubeObject {
  checkConfig(config, scope);
  let managed: Managed;
  try {
    managed = decodeManagedFields(live.metadata?.managedFields);
  } catch (e) {
    throw unclassifiedPatchError(`failed to decode managed fields: ${(e as Error).message}`);
  }
  const schema = scope.schema ?? applySchemaFor(scope.kind);
  let configSet: FieldSet;
  try {
    checkDeclared(config, schema, scope);
    configSet = scoped(toFieldSet(config, schema), scope);
  } catch (e) {
    typeError('patch', config, scope, e);
  }
  try {
    toFieldSet(live, schema);
  } catch (e) {
    typeError('live', live, scope, e);
  }
  const info: ManagerInfo = { manager, operation: 'Apply', apiVersion: scope.apiVersion, subresource: scope.subresource };
  const run = (f: boolean) => applyCore(live, config, configSet, info, f, managed, schema, scope);
  let r: ReturnType<typeof run>;
  try {
    r = run(force);
  } catch (e) {
    // lastappliedmanager.go: upgrading from client-side apply forgives fields it still agrees on.
    if (!(e instanceof ApplyConflict) || manager !== 'kubectl') throw e;
    const allowed = allowedConflicts(live, schema);
    if (!allowed) throw e;
    const remaining = e.conflicts.filter((c) => !allowed.has(c.path));
    if (remaining.length) throw new ApplyConflict(remaining);
    r = run(true);
  }
  let obj = r.obj;
  if (manager === 'kubectl' && hasLastApplied(obj)) obj = withLastApplied(obj, config);
  return withManagedFields(obj, r.managed);
}

function applyCore(
  live: KubeObject, config: KubeObject, configSet: FieldSet, info: ManagerInfo, force: boolean, managed: Managed, schema: TypeNode, scope: ManagerScope,
): { obj: KubeObject; managed: Managed } {
  const id = managerIdentifier(info);
  const old = withoutManagedFields(live);
  const merged = project(old, (merge(old, config, schema) ?? {}) as KubeObject, scope);
  const last = managed.get(id);
  const withNew: Managed = new Map(managed).set(id, { ...info, set: configSet, time: last?.time });
  const pruned = prune(merged, withNew, last?.set, schema);
  let out = takeOwnership(withNew, id, compareObjects(old, pruned, schema), force);
  const mine = out.get(id);
  if (mine) {
    const set = mine.set.difference(stripped);
    out = new Map(out);
    if (set.isEmpty()) out.delete(id);
    else out.set(id, { ...mine, set, time: deepEqual(old, pruned) ? mine.time : timestamp(scope.now) });
  }
  return { obj: pruned, managed: capUpdateManagers(out) };
}

/**
 * Removes what the applier owned last time and nobody (itself included) owns now. Struct fields
 * count as owned when anything below them is, so a parent is never removed under an owned child.
 */
function prune(merged: KubeObject, managed: Managed, lastSet: FieldSet | undefined, schema: TypeNode): KubeObject {
  if (!lastSet || lastSet.isEmpty()) return merged;
  let owned = new FieldSet();
  for (const m of managed.values()) owned = owned.union(m.set);
  const toRemove = lastSet.ensureNamedFieldsAreMembers().difference(owned.ensureNamedFieldsAreMembers());
  return (removeItems(merged, toRemove, schema) ?? {}) as KubeObject;
}

function withManagedFields(obj: KubeObject, managed: Managed): KubeObject {
  const entries = encodeManagedFields(managed);
  const metadata = metaWithout(obj.metadata);
  return { ...obj, metadata: entries.length ? { ...metadata, managedFields: entries } : metadata };
}

/** The pseudo-manager an update is computed as before it is merged into the real one. */
const currentOperation = '"current-operation"';

export function recordUpdate(live: KubeObject | undefined, next: KubeObject, manager: string, scope: ManagerScope): KubeObject {
  let managed: Managed;
  try {
    const sent = next.metadata?.managedFields;
    if (scope.subresource) managed = decodeManagedFields(live?.metadata.managedFields);
    else if (isResetRequest(sent)) managed = new Map();
    else managed = decodeOrElse(sent, () => decodeManagedFields(live?.metadata.managedFields));
  } catch {
    return withManagedFields(next, new Map()); // fieldmanager's UpdateNoErrors: clear, never fail the write
  }
  if (managed.size === 0 && live?.metadata?.uid) return withManagedFields(next, managed);
  const schema = scope.schema ?? applySchemaFor(scope.kind);
  const old = live ? withoutManagedFields(live) : ({ metadata: {} } as KubeObject);
  const bare = withoutManagedFields(next);
  const seen = project(old, scope.defaults ? scope.defaults(bare) : bare, scope);
  let cmp: Comparison;
  try {
    cmp = compareObjects(old, seen, schema);
  } catch (e) {
    if (e instanceof ApplyTypeError) return withManagedFields(next, new Map());
    throw e;
  }
  let out = takeOwnership(managed, currentOperation, cmp, true);
  const changed = scoped(cmp.modified.union(cmp.added).difference(cmp.removed), scope).difference(stripped);
  if (!changed.isEmpty()) {
    const info: ManagerInfo = { manager, operation: 'Update', apiVersion: scope.apiVersion, subresource: scope.subresource };
    const id = managerIdentifier(info);
    const prev = out.get(id);
    out = new Map(out).set(id, { ...info, set: prev ? changed.union(prev.set) : changed, time: timestamp(scope.now) });
  }
  return withManagedFields(next, capUpdateManagers(out));
}

function decodeOrElse(sent: unknown, fallback: () => Managed): Managed {
  try {
    const m = decodeManagedFields(sent);
    if (m.size) return m;
  } catch {
    // kube falls back to the live object's managedFields when the sent ones do not decode
  }
  return fallback();
}
