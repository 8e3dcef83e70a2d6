/**
 * `metadata.managedFields` in and out: the decoded form is one field set per manager identity,
 * keyed the way kube keys them.
 *
 * Contract: pure. A manager's identity is the JSON of its entry without time and fields, and
 * without apiVersion for appliers (so an applier keeps one entry across versions):
 * `{"manager":"kubectl","operation":"Apply"}`,
 * `{"manager":"kubectl-edit","operation":"Update","apiVersion":"v1"}`.
 * `decodeManagedFields` throws ManagedFieldsError on an invalid entry (later duplicates win);
 * `encodeManagedFields` drops empty sets and sorts as kube does: Apply before Update, then by
 * time (seconds; none counts as 0), manager, apiVersion, subresource.
 * `capUpdateManagers` folds the oldest Update entries beyond `max` into one "ancient-changes"
 * entry per apiVersion.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/util/managedfields/internal/{managedfields.go,
 * buildmanagerinfo.go,capmanagers.go}
 */
import type { ManagedFieldsEntry } from '../types.js';
import { isPlainObject } from '../types.js';
import { FieldSet } from './fieldSet.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerInfo {
  readonly manager: string;
  readonly operation: Operation;
  readonly apiVersion: string;
  readonly subresource?: string;
}

export interface ManagedSet extends ManagerInfo {
  readonly set: FieldSet;
  /** RFC 3339, seconds. */
  readonly time?: string;
}

/** Identity → the manager's fields. */
export type Managed = Map<string, ManagedSet>;

export class ManagedFieldsError extends Error {
  override name = 'ManagedFieldsError';
}

export function managerIdentifier(m: ManagerInfo): string {
  let id = `{"manager":${JSON.stringify(m.manager)},"operation":"${m.operation}"`;
  if (m.operation === 'Update' && m.apiVersion) id += `,"apiVersion":${JSON.stringify(m.apiVersion)}`;
  if (m.subresource) id += `,"subresource":${JSON.stringify(m.subresource)}`;
  return `${id}}`;
}

/** `[]` or a single empty entry: the client asks for managedFields to be reset. */
export function isResetRequest(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  if (entries.length === 0) return true;
  return entries.length === 1 && isPlainObject(entries[0]) && Object.keys(entries[0]).length === 0;
}

export function decodeManagedFields(entries: unknown): Managed {
  const out: Managed = new Map();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) throw new ManagedFieldsError('managedFields must be a list');
  entries.forEach((e: unknown, i) => {
    if (!isPlainObject(e)) throw new ManagedFieldsError(`managed fields entry ${i} must be an object`);
    const { manager = '', operation, apiVersion, fieldsType, fieldsV1, subresource, time } = e as ManagedFieldsEntry;
    if (operation !== 'Apply' && operation !== 'Update') throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    if (typeof apiVersion !== 'string' || apiVersion.length < 1) throw new ManagedFieldsError('apiVersion must not be empty');
    if (fieldsType === undefined || fieldsType === '') throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new ManagedFieldsError(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    let set: FieldSet;
    try {
      set = fieldsV1 === undefined || fieldsV1 === null ? new FieldSet() : FieldSet.fromFieldsV1(fieldsV1);
    } catch (err) {
      throw new ManagedFieldsError(`error decoding versioned set from entry ${i}: ${(err as Error).message}`);
    }
    const info: ManagerInfo = { manager: String(manager), operation, apiVersion, subresource: typeof subresource === 'string' && subresource ? subresource : undefined };
    out.set(managerIdentifier(info), { ...info, set, time: typeof time === 'string' ? time : undefined });
  });
  return out;
}

function seconds(time: string | undefined): number {
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(t) ? 0 : Math.floor(t / 1000);
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] {
  const sets = [...managed.values()].filter((m) => !m.set.isEmpty());
  sets.sort(
    (p, q) =>
      byString(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      byString(p.manager, q.manager) ||
      byString(p.apiVersion, q.apiVersion) ||
      byString(p.subresource ?? '', q.subresource ?? ''),
  );
  return sets.map((m) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = m.set.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

export const maxUpdateManagers = 10;
const ancientChanges = 'ancient-changes';

export function capUpdateManagers(managed: Managed, max = maxUpdateManagers): Managed {
  if (managed.size <= max) return managed;
  const updaters = [...managed.entries()].filter(([, m]) => m.operation === 'Update');
  if (updaters.length <= max) return managed;
  updaters.sort(([ia, a], [ib, b]) => seconds(a.time) - seconds(b.time) || byString(ia, ib));
  const out: Managed = new Map(managed);
  const firstOfVersion = new Map<string, string>();
  let length = updaters.length;
  for (const [id, m] of updaters) {
    if (length <= max) break;
    const first = firstOfVersion.get(m.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(m.apiVersion, id);
      continue;
    }
    const bucketInfo: ManagerInfo = { manager: ancientChanges, operation: 'Update', apiVersion: m.apiVersion };
    const bucket = managerIdentifier(bucketInfo);
    let acc = out.get(bucket);
    if (!acc) {
      acc = { ...bucketInfo, set: out.get(first)!.set };
      out.delete(first);
    }
    out.set(bucket, { ...bucketInfo, set: m.set.union(acc.set), time: m.time });
    out.delete(id);
    length--;
  }
  return out;
}
