/**
 * ConfigMap validation as kube-apiserver v1.33 runs it on every write (create, update, patch,
 * apply); metadata is the registry's business.
 *
 * Contract: pure; returns field errors in kube's order (data keys, then binaryData keys, each
 * sorted — Go walks its maps in random order — then the size), never throws.
 * - every key of `data` and `binaryData` passes IsConfigMapKey (≤ 253 bytes, `[-._a-zA-Z0-9]+`,
 *   not `.`, `..` or `..`-prefixed); a key in both is `duplicate of key present in binaryData`;
 * - the data values' bytes plus binaryData's decoded bytes are at most 1 MiB (kube's
 *   MaxSecretSize), else a TooLong on the empty path `[]` (the whole object);
 * - update: once the stored object is `immutable: true`, `immutable`, `data` and `binaryData` may
 *   not change (`field is immutable when \`immutable\` is set`); absent and empty maps differ, as
 *   Go's reflect.DeepEqual tells a nil map from an empty one.
 * binaryData values are base64 by then (the decoder refuses the rest with a 400).
 * Upstream: pkg/apis/core/validation/validation.go (ValidateConfigMap, ValidateConfigMapUpdate),
 * pkg/registry/core/configmap/strategy.go
 */
import { field, type FieldError } from '../fieldError.js';
import { goBase64DecodedLength } from '../goBase64.js';
import { deepEqual } from '../patch/jsonValue.js';
import type { KubeObject } from '../types.js';
import { byteLength, isConfigMapKey } from './names.js';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string> | null;
  binaryData?: Record<string, string> | null;
  immutable?: boolean | null;
}

/** core.MaxSecretSize: the most a ConfigMap (or Secret) may hold, in bytes. */
export const MaxConfigMapSize = 1024 * 1024;

export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  let total = 0;
  for (const key of Object.keys(data).sort()) {
    for (const msg of isConfigMapKey(key)) errs.push(field.invalid(`data[${key}]`, key, msg));
    if (Object.prototype.hasOwnProperty.call(binary, key)) errs.push(field.invalid(`data[${key}]`, key, 'duplicate of key present in binaryData'));
    total += byteLength(data[key] ?? '');
  }
  for (const key of Object.keys(binary).sort()) {
    for (const msg of isConfigMapKey(key)) errs.push(field.invalid(`binaryData[${key}]`, key, msg));
    total += goBase64DecodedLength(binary[key] ?? '');
  }
  // kube names the whole object with an empty path, which Go's field.Path prints as `[]`.
  if (total > MaxConfigMapSize) errs.push(field.tooLong('[]', '', MaxConfigMapSize));
  return errs;
}

export function validateConfigMapUpdate(next: ConfigMap, old: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    const detail = 'field is immutable when `immutable` is set';
    if (next.immutable !== true) errs.push(field.forbidden('immutable', detail));
    if (!deepEqual(next.data ?? undefined, old.data ?? undefined)) errs.push(field.forbidden('data', detail));
    if (!deepEqual(next.binaryData ?? undefined, old.binaryData ?? undefined)) errs.push(field.forbidden('binaryData', detail));
  }
  return [...errs, ...validateConfigMap(next)];
}
