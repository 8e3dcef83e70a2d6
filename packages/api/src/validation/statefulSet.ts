/**
 * StatefulSet validation as kube-apiserver v1.33 runs it on every write (422 Invalid), on the
 * defaulted object (statefulSet.ts's defaults have run, so podManagementPolicy, updateStrategy.type,
 * restartPolicy and the retention policy are set unless a client sent something odd).
 *
 * Contract: pure; returns field errors in kube's order, never throws:
 * - podManagementPolicy OrderedReady or Parallel; updateStrategy.type RollingUpdate (partition
 *   >= 0) or OnDelete (no rollingUpdate); the retention policy's whenDeleted/whenScaled Retain or
 *   Delete; replicas, minReadySeconds and ordinals.start >= 0;
 * - a selector is required, valid (validateLabelSelector) and not empty; it must match the
 *   template's labels (a missing selector matches nothing, so that error comes too); the
 *   template's labels and annotations are valid, a mirror-pod annotation needs spec.nodeName and
 *   the pod-deletion-cost annotation must be an int32; restartPolicy must be Always and
 *   activeDeadlineSeconds absent;
 * - update: the same, plus kube's Forbidden on `spec` when anything but replicas, ordinals,
 *   template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds changed
 *   (Go's semantic equality: absent, null and empty values are alike);
 * - status update: every count >= 0, none above status.replicas, availableReplicas not above
 *   readyReplicas, collisionCount never decremented.
 * Bad values of structs and maps print in Go's `%#v` syntax; a non-nil pointer inside one prints
 * a fixed placeholder address (kube prints the live one). Not reproduced: the pod template's
 * seccomp/AppArmor/tolerations annotations checks.
 * Upstream: pkg/apis/apps/validation/validation.go (ValidateStatefulSet, ValidateStatefulSetSpec,
 * ValidateStatefulSetUpdate, ValidateStatefulSetStatusUpdate), pkg/apis/core/validation/validation.go (ValidatePodSpecificAnnotations)
 */
import { field, GoSyntax, type FieldError } from '../fieldError.js';
import { labelSelectorFromObject, type LabelSelectorObject } from '../labelSelector.js';
import { isPlainObject, type KubeObject } from '../types.js';
import { goLabelSelector, goQuote, goStringMap, validateLabelSelector } from './labelSelectorValidation.js';
import { validateAnnotations, validateLabels } from './objectMeta.js';
import { BadRequest } from '../errors.js';

interface StatefulSetSpec {
  replicas?: number | null;
  minReadySeconds?: number | null;
  ordinals?: { start?: number | null } | null;
  podManagementPolicy?: string | null;
  updateStrategy?: { type?: string | null; rollingUpdate?: { partition?: number | null; maxUnavailable?: unknown } | null } | null;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string | null; whenScaled?: string | null } | null;
  selector?: LabelSelectorObject | null;
  template?: { metadata?: { labels?: Record<string, string> | null; annotations?: Record<string, string> | null } | null; spec?: Record<string, unknown> | null } | null;
}

const nonNegative = (v: number | null | undefined, path: string): FieldError[] =>
  (v ?? 0) < 0 ? [field.invalid(path, v, 'must be greater than or equal to 0')] : [];

/** Go's %#v of the internal RollingUpdateStatefulSetStrategy pointer inside a strategy. */
function goRollingUpdatePointer(r: unknown): string {
  return r == null ? '(*apps.RollingUpdateStatefulSetStrategy)(nil)' : '(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)';
}

function validateUpdateStrategy(s: StatefulSetSpec['updateStrategy'], path: string): FieldError[] {
  const type = s?.type ?? '';
  const rolling = s?.rollingUpdate;
  switch (type) {
    case '':
      return [field.required(path)];
    case 'OnDelete':
      if (rolling == null) return [];
      // maxUnavailable is dropped before validation (MaxUnavailableStatefulSet is off in v1.33).
      return [field.invalid(`${path}.rollingUpdate`, new GoSyntax(`apps.RollingUpdateStatefulSetStrategy{Partition:${Number(rolling.partition ?? 0)}, MaxUnavailable:(*intstr.IntOrString)(nil)}`), "only allowed for updateStrategy 'RollingUpdate'")];
    case 'RollingUpdate':
      return rolling == null ? [] : nonNegative(rolling.partition, `${path}.rollingUpdate.partition`);
    default:
      return [field.invalid(path, new GoSyntax(`apps.StatefulSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${goRollingUpdatePointer(rolling)}}`), "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

function validateRetentionPolicy(p: StatefulSetSpec['persistentVolumeClaimRetentionPolicy'], path: string): FieldError[] {
  if (p == null) return [];
  const errs: FieldError[] = [];
  for (const k of ['whenDeleted', 'whenScaled'] as const) {
    const v = p[k] ?? '';
    if (v !== 'Retain' && v !== 'Delete') errs.push(field.notSupported(`${path}.${k}`, v, ['Retain', 'Delete']));
  }
  return errs;
}

/** kube's validFirstDigit + ParseInt(v, 10, 32) of the pod-deletion-cost annotation. */
function isDeletionCost(v: string): boolean {
  if (!/^(-|0$|[1-9])/.test(v) || !/^-?\d+$/.test(v)) return false;
  const n = Number(v);
  return n >= -(2 ** 31) && n < 2 ** 31;
}

/** The template's selector match, labels and annotations (ValidatePodTemplateSpecForStatefulSet). */
function validateTemplate(spec: StatefulSetSpec, specPath: string): FieldError[] {
  const path = `${specPath}.template`;
  const errs: FieldError[] = [];
  let selects: ((labels: Record<string, string>) => boolean) | undefined;
  try {
    // A nil selector is labels.Nothing(): it matches no template (and is not "empty").
    const sel = labelSelectorFromObject(spec.selector);
    selects = sel.empty() ? undefined : (l) => sel.matches(l);
  } catch (e: unknown) {
    if (!(e instanceof BadRequest)) throw e;
    return [field.invalid(`${specPath}.selector`, new GoSyntax(goLabelSelector(spec.selector!)), '')];
  }
  const meta = spec.template?.metadata ?? {};
  const labels = meta.labels ?? undefined;
  if (selects && !selects(labels ?? {})) errs.push(field.invalid(`${path}.metadata.labels`, new GoSyntax(goStringMap(labels)), '`selector` does not match template `labels`'));
  errs.push(...validateLabels(labels, `${path}.labels`), ...validateAnnotations(meta.annotations ?? undefined, `${path}.annotations`));
  const annotations = meta.annotations ?? {};
  const mirror = annotations['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !spec.template?.spec?.nodeName) {
    errs.push(field.invalid(`${path}.annotations[kubernetes.io/config.mirror]`, mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  }
  const cost = annotations['controller.kubernetes.io/pod-deletion-cost'];
  if (cost !== undefined && !isDeletionCost(cost)) {
    errs.push(field.invalid(`${path}.annotations[controller.kubernetes.io/pod-deletion-cost]`, cost, 'must be a 32bit integer'));
  }
  return errs;
}

export function validateStatefulSetSpec(spec: StatefulSetSpec, path = 'spec'): FieldError[] {
  const errs: FieldError[] = [];
  const policy = spec.podManagementPolicy ?? '';
  if (policy === '') errs.push(field.required(`${path}.podManagementPolicy`));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') errs.push(field.invalid(`${path}.podManagementPolicy`, policy, "must be 'OrderedReady' or 'Parallel'"));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, `${path}.updateStrategy`));
  errs.push(...validateRetentionPolicy(spec.persistentVolumeClaimRetentionPolicy, `${path}.persistentVolumeClaimRetentionPolicy`));
  errs.push(...nonNegative(spec.replicas, `${path}.replicas`), ...nonNegative(spec.minReadySeconds, `${path}.minReadySeconds`));
  if (spec.ordinals != null) errs.push(...nonNegative(spec.ordinals.start, `${path}.ordinals.start`));
  if (spec.selector == null) {
    errs.push(field.required(`${path}.selector`));
  } else {
    errs.push(...validateLabelSelector(spec.selector, `${path}.selector`));
    if (Object.keys(spec.selector.matchLabels ?? {}).length + (spec.selector.matchExpressions ?? []).length === 0) {
      errs.push(field.invalid(`${path}.selector`, new GoSyntax(goLabelSelector(spec.selector)), 'empty selector is invalid for statefulset'));
    }
  }
  errs.push(...validateTemplate(spec, path));
  const podSpec = spec.template?.spec ?? {};
  const restart = (podSpec.restartPolicy as string | null | undefined) ?? '';
  if (restart !== 'Always') errs.push(field.notSupported(`${path}.template.spec.restartPolicy`, restart, ['Always']));
  if (podSpec.activeDeadlineSeconds != null) errs.push(field.forbidden(`${path}.template.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return errs;
}

export function validateStatefulSet(obj: KubeObject): FieldError[] {
  return validateStatefulSetSpec((obj.spec ?? {}) as StatefulSetSpec);
}

/** The spec fields an update may change. */
const mutableSpecFields = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/** A JSON value with Go's zero values (null, "", 0, false, empty lists and maps) left out, as semantic equality reads them. */
function withoutZeros(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(withoutZeros) : undefined;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    // Sorted, so that key order (which Go's structs do not have) never counts.
    for (const [k, x] of Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const y = withoutZeros(x);
      if (y !== undefined) out[k] = y;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v === null || v === '' || v === 0 || v === 0n || v === false ? undefined : v;
}

function fixedSpec(obj: KubeObject): string {
  const spec = { ...((obj.spec ?? {}) as Record<string, unknown>) };
  for (const k of mutableSpecFields) delete spec[k];
  return JSON.stringify(withoutZeros(spec), (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? '';
}

export function validateStatefulSetUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateStatefulSet(next);
  if (fixedSpec(next) !== fixedSpec(old)) {
    errs.push(field.forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
  }
  return errs;
}

interface StatefulSetStatus {
  replicas?: number | null;
  readyReplicas?: number | null;
  currentReplicas?: number | null;
  updatedReplicas?: number | null;
  availableReplicas?: number | null;
  observedGeneration?: number | null;
  collisionCount?: number | null;
}

/** kube's ValidateStatefulSetStatusUpdate: counts >= 0 and within status.replicas, collisionCount never decremented. */
export function validateStatefulSetStatusUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const st = (next.status ?? {}) as StatefulSetStatus;
  const errs: FieldError[] = [];
  for (const k of ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'] as const) {
    errs.push(...nonNegative(st[k], `status.${k}`));
  }
  const n = (v: number | null | undefined) => v ?? 0;
  for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'] as const) {
    if (n(st[k]) > n(st.replicas)) errs.push(field.invalid(`status.${k}`, n(st[k]), 'cannot be greater than status.replicas'));
  }
  if (n(st.availableReplicas) > n(st.readyReplicas)) errs.push(field.invalid('status.availableReplicas', n(st.availableReplicas), 'cannot be greater than status.readyReplicas'));
  const was = ((old.status ?? {}) as StatefulSetStatus).collisionCount;
  // IsDecremented: an old count that the new one drops or lowers.
  if (was != null && (st.collisionCount == null || st.collisionCount < was)) errs.push(field.invalid('status.collisionCount', n(st.collisionCount), 'cannot be decremented'));
  return errs;
}
