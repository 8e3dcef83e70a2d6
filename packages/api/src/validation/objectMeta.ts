/**
 * ObjectMeta validation on create and update, with kube's field paths and messages.
 *
 * Contract: both functions return every problem found (never throw), in kube's order:
 * generateName, name, namespace, generation, labels, annotations, ownerReferences, finalizers on
 * create; deletion-time finalizers, generation, immutable fields, then the same label/annotation/
 * ownerReference/finalizer checks on update. Map entries are visited in insertion order.
 * Not checked here: resourceVersion presence on update (the store decides, since Services and
 * Endpoints allow unconditional updates) and managedFields.
 * Upstream: staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go,
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go (ValidateLabels)
 */
import { field, type FieldError } from '../fieldError.js';
import type { ObjectMeta, OwnerReference } from '../types.js';
import { byteLength, isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameValidator } from './names.js';

export const FieldImmutableErrorMsg = 'field is immutable';
/** 256 KiB: the total of all annotation keys and values, in bytes. */
export const TotalAnnotationSizeLimitB = 256 * (1 << 10);
const FinalizerOrphanDependents = 'orphan';
const FinalizerDeleteDependents = 'foregroundDeletion';

export interface ObjectMetaOptions {
  /** Namespaced kinds require metadata.namespace; cluster-scoped kinds forbid it. */
  namespaced: boolean;
  /** Validates name (prefix=false) and generateName (prefix=true), e.g. nameIsDNSSubdomain. */
  nameValidator: NameValidator;
  /** Field path of the metadata; defaults to `metadata` (pod templates use `spec.template.metadata`). */
  path?: string;
}

/** ValidateObjectMeta: metadata of an object being created (after name generation). */
export function validateObjectMeta(meta: ObjectMeta, opts: ObjectMetaOptions): FieldError[] {
  const p = opts.path ?? 'metadata';
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of opts.nameValidator(meta.generateName, true)) errs.push(field.invalid(`${p}.generateName`, meta.generateName, msg));
  }
  if (!meta.name) {
    errs.push(field.required(`${p}.name`, 'name or generateName is required'));
  } else {
    for (const msg of opts.nameValidator(meta.name, false)) errs.push(field.invalid(`${p}.name`, meta.name, msg));
  }
  if (opts.namespaced) {
    if (!meta.namespace) errs.push(field.required(`${p}.namespace`));
    else for (const msg of nameIsDNSLabel(meta.namespace, false)) errs.push(field.invalid(`${p}.namespace`, meta.namespace, msg));
  } else if (meta.namespace) {
    errs.push(field.forbidden(`${p}.namespace`, 'not allowed on this type'));
  }
  if (typeof meta.generation === 'number' && meta.generation < 0) {
    errs.push(field.invalid(`${p}.generation`, meta.generation, 'must be greater than or equal to 0'));
  }
  errs.push(...validateMetaMaps(meta, p));
  return errs;
}

/** ValidateObjectMetaUpdate: what may not change between the stored and the incoming metadata. */
export function validateObjectMetaUpdate(newMeta: ObjectMeta, oldMeta: ObjectMeta, path = 'metadata'): FieldError[] {
  const p = path;
  const errs: FieldError[] = [];
  if (oldMeta.deletionTimestamp) {
    const old = new Set(oldMeta.finalizers ?? []);
    const extra = [...new Set((newMeta.finalizers ?? []).filter((f) => !old.has(f)))].sort();
    if (extra.length) {
      const list = `[]string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`;
      errs.push(field.forbidden(`${p}.finalizers`, `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`));
    }
  }
  if ((newMeta.generation ?? 0) < (oldMeta.generation ?? 0)) {
    errs.push(field.invalid(`${p}.generation`, newMeta.generation ?? 0, 'must not be decremented'));
  }
  const immutable: Array<[keyof ObjectMeta, unknown]> = [
    ['name', ''],
    ['namespace', ''],
    ['uid', ''],
    ['creationTimestamp', null],
    ['deletionTimestamp', null],
    ['deletionGracePeriodSeconds', null],
  ];
  for (const [key, zero] of immutable) {
    const nv = newMeta[key] ?? zero;
    const ov = oldMeta[key] ?? zero;
    if (nv !== ov) errs.push(field.invalid(`${p}.${key}`, nv, FieldImmutableErrorMsg));
  }
  errs.push(...validateMetaMaps(newMeta, p));
  return errs;
}

/** Labels, annotations, owner references and finalizers: checked identically on create and update. */
function validateMetaMaps(meta: ObjectMeta, p: string): FieldError[] {
  return [
    ...validateLabels(meta.labels, `${p}.labels`),
    ...validateAnnotations(meta.annotations, `${p}.annotations`),
    ...validateOwnerReferences(meta.ownerReferences, `${p}.ownerReferences`),
    ...validateFinalizers(meta.finalizers, `${p}.finalizers`),
  ];
}

/** Label keys are qualified names and values label values; errors sit on the map, not the key. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(field.invalid(path, k, msg));
    for (const msg of isValidLabelValue(String(v))) errs.push(field.invalid(path, v, msg));
  }
  return errs;
}

/** Annotation keys are qualified names ignoring case; all keys and values together ≤ 256 KiB. */
export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(field.invalid(path, k, msg));
    total += byteLength(k) + byteLength(String(v));
  }
  if (total > TotalAnnotationSizeLimitB) errs.push(field.tooLong(path, '', TotalAnnotationSizeLimitB));
  return errs;
}

/** schema.ParseGroupVersion as FromAPIVersionAndKind uses it: a malformed value yields no version. */
function versionOf(apiVersion: string): { group: string; version: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

export function validateOwnerReferences(refs: OwnerReference[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const gv = versionOf(ref.apiVersion ?? '');
    if (!gv.version) errs.push(field.invalid(`${path}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
    if (!ref.kind) errs.push(field.invalid(`${path}.kind`, ref.kind ?? '', 'must not be empty'));
    if (!ref.name) errs.push(field.invalid(`${path}.name`, ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(field.invalid(`${path}.uid`, ref.uid ?? '', 'must not be empty'));
    if (gv.group === '' && gv.version === 'v1' && ref.kind === 'Event') {
      errs.push(field.invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const name = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(field.invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${name}`));
      } else {
        firstController = name;
      }
    }
  }
  return errs;
}

/** Finalizers are qualified names; `orphan` and `foregroundDeletion` exclude each other. */
export function validateFinalizers(finalizers: string[] | undefined, path: string): FieldError[] {
  const list = finalizers ?? [];
  const errs: FieldError[] = [];
  for (const f of list) {
    for (const msg of isQualifiedName(f)) errs.push(field.invalid(path, f, msg));
  }
  if (list.includes(FinalizerOrphanDependents) && list.includes(FinalizerDeleteDependents)) {
    errs.push(field.invalid(path, [...list], `finalizer ${FinalizerOrphanDependents} and ${FinalizerDeleteDependents} cannot be both set`));
  }
  return errs;
}
